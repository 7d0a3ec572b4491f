"""How lmspack names a file to people: as the author would write it."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def display(path: Path) -> str:
    """A path relative to the working folder when inside it, else as given."""
    return _display(path, os.getcwd())


@lru_cache(maxsize=4096)  # every problem and field names its file: resolve each once
def _display(path: Path, cwd: str) -> str:
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(path)
