"""axe-core (WCAG 2.2 A and AA rules) on every section and state of the player."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import HERE
from tests.e2e.learner import COURSE, REFLECTIONS, RIGHT, Learner, wrong_answers

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


@pytest.mark.parametrize("recording", ["video", "youtube"])
def test_each_kind_of_recording_has_no_violations(page: Any, recording: str) -> None:
    Learner(page).go("recording")
    if recording == "video":
        page.locator("#transcript summary").click()
    assert violations(page) == []


def test_the_accessibility_statement_has_no_violations(page: Any, site: Any) -> None:
    page.goto(site.origin + "/package/accessibility.html")
    assert page.locator("h1").text_content() == "Accessibility statement"
    assert violations(page) == []


def test_errors_are_announced_and_tied_to_their_fields(page: Any) -> None:
    learner = Learner(page)
    learner.go("check")
    page.locator("#check-submit").click()
    summary = page.locator("#check-errors")
    assert summary.get_attribute("role") == "alert"
    assert summary.evaluate("el => el === document.activeElement")
    for n, q in enumerate(COURSE.questions, 1):
        group = page.locator(f"#question-{q.id}")
        described = group.get_attribute("aria-describedby").split()
        assert f"error-{q.id}" in described
        assert page.locator(f"#error-{q.id}").text_content() == f"Answer question {n}."
        assert page.locator(f"#error-{q.id}").is_visible()
    first = COURSE.questions[0]
    page.locator(f"#{first.id}--{first.options[0].id}").check()
    assert page.locator(f"#question-{first.id}").get_attribute("aria-describedby") is None
    assert not page.locator(f"#error-{first.id}").is_visible()


MOVING = """() => Array.from(document.querySelectorAll('*')).flatMap(el => {
    const s = getComputedStyle(el);
    const moving = s.animationName !== 'none' ||
        s.transitionDuration.split(',').some(d => parseFloat(d) > 0);
    return moving ? [el.tagName + (el.id ? '#' + el.id : '')] : [];
})"""


def test_nothing_moves_when_the_learner_asks_for_reduced_motion(browser: Any, site: Any) -> None:
    context = browser.new_context(reduced_motion="reduce", bypass_csp=True)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    # Motion someone might add later, say a sliding transition on every button:
    page.add_style_tag(content=".button { transition: transform 0.3s; }")
    learner = Learner(page)
    for section in ("overview", "recording", "reflect", "check", "summary"):
        learner.go(section)
        assert page.evaluate(MOVING) == [], section
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()


def test_the_motion_check_can_fail(browser: Any, site: Any) -> None:
    context = browser.new_context(reduced_motion="no-preference", bypass_csp=True)
    page = context.new_page()
    page.goto(site.origin + "/package/index.html")
    page.add_style_tag(content=".button { transition: transform 0.3s; }")
    assert "BUTTON#next" in page.evaluate(MOVING)
    context.close()


CONTRAST_JS = """el => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  const lum = (c) => { const [r, g, b] = rgb(c); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = el, colour = 'rgba(0, 0, 0, 0)';
  while (bg && (colour = getComputedStyle(bg).backgroundColor) === 'rgba(0, 0, 0, 0)') {
    bg = bg.parentElement;
  }
  const a = lum(getComputedStyle(el).color), b = lum(colour);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_chosen_answers_stay_readable_and_marked_after_submitting(page: Any) -> None:
    learner = Learner(page)
    learner.answer(RIGHT)
    for qid, options in RIGHT.items():
        for option in options:
            label = page.locator(f'label[for="{qid}--{option}"]')
            assert label.evaluate(CONTRAST_JS) >= 4.5
            # More than colour: the chosen answer is bold, with a bar, and says so in words.
            assert int(label.evaluate("el => getComputedStyle(el).fontWeight")) >= 700
            assert page.locator(f"#{qid}--{option}").evaluate(
                "el => el.parentNode.classList.contains('choice--chosen')")
            assert page.locator(f"#feedback-{qid}--{option}").text_content().startswith(
                "Your answer")
    others = page.locator(".choice:not(.choice--chosen) label").first
    assert int(others.evaluate("el => getComputedStyle(el).fontWeight")) < 700
    assert others.evaluate(CONTRAST_JS) >= 4.5


def test_the_contrast_measure_can_fail(page: Any) -> None:
    page.evaluate("document.querySelector('label').style.color = '#d8dde0'")
    assert page.locator("label").first.evaluate(CONTRAST_JS) < 4.5


def test_no_text_of_the_page_repeats_the_author(page: Any) -> None:
    body = page.locator("body")
    assert page.locator("#overview h3", has_text="About the webinar").count() <= 1
    learner = Learner(page)
    learner.answer(RIGHT)
    text = body.inner_text().lower()
    assert "select all that apply. (select all that apply)" not in text
    assert "select all that apply" in text  # the seed's own wording stays
    assert "which is correct: correct." not in text
    assert "Your answer: Correct." in body.inner_text()
