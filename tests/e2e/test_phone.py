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
