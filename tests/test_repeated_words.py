"""The page's own words never repeat the author's: the multiple-choice hint, the verdict
before feedback and the "About the webinar" heading are left out where the author wrote
them; `lmspack check` warns (G101) where it cannot tell."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from tests.conftest import ROOT

C = "course/race-equality-accountability"
QUESTION = "at which levels? Select all that apply."
FEEDBACK = "feedback: Correct. System level"


def edit(course: Path, filename: str, old: str, new: str) -> None:
    path = course / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the seed no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(course: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(course.parent.parent)
    result = CliRunner().invoke(cli, ["check", f"course/{course.name}"])
    return [line for line in result.stderr.splitlines() if "[G101]" in line]


def page(course: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(course), "-o", str(out), "-s", "scorm12"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next(out.glob("*.zip"))) as zf:
        return zf.read("index.html").decode("utf-8")


def test_the_seed_repeats_nothing(seed_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                  tmp_path: Path) -> None:
    assert findings(seed_copy, monkeypatch) == []
    html = page(seed_copy, tmp_path)
    assert "Select all that apply." in html and "(select all that apply)" not in html
    assert html.count("About the webinar</h3>") == 1


def test_the_hint_is_added_where_the_question_does_not_say_it(
        seed_copy: Path, tmp_path: Path) -> None:
    edit(seed_copy, "quiz.yml", QUESTION, "at which levels?")
    assert "at which levels? <span class=\"hint\">(select all that apply)</span>" in page(
        seed_copy, tmp_path)


def test_a_description_headed_about_the_webinar_gets_no_second_heading(
        seed_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    edit(seed_copy, "description.md", "The NHS has", "## About the *webinar*\n\nThe NHS has")
    html = page(seed_copy, tmp_path)
    assert html.count("About the webinar</h3>") == 0
    assert html.count("About the <em>webinar</em>") == 1
    assert findings(seed_copy, monkeypatch) == []


@pytest.mark.parametrize(("filename", "old", "new", "line", "says"), [
    ("quiz.yml", QUESTION, "at which levels? Tick every level it named.", 48,
     "knowledge_check[1].question: says how many to choose"),
    ("quiz.yml", FEEDBACK, "feedback: You're right, system level", 52,
     "opens with a verdict the page does not recognise ('You're')"),
    ("description.md", "The NHS has", "## About this webinar\n\nThe NHS has", 1,
     "the first heading, 'About this webinar', repeats the page's own"),
])
def test_check_warns_where_the_page_cannot_tell(
        filename: str, old: str, new: str, line: int, says: str, seed_copy: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    edit(seed_copy, filename, old, new)
    [found] = findings(seed_copy, monkeypatch)
    assert found.startswith(f"{C}/{filename}:{line}: warning: ") and says in found, found


def test_a_later_heading_about_the_webinar_is_no_first_heading(
        seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(seed_copy, "description.md", "## What the webinar covered", "## About this webinar")
    assert len(findings(seed_copy, monkeypatch)) == 1  # it is the first heading
    edit(seed_copy, "description.md", "The NHS has", "## Background\n\nThe NHS has")
    assert findings(seed_copy, monkeypatch) == []


def test_the_player_prefixes_no_verdict_where_the_feedback_has_one() -> None:
    script = """
const { views } = require('./src/lmspack/player/static/view-check.js');
const tag = views.check.tag;
console.log(JSON.stringify([tag(true, true, 'Correct. Yes.'), tag(true, true, 'System level.'),
  tag(false, true, 'Correct. Yes.'), tag(false, true, 'System level.'),
  tag(true, false, 'Not quite. No.'), tag(false, false, 'No one said it.'),
  tag(true, true, 'Correct \\u2014 it was.')]));"""
    got = json.loads(subprocess.run(["node", "-e", script], cwd=ROOT, check=True,
                                    capture_output=True, text=True).stdout)
    assert got == ["Your answer: ", "Your answer, which is correct: ", "",
                   "A correct answer: ", "Your answer: ", "", "Your answer: "]
