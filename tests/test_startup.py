"""What a command loads before it runs: help is instant, a build of unchanged courses
loads none of the libraries that read and render them, and the pure-Python YAML
reader (used where libyaml is missing) reads courses as libyaml does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lmspack.config import yamlsource
from tests.conftest import SEED

HEAVY = ("lxml", "jinja2", "yaml", "markdown_it", "playwright", "multiprocessing",
         "lmspack.render.player", "lmspack.validate.package")
COMMANDS = ["", "build", "check", "new", "preview", "schema", "validate"]


def loaded(*args: str, cache: str | None = None, among: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules `among` (the heavy ones) loaded by running `lmspack ARGS` in a fresh
    interpreter, with the given cache folder (LMSPACK_CACHE_DIR) if any."""
    code = f"""
import sys
sys.argv = ["lmspack", *{args!r}]
from lmspack.cli import cli
try:
    cli.main(standalone_mode=False)
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m in {among!r})))
"""
    env = {**os.environ, "LMSPACK_CACHE_DIR": cache} if cache is not None else None
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env).stdout.splitlines()[-1].split()


@pytest.mark.parametrize("command", COMMANDS)
def test_help_loads_no_library_the_work_needs(command: str) -> None:
    assert loaded(*command.split(), "--help") == []


# Finding the standards: their names are read without importing any of them, and
# without importlib.metadata (a quarter of a build of an unchanged course).
REGISTRY = ("importlib.metadata", "lmspack.standards.scorm12", "lmspack.standards.scorm2004",
            "lmspack.standards.imscp", "lmspack.standards.ims")


def test_help_lists_the_standards_without_importing_them(tmp_path: Path) -> None:
    assert loaded("build", "--help", among=REGISTRY) == []
    assert loaded("build", str(SEED), "-o", str(tmp_path), among=REGISTRY) == sorted(
        set(REGISTRY) - {"importlib.metadata"})


def test_a_build_does_load_them(tmp_path: Path) -> None:
    """The check above can fail: building loads every one of the heavy libraries
    but playwright and multiprocessing (one process suffices for three packages)."""
    assert loaded("build", "-o", str(tmp_path), cache="") == sorted(
        set(HEAVY) - {"playwright", "multiprocessing"})


def test_a_build_of_unchanged_courses_loads_none_of_them(tmp_path: Path) -> None:
    """The course, its rendered files and its packages' verdicts come from the cache:
    no YAML, Markdown, Jinja or lxml (lmspack/cache.py)."""
    cache = str(tmp_path / "cache")
    args = ("build", str(SEED), "-o", str(tmp_path / "dist"))
    first = loaded(*args, cache=cache)
    assert {"yaml", "markdown_it", "jinja2", "lxml"} <= set(first)
    assert loaded(*args, cache=cache) == ["lmspack.render.player"]
    (tmp_path / "seed").mkdir()
    for source in SEED.iterdir():  # the same course elsewhere is read afresh
        (tmp_path / "seed" / source.name).write_bytes(source.read_bytes())
    assert "yaml" in loaded("build", str(tmp_path / "seed"), "-o", str(tmp_path / "d2"),
                            cache=cache)


@pytest.mark.parametrize("name", ["course.yml", "quiz.yml"])
def test_the_pure_python_reader_reads_as_libyaml(name: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert yamlsource._compose("a: 1\n") is not None, "PyYAML was built without libyaml here"
    text = (SEED / name).read_text(encoding="utf-8")
    fast, fast_problems = yamlsource.load_yaml(text, name)
    monkeypatch.setattr(yamlsource, "_FAST", None)
    slow, slow_problems = yamlsource.load_yaml(text, name)
    assert fast.data == slow.data and fast.lines == slow.lines
    assert fast_problems == slow_problems == []


def test_a_file_libyaml_refuses_is_worded_by_the_pure_python_reader() -> None:
    doc, problems = yamlsource.load_yaml("title: a: b\n", "course.yml")
    assert doc is None
    assert [p.format() for p in problems] == [
        "course.yml:1: not valid YAML: mapping values are not allowed here; put text that "
        "contains ': ' in quotes"]
