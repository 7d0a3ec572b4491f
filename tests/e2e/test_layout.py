"""Layout at every width a learner may use: a desktop (1280), a phone (360) and 400%
zoom (1280x1024 CSS pixels at 400% is a 320x256 viewport, WCAG 1.4.10's reflow
case). Nothing scrolls sideways, every control is at least 24 by 24 CSS pixels
(WCAG 2.5.8; links inside a sentence are exempt), and each page is photographed
at 1280 and 360 into tests/artifacts/ for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.learner import REFLECTIONS, RIGHT, Learner

pytestmark = pytest.mark.browser
VIEWPORTS = {1280: 900, 360: 640, 320: 256}
SCREENSHOTS = (1280, 360)

# Controls smaller than 24x24 CSS pixels, other than links inside a line of text.
SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, video')).flatMap(el => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest('[hidden]')) { return []; }
    if (el.classList.contains('skip-link') && document.activeElement !== el) { return []; }
    const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline' &&
        el.parentElement.textContent.trim() !== el.textContent.trim();
    if (inline || (r.width >= 24 && r.height >= 24)) { return []; }
    return [`${el.tagName}#${el.id || el.textContent.trim().slice(0, 30)} ` +
            `${Math.round(r.width)}x${Math.round(r.height)}`];
})"""


def photograph(page: Any, width: int, name: str) -> None:
    if width in SCREENSHOTS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def measure(page: Any, width: int, name: str, found: dict) -> None:
    found[name] = {"scroll": page.evaluate("document.documentElement.scrollWidth"),
                   "small": page.evaluate(SMALL_TARGETS)}
    photograph(page, width, name)


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_every_page_fits_and_every_control_is_big_enough(browser: Any, site: Any,
                                                         width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": VIEWPORTS[width]},
                                  has_touch=width < 1000)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    learner = Learner(page)
    found: dict[str, dict] = {}
    measure(page, width, "overview", found)
    learner.go("recording")
    measure(page, width, "recording", found)
    learner.watch()
    learner.go("reflect")
    measure(page, width, "reflect", found)
    learner.reflect({r: "A considered reflection. " * 8 for r in REFLECTIONS})
    learner.go("check")
    page.locator("#check-submit").click()
    measure(page, width, "check-errors", found)
    learner.answer(RIGHT)
    measure(page, width, "check-feedback", found)
    learner.go("summary")
    measure(page, width, "summary", found)
    page.goto(site.origin + "/package/accessibility.html")
    measure(page, width, "accessibility-statement", found)
    context.close()
    assert {name: f for name, f in found.items() if f["scroll"] > width or f["small"]} == {}


@pytest.mark.parametrize("recording", ["video", "youtube"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_each_kind_of_recording_fits(browser: Any, site: Any, width: int, recording: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": VIEWPORTS[width]})
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    Learner(page).go("recording")
    if recording == "video":
        page.locator("#transcript summary").click()
    found: dict[str, dict] = {}
    measure(page, width, f"recording-{recording}", found)
    context.close()
    assert found[f"recording-{recording}"] == {"scroll": width, "small": []}
