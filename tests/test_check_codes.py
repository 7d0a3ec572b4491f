"""lmspack check prints every line in one form, a loading problem with a code and fix as
a lint finding has, and counts the courses it read whether or not they load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from lmspack.errors import Problem
from lmspack.problem_codes import KINDS, MARKDOWN, OTHER, code_and_fix
from tests.conftest import ROOT
from tests.test_course_errors import CASES

LINE = re.compile(r"^\S+?(:\d+)?: (error|warning): .+ \[[A-Z]\d{3}\]$")
SUMMARY = re.compile(r"^lmspack check: \d+ courses? read")


def check(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # noqa: ANN201
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, ["check", *args])


def one_form(stderr: str) -> None:
    lines = stderr.splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    for i, line in enumerate(lines[:-1]):
        if i % 2:
            assert line.startswith("    fix: ") and len(line) > 10, line
        else:
            assert LINE.match(line), line


def test_a_fresh_draft_counts_as_one_course_read(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    page = ROOT / "tests" / "fixtures" / "pages" / "race-equality.txt"
    assert check(tmp_path, monkeypatch).exit_code == 2  # no ./course yet
    assert CliRunner().invoke(cli, ["new", "draft", "--from", str(page)]).exit_code == 0
    result = check(tmp_path, monkeypatch)
    assert result.exit_code == 1
    one_form(result.stderr)
    assert result.stderr.splitlines()[-1].startswith(
        "lmspack check: 1 course read (1 cannot be loaded until its errors are fixed), ")
    assert "course/draft/course.yml:58: error: licence: is required [S107]\n    fix: fill in " \
           "the field (docs/course-format.md says what it holds)\n" in result.stderr
    assert "[M101]" in result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_loading_problem_has_a_code(case, course_copy: Path,  # noqa: ANN001
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _, filename, old, new, expected = case
    path = course_copy / filename
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = check(course_copy.parent.parent, monkeypatch)
    assert result.exit_code == 1
    one_form(result.stderr)
    for line in expected:  # the message build prints, now with a severity and code
        where, _, rest = line.partition(": ")
        assert re.search(rf"^{re.escape(where)}: error: {re.escape(rest)} \[S1\d\d\]$",
                         result.stderr, re.M), (line, result.stderr)
    assert "[S100]" not in result.stderr  # each kind the corpus shows has its own code


@pytest.mark.parametrize(("file", "field", "message", "code"), [
    ("c.yml", "", "not valid YAML: found character '\\t'", "S101"),
    ("c.yml", "audience", "cannot read value: could not determine a constructor", "S102"),
    ("c.yml", "a1", "holds more than 100,000 values (a YAML alias ...)", "S103"),
    ("c.yml", "", "nested more than 50 levels deep; a course needs far fewer", "S103"),
    ("c.yml", "event", "merge keys (<<) are not supported", "S104"),
    ("c.yml", "audience", "field given twice", "S105"),
    ("c.yml", "audiense", "unknown field; did you mean 'audience'?", "S106"),
    ("c.yml", "title", "is required", "S107"),
    ("c.yml", "organisers", "has 0 items; at least 1 are needed", "S107"),
    ("c.yml", "learning_time_minutes", "expected a whole number, got 'lots'", "S108"),
    ("c.yml", "description", "file 'about.md' does not exist in course/x", "S109"),
    ("d.md", "", "is not UTF-8 text (invalid continuation byte at byte 3)", "S109"),
    ("d.md", "", "image 'fake.png' is not a .png picture", "S109"),
    ("c.yml", "pass_mark", "must be between 0 and 100, got 120", "S110"),
    ("course/x", "", "id 'x' is also used by course/y", "S111"),
    ("d.md", "", "link 'javascript:alert(1)' is not an http(s) address", "S112"),
    ("c.yml", "", "something new", "S100"),
])
def test_each_kind_of_loading_problem_has_a_stable_code(file: str, field: str, message: str,
                                                       code: str) -> None:
    assert code_and_fix(Problem(file, 3, field, message))[0] == code


def test_every_code_is_documented() -> None:
    docs = (ROOT / "docs" / "course-format.md").read_text(encoding="utf-8")
    codes = [c for c, _, _ in KINDS] + [MARKDOWN[0], OTHER[0]]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.search(rf"^\| {code} \| error \| ", docs, re.M), code
