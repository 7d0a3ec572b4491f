"""lmspack new: a blank course and drafts from five event pages of different shapes,
with nothing invented and every drafted field marked for review."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lmspack.cli import cli
from lmspack.config import schema
from tests.conftest import ROOT
from tests.helpers import error_lines

PAGES = ROOT / "tests" / "fixtures" / "pages"

# What each page must give, and nothing else: None where the page does not say.
EXPECTED = {
    "race-equality.txt": dict(
        title="Advancing race equality by building a culture of accountability",
        summary="Find out how to build a culture of accountability which is essential to "
                "address racism and advance racial equity.",
        language="en-GB", date=dt.date(2024, 2, 5), start="13:00", end="14:30", timezone="GMT",
        audience="Open to all",
        organisers=["NHS Providers", "Local Government Association (LGA)"],
        objectives=2, url=None, duration=90, keywords=None, page=None),
    "no-bullets.txt": dict(
        title="Supporting staff wellbeing through compassionate leadership",
        language="en-GB", date=dt.date(2024, 3, 12), start="10:00", end="11:30", timezone=None,
        audience="Ward managers, matrons and team leaders in NHS trusts",
        organisers=["North East Leadership Academy"], objectives=0, url=None, duration=90,
        keywords=None, page=None),
    "several-recordings.txt": dict(
        title="Digital inclusion in primary care: webinar series",
        summary="A three-part series on making digital services work for every patient.",
        language="en-GB", date=dt.date(2023, 11, 7), start="12:30", end="13:30",
        timezone="GMT",
        audience="Practice managers, digital leads and patient participation groups",
        organisers=["Digital Inclusion Network", "Healthwatch England"], objectives=3,
        url="https://www.youtube.com/watch?v=aBcDeFgHiJ1", duration=60, keywords=None,
        page=None),
    "nhs-chrome.html": dict(
        title="Freedom to speak up: listening well",
        summary="How managers can listen to and act on concerns raised by staff.",
        language="en-GB", date=dt.date(2024, 5, 21), start="14:00", end="15:00",
        timezone="BST", audience="Line managers and team leaders",
        organisers=["NHS Example Trust"], objectives=3,
        url="https://www.youtube.com/watch?v=Zx9Yw8Vu7Ts", duration=60,
        keywords=["speaking up", "listening", "patient safety"],
        page="https://www.example-trust.nhs.uk/events/freedom-to-speak-up-listening-well"),
    "welsh.txt": dict(
        title="Gofal sy'n canolbwyntio ar yr unigolyn yn Gymraeg",
        summary="Sut i gynnig gofal yn Gymraeg heb i gleifion orfod gofyn amdano.",
        language="cy", date=dt.date(2024, 3, 14), start="13:00", end="14:00", timezone=None,
        audience="Agored i bawb", organisers=["Chomisiynydd y Gymraeg"], objectives=3,
        url="https://www.youtube.com/watch?v=Cy1mRu2Abcd", duration=60, keywords=None,
        page=None),
}


def new(tmp_path: Path, monkeypatch, *args: str):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["new", *args])


def drafted(tmp_path: Path, monkeypatch, page: str) -> Path:
    result = new(tmp_path, monkeypatch, "draft", "--from", str(PAGES / page))
    assert result.exit_code == 0, result.output
    return tmp_path / "course" / "draft"


def page_words(page: Path) -> str:
    """Everything a page says, as one lowercase line: the text of an HTML page with
    its attribute values (addresses, meta descriptions) too."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]+?(?:content|href|src)=\"([^\"]*)\"[^>]*>",
                                    r" \1 ", text))
        text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_draft_takes_each_fact_from_the_page(page: str, tmp_path: Path, monkeypatch) -> None:
    folder = drafted(tmp_path, monkeypatch, page)
    course = yaml.safe_load((folder / "course.yml").read_text())
    want = EXPECTED[page]
    assert course["id"] == "draft" and course["version"] == "1.0.0"
    for key in ("title", "language", "audience", "organisers", "keywords"):
        assert course[key] == want[key], key
    if "summary" in want:
        assert course["summary"] == want["summary"]
    event = course["event"]
    assert (event["date"], event["start"], event["end"], event["timezone"], event["page"]) == (
        want["date"], want["start"], want["end"], want["timezone"], want["page"])
    assert len(course["objectives"] or []) == want["objectives"]
    assert course["recording"]["url"] == want["url"]
    assert course["recording"]["duration_minutes"] == want["duration"]
    # Never drafted: the page cannot say these.
    assert course["licence"] is None and course["learning_time_minutes"] is None
    assert yaml.safe_load((folder / "quiz.yml").read_text())["knowledge_check"] is None


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_draft_invents_nothing(page: str, tmp_path: Path, monkeypatch) -> None:
    """Every text the draft says about the webinar is the page's own words."""
    folder = drafted(tmp_path, monkeypatch, page)
    course = yaml.safe_load((folder / "course.yml").read_text())
    said = page_words(PAGES / page)
    texts = [course["title"], course["summary"], course["audience"], course["credits"],
             course["recording"]["url"], course["recording"]["title"], course["event"]["page"],
             *course["organisers"], *(course["objectives"] or []), *(course["keywords"] or [])]
    for text in filter(None, texts):
        assert re.sub(r"\s+", " ", text).lower() in said, text
    description = (folder / "description.md").read_text()
    for line in description.splitlines():
        body = re.sub(r"\\(.)", r"\1", re.sub(r"^(## |- )", "", line))
        if body and not body.startswith("<!--"):
            assert body.lower() in said, line


