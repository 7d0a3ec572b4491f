"""The broken-course corpus: each case breaks the test course (tests/fixtures/course/)
one way and pins the exact message `lmspack build` prints (file:line: field: what is
wrong)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from tests.helpers import error_lines

C = "course/test-course/course.yml"
Q = "course/test-course/quiz.yml"
D = "course/test-course/description.md"
EVENT = "https://example.org/events/safer-handovers"

# (case id, file to edit, text to replace, replacement, expected error lines)
CASES = [
    ("missing-field", "course.yml", "title: Safer handovers between shifts (test course)\n", "",
     [f"{C}:4: title: is required"]),
    ("wrong-type", "course.yml", "learning_time_minutes: 45", "learning_time_minutes: lots",
     [f"{C}:28: learning_time_minutes: expected a whole number, got 'lots'"]),
    ("empty-text", "course.yml", "audience: Ward staff", 'audience: ""',
     [f"{C}:22: audience: must not be empty"]),
    ("pass-mark-out-of-range", "course.yml", "pass_mark: 80", "pass_mark: 120",
     [f"{C}:45: completion.pass_mark: must be between 0 and 100, got 120"]),
    ("non-http-link", "course.yml", "  url: https://example.org/recordings/",
     "  url: ftp://example.org/recordings/",
     [f"{C}:38: recording.url: 'ftp://example.org/recordings/safer-handovers' is not an "
      "http(s) address; only http:// and https:// links are allowed"]),
    ("malformed-link", "course.yml", "  url: https://example.org/recordings/safer-handovers",
     "  url: https://", [f"{C}:38: recording.url: 'https://' is not a valid address: it has no "
                        "host name"]),
    ("missing-file", "course.yml", "description: description.md", "description: about.md",
     [f"{C}:30: description: file 'about.md' does not exist in course/test-course"]),
    ("file-outside-course", "course.yml", "description: description.md",
     "description: ../../../README.md", [f"{C}:30: description: '../../../README.md' lies "
                                         "outside the course folder"]),
    ("unknown-field", "course.yml", "audience: Ward staff", "audience: Ward staff\naudiense: x",
     [f"{C}:23: audiense: unknown field; did you mean 'audience'?"]),
    ("unquoted-time", "course.yml", 'start: "10:00"', "start: 10:00",
     [f'{C}:17: event.start: write the time in quotes, for example "13:00"']),
    ("version-as-number", "course.yml", "version: 2.1.0", "version: 2.1",
     [f'{C}:5: version: write the version in quotes (YAML read 2.1 as a number), for example '
      '"1.0.0"']),
    ("bad-id", "course.yml", "id: test-course", "id: Test Course",
     [f"{C}:4: id: 'Test Course' is not a valid id (lowercase letters, digits and single "
      "hyphens, for example 'action-in-30-days')"]),
    ("bad-language", "course.yml", "language: en-GB", "language: English",
     [f"{C}:10: language: 'English' is not a language tag such as en-GB or cy"]),
    ("field-given-twice", "course.yml", "audience: Ward staff",
     "audience: Ward staff\naudience: Porters", [f"{C}:23: audience: field given twice"]),
    ("yaml-syntax", "course.yml", "title: Safer handovers between shifts",
     "title: Safer handovers: between shifts",
     [f"{C}:6: not valid YAML: mapping values are not allowed here; put text that contains "
      "': ' in quotes"]),
    ("no-organisers", "course.yml", "organisers:\n  - The lmspack test suite\n",
     "organisers: []\n", [f"{C}:12: organisers: has 0 items; at least 1 are needed"]),
    ("correct-not-an-option", "quiz.yml", "correct: next-steps", "correct: everyone",
     [f"{Q}:35: knowledge_check[0].correct: 'everyone' is not one of the options (next-steps, "
      "rota, weather)"]),
    ("duplicate-question-id", "quiz.yml", "id: checklist", "id: parts",
     [f"{Q}:50: knowledge_check[2].id: id 'parts' is already used by knowledge_check.0"]),
    ("duplicate-reflection-id", "quiz.yml", "id: what-gets-lost", "id: my-handovers",
     [f"{Q}:6: reflections[1].id: id 'my-handovers' is already used by reflections.0"]),
    ("duplicate-option-id", "quiz.yml", "      - id: rota", "      - id: next-steps",
     [f"{Q}:29: knowledge_check[0].options[1].id: option id 'next-steps' is used twice"]),
    ("two-answers-single-choice", "quiz.yml", "correct: next-steps",
     "correct: [next-steps, rota]",
     [f"{Q}:35: knowledge_check[0].correct: a single-choice question has exactly one correct "
      "option"]),
    ("true-false-feedback-missing", "quiz.yml", "      false: Not quite. The test course "
     "recommends a checklist.\n", "",
     [f"{Q}:54: knowledge_check[2].feedback: must have exactly two entries, true and false"]),
    ("wrong-question-type", "quiz.yml", "type: multiple-choice", "type: essay",
     [f"{Q}:37: knowledge_check[1].type: 'essay' is not one of single-choice, multiple-choice, "
      "true-false"]),
    ("javascript-link", "description.md", "- Two risks of a rushed handover.",
     "- Two [risks](javascript:alert(1)) of a rushed handover.",
     [f"{D}:7: link 'javascript:alert(1)' is not an http(s) address; only http:// and https:// "
      "links are allowed"]),
    ("image-in-description", "description.md", "## Where it comes from",
     "![logo](https://example.org/logo.png)\n\n## Where it comes from",
     [f"{D}:10: image 'https://example.org/logo.png' is not a picture file in the course "
      "folder (.png, .jpg, .gif or .webp): the module loads nothing from other sites"]),
    ("date-that-does-not-exist", "course.yml", "date: 2025-03-14", "date: 2025-02-30",
     [f"{C}:16: event.date: cannot read value: day is out of range for month"]),
    ("end-before-start", "course.yml", 'end: "10:45"', 'end: "09:30"',
     [f"{C}:18: event.end: 09:30 is not after the start, 10:00"]),
    ("unknown-yaml-tag", "course.yml", "audience: Ward staff", "audience: !shout Ward staff",
     [f"{C}:22: audience: cannot read value: could not determine a constructor for the tag "
      "'!shout'"]),
    ("merge-key", "course.yml", '  start: "10:00"', '  <<: {start: "10:00"}',
     [f"{C}:17: event: merge keys (<<) are not supported"]),
    ("alias-cycle", "course.yml", "keywords:\n  - handover", "keywords: &k\n  - *k",
     [f"{C}:23: keywords[0]: an alias refers to the value that contains it"]),
    ("control-character", "course.yml", "audience: Ward staff", 'audience: "Ward\\x07 staff"',
     [f"{C}:22: audience: contains the control character U+0007, which cannot be shown or "
      "stored"]),
    ("yes-read-as-true", "quiz.yml", "      true: Correct. The test course recommends one.",
     "      true: Yes",
     [f"{Q}:55: knowledge_check[2].feedback.true: expected text, got true (yes/no): YAML reads "
      "yes, no, on, off, true and false as true/false; put the text in quotes"]),
    ("several-problems-at-once", "course.yml", "pass_mark: 80", "pass_mark: -5\n  extra: 1",
     [f"{C}:45: completion.pass_mark: must be between 0 and 100, got -5",
      f"{C}:46: completion.extra: unknown field"]),
    # Found by the parser, not by a pattern: the address holds a ")" of its own.
    ("link-with-parenthesis", "description.md", "[test event page](https://example.org/events/"
     "safer-handovers)", "[test event page](ftp://example.org/wiki/Handover_(care))",
     [f"{D}:12: link 'ftp://example.org/wiki/Handover_(care)' is not an http(s) address; only "
      "http:// and https:// links are allowed"]),
    ("reference-link", "description.md", "## Where it comes from",
     "## Where it comes from\n\n[notes]: javascript:void(0)",
     [f"{D}:12: link 'javascript:void(0)' is not an http(s) address; only http:// and https:// "
      "links are allowed"]),
    ("autolink", "description.md", "details (it does not exist either).",
     "details (it does not exist either). <ftp://example.org/notes>",
     [f"{D}:13: link 'ftp://example.org/notes' is not an http(s) address; only http:// and "
      "https:// links are allowed"]),
    ("link-in-a-later-line-of-a-paragraph", "description.md", "- Two risks of a rushed "
     "handover.\n", "- Two risks of a\n  [rushed](javascript:x) handover.\n",
     [f"{D}:8: link 'javascript:x' is not an http(s) address; only http:// and https:// links "
      "are allowed"]),
    ("played-percent-for-a-url", "course.yml", "  pass_mark: 80",
     "  pass_mark: 80\n  recording_played_percent: 50",
     [f"{C}:46: completion.recording_played_percent: applies to a video file only: the module "
      "cannot see how much of an embedded or linked recording is played, so the learner "
      "confirms they watched it"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_course_is_reported_exactly(case, course_copy: Path, monkeypatch) -> None:
    _, filename, old, new, expected = case
    path = course_copy / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test course no longer contains {old!r}: update the case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(course_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}", "-o", "out"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1].startswith("lmspack: ") and lines[-1].endswith("nothing was written.")
    assert "Traceback" not in result.output
    assert not Path("out").exists()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def first_error(course_copy: Path, monkeypatch) -> str:
    monkeypatch.chdir(course_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    return error_lines(result.stderr)[0]


def test_not_utf8_description(course_copy: Path, monkeypatch) -> None:
    (course_copy / "description.md").write_bytes(b"caf\xe9 latin-1 text\n")
    assert first_error(course_copy, monkeypatch) == (
        f"{D}: is not UTF-8 text (invalid continuation byte at byte 3)")


def test_missing_quiz_file(course_copy: Path, monkeypatch) -> None:
    os.remove(course_copy / "quiz.yml")
    assert first_error(course_copy, monkeypatch) == (
        f"{C}:47: quiz: file 'quiz.yml' does not exist in course/test-course")


def test_folder_without_course_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "empty"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "empty: not a course folder: course.yml is missing"


def test_answers_that_cannot_fit_scorm12_are_refused(course_copy: Path, monkeypatch) -> None:
    """SCORM 1.2 keeps 4,096 characters of progress: a quiz whose other answers leave too
    little room for the reflections is refused at build time, naming the quiz file.
    Here: six reflections and twenty questions, with ids of the longest allowed length."""
    quiz = course_copy / "quiz.yml"
    reflections = "".join(f"  - id: {'r' * 61}-{i:02d}\n    prompt: Prompt {i}\n"
                          for i in range(3))
    questions = "".join(
        f"  - id: {'q' * 61}-{i:02d}\n    type: true-false\n    question: Q{i}\n"
        "    correct: true\n    feedback:\n      true: Right\n      false: Wrong\n"
        for i in range(15))
    quiz.write_text(quiz.read_text().replace("\nconfidence:", reflections + "\nconfidence:")
                    + questions)
    assert first_error(course_copy, monkeypatch) == (
        f"{Q}: reflections: SCORM 1.2 keeps 4096 characters of a learner's progress, which "
        "leaves 163 per reflection (at least 300 are needed): use fewer reflections or "
        "questions, or shorter ids")
