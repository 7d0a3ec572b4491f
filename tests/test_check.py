"""lmspack check: each lint on a copy of the seed course, with its exact finding and fix;
build stops on the errors and shows the warnings."""

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

C = "course/race-equality-accountability/course.yml"
Q = "course/race-equality-accountability/quiz.yml"
D = "course/race-equality-accountability/description.md"
SEED_WARNING = [
    f"{C}:52: warning: recording: has neither captions nor a transcript, so learners who "
    "cannot hear it cannot follow it; the accessibility statement lists the gap [A101]",
    "    fix: add a transcript (a Markdown file), or write provider_captions: true if its "
    "player shows captions"]

# (case id, file, text to replace, replacement, the finding's two lines)
CASES = [
    ("vague-verb", "course.yml", "  - State whose responsibility", "  - Understand whose "
     "responsibility",
     [f"{C}:48: warning: objectives[2]: starts with 'understand', which cannot be observed or "
      "assessed [O101]",
      "    fix: start with what the learner will be able to do, such as Describe, Explain, "
      "Identify or Apply"]),
    ("no-verb", "course.yml", "  - Identify one idea", "  - One idea",
     [f"{C}:50: warning: objectives[4]: does not start with a measurable verb ('One') [O101]",
      "    fix: start with what the learner will be able to do, such as Describe, Explain, "
      "Identify or Apply"]),
    ("right-feedback-on-wrong-option", "quiz.yml", "feedback: Not quite. The session placed the "
     "responsibility with all leaders, not with one team.", "feedback: Correct, HR teams.",
     [f"{Q}:37: error: knowledge_check[0].options[1].feedback: the feedback on a wrong answer "
      "('Human resources teams') says it is right [Q101]",
      "    fix: make the feedback agree with `correct`, or correct `correct`"]),
    ("wrong-feedback-on-true-false", "quiz.yml", "      true: Correct. This is one reason",
     "      true: Not quite. This is one reason",
     [f"{Q}:77: error: knowledge_check[3].feedback.true: the feedback on the correct answer "
      "('True') says it is wrong [Q101]",
      "    fix: make the feedback agree with `correct`, or correct `correct`"]),
    ("repeated-feedback", "quiz.yml", "not with specialist roles alone.",
     "not with the colleagues most affected.",
     [f"{Q}:43: warning: knowledge_check[0].options[3].feedback: has the same feedback as "
      "option 'ethnic-minority-staff' [Q102]",
      "    fix: say why this answer is right or wrong, so each learner learns from their own "
      "choice"]),
    ("time-shorter-than-recording", "course.yml", "learning_time_minutes: 110",
     "learning_time_minutes: 60",
     [f"{C}:41: error: learning_time_minutes: is 60 minutes, shorter than the 90-minute "
      "recording alone [T101]",
      "    fix: state at least 105 minutes (the recording plus about 15 to reflect and answer)"]),
    ("time-too-short-for-quiz", "course.yml", "learning_time_minutes: 110",
     "learning_time_minutes: 95",
     [f"{C}:41: warning: learning_time_minutes: is 95 minutes, but the recording (90) and the "
      "quiz (about 15: 5 questions at 1, 3 reflections at 3) need about 105 [T102]",
      "    fix: state about 105 minutes, or shorten the quiz"]),
    ("http-page", "course.yml", "  page: https://www.nhsconfed.org", "  page: http://www.nhsconfed"
     ".org",
     [f"{C}:22: warning: event.page: 'http://www.nhsconfed.org/events/advancing-race-equality-"
      "building-culture-accountability-system-place-and-neighbourhood' is not encrypted (http, "
      "not https) [H101]",
      "    fix: use the https:// address (most sites serve one); an http link may be blocked or "
      "changed on the way"]),
    ("http-link-in-text", "description.md", "Ideas and insights for exploration",
     "[Ideas](http://example.org/ideas) and insights for exploration",
     [f"{D}:15: warning: link 'http://example.org/ideas' is not encrypted (http, not https) "
      "[H101]",
      "    fix: use the https:// address (most sites serve one); an http link may be blocked or "
      "changed on the way"]),
    ("prompt-not-a-question", "quiz.yml", "prompt: What one action will you take in the next 30 "
     "days?", "prompt: Write down one action for the next 30 days.",
     [f"{Q}:13: warning: reflections[2].prompt: is not a question [R101]",
      "    fix: ask the learner something, ending with '?'"]),
    ("prompt-not-personal", "quiz.yml", "prompt: What one action will you take in the next 30 "
     "days?", "prompt: What actions do organisations take?",
     [f"{Q}:13: warning: reflections[2].prompt: does not ask about the learner's own practice "
      "(no 'you' or 'your') [R102]",
      "    fix: ask about the learner's role, behaviour or next step"]),
    ("no-action", "quiz.yml", "    action: true\n", "",
     [f"{Q}:3: warning: reflections: no reflection is the learner's action, so the record has "
      "no 'My action' [R103]",
      "    fix: add `action: true` to the prompt that asks what the learner will do"]),
    ("reflections-optional", "course.yml", "reflections_required: true",
     "reflections_required: false",
     [f"{C}:61: warning: completion.reflections_required: is false, so the module can be "
      "completed without reflecting [R104]",
      "    fix: set reflections_required: true (the module is recorded as reflective CPD)"]),
    ("welsh", "course.yml", "language: en-GB", "language: cy",
     [f"{C}:10: warning: language: the player's own text (headings, buttons, messages and the "
      "accessibility statement) is in English; only the course's text is in 'cy' [L101]",
      "    fix: tell learners in the description that the module's controls are in English"]),
    # On the seed with its recording made a video file (conftest's "video-only").
    ("video-without-captions", "course.yml", "  file: recording.mp4\n",
     "  file: recording.mp4\n  transcript: transcript.md\n",
     [f"{C}:52: warning: recording: the video has a transcript but no captions: WCAG 2.2 asks "
      "for captions on recorded video (1.2.2) [A102]",
      "    fix: add captions as a WebVTT file (captions: x.vtt)"]),
    ("review-marker", "course.yml", "audience: Open to all",
     "# REVIEW: from the page\naudience: Open to all",
     [f"{C}:24: error: audience: marked for review: from the page [M101]",
      "    fix: check the field, then delete the REVIEW marker"]),
]


