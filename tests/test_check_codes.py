"""lmspack check prints every line in one form, a loading problem with a code and fix as
a lint finding has, and counts the courses it read whether or not they load. Each
place that makes a loading problem gives its code: the corpus pins which."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from lmspack.config import kinds
from lmspack.config.yamlsource import load_yaml
from lmspack.courses import load_all
from lmspack.errors import Diagnostics
from lmspack.structure.loader import _read_text
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


# The code of each line of each case of the broken-course corpus, in its order.
CODES = {
    "missing-field": "S107", "wrong-type": "S108", "empty-text": "S110",
    "pass-mark-out-of-range": "S110", "non-http-link": "S110", "malformed-link": "S110",
    "missing-file": "S109", "file-outside-course": "S109", "unknown-field": "S106",
    "unquoted-time": "S108", "version-as-number": "S108", "bad-id": "S110",
    "bad-language": "S110", "field-given-twice": "S105", "yaml-syntax": "S101",
    "no-organisers": "S107", "correct-not-an-option": "S110", "duplicate-question-id": "S110",
    "duplicate-reflection-id": "S110", "duplicate-option-id": "S110",
    "two-answers-single-choice": "S110", "true-false-feedback-missing": "S110",
    "wrong-question-type": "S110", "javascript-link": "S112", "image-in-description": "S109",
    "date-that-does-not-exist": "S102", "end-before-start": "S110", "unknown-yaml-tag": "S102",
    "merge-key": "S104", "alias-cycle": "S104", "control-character": "S110",
    "yes-read-as-true": "S108", "several-problems-at-once": "S110 S106",
    "link-with-parenthesis": "S112", "reference-link": "S112", "autolink": "S112",
    "link-in-a-later-line-of-a-paragraph": "S112", "played-percent-for-a-url": "S110",
}
FIXES = {kind.code: kind.fix for kind in kinds.ALL}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_loading_problem_has_a_code(case, course_copy: Path,  # noqa: ANN001
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    name, filename, old, new, expected = case
    path = course_copy / filename
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = check(course_copy.parent.parent, monkeypatch)
    assert result.exit_code == 1
    one_form(result.stderr)
    codes = CODES[name].split()
    codes += codes[-1:] * (len(expected) - len(codes))  # the last code goes on
    for line, code in zip(expected, codes, strict=True):
        # The message build prints, now with a severity, its code and its fix.
        where, _, rest = line.partition(": ")
        assert re.search(rf"^{re.escape(where)}: error: {re.escape(rest)} \[{code}\]\n"
                         rf"    fix: {re.escape(FIXES[code])}$", result.stderr, re.M), (
            line, code, result.stderr)
    assert "[S100]" not in result.stderr  # each kind the corpus shows has its own code


ALIAS_BOMB = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcd", "bcde", strict=True))


@pytest.mark.parametrize(("text", "field", "message", "code"), [
    ("a: b: c", "", "not valid YAML: mapping values are not allowed here", "S101"),
    ("a: !!python/name:os.system x", "a", "cannot read value: YAML tags such as", "S102"),
    ("a: 2024-02-30", "a", "cannot read value: day is out of range", "S102"),
    (ALIAS_BOMB, "e", "holds more than 100,000 values", "S103"),
    ("a: " + "[" * 60 + "]" * 60, "a", "nested more than 50 levels deep", "S103"),
    ("<<: {a: 1}", "", "merge keys (<<) are not supported", "S104"),
    ("a: 1\na: 2", "a", "field given twice", "S105"),
    ("a:\n  [b]: 1", "a", "a field name must be plain text", "S110"),
    ("[a]: 1", "", "a field name must be plain text", "S100"),
])
def test_the_yaml_reader_gives_each_problem_its_code(text: str, field: str, message: str,
                                                    code: str) -> None:
    _, found = load_yaml(text, "c.yml")
    assert [(d.field, d.message[:len(message)], d.code, d.fix) for d in found] == [
        (field, message, code, FIXES[code])]


@pytest.mark.parametrize(("name", "data", "code"), [
    ("d.md", b"caf\xe9", "S109"),  # not UTF-8
    ("d.md", b"a\x07b", "S112"),  # a control character in Markdown
    ("c.vtt", b"WEBVTT\n\x07", "S100"),  # and in another text file
])
def test_text_files_give_each_problem_its_code(tmp_path: Path, name: str, data: bytes,
                                               code: str) -> None:
    (tmp_path / name).write_bytes(data)
    found = Diagnostics()
    assert _read_text(tmp_path / name, found) is None
    assert [(d.file.endswith(name), d.code) for d in found] == [(True, code)]


def test_a_picture_that_is_not_one_has_its_code(course_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (course_copy / "fake.png").write_bytes(b"not a picture")
    with (course_copy / "description.md").open("a", encoding="utf-8") as f:
        f.write("\n![A chart of handovers](fake.png)\n")
    result = check(course_copy.parent.parent, monkeypatch)
    one_form(result.stderr)
    assert re.search(r"description\.md:\d+: error: image 'fake.png' is not a \.png picture "
                     r"\[S109\]$", result.stderr, re.M), result.stderr


def test_a_shared_id_has_its_code(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(course_copy, course_copy.parent / "twin")
    monkeypatch.chdir(course_copy.parent.parent)
    checked = load_all((Path("course/test-course"), Path("course/twin")))
    shared = [e for e in checked.errors if e.code == "S111"]
    assert [(e.file, e.message, e.fix) for e in shared] == [
        ("course/twin", "id 'test-course' is also used by course/test-course",
         "give each course its own id")]
    assert set(shared) <= checked.loading  # build shows it as it shows loading problems


def test_every_code_is_documented() -> None:
    docs = (ROOT / "docs" / "course-format.md").read_text(encoding="utf-8")
    codes = [kind.code for kind in kinds.ALL]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.search(rf"^\| {code} \| error \| ", docs, re.M), code