def test_several_recordings_are_all_listed_for_the_author(tmp_path: Path, monkeypatch) -> None:
    folder = drafted(tmp_path, monkeypatch, "several-recordings.txt")
    text = (folder / "course.yml").read_text()
    marker = next(line for line in text.splitlines() if "3 recordings" in line)
    for url in ("https://www.youtube.com/watch?v=aBcDeFgHiJ1", "https://vimeo.com/123456789",
                "https://www.youtube.com/watch?v=aBcDeFgHiJ3"):
        assert url in marker
    assert yaml.safe_load(text)["recording"]["title"] == "Part 1: Understanding digital exclusion"


def test_html_chrome_is_left_out(tmp_path: Path, monkeypatch) -> None:
    folder = drafted(tmp_path, monkeypatch, "nhs-chrome.html")
    everything = "\n".join(p.read_text() for p in folder.iterdir()).lower()
    for chrome in ("cookie", "skip to main", "about us", "related events", "civility",
                   "privacy", "search", "home", "datalayer"):
        assert chrome not in everything, chrome
    assert "## What we covered" in (folder / "description.md").read_text()


def test_page_without_a_recording_address_says_so(tmp_path: Path, monkeypatch) -> None:
    """The seed's saved text says 'Watch the webinar recording' without an address."""
    result = new(tmp_path, monkeypatch, "race", "--from", str(PAGES / "race-equality.txt"))
    assert ("course/race/course.yml:88: recording.url: marked for review: the page mentions a "
            "recording but the saved page does not give its address") in result.output


def test_blank_course_has_every_field_commented(tmp_path: Path, monkeypatch) -> None:
    result = new(tmp_path, monkeypatch, "my-webinar")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "course" / "my-webinar"
    assert sorted(p.name for p in folder.iterdir()) == ["course.yml", "description.md",
                                                        "quiz.yml"]
    lines = (folder / "course.yml").read_text().splitlines()
    keys = {m.group(1): i for i, line in enumerate(lines)
            if (m := re.match(r"^([a-z_]+):", line))}
    for name, option in schema.COURSE.fields.items():
        if not option.required and name not in keys:  # optional: shown commented out
            assert f"# {name}:" in lines, name
            continue
        above = lines[keys[name] - 1]
        assert above.lstrip().startswith("#"), f"{name} has no comment: {above!r}"
    for name, option in schema.COURSE.fields["event"].fields.items():
        assert option.help.split()[0] in "\n".join(lines), name
    quiz = (folder / "quiz.yml").read_text()
    for name in schema.QUIZ.fields:
        assert f"# {schema.QUIZ.fields[name].help}" in quiz