def check(seed_copy: Path, monkeypatch, *args: str):
    monkeypatch.chdir(seed_copy.parent.parent)
    return CliRunner().invoke(cli, ["check", *args, f"course/{seed_copy.name}"])


def edit(seed_copy: Path, filename: str, old: str, new: str) -> None:
    path = seed_copy / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the seed no longer contains {old!r}: update the case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_lint_names_file_line_code_and_fix(case, seed_copy: Path, monkeypatch) -> None:
    _, filename, old, new, expected = case
    if case[0].startswith("video-"):
        set_recording(seed_copy, "video-only")
        shutil.copy(MEDIA / "transcript.md", seed_copy)
    edit(seed_copy, filename, old, new)
    result = check(seed_copy, monkeypatch)
    lines = result.stderr.splitlines()
    # Without the seed's own warning (A101 and its fix), wherever an edit moved it.
    body = [line for i, line in enumerate(lines[:-1])
            if "[A101]" not in line and "[A101]" not in lines[i - 1]]
    assert body == expected
    error = ": error: " in expected[0]
    assert result.exit_code == (1 if error else 0)
    # This finding, and the seed's own warning where its recording is unchanged.
    errors = int(error)
    warnings = (not error) + any("[A101]" in line for line in lines)
    assert lines[-1] == (f"lmspack check: 1 course read, {errors} error{'s' * (errors != 1)}, "
                         f"{warnings} warning{'s' * (warnings != 1)}")


def test_a_verdict_needs_punctuation(seed_copy: Path, monkeypatch) -> None:
    """'No single team ...' on the correct answer is not a verdict that it is wrong."""
    edit(seed_copy, "quiz.yml", "feedback: Correct. The session aimed to build awareness",
         "feedback: No single team owns this. The session aimed to build awareness")
    assert check(seed_copy, monkeypatch).exit_code == 0


