"""A phone: 360x640 CSS pixels with touch, as the Moodle app's web view shows SCORM.
Every section fits the width (no sideways scrolling) and the module completes by tapping."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.learner import REFLECTIONS, RIGHT

pytestmark = pytest.mark.browser
SECTIONS = ["overview", "recording", "reflect", "check", "summary"]


def test_completes_on_a_phone_without_sideways_scrolling(browser: Any, site: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    widths = {}
    for section in SECTIONS:
        page.locator(f'[data-nav="{section}"]').tap()
        page.locator(f"#{section}-heading").wait_for(state="visible")
        if section == "recording":
            page.locator("#watched").tap()
        if section == "reflect":
            for rid in REFLECTIONS:
                page.locator(f"#reflection-{rid}").fill("Typed on a phone")
            page.locator("#confidence-3").tap()
        if section == "check":
            for qid, options in RIGHT.items():
                for option in options:
                    page.locator(f"#{qid}--{option}").tap()
            page.locator("#check-submit").tap()
        widths[section] = page.evaluate("() => document.documentElement.scrollWidth")
        page.screenshot(path=str(ARTIFACTS / f"phone-{section}.png"), full_page=True)
    assert widths == {section: 360 for section in SECTIONS}
    assert "You have completed this module and passed" in page.locator(
        "#summary-status").text_content()
    context.close()


def test_the_section_list_is_one_row_on_a_phone(browser: Any, site: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    page.locator('[data-nav="recording"]').tap()
    page.locator("#watched").tap()
    nav = page.locator("nav.steps").bounding_box()
    boxes = [page.locator(f'[data-nav="{s}"]').bounding_box() for s in SECTIONS]
    assert nav["height"] < 70, nav  # one row of 44 px targets and its margin, not four rows
    assert len({round(b["y"]) for b in boxes}) == 1, boxes
    assert all(b["width"] >= 24 and b["height"] >= 24 for b in boxes), boxes
    # Each link keeps its whole label as its name, and a section done says so in words.
    assert page.locator('[data-nav="recording"]').text_content().endswith("(done)")
    assert not page.locator('[data-nav="reflect"]').text_content().endswith("(done)")
    assert page.locator('[data-nav="recording"] .steps__label').evaluate(
        "el => getComputedStyle(el).width") == "1px"
    context.close()