def test_build_refuses_markers_until_removed(tmp_path: Path, monkeypatch) -> None:
    """A draft completed by its author still cannot build while markers remain;
    --draft builds it with each marker as a warning; without markers it builds clean."""
    folder = drafted(tmp_path, monkeypatch, "nhs-chrome.html")
    course = folder / "course.yml"
    text = course.read_text()
    for empty, value in (("licence:\n", "licence: Example licence.\n"),
                         ("learning_time_minutes:\n", "learning_time_minutes: 80\n")):
        text = text.replace(empty, value, 1)
    course.write_text(text)
    quiz = folder / "quiz.yml"
    quiz.write_text(quiz.read_text().replace("knowledge_check:\n", (
        "knowledge_check:\n  - id: q\n    type: true-false\n    question: Is it?\n"
        "    correct: true\n    feedback:\n      true: 'Yes.'\n      false: 'No.'\n")))
    markers = [line for path in sorted(folder.iterdir())
               for line in path.read_text().splitlines()
               if re.match(r"\s*(# |<!-- )REVIEW:", line)]
    assert len(markers) >= 20

    runner = CliRunner()
    refused = runner.invoke(cli, ["build", "course/draft", "-o", "out"])
    assert refused.exit_code == 1 and not Path("out").exists()
    reported = error_lines(refused.stderr)
    assert all(": marked for review: " in line for line in reported[:-1]), reported
    assert len(reported) - 1 == len(markers)
    assert "course/draft/course.yml:15: title: marked for review: from the page's heading" in (
        reported)
    assert "course/draft/quiz.yml:31: knowledge_check: marked for review: write 3-5 questions " \
           "whose answers are on the event page, with feedback on every option" in reported
    assert reported[-1] == (f"lmspack: {len(markers)} problems ({len(markers)} marked for "
                            "review: check each, then delete its REVIEW marker; or build with "
                            "--draft); nothing was written.")

    drafted_build = runner.invoke(cli, ["build", "--draft", "course/draft", "-o", "out",
                                        "-s", "scorm12"])
    assert drafted_build.exit_code == 0, drafted_build.output
    assert drafted_build.stderr.count(": warning: ") >= len(markers)
    page = next(Path("out").glob("*.zip"))
    import zipfile
    index = zipfile.ZipFile(page).read("index.html").decode()
    assert "REVIEW" not in index  # the description's marker comment is not shown

    for path in folder.iterdir():
        path.write_text("\n".join(line for line in path.read_text().splitlines()
                                  if not re.match(r"\s*(# |<!-- )REVIEW:", line)) + "\n")
    clean = runner.invoke(cli, ["build", "course/draft", "-o", "out2"])
    assert clean.exit_code == 0, clean.output
    assert "marked for review" not in clean.output


@pytest.mark.parametrize("args, message", [
    (["Bad Slug"], "'Bad Slug' is not a valid id"),
    (["x", "--from", "missing.txt"], "'missing.txt' does not exist"),
])
def test_bad_arguments(args: list[str], message: str, tmp_path: Path, monkeypatch) -> None:
    result = new(tmp_path, monkeypatch, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "course").exists()


def test_existing_folder_is_not_touched(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "course" / "x").mkdir(parents=True)
    (tmp_path / "course" / "x" / "course.yml").write_text("mine\n")
    result = new(tmp_path, monkeypatch, "x")
    assert result.exit_code == 2
    assert "course/x already exists; choose another SLUG" in result.stderr
    assert (tmp_path / "course" / "x" / "course.yml").read_text() == "mine\n"