def test_every_rule_has_a_case() -> None:
    codes = {re.search(r"\[([A-Z]\d{3})\]", c[4][0]).group(1) for c in CASES}
    assert {c[:1] for c in codes} >= {"O", "Q", "A", "T", "H", "R", "L", "M"}
    assert len(RULES) == 9 and len(codes) >= 13  # A103, A104, G101: tests of their own


def test_the_seed_course_has_only_its_known_warning(seed_copy: Path, monkeypatch) -> None:
    result = check(seed_copy, monkeypatch)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == SEED_WARNING + [
        "lmspack check: 1 course read, 0 errors, 1 warning"]
    strict = check(seed_copy, monkeypatch, "--strict")
    assert strict.exit_code == 1


def test_build_stops_on_lint_errors_and_shows_warnings(seed_copy: Path, monkeypatch) -> None:
    edit(seed_copy, "course.yml", "learning_time_minutes: 110", "learning_time_minutes: 60")
    edit(seed_copy, "course.yml", "  - State whose", "  - Know whose")
    monkeypatch.chdir(seed_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{seed_copy.name}", "-o", "out"])
    assert result.exit_code == 1 and not Path("out").exists()
    lines = result.stderr.splitlines()
    assert f"{C}:48: warning: objectives[2]: starts with 'know', which cannot be observed or " \
           "assessed [O101]" in lines
    assert lines[-3:] == [
        f"{C}:41: error: learning_time_minutes: is 60 minutes, shorter than the 90-minute "
        "recording alone [T101]",
        "    fix: state at least 105 minutes (the recording plus about 15 to reflect and answer)",
        "lmspack: 1 problem; nothing was written."]


def test_json_findings(seed_copy: Path, monkeypatch) -> None:
    edit(seed_copy, "course.yml", "learning_time_minutes: 110", "learning_time_minutes: 60")
    result = check(seed_copy, monkeypatch, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["errors"] == [{
        "file": C, "line": 41, "field": "learning_time_minutes", "severity": "error",
        "code": "T101", "message": "is 60 minutes, shorter than the 90-minute recording alone",
        "fix": "state at least 105 minutes (the recording plus about 15 to reflect and answer)"}]
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
    ("", [f"{D}:23: error: image 'images/partners.png' has no alternative text [A103]",
          "    fix: say what the image shows in its brackets: ![what it shows]"
          "(images/partners.png)"]),
    ("logo", [f"{D}:23: warning: image 'images/partners.png': its alternative text 'logo' "
              "does not say what it shows [A104]",
              "    fix: describe the image's content or purpose, as you would to someone on "
              "the phone"]),
], ids=["described", "no-alt", "generic-alt"])
def test_images_need_alternative_text(alt: str, expected: list[str] | None, seed_copy: Path,
                                      monkeypatch) -> None:
    (seed_copy / "images").mkdir()
    (seed_copy / "images" / "partners.png").write_bytes(png())
    edit(seed_copy, "description.md", "## Who held the webinar",
         f"![{alt}](images/partners.png)\n\n## Who held the webinar")
    result = check(seed_copy, monkeypatch)
    body = [line for line in result.stderr.splitlines()[:-1]
            if "[A101]" not in line and "provider_captions" not in line]
    assert body == (expected or [])
    built = CliRunner().invoke(cli, ["build", f"course/{seed_copy.name}", "-o", "out",
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
def test_bad_image_files(src: str, setup: str | None, message: str, seed_copy: Path,
                         monkeypatch) -> None:
    if setup == "outside":
        (seed_copy.parent / "outside.png").write_bytes(png())
    if setup == "fake":
        (seed_copy / "fake.png").write_text("not a picture")
    edit(seed_copy, "description.md", "## Who held the webinar",
         f"![A picture]({src})\n\n## Who held the webinar")
    result = check(seed_copy, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{D}:23: error: {message} [S109]", "    fix: correct the file's name, or the file"]
