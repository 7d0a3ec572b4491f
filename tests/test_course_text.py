"""Course text files the loader refuses: a control character (a NUL among them) in any
Markdown file, and a file far larger than any course needs. Each runs `lmspack` in a
process of its own, bounded in time (and for the large file in memory), so that a
regression shows as a failure, not as a hung or swapping test run."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MEDIA

MEMORY = 1 << 30  # bytes of address space the large-file run may take


def run(course_copy: Path, *args: str, memory: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "LMSPACK_CACHE_DIR": ""}  # read afresh, not from a cache
    return subprocess.run([sys.executable, "-m", "lmspack", *args, f"course/{course_copy.name}",
                           *(["-o", "out"] if args[0] == "build" else [])],
                          cwd=course_copy.parent.parent, capture_output=True, text=True,
                          timeout=60, preexec_fn=limit, env=env)


def refused(result: subprocess.CompletedProcess, course_copy: Path) -> list[str]:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (course_copy.parent.parent / "out").exists()
    return [line for line in result.stderr.splitlines() if not line.startswith("lmspack")]


def add_transcript(course_copy: Path, text: bytes) -> None:
    (course_copy / "transcript.md").write_bytes(text)
    course = course_copy / "course.yml"
    course.write_text(course.read_text().replace(
        "  title: Watch", "  transcript: transcript.md\n  title: Watch", 1))


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_nul_in_the_description_is_refused_with_line_and_column(course_copy: Path,
                                                                  command: str) -> None:
    path = course_copy / "description.md"
    path.write_bytes(path.read_bytes().replace(b"The three parts", b"The\x00 three parts", 1))
    where = "course/test-course/description.md:6: "
    message = "column 6 contains the control character U+0000, which cannot be shown or stored"
    expected = [where + message] if command == "build" else [
        f"{where}error: {message} [S112]",
        "    fix: correct the Markdown as the message says (docs/course-format.md, "
        "description.md)"]
    assert refused(run(course_copy, command), course_copy) == expected


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x85", "\ufffe"])
def test_control_characters_in_a_transcript_are_refused(course_copy: Path, char: str) -> None:
    add_transcript(course_copy, f"# Transcript\n\nFirst words.\nThen{char} more.\n".encode())
    assert refused(run(course_copy, "build"), course_copy) == [
        f"course/test-course/transcript.md:4: column 5 contains the control character "
        f"U+{ord(char):04X}, which cannot be shown or stored"]


def test_control_characters_in_captions_are_refused(course_copy: Path) -> None:
    course = course_copy / "course.yml"
    course.write_text(course.read_text().replace(
        "  url: https://example.org/recordings/safer-handovers\n",
        "  file: recording.mp4\n  captions: captions.vtt\n", 1))
    shutil.copy(MEDIA / "recording.mp4", course_copy)
    (course_copy / "captions.vtt").write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\nA\x00B\n")
    assert refused(run(course_copy, "build"), course_copy) == [
        "course/test-course/captions.vtt:4: column 2 contains the control character U+0000, "
        "which cannot be shown or stored"]


def test_tabs_and_windows_line_breaks_are_fine(course_copy: Path) -> None:
    path = course_copy / "description.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").replace(b"- ", b"-\t"))
    result = run(course_copy, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["description.md", "transcript.md"])
def test_a_ten_megabyte_markdown_file_is_refused_unread(course_copy: Path, name: str) -> None:
    text = b"A line of a description far longer than any course needs.\n" * 180_000
    assert len(text) > 10_000_000
    if name == "transcript.md":
        add_transcript(course_copy, text)
    else:
        (course_copy / name).write_bytes(text)
    assert refused(run(course_copy, "build", memory=MEMORY), course_copy) == [
        f"course/test-course/{name}: is larger than 1,000,000 bytes, the most a course's text "
        "file may hold"]


def test_a_file_at_the_limit_is_read(course_copy: Path) -> None:
    path = course_copy / "description.md"
    text = path.read_bytes()
    path.write_bytes(text + b"x" * (1_000_000 - len(text) - 1) + b"\n")
    assert path.stat().st_size == 1_000_000
    result = run(course_copy, "check", memory=MEMORY)
    assert result.returncode == 0, result.stderr