def test_page_that_is_not_utf8(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "page.txt").write_bytes(b"Caf\xe9 webinar\n")
    result = new(tmp_path, monkeypatch, "x", "--from", "page.txt")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == ("page.txt: is not UTF-8 text (invalid continuation byte at byte 3);"
                             " save the page as UTF-8\n")
    assert not (tmp_path / "course").exists()


def test_written_values_read_back_exactly(tmp_path: Path, monkeypatch) -> None:
    """The writer's quoting survives YAML: awkward text comes back as it went in."""
    from lmspack.draft.writer import yaml_value

    for text in ["yes", "13:00", "1.0", "a: b", "# not a comment", "- dash", "'quoted'",
                 "x " * 60 + "end", "Café: 5 # and more", "null", "[list]"]:
        assert yaml.safe_load("k:" + yaml_value(text, 0)) == {"k": text}, text


def draft_html(tmp_path: Path, monkeypatch, body: str, head: str = "") -> dict:
    (tmp_path / "page.html").write_bytes(
        f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode())
    result = new(tmp_path, monkeypatch, "p", "--from", "page.html")
    assert result.exit_code == 0, result.output
    return yaml.safe_load((tmp_path / "course" / "p" / "course.yml").read_text())


def test_html_without_a_charset_is_read_as_utf8(tmp_path: Path, monkeypatch) -> None:
    course = draft_html(tmp_path, monkeypatch, "<main><h1>Sam’s webinar — café</h1></main>")
    assert course["title"] == "Sam’s webinar — café"


def test_html_words_stay_apart_and_article_headers_stay(tmp_path: Path, monkeypatch) -> None:
    course = draft_html(tmp_path, monkeypatch, (
        "<header class='site-header'><a href='/'>Home</a></header>"
        "<main><article><header class='hero-banner'><h1>Discharge webinar</h1>"
        "<p>Held on 3 June 2024, 10:00 - 11:00.</p><p>Hosted by NHS Example Trust.</p>"
        "</header><p>It explains<br>discharge planning.</p><p>This webinar covered:</p>"
        "<ul><li><p>Discharge</p><p>planning basics</p></li></ul>"
        "<p><a href='https://www.youtube.com/@nhsexample'>Our channel</a></p>"
        "<p>Sections 1.15 - 2.30 of the guidance.</p></article></main>"))
    assert course["title"] == "Discharge webinar"
    assert course["organisers"] == ["NHS Example Trust"]
    assert course["event"]["date"] == dt.date(2024, 6, 3)
    assert (course["event"]["start"], course["event"]["end"]) == ("10:00", "11:00")
    assert course["objectives"] == ["Discharge planning basics"]
    assert course["recording"]["url"] is None  # a channel is not a recording
    assert "explains discharge" in (tmp_path / "course" / "p" / "description.md").read_text()


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00\x01\x02 title\n", "page.txt: is not a saved web page: it contains the control "
                              "character U+0000"),
    (b"\n\n  \n", "page.txt: has no text to draft a course from"),
], ids=["binary", "empty"])
def test_pages_that_cannot_be_drafted(content: bytes, message: str, tmp_path: Path,
                                      monkeypatch) -> None:
    (tmp_path / "page.txt").write_bytes(content)
    result = new(tmp_path, monkeypatch, "x", "--from", "page.txt")
    assert result.exit_code == 1 and result.stderr == message + "\n"
    assert not (tmp_path / "course").exists()


def test_a_marker_over_several_lines_still_stops_the_build(tmp_path: Path,
                                                           monkeypatch) -> None:
    folder = drafted(tmp_path, monkeypatch, "nhs-chrome.html")
    description = folder / "description.md"
    text = description.read_text().replace("REVIEW: the event page's text,",
                                           "REVIEW: the event page's\ntext,")
    description.write_text(text)
    from lmspack.render import markdown
    from lmspack.structure.review import find_markers

    assert any(m.file.endswith("description.md") and "the event page's text" in m.message
               for m in find_markers(folder))
    assert "REVIEW" not in markdown.render(text)


