"""axe-core (WCAG 2.2 A and AA rules) on every section and state of the player."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import HERE
from tests.e2e.learner import REFLECTIONS, RIGHT, Learner, wrong_answers

pytestmark = pytest.mark.browser
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def page(browser: Any, site: Any) -> Iterator[Any]:
    # The page's CSP allows only its own scripts; axe is injected for the test alone.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    yield page
    context.close()


def violations(page: Any) -> list[str]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                          ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' + "
                          "v.nodes.map(n => n.target.join(' ')).join(', ')))", TAGS)
    return found


def test_every_section_and_state_has_no_violations(page: Any) -> None:
    learner = Learner(page)
    seen = {}
    seen["overview"] = violations(page)
    learner.go("recording")
    seen["recording"] = violations(page)
    learner.go("reflect")
    seen["reflect"] = violations(page)
    learner.reflect({r: "A reflection" for r in REFLECTIONS})
    seen["reflect-answered"] = violations(page)
    learner.go("check")
    page.locator("#check-submit").click()  # nothing answered: errors shown
    seen["check-errors"] = violations(page)
    learner.answer(wrong_answers("whose-responsibility", "great-place-to-work"))
    seen["check-feedback-failed"] = violations(page)
    page.locator("#check-retry").click()
    learner.answer(RIGHT)
    seen["check-feedback-passed"] = violations(page)
    learner.go("summary")
    seen["summary"] = violations(page)
    assert {state: v for state, v in seen.items() if v} == {}


def test_axe_does_find_violations(page: Any) -> None:
    """The check above can fail: a label removed is a violation axe reports."""
    page.evaluate("() => document.querySelector('label[for=watched]').remove()")
    Learner(page).go("recording")
    assert any(v.startswith("label: ") for v in violations(page))
