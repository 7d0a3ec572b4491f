"""The broken-course corpus: each case breaks the seed course one way and pins
the exact message `lmspack build` prints (file:line: field: what is wrong)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from tests.helpers import error_lines

C = "course/race-equality-accountability/course.yml"
Q = "course/race-equality-accountability/quiz.yml"
D = "course/race-equality-accountability/description.md"

# (case id, file to edit, text to replace, replacement, expected error lines)
CASES = [
    ("missing-field", "course.yml", "title: Advancing race equality by building a culture of "
     "accountability\n", "", [f"{C}:4: title: is required"]),
    ("wrong-type", "course.yml", "learning_time_minutes: 110", "learning_time_minutes: lots",
     [f"{C}:41: learning_time_minutes: expected a whole number, got 'lots'"]),
    ("empty-text", "course.yml", "audience: Open to all", 'audience: ""',
     [f"{C}:24: audience: must not be empty"]),
    ("pass-mark-out-of-range", "course.yml", "pass_mark: 80", "pass_mark: 120",
     [f"{C}:62: completion.pass_mark: must be between 0 and 100, got 120"]),
    ("non-http-link", "course.yml", "  url: https://www.nhsconfed.org/events/",
     "  url: ftp://www.nhsconfed.org/events/",
     [f"{C}:55: recording.url: 'ftp://www.nhsconfed.org/events/advancing-race-equality-building"
      "-culture-accountability-system-place-and-neighbourhood' is not an http(s) address; only "
      "http:// and https:// links are allowed"]),
    ("malformed-link", "course.yml", "  url: https://www.nhsconfed.org/events/advancing-race-"
     "equality-building-culture-accountability-system-place-and-neighbourhood",
     "  url: https://", [f"{C}:55: recording.url: 'https://' is not a valid address: it has no "
                        "host name"]),
    ("missing-file", "course.yml", "description: description.md", "description: about.md",
     [f"{C}:43: description: file 'about.md' does not exist in course/race-equality-"
      "accountability"]),
    ("file-outside-course", "course.yml", "description: description.md",
     "description: ../../../README.md", [f"{C}:43: description: '../../../README.md' lies "
                                         "outside the course folder"]),
    ("unknown-field", "course.yml", "audience: Open to all", "audience: Open to all\naudiense: x",
     [f"{C}:25: audiense: unknown field; did you mean 'audience'?"]),
    ("unquoted-time", "course.yml", 'start: "13:00"', "start: 13:00",
     [f'{C}:19: event.start: write the time in quotes, for example "13:00"']),
    ("version-as-number", "course.yml", "version: 1.0.0", "version: 1.0",
     [f'{C}:5: version: write the version in quotes (YAML read 1.0 as a number), for example '
      '"1.0.0"']),
    ("bad-id", "course.yml", "id: race-equality-accountability", "id: Race Equality",
     [f"{C}:4: id: 'Race Equality' is not a valid id (lowercase letters, digits and single "
      "hyphens, for example 'action-in-30-days')"]),
    ("bad-language", "course.yml", "language: en-GB", "language: English",
     [f"{C}:10: language: 'English' is not a language tag such as en-GB or cy"]),
    ("field-given-twice", "course.yml", "audience: Open to all",
     "audience: Open to all\naudience: Staff", [f"{C}:25: audience: field given twice"]),
    ("yaml-syntax", "course.yml", "title: Advancing race equality by",
     "title: Advancing race equality: by",
     [f"{C}:6: not valid YAML: mapping values are not allowed here; put text that contains "
      "': ' in quotes"]),
    ("no-organisers", "course.yml", "organisers:\n  - NHS Confederation\n  - NHS Providers\n"
     "  - Local Government Association (LGA)\n", "organisers: []\n",
     [f"{C}:12: organisers: has 0 items; at least 1 are needed"]),
    ("correct-not-an-option", "quiz.yml", "correct: all-leaders", "correct: everyone",
     [f"{Q}:44: knowledge_check[0].correct: 'everyone' is not one of the options (all-leaders, "
      "hr-teams, ethnic-minority-staff, equality-leads)"]),
    ("duplicate-question-id", "quiz.yml", "id: culture-change-pace", "id: whose-responsibility",
     [f"{Q}:64: knowledge_check[2].id: id 'whose-responsibility' is already used by "
      "knowledge_check.0"]),
    ("duplicate-reflection-id", "quiz.yml", "id: behaviour-to-change",
     "id: accountability-in-my-role",
     [f"{Q}:9: reflections[1].id: id 'accountability-in-my-role' is already used by "
      "reflections.0"]),
    ("duplicate-option-id", "quiz.yml", "      - id: hr-teams", "      - id: all-leaders",
     [f"{Q}:35: knowledge_check[0].options[1].id: option id 'all-leaders' is used twice"]),
    ("two-answers-single-choice", "quiz.yml", "correct: great-place-to-work",
     "correct: [great-place-to-work, smaller-workforce]",
     [f"{Q}:93: knowledge_check[4].correct: a single-choice question has exactly one correct "
      "option"]),
    ("true-false-feedback-missing", "quiz.yml", "      false: Correct. The session described "
     "cultural change as complex, multi-faceted and taking time.\n", "",
     [f"{Q}:68: knowledge_check[2].feedback: must have exactly two entries, true and false"]),
    ("wrong-question-type", "quiz.yml", "type: multiple-choice", "type: essay",
     [f"{Q}:47: knowledge_check[1].type: 'essay' is not one of single-choice, multiple-choice, "
      "true-false"]),
    ("javascript-link", "description.md", "Ideas and insights for exploration",
     "[Ideas](javascript:alert(1)) and insights for exploration",
     [f"{D}:15: link 'javascript:alert(1' is not an http(s) address; only http:// and https:// "
      "links are allowed"]),
    ("image-in-description", "description.md", "## Who held the webinar",
     "![logo](https://example.org/logo.png)\n\n## Who held the webinar",
     [f"{D}:23: image 'https://example.org/logo.png' is not a picture file in the course "
      "folder (.png, .jpg, .gif or .webp): the module loads nothing from other sites"]),
    ("date-that-does-not-exist", "course.yml", "date: 2024-02-05", "date: 2024-02-30",
     [f"{C}:18: event.date: cannot read value: day is out of range for month"]),
    ("end-before-start", "course.yml", 'end: "14:30"', 'end: "12:30"',
     [f"{C}:20: event.end: 12:30 is not after the start, 13:00"]),
    ("unknown-yaml-tag", "course.yml", "audience: Open to all", "audience: !shout Open to all",
     [f"{C}:24: audience: cannot read value: could not determine a constructor for the tag "
      "'!shout'"]),
    ("merge-key", "course.yml", '  start: "13:00"', '  <<: {start: "13:00"}',
     [f"{C}:19: event: merge keys (<<) are not supported"]),
    ("alias-cycle", "course.yml", "keywords:\n  - race equality", "keywords: &k\n  - *k",
     [f"{C}:25: keywords[0]: an alias refers to the value that contains it"]),
    ("control-character", "course.yml", "audience: Open to all", 'audience: "Open\\x07 to all"',
     [f"{C}:24: audience: contains the control character U+0007, which cannot be shown or "
      "stored"]),
    ("yes-read-as-true", "quiz.yml", "      true: Not quite. The session described cultural "
     "change as complex, multi-faceted and taking time.", "      true: Yes",
     [f"{Q}:69: knowledge_check[2].feedback.true: expected text, got true (yes/no): YAML reads "
      "yes, no, on, off, true and false as true/false; put the text in quotes"]),
    ("several-problems-at-once", "course.yml", "pass_mark: 80", "pass_mark: -5\n  extra: 1",
     [f"{C}:62: completion.pass_mark: must be between 0 and 100, got -5",
      f"{C}:63: completion.extra: unknown field"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_course_is_reported_exactly(case, seed_copy: Path, monkeypatch) -> None:
    _, filename, old, new, expected = case
    path = seed_copy / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the seed no longer contains {old!r}: update the case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(seed_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{seed_copy.name}", "-o", "out"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1].startswith("lmspack: ") and lines[-1].endswith("nothing was written.")
    assert "Traceback" not in result.output
    assert not Path("out").exists()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def first_error(seed_copy: Path, monkeypatch) -> str:
    monkeypatch.chdir(seed_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{seed_copy.name}"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    return error_lines(result.stderr)[0]


def test_not_utf8_description(seed_copy: Path, monkeypatch) -> None:
    (seed_copy / "description.md").write_bytes(b"caf\xe9 latin-1 text\n")
    assert first_error(seed_copy, monkeypatch) == (
        f"{D}: is not UTF-8 text (invalid continuation byte at byte 3)")


def test_missing_quiz_file(seed_copy: Path, monkeypatch) -> None:
    os.remove(seed_copy / "quiz.yml")
    assert first_error(seed_copy, monkeypatch) == (
        f"{C}:64: quiz: file 'quiz.yml' does not exist in course/race-equality-accountability")


def test_folder_without_course_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "empty"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "empty: not a course folder: course.yml is missing"


def test_answers_that_cannot_fit_scorm12_are_refused(seed_copy: Path, monkeypatch) -> None:
    """SCORM 1.2 keeps 4,096 characters of progress: a quiz whose other answers leave too
    little room for the reflections is refused at build time, naming the quiz file.
    Here: six reflections and twenty questions, with ids of the longest allowed length."""
    quiz = seed_copy / "quiz.yml"
    reflections = "".join(f"  - id: {'r' * 61}-{i:02d}\n    prompt: Prompt {i}\n"
                          for i in range(3))
    questions = "".join(
        f"  - id: {'q' * 61}-{i:02d}\n    type: true-false\n    question: Q{i}\n"
        "    correct: true\n    feedback:\n      true: Right\n      false: Wrong\n"
        for i in range(15))
    quiz.write_text(quiz.read_text().replace("\nconfidence:", reflections + "\nconfidence:")
                    + questions)
    assert first_error(seed_copy, monkeypatch) == (
        f"{Q}: reflections: SCORM 1.2 keeps 4096 characters of a learner's progress, which "
        "leaves 120 per reflection (at least 300 are needed): use fewer reflections or "
        "questions, or shorter ids")
