"""Shared fixtures: the repository's paths, and fresh copies of the test course
(tests/fixtures/course/, for tests that pin its lines and wording) and of the seed
course (for tests about the seed itself)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Builds under test keep their cache (lmspack/cache.py) in a folder of their own,
# never the user's; tests of the cache itself name theirs.
_CACHE = tempfile.mkdtemp(prefix="lmspack-test-cache-")
os.environ["LMSPACK_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e/, and any test that starts a browser, is a browser
    test: `pytest -m "not browser"` then runs on a machine without Chromium."""
    for item in items:
        if item.path.is_relative_to(E2E) or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "course" / "race-equality-accountability"
# A small course of the tests' own: its wording and lines change only with the tests.
FIXTURE = ROOT / "tests" / "fixtures" / "course" / "test-course"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed course, to break in a test."""
    target = tmp_path / "course" / SEED.name
    shutil.copytree(SEED, target)
    return target


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the test course, as course/test-course under a fresh folder."""
    target = tmp_path / "course" / FIXTURE.name
    shutil.copytree(FIXTURE, target)
    return target


MEDIA = ROOT / "tests" / "fixtures" / "media"
# Recording blocks for course.yml, each a variant of the seed or the test course.
RECORDINGS = {
    "video": ("recording:\n  file: recording.mp4\n  captions: captions.vtt\n"
              "  transcript: transcript.md\n  title: Test recording\n",
              ("recording.mp4", "captions.vtt", "transcript.md")),
    "video-only": ("recording:\n  file: recording.mp4\n", ("recording.mp4",)),
    "youtube": ("recording:\n  url: https://youtu.be/dQw4w9WgXcQ\n  title: Test recording\n", ()),
}
# Variants that also change the completion rules: (recording, lines added after pass_mark).
COMPLETION = {"video-all": ("video-only", "  recording_played_percent: 100\n")}


def set_recording(course_dir: Path, variant: str) -> Path:
    """Give a copy of the seed or test course one of the RECORDINGS (or COMPLETION
    variants), copying in its test media."""
    variant, completion = COMPLETION.get(variant, (variant, ""))
    block, media = RECORDINGS[variant]
    for name in media:
        shutil.copy(MEDIA / name, course_dir / name)
    path = course_dir / "course.yml"
    text = path.read_text()
    start, end = text.index("\nrecording:\n"), text.index("\ncompletion:")
    text = text[:start + 1] + block + text[end:]
    path.write_text(text.replace("  pass_mark: 80\n", "  pass_mark: 80\n" + completion, 1))
    return course_dir
