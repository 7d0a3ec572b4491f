"""Hostile input: files made to exhaust time or memory, or to smuggle something in. Each
runs lmspack in a subprocess bounded in time and memory, and must end with a clear
`file:line:` message, a non-zero exit, no traceback and nothing written."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED

MEMORY = 1 << 30  # bytes of address space: a normal build needs well under half
SECONDS = 60


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(args: list[str], cwd: Path, timeout: float = SECONDS,
        **kwargs) -> subprocess.CompletedProcess:  # noqa: ANN003
    """lmspack ARGS in CWD, killed past TIMEOUT seconds or MEMORY bytes."""
    return subprocess.run([sys.executable, "-m", "lmspack", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_bounded, **kwargs)


def refused(result: subprocess.CompletedProcess, pattern: str) -> None:
    """A non-zero exit whose message matches PATTERN, with no traceback."""
    assert result.returncode not in (0, -9), result.stderr  # -9: killed
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert re.search(pattern, result.stderr), result.stderr


def alias_bomb(levels: int = 10) -> str:
    """Under 3 kB: each level a list of nine aliases of the one below (9**9 values)."""
    lines = ["a0: &a0 [lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course" / SEED.name
    shutil.copytree(SEED, target)
    return target


def test_a_normal_build_fits_the_bounds(course: Path) -> None:
    result = run(["build", "--standard", "scorm12"], course.parent.parent)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["course.yml", "quiz.yml"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_an_alias_bomb_is_refused_quickly(course: Path, name: str, command: str) -> None:
    path = course / name
    bomb = alias_bomb()
    assert len(bomb) < 3000
    path.write_text(bomb + path.read_text())
    result = run([command], course.parent.parent, timeout=30)
    refused(result, rf"course/{SEED.name}/{name}:\d+: a\d: holds more than 100,000 values "
                    r"\(a YAML alias, \*name, counts as every value it repeats\)")
    assert not (course.parent.parent / "dist").exists()


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "pure-python"])
def test_both_yaml_readers_are_bounded(fast: bool) -> None:
    from lmspack.config import yamlsource

    saved = yamlsource._FAST
    yamlsource._FAST = ... if fast else None
    try:
        doc, problems = yamlsource.load_yaml(alias_bomb(), "quiz.yml")
        assert doc is None and len(problems) == 1
        assert str(problems[0]).startswith("quiz.yml:")
        assert "holds more than 100,000 values" in str(problems[0])
        for depth in (60, 5000):  # libyaml refuses 5000 levels; PyYAML would recurse
            doc, problems = yamlsource.load_yaml("a: " + "[" * depth + "]" * depth, "x.yml")
            assert doc is None
            assert [str(p) for p in problems] == [
                "x.yml:1: a: nested more than 50 levels deep; a course needs far fewer"
                if depth == 60 else
                "x.yml:1: nested more than 50 levels deep; a course needs far fewer"]
    finally:
        yamlsource._FAST = saved


def test_preview_of_an_alias_bomb_says_why_and_keeps_serving(course: Path, tmp_path: Path
                                                              ) -> None:
    path = course / "course.yml"
    path.write_text(alias_bomb() + path.read_text())
    proc = subprocess.Popen([sys.executable, "-m", "lmspack", "preview", str(course),
                             "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, preexec_fn=_bounded)
    try:
        lines = []
        while "Ctrl-C to stop" not in (line := proc.stderr.readline()):
            assert line, "".join(lines)
            lines.append(line)
    finally:
        proc.terminate()
        proc.wait(10)
    text = "".join(lines)
    assert "course.yml:1: a5: holds more than 100,000 values" in text, text
    assert "Traceback" not in text


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system ['echo hi']",
    "!!python/object/new:list [[a, b]]",
    "!shout {a: b}",
    "!!set {race equality}",
    "!!str 2024",  # a tag naming what YAML reads anyway (!!str text) changes nothing
])
def test_every_yaml_tag_is_refused(course: Path, value: str) -> None:
    path = course / "course.yml"
    text = path.read_text()
    line = text[:text.index("\nkeywords:\n")].count("\n") + 2
    path.write_text(re.sub(r"\nkeywords:\n(  - .*\n)+", f"\nkeywords: {value}\n", text))
    result = run(["check"], course.parent.parent)
    refused(result, rf"course.yml:{line}: keywords: cannot read value: YAML tags such as "
                    r"'!\S+' are not allowed; write the value without it")
    assert "hi" not in result.stdout


def _fifo_or_skip(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(path)
