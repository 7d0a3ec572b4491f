"""How recordings are shown: privacy-enhanced embeds for YouTube and Vimeo, else a link."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from lmspack.video_sites import recording_view
from tests.helpers import error_lines


@pytest.mark.parametrize(("url", "kind", "embed"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5", "youtube",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://m.youtube.com/live/dQw4w9WgXcQ", "youtube",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://player.vimeo.com/video/76979871", "vimeo",
     "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://www.youtube.com/watch?v=not-an-id", "link", None),
    ("https://www.youtube.com/channel/UC123", "link", None),
    ("https://www.nhsconfed.org/events/x", "link", None),
])
def test_recording_view(url: str, kind: str, embed: str | None) -> None:
    view = recording_view(url)
    assert (view.kind, view.embed_url) == (kind, embed)


def test_youtube_recording_is_embedded_for_lms_frames(course_copy: Path, monkeypatch) -> None:
    course = course_copy / "course.yml"
    text = course.read_text()
    url = "https://example.org/recordings/safer-handovers"
    course.write_text(text.replace(f"  url: {url}", "  url: https://youtu.be/dQw4w9WgXcQ"))
    monkeypatch.chdir(course_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}", "-o", "out"])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(next(Path("out").glob("*.zip"))) as zf:
        html = zf.read("index.html").decode()
    # player.js sets src from data-src when the learner opens the recording section
    assert ('<iframe id="embed" '
            'data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"') in html
    # Without this policy YouTube refuses to play inside LMS frames (error 153).
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in html
    assert "frame-src https://www.youtube-nocookie.com;" in html
    assert 'href="https://youtu.be/dQw4w9WgXcQ" target="_blank"' in html  # blocked networks


def test_linked_recording_allows_no_frames(course_copy: Path, monkeypatch) -> None:
    monkeypatch.chdir(course_copy.parent.parent)
    result = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}", "-o", "out"])
    assert result.exit_code == 0
    with zipfile.ZipFile(next(Path("out").glob("*.zip"))) as zf:
        html = zf.read("index.html").decode()
    assert "<iframe" not in html and "frame-src &#39;none&#39;" in html
    assert "(opens in a new tab)</a>" in html


def test_unwritable_output_is_a_clear_error(course_copy: Path, monkeypatch) -> None:
    monkeypatch.chdir(course_copy.parent.parent)
    Path("a-file").write_text("not a folder")
    result = CliRunner().invoke(cli, ["build", f"course/{course_copy.name}", "-o", "a-file/out"])
    assert result.exit_code == 1
    assert error_lines(result.stderr)[0] == "lmspack: cannot write a-file/out: Not a directory"
    assert "Traceback" not in result.output