def test_new_says_what_to_do_first(tmp_path: Path, monkeypatch) -> None:
    """A fresh draft's required fields are empty, so preview could only list problems:
    the last lines send the author to the markers and `lmspack check` first."""
    result = new(tmp_path, monkeypatch, "draft", "--from", str(PAGES / "race-equality.txt"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-4:] == [
        "Next:",
        "  1. Check or write each field marked REVIEW, then delete its marker.",
        "  2. Run `lmspack check course/draft` and fix what it lists, until it reports no "
        "errors.",
        "  3. Then `lmspack preview course/draft` shows the module as a learner sees it."]


def test_a_statement_in_the_covered_list_is_no_objective(tmp_path: Path, monkeypatch) -> None:
    """The seed's third 'covered' point says something ("... is important on multiple
    levels.") rather than naming a topic: it stays in the description, not objectives."""
    result = new(tmp_path, monkeypatch, "race", "--from", str(PAGES / "race-equality.txt"))
    folder = tmp_path / "course" / "race"
    course = yaml.safe_load((folder / "course.yml").read_text())
    assert [o.split(" ", 3)[:3] for o in course["objectives"]] == [
        ["How", "to", "support"], ["Ideas", "and", "insights"]]
    assert ("objectives: marked for review: drafted from the points the page says were "
            "covered: rewrite each to start with a measurable verb (lmspack check); 1 point "
            "the page lists is a statement, not an objective, and was left out: 'Taking a "
            "whole systems approach to addressing race inequalit...'") in result.output
    assert "Taking a whole systems approach" in (folder / "description.md").read_text()


@pytest.mark.parametrize(("point", "kept"), [
    ("how to listen to a concern without judging it", True),
    ("what digital exclusion looks like in a practice population", True),
    ("why it matters that everyone is heard", True),
    ("Taking a whole systems approach is important on multiple levels.", False),
    ("Evidence shows that fair treatment of staff is linked to better care.", False),
    ("the barriers that stop staff from speaking up", True),
    ("what to do after someone has spoken up, including giving feedback", True),
    ("The partnership has delivered free support for systems.", False),
    ("pam mae iaith yn rhan o ofal diogel ac urddasol", True),
])
def test_which_points_read_as_objectives(point: str, kept: bool) -> None:
    from lmspack.draft.facts import _covered
    from lmspack.draft.page import Block

    blocks = [Block("para", "This webinar covered:"), Block("item", point)]
    points, statements = _covered(blocks)
    assert (len(points), len(statements)) == ((1, 0) if kept else (0, 1))


def test_organisers_partnered_by_the_publisher(tmp_path: Path, monkeypatch) -> None:
    """'In partnership with' names partners only: the host is the page's publisher,
    drafted from the site's name where the page gives it, and asked for where not."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en-GB"><head><meta property="og:site_name" '
        'content="NHS Confederation"></head><body><main><h1>Advancing race equality</h1>'
        "<p>This webinar was held in partnership with NHS Providers and the Local Government "
        "Association (LGA).</p></main></body></html>")
    result = new(tmp_path, monkeypatch, "race", "--from", str(page))
    course = yaml.safe_load((tmp_path / "course" / "race" / "course.yml").read_text())
    assert course["organisers"] == ["NHS Confederation", "NHS Providers",
                                    "Local Government Association (LGA)"]
    assert "organisers: marked for review: the site that published the page, then the " \
           "partners it names" in result.output
    result = new(tmp_path, monkeypatch, "text", "--from", str(PAGES / "race-equality.txt"))
    assert "the organisation they partnered, the page's publisher, is not named in the " \
           "saved text: add it" in result.output
