"""A recording that is a video file in the course folder, with captions and a
transcript; the warning for a recording without either; the accessibility statement
each package carries."""

from __future__ import annotations

import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from tests.conftest import MEDIA, set_recording
from tests.helpers import error_lines

C = "course/test-course/course.yml"
T = "course/test-course/transcript.md"
STANDARDS = ("scorm12", "scorm2004", "imscp")


def build(course: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", f"course/{course.name}", "-o", "out", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def video_course(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(course_copy.parent.parent)
    return set_recording(course_copy, "video")


def test_a_video_file_is_packaged_as_it_is(video_course: Path) -> None:
    code, _, err = build(video_course)
    assert (code, err) == (0, "")  # captions and a transcript: nothing to warn about
    mp4 = (MEDIA / "recording.mp4").read_bytes()
    for standard in STANDARDS:
        package = next(Path("out").glob(f"*-{standard}.zip"))
        with zipfile.ZipFile(package) as zf:
            info = zf.getinfo("media/recording.mp4")
            assert info.compress_type == zipfile.ZIP_STORED  # no recompression
            assert zf.read("media/recording.mp4") == mp4
            assert zf.read("media/captions.vtt") == (MEDIA / "captions.vtt").read_bytes()
            manifest = zf.read("imsmanifest.xml").decode()
            html = zf.read("index.html").decode()
        for name in ("media/recording.mp4", "media/captions.vtt", "accessibility.html"):
            assert f'<file href="{name}"/>' in manifest
        assert re.search(r'<video id="video" controls preload="metadata" playsinline '
                         r'src="media/recording.mp4"', html)
        assert ('<track kind="captions" src="media/captions.vtt" srclang="en-GB" '
                'label="Captions" default>') in html
        assert '<details class="transcript" id="transcript">' in html
        assert "There is no speech." in html
        assert "<h3>Transcript</h3>" in html  # ## under the section's h2
        assert 'id="no-alternative"' not in html
        assert "media-src 'self'; frame-src 'none'" in unescape(html)
        result = CliRunner().invoke(cli, ["validate", str(package)])
        assert result.exit_code == 0, result.output


def test_the_same_video_course_gives_the_same_bytes(video_course: Path) -> None:
    build(video_course)
    first = {p.name: p.read_bytes() for p in Path("out").iterdir()}
    shutil.rmtree("out")
    build(video_course)
    assert {p.name: p.read_bytes() for p in Path("out").iterdir()} == first


NO_TRANSCRIPT = (f"{C}:37: warning: recording: has neither captions nor a transcript, so "
                 "learners who cannot hear it cannot follow it; the accessibility statement "
                 "lists the gap [A101]\n    fix: add a transcript (a Markdown file), ")


@pytest.mark.parametrize(("variant", "edit", "warning"), [
    (None, None, NO_TRANSCRIPT + "or write provider_captions: true if its player shows "
                                 "captions"),
    ("video-only", None, NO_TRANSCRIPT + "captions (a WebVTT file)"),
    ("youtube", ("  title: Test", "  provider_captions: true\n  title: Test"), None),
    ("video-only", ("  file: recording.mp4", "  file: recording.mp4\n  captions: captions.vtt"),
     None),
    (None, ("  title: Watch", "  transcript: transcript.md\n  title: Watch"), None),
    ("video", ("language: en-GB", "language: cy"),
     f"{C}:10: warning: language: the player's own text (headings, buttons, messages and the "
     "accessibility statement) is in English; only the course's text is in 'cy' [L101]\n"
     "    fix: tell learners in the description that the module's controls are in English"),
], ids=["link", "video-alone", "provider-captions", "video-captions", "link-transcript",
        "welsh"])
def test_a_recording_without_captions_or_transcript_is_warned_about(
        course_copy: Path, monkeypatch: pytest.MonkeyPatch, variant: str | None,
        edit: tuple[str, str] | None, warning: str | None) -> None:
    monkeypatch.chdir(course_copy.parent.parent)
    if variant:
        set_recording(course_copy, variant)
    shutil.copy(MEDIA / "captions.vtt", course_copy)
    shutil.copy(MEDIA / "transcript.md", course_copy)
    if edit:
        course = course_copy / "course.yml"
        course.write_text(course.read_text().replace(*edit, 1))
    code, out, err = build(course_copy)
    assert code == 0 and out  # a warning, not an error: the packages are built
    assert err.splitlines() == (warning.splitlines() if warning else [])


# (case id, recording variant, text to replace in course.yml, replacement, files to
# write into the course folder, expected error lines)
CASES = [
    ("url-and-file", "video", "  file: recording.mp4",
     "  file: recording.mp4\n  url: https://youtu.be/dQw4w9WgXcQ", {},
     [f"{C}:38: recording.file: give either url or file, not both",
      f"{C}:40: recording.captions: captions go with a video file; for a url whose player "
      "shows captions, write provider_captions: true"]),
    ("neither-url-nor-file", "video", "  file: recording.mp4\n", "", {},
     [f"{C}:37: recording: needs either url (a web address) or file (a video file in the "
      "course folder)"]),
    ("provider-captions-with-file", "video", "  title: Test",
     "  provider_captions: true\n  title: Test", {},
     [f"{C}:41: recording.provider_captions: is for a url; for a video file, give its captions "
      "as a WebVTT file in captions"]),
    ("played-percent-with-url", "youtube", "  pass_mark: 80",
     "  pass_mark: 80\n  recording_played_percent: 95", {},
     [f"{C}:45: completion.recording_played_percent: applies to a video file only: the module "
      "cannot see how much of an embedded or linked recording is played, so the learner "
      "confirms they watched it"]),
    ("played-percent-zero", "video", "  pass_mark: 80",
     "  pass_mark: 80\n  recording_played_percent: 0", {},
     [f"{C}:47: completion.recording_played_percent: must be between 1 and 100, got 0"]),
    ("not-a-video-suffix", "video", "file: recording.mp4", "file: transcript.md", {},
     [f"{C}:38: recording.file: 'transcript.md' must be a .mp4 or .m4v or .webm file"]),
    ("not-really-a-video", "video", "file: recording.mp4", "file: fake.mp4",
     {"fake.mp4": b"WEBVTT\n\nnot a video at all\n"},
     [f"{C}:38: recording.file: 'fake.mp4' is not a video: its first bytes are not those of "
      "a .mp4 file"]),
    ("video-outside-course", "video", "file: recording.mp4", "file: ../../recording.mp4", {},
     [f"{C}:38: recording.file: '../../recording.mp4' lies outside the course folder"]),
    ("captions-not-webvtt", "video", "", "", {"captions.vtt": b"1\n00:00:00,000 --> "
                                              b"00:00:01,000\nAn SRT file\n"},
     [f"{C}:39: recording.captions: 'captions.vtt' is not a WebVTT file: its first line must "
      "be WEBVTT"]),
    ("captions-srt", "video", "captions: captions.vtt", "captions: captions.srt",
     {"captions.srt": b"1\n"}, [f"{C}:39: recording.captions: 'captions.srt' must be a .vtt "
                                "file"]),
    ("transcript-empty", "video", "", "", {"transcript.md": b"  \n"}, [f"{T}: is empty"]),
    ("transcript-javascript-link", "video", "", "",
     {"transcript.md": b"Said in the webinar: [see](javascript:alert(1)).\n"},
     [f"{T}:1: link 'javascript:alert(1)' is not an http(s) address; only http:// and "
      "https:// links are allowed"]),
    ("contact-email-with-headers", "video", "quiz: quiz.yml",
     "quiz: quiz.yml\naccessibility:\n  email: x?bcc=someone@example.org", {},
     [f"{C}:50: accessibility.email: 'x?bcc=someone@example.org' is not an email address such "
      "as learning@example.nhs.uk"]),
    ("contact-email", "video", "quiz: quiz.yml",
     "quiz: quiz.yml\naccessibility:\n  email: learning team", {},
     [f"{C}:50: accessibility.email: 'learning team' is not an email address such as "
      "learning@example.nhs.uk"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_recording_is_reported_exactly(case: tuple, course_copy: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _, variant, old, new, files, expected = case
    monkeypatch.chdir(course_copy.parent.parent)
    set_recording(course_copy, variant)
    course = course_copy / "course.yml"
    text = course.read_text()
    assert old in text
    course.write_text(text.replace(old, new, 1))
    for name, data in files.items():
        (course_copy / name).write_bytes(data)
    code, _, err = build(course_copy)
    assert code == 1
    assert error_lines(err)[:-1] == expected
    assert not Path("out").exists()


def statement(course: Path, standard: str = "scorm12") -> str:
    with zipfile.ZipFile(next(Path("out").glob(f"*-{standard}.zip"))) as zf:
        return zf.read("accessibility.html").decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_statement_names_the_gaps_of_a_linked_recording(course_copy: Path,
                                                            monkeypatch) -> None:
    monkeypatch.chdir(course_copy.parent.parent)
    build(course_copy)
    page = text_of(statement(course_copy))
    assert ("aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at "
            "level AA") in page
    assert "The recording is shown by example.org, on its website." in page
    assert "No captions or transcript were supplied with the recording." in page
    assert ("contact the learning and development team in your organisation that gave you "
            "access to this module") in page
    assert "last reviewed" not in page
    index = zipfile.ZipFile(next(Path("out").glob("*-scorm12.zip"))).read("index.html").decode()
    assert ('<a href="accessibility.html" target="_blank" rel="noopener">Accessibility '
            "statement (opens in a new tab)</a>") in index
    # The recording section says so too, and where to ask.
    assert re.search(r'<p class="hint" id="no-alternative">This module has no captions or '
                     r'transcript for the recording\. If you need one, <a href="accessibility'
                     r'\.html"', index)


def test_the_statement_of_a_captioned_video_with_a_contact(video_course: Path) -> None:
    course = video_course / "course.yml"
    course.write_text(course.read_text() + (
        "accessibility:\n  contact: The <b>learning</b> team\n  email: learning@example.nhs.uk\n"
        "  url: https://example.nhs.uk/learning\n  reviewed: 2026-11-20\n"))
    build(video_course, "--standard", "imscp")
    html = statement(video_course, "imscp")
    page = text_of(html)
    assert "(IMS Content Packaging 1.1.4 package)" in page
    assert "no captions" not in page and "no transcript" not in page.lower()
    assert ("The video counts as watched when 90% of it has been played. If you cannot watch "
            "it, you can read the transcript and confirm that instead.") in page
    assert "The &lt;b&gt;learning&lt;/b&gt; team, email" in html  # escaped, not markup
    assert '<a href="mailto:learning@example.nhs.uk">learning@example.nhs.uk</a>' in html
    assert '<a href="https://example.nhs.uk/learning" target="_blank"' in html
    assert "This statement was last reviewed on 20 November 2026." in page
    assert "default-src 'none'" in unescape(html) and "<script" not in html


def test_the_warning_and_the_statement_agree_for_a_video_alone(course_copy: Path,
                                                              monkeypatch) -> None:
    monkeypatch.chdir(course_copy.parent.parent)
    set_recording(course_copy, "video-only")
    build(course_copy)
    page = text_of(statement(course_copy))
    assert "The video has no captions." in page
    assert "There is no transcript of the video" in page
    assert "If you cannot watch it, ask for an alternative (see below)." in page

