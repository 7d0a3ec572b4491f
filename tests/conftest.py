"""Shared fixtures: the repository's paths and a fresh copy of the seed course."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "course" / "race-equality-accountability"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed course, to break in a test."""
    target = tmp_path / "course" / SEED.name
    shutil.copytree(SEED, target)
    return target
