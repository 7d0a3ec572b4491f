"""lmspack check: each lint on a copy of the test course (tests/fixtures/course/), with
its exact finding and fix; build stops on the errors and shows the warnings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from lmspack.lint import RULES
from tests.conftest import MEDIA, set_recording

C = "course/test-course/course.yml"
Q = "course/test-course/quiz.yml"
D = "course/test-course/description.md"
# The test course's one finding: its recording is a link without captions or transcript.
KNOWN_WARNING = [
    f"{C}:37: warning: recording: has neither captions nor a transcript, so learners who "
    "cannot hear it cannot follow it; the accessibility statement lists the gap [A101]",
    "    fix: add a transcript (a Markdown file), or write provider_captions: true if its "
    "player shows captions"]
SEED_WARNING = [
    "course/race-equality-accountability/course.yml:52: warning: recording: has neither "
    "captions nor a transcript, so learners who cannot hear it cannot follow it; the "
    "accessibility statement lists the gap [A101]", KNOWN_WARNING[1]]
MEASURABLE_FIX = ("    fix: start with what the learner will be able to do, such as Describe, "
                  "Explain, Identify or Apply")
FEEDBACK_FIX = "    fix: make the feedback agree with `correct`, or correct `correct`"
HTTP_FIX = ("    fix: use the https:// address (most sites serve one); an http link may be "
            "blocked or changed on the way")

# (case id, file, text to replace, replacement, the finding's two lines)
CASES = [
    ("vague-verb", "course.yml", "  - List two risks", "  - Understand two risks",
     [f"{C}:34: warning: objectives[1]: starts with 'understand', which cannot be observed or "
      "assessed [O101]", MEASURABLE_FIX]),
    ("no-verb", "course.yml", "  - Apply a checklist", "  - A checklist",
     [f"{C}:35: warning: objectives[2]: does not start with a measurable verb ('A') [O101]",
      MEASURABLE_FIX]),
    ("right-feedback-on-wrong-option", "quiz.yml", "feedback: Not quite. The rota matters, but "
     "it is not a part of the handover.", "feedback: Correct, the rota.",
     [f"{Q}:31: error: knowledge_check[0].options[1].feedback: the feedback on a wrong answer "
      "('The staff rota') says it is right [Q101]", FEEDBACK_FIX]),
    ("wrong-feedback-on-true-false", "quiz.yml", "      true: Correct. The test course",
     "      true: Not quite. The test course",
     [f"{Q}:55: error: knowledge_check[2].feedback.true: the feedback on the correct answer "
      "('True') says it is wrong [Q101]", FEEDBACK_FIX]),
    ("repeated-feedback", "quiz.yml", "Not quite. The three parts are the situation, the "
     "background and the next steps.", "Not quite. The rota matters, but it is not a part of "
     "the handover.",
     [f"{Q}:34: warning: knowledge_check[0].options[2].feedback: has the same feedback as "
      "option 'rota' [Q102]",
      "    fix: say why this answer is right or wrong, so each learner learns from their own "
      "choice"]),
    ("time-shorter-than-recording", "course.yml", "learning_time_minutes: 45",
     "learning_time_minutes: 20",
     [f"{C}:28: error: learning_time_minutes: is 20 minutes, shorter than the 30-minute "
      "recording alone [T101]",
      "    fix: state at least 43 minutes (the recording plus about 13 to reflect and answer)"]),
    ("time-too-short-for-quiz", "course.yml", "learning_time_minutes: 45",
     "learning_time_minutes: 35",
     [f"{C}:28: warning: learning_time_minutes: is 35 minutes, but the recording (30) and the "
      "quiz (about 13: 3 questions at 1, 3 reflections at 3) need about 43 [T102]",
      "    fix: state about 43 minutes, or shorten the quiz"]),
    ("http-page", "course.yml", "  page: https://example.org", "  page: http://example.org",
     [f"{C}:20: warning: event.page: 'http://example.org/events/safer-handovers' is not "
      "encrypted (http, not https) [H101]", HTTP_FIX]),
    ("http-link-in-text", "description.md", "- Two risks of a rushed handover.",
     "- Two [risks](http://example.org/risks) of a rushed handover.",
     [f"{D}:7: warning: link 'http://example.org/risks' is not encrypted (http, not https) "
      "[H101]", HTTP_FIX]),
    ("http-link-with-parenthesis", "description.md", "- Two risks of a rushed handover.",
     "- Two [risks](http://example.org/wiki/Risk_(care)) of a rushed handover.",
     [f"{D}:7: warning: link 'http://example.org/wiki/Risk_(care)' is not encrypted (http, "
      "not https) [H101]", HTTP_FIX]),
    ("prompt-not-a-question", "quiz.yml", "prompt: What will you do differently at your next "
     "handover?", "prompt: Write down one change for your next handover.",
     [f"{Q}:10: warning: reflections[2].prompt: is not a question [R101]",
      "    fix: ask the learner something, ending with '?'"]),
    ("prompt-not-personal", "quiz.yml", "prompt: What will you do differently at your next "
     "handover?", "prompt: What do wards change at handovers?",
     [f"{Q}:10: warning: reflections[2].prompt: does not ask about the learner's own practice "
      "(no 'you' or 'your') [R102]",
      "    fix: ask about the learner's role, behaviour or next step"]),
    ("no-action", "quiz.yml", "    action: true\n", "",
     [f"{Q}:3: warning: reflections: no reflection is the learner's action, so the record has "
      "no 'My action' [R103]",
      "    fix: add `action: true` to the prompt that asks what the learner will do"]),
    ("reflections-optional", "course.yml", "reflections_required: true",
     "reflections_required: false",
     [f"{C}:44: warning: completion.reflections_required: is false, so the module can be "
      "completed without reflecting [R104]",
      "    fix: set reflections_required: true (the module is recorded as reflective CPD)"]),
    ("welsh", "course.yml", "language: en-GB", "language: cy",
     [f"{C}:10: warning: language: the player's own text (headings, buttons, messages and the "
      "accessibility statement) is in English; only the course's text is in 'cy' [L101]",
      "    fix: tell learners in the description that the module's controls are in English"]),
    # On the test course with its recording made a video file (conftest's "video-only").
    ("video-without-captions", "course.yml", "  file: recording.mp4\n",
     "  file: recording.mp4\n  transcript: transcript.md\n",
     [f"{C}:37: warning: recording: the video has a transcript but no captions: WCAG 2.2 asks "
      "for captions on recorded video (1.2.2) [A102]",
      "    fix: add captions as a WebVTT file (captions: x.vtt)"]),
    ("review-marker", "course.yml", "audience: Ward staff",
     "# REVIEW: from the page\naudience: Ward staff",
     [f"{C}:22: error: audience: marked for review: from the page [M101]",
      "    fix: check the field, then delete the REVIEW marker"]),
]


def check(course_copy: Path, monkeypatch, *args: str):
    monkeypatch.chdir(course_copy.parent.parent)
    return CliRunner().invoke(cli, ["check", *args, f"course/{course_copy.name}"])


def edit(course_copy: Path, filename: str, old: str, new: str) -> None:
    path = course_copy / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the course no longer contains {old!r}: update the case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_lint_names_file_line_code_and_fix(case, course_copy: Path, monkeypatch) -> None:
    _, filename, old, new, expected = case
    if case[0].startswith("video-"):
        set_recording(course_copy, "video-only")
        shutil.copy(MEDIA / "transcript.md", course_copy)
    edit(course_copy, filename, old, new)
    result = check(course_copy, monkeypatch)
    lines = result.stderr.splitlines()
    # Without the course's own warning (A101 and its fix), wherever an edit moved it.
    body = [line for i, line in enumerate(lines[:-1])
            if "[A101]" not in line and "[A101]" not in lines[i - 1]]
    assert body == expected
    error = ": error: " in expected[0]
    assert result.exit_code == (1 if error else 0)
    # This finding, and the course's own warning where its recording is unchanged.
    errors = int(error)
    warnings = (not error) + any("[A101]" in line for line in lines)
    assert lines[-1] == (f"lmspack check: 1 course read, {errors} error{'s' * (errors != 1)}, "
                         f"{warnings} warning{'s' * (warnings != 1)}")


def test_a_verdict_needs_punctuation(course_copy: Path, monkeypatch) -> None:
    """'No single team ...' on the correct answer is not a verdict that it is wrong."""
    edit(course_copy, "quiz.yml", "feedback: Correct. The next steps are",
         "feedback: No single part matters most. The next steps are")
    assert check(course_copy, monkeypatch).exit_code == 0


def test_every_rule_has_a_case() -> None:
    codes = {re.search(r"\[([A-Z]\d{3})\]", c[4][0]).group(1) for c in CASES}
    assert {c[:1] for c in codes} >= {"O", "Q", "A", "T", "H", "R", "L", "M"}
    assert len(RULES) == 9 and len(codes) >= 13  # A103, A104, G101: tests of their own


def test_the_test_course_has_only_its_known_warning(course_copy: Path, monkeypatch) -> None:
    result = check(course_copy, monkeypatch)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == KNOWN_WARNING + [
        "lmspack check: 1 course read, 0 errors, 1 warning"]
    strict = check(course_copy, monkeypatch, "--strict")
    assert strict.exit_code == 1


def test_the_seed_course_has_only_its_known_warning(seed_copy: Path, monkeypatch) -> None:
    result = check(seed_copy, monkeypatch)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == SEED_WARNING + [
        "lmspack check: 1 course read, 0 errors, 1 warning"]


def test_build_stops_on_lint_errors_and_shows_warnings(course_copy: Path, monkeypatch) -> None:
    edit(course_copy, "course.yml", "learning_time_minutes: 45", "learning_time_minutes: 20")
    edit(course_copy, "course.yml", "  - List two", "  - Know two")
    monkeypatch.chdir(course_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}", "-o", "out"])
    assert result.exit_code == 1 and not Path("out").exists()
    lines = result.stderr.splitlines()
    assert f"{C}:34: warning: objectives[1]: starts with 'know', which cannot be observed or " \
           "assessed [O101]" in lines
    assert lines[-3:] == [
        f"{C}:28: error: learning_time_minutes: is 20 minutes, shorter than the 30-minute "
        "recording alone [T101]",
        "    fix: state at least 43 minutes (the recording plus about 13 to reflect and answer)",
        "lmspack: 1 problem; nothing was written."]


def test_json_findings(course_copy: Path, monkeypatch) -> None:
    edit(course_copy, "course.yml", "learning_time_minutes: 45", "learning_time_minutes: 20")
    result = check(course_copy, monkeypatch, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["errors"] == [{
        "file": C, "line": 28, "field": "learning_time_minutes", "severity": "error",
        "code": "T101", "message": "is 20 minutes, shorter than the 30-minute recording alone",
        "fix": "state at least 43 minutes (the recording plus about 13 to reflect and answer)"}]
    assert [w["code"] for w in report["warnings"]] == ["A101"]


def png() -> bytes:
    """A 1x1 PNG, made here so that no binary is committed for it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x5e\xb8")) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("alt", "expected"), [
    ("The NHS Providers logo", None),
    ("", [f"{D}:10: error: image 'images/partners.png' has no alternative text [A103]",
          "    fix: say what the image shows in its brackets: ![what it shows]"
          "(images/partners.png)"]),
    ("logo", [f"{D}:10: warning: image 'images/partners.png': its alternative text 'logo' "
              "does not say what it shows [A104]",
              "    fix: describe the image's content or purpose, as you would to someone on "
              "the phone"]),
], ids=["described", "no-alt", "generic-alt"])
def test_images_need_alternative_text(alt: str, expected: list[str] | None, course_copy: Path,
                                      monkeypatch) -> None:
    (course_copy / "images").mkdir()
    (course_copy / "images" / "partners.png").write_bytes(png())
    edit(course_copy, "description.md", "## Where it comes from",
         f"![{alt}](images/partners.png)\n\n## Where it comes from")
    result = check(course_copy, monkeypatch)
    body = [line for line in result.stderr.splitlines()[:-1]
            if "[A101]" not in line and "provider_captions" not in line]
    assert body == (expected or [])
    built = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}", "-o", "out",
                                     "-s", "scorm12"])
    assert built.exit_code == (1 if expected and "error" in expected[0] else 0)
    if built.exit_code == 0:
        import zipfile
        with zipfile.ZipFile(next(Path("out").glob("*.zip"))) as zf:
            assert zf.read("media/images/images/partners.png") == png()
            page = zf.read("index.html").decode()
        assert f'<img src="media/images/images/partners.png" alt="{alt}"' in page


@pytest.mark.parametrize(("src", "setup", "message"), [
    ("../outside.png", "outside", "image '../outside.png' lies outside the course folder"),
    ("missing.png", None, "image 'missing.png' does not exist"),
    ("fake.png", "fake", "image 'fake.png' is not a .png picture"),
], ids=["outside", "missing", "not-a-png"])
def test_bad_image_files(src: str, setup: str | None, message: str, course_copy: Path,
                         monkeypatch) -> None:
    if setup == "outside":
        (course_copy.parent / "outside.png").write_bytes(png())
    if setup == "fake":
        (course_copy / "fake.png").write_text("not a picture")
    edit(course_copy, "description.md", "## Where it comes from",
         f"![A picture]({src})\n\n## Where it comes from")
    result = check(course_copy, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{D}:10: error: {message} [S109]", "    fix: correct the file's name, or the file"]
