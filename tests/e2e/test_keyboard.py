"""A learner who uses only the keyboard completes the whole module: Tab and Shift+Tab to
move, Space and Enter to act (and the arrow keys inside a radio group, as browsers
make radio groups one Tab stop)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.learner import REFLECTIONS

pytestmark = pytest.mark.browser


def focused(page: Any) -> str:
    return page.evaluate("() => { const e = document.activeElement; "
                         "return e.id || e.getAttribute('data-nav') || e.tagName; }")


def tab_to(page: Any, target: str, back: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element with this id (or data-nav) has focus."""
    for _ in range(limit):
        if focused(page) == target:
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{target} cannot be reached with the keyboard; stuck at {focused(page)}")


def test_keyboard_only_learner_completes_the_module(open_lms: Any) -> None:
    s = open_lms(path="/package/index.html")
    page = s.page
    keys = page.keyboard
    keys.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    tab_to(page, "next")
    keys.press("Enter")
    assert focused(page) == "recording-heading"  # focus follows the new section
    tab_to(page, "watched")
    keys.press("Space")
    assert page.locator("#watched").is_checked()
    tab_to(page, "next")
    keys.press("Enter")
    assert focused(page) == "reflect-heading"
    for rid in REFLECTIONS:
        tab_to(page, f"reflection-{rid}")
        keys.type("Written with the keyboard only")
    tab_to(page, "confidence-1")
    keys.press("ArrowRight")  # within the radio group: the second point
    assert page.locator("#confidence-2").is_checked()
    tab_to(page, "check", back=True)  # back up to the section list
    keys.press("Enter")
    assert focused(page) == "check-heading"
    choices = ["whose-responsibility--all-leaders", "levels-of-focus--system",
               "levels-of-focus--place", "levels-of-focus--neighbourhood",
               "fair-treatment-and-care--true", "great-place-to-work--great-place-to-work"]
    for option in choices:
        tab_to(page, option)
        keys.press("Space")
    tab_to(page, "culture-change-pace--true")
    keys.press("ArrowDown")  # false is the right answer
    assert page.locator("#culture-change-pace--false").is_checked()
    tab_to(page, "check-submit")
    keys.press("Enter")
    assert "You answered 5 of 5 questions correctly" in page.locator(
        "#check-result").text_content()
    tab_to(page, "next")
    keys.press("Enter")
    assert focused(page) == "summary-heading"
    tab_to(page, "finish")
    keys.press("Enter")
    assert "You have completed this module and passed" in page.locator(
        "#summary-status").text_content()
    assert "Nothing was sent anywhere" in page.locator("#finish-status").text_content()
    assert s.errors == []
