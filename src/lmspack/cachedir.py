"""The user's cache folder for lmspack (low level: render's template cache and the
build cache, lmspack/cache.py, both keep their entries here)."""

from __future__ import annotations

import os
import stat
from functools import cache
from pathlib import Path


@cache
def folder(kind: str) -> Path | None:
    """The cache folder for one kind of entry, made if need be; None where there is none.
    LMSPACK_CACHE_DIR names another folder (empty: keep nothing), else
    $XDG_CACHE_HOME/lmspack or ~/.cache/lmspack."""
    root = os.environ.get("LMSPACK_CACHE_DIR")
    if root is None:
        try:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
        root = os.path.join(base, "lmspack")
    if not root:
        return None
    path = Path(root) / kind
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid()
                                  or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None  # another user could plant an entry
    return path
