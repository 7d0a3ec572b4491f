"""The reflection record on the summary: what it holds, the file the learner downloads,
the printed record (one or two A4 pages), after a relaunch, and with no LMS."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.learner import COURSE, REFLECTIONS, RIGHT, WELSH, Learner, relaunch_seed

pytestmark = pytest.mark.browser
ACTION = next(r for r in COURSE.reflections if r.action)
TEXTS = {r.id: (f"My reflection on {r.id}. " + "I will listen and act. " * 20).strip()
         for r in COURSE.reflections}
TEXTS[REFLECTIONS[0]] = WELSH


def today() -> str:
    d = dt.date.today()
    return f"{d.day} {d:%B %Y}"


def complete(learner: Learner) -> None:
    learner.watch()
    learner.reflect(TEXTS, confidence=4)
    learner.answer(RIGHT)
    learner.go("summary")


def download(page: Any, ui: Any) -> tuple[str, str]:
    with page.expect_download() as info:
        ui.locator("#download-record").click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_text(encoding="utf-8")


def check_record_text(text: str, learner_name: str | None) -> None:
    assert text.startswith("Reflection record\n=================\n")
    assert f"Module: {COURSE.title} (version {COURSE.version})" in text
    assert "Webinar: 5 February 2024, 13:00 to 14:30 GMT; organised by NHS Confederation" in text
    assert ("Learner: " + learner_name in text) if learner_name else "Learner:" not in text
    assert f"Completed: {today()}" in text
    assert "Recording: Watched." in text
    for objective in COURSE.objectives:
        assert f"- {objective}" in text
    for r in COURSE.reflections:  # every answer in full, line breaks and all
        assert f"{r.prompt}\n{TEXTS[r.id]}\n" in text
    assert f"My action\n---------\n{ACTION.prompt}\n{TEXTS[ACTION.id]}" in text
    assert f"{COURSE.confidence.prompt}\n4 out of 5 (" in text
    assert "Knowledge check: 5 of 5 correct (100%). The pass mark is 80%: passed." in text


def test_record_in_the_lms_and_its_download(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    complete(Learner(s.sco))
    record = s.sco.locator("#record")
    assert s.sco.locator("#record-learner").text_content() == "Learner, Test"
    assert s.sco.locator("#record-completed").text_content() == today()
    assert s.sco.locator("#record-action dd").text_content() == TEXTS[ACTION.id]
    assert record.locator(".record__objectives li").count() == len(COURSE.objectives)
    name, text = download(s.page, s.sco)
    assert name == f"reflection-record-{COURSE.id}-{dt.date.today().isoformat()}.txt"
    check_record_text(text, "Learner, Test")
    # Finishing ends the LMS session; the record can still be saved afterwards.
    s.sco.locator("#finish").click()
    assert download(s.page, s.sco)[1] == text


def test_record_comes_back_on_relaunch(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    complete(Learner(s.sco))
    s.closed()
    again = open_lms(relaunch_seed(s.cmi()))
    again.started()
    again.sco.locator("#summary-heading").wait_for()  # resumes on the summary
    assert again.sco.locator("#record-completed").text_content() == today()
    check_record_text(download(again.page, again.sco)[1], "Learner, Test")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_record_without_an_lms_prints_on_two_pages_at_most(browser: Any, site: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    complete(Learner(page))
    _, text = download(page, page)
    check_record_text(text, None)
    page.emulate_media(media="print")
    visible = {sel: page.locator(sel).is_visible() for sel in (
        "#record", ".masthead", ".steps", "#summary-status", ".page-title", ".pager",
        "#download-record", ".footer")}
    assert visible == {"#record": True, ".masthead": False, ".steps": False,
                       "#summary-status": False, ".page-title": False, ".pager": False,
                       "#download-record": False, ".footer": False}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "record-print.png"), full_page=True)
    pdf = page.pdf(format="A4", path=str(ARTIFACTS / "record.pdf"))
    assert pdf_pages(pdf) <= 2
    # The longest answers SCORM 1.2 keeps still fit two pages.
    page.emulate_media(media="screen")
    budget = page.evaluate("JSON.parse(document.getElementById('course-data').textContent)"
                           ".limits.reflection")
    Learner(page).reflect({r: ("Words of a considered answer. " * 60)[:budget]
                           for r in REFLECTIONS})
    Learner(page).go("summary")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4", path=str(ARTIFACTS / "record-longest.pdf"))) <= 2
    context.close()


def test_a_pass_from_before_the_date_was_kept(open_lms: Any) -> None:
    """A learner who passed with an earlier version (no date in the saved state) is not
    given today's date as the day they completed it."""
    state = {"v": 1, "p": 4, "w": 1, "r": {r: "Saved" for r in REFLECTIONS}, "c": 4,
             "a": {q.id: [next(i for i, o in enumerate(q.options) if o.correct)]
                   for q in COURSE.questions if q.type != "multiple-choice"}, "s": 0, "x": {}}
    s = open_lms({"core": {"entry": "resume", "lesson_status": "passed"},
                  "suspend_data": json.dumps(state)})
    s.started()
    assert s.sco.locator("#record-completed").text_content() == (
        "Yes (the date was not recorded).")
    s.closed()
    assert "f" not in json.loads(s.cmi()["suspend_data"])
