"""Where lmspack's own files are: the player, and the manifest templates and schemas."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
PLAYER = HERE / "player"


@cache
def manifests_root() -> Path:
    # An installed wheel carries manifests/ inside the package; a source checkout
    # (and an editable install) reads the repository's top-level manifests/.
    for candidate in (HERE / "manifests", HERE.parent.parent / "manifests"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("lmspack's manifests folder is missing from this installation")
