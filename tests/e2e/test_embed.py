"""An embedded recording on a network that blocks the video site: the learner sees
a link and a plain explanation, and can still complete the module."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.learner import REFLECTIONS, RIGHT, Learner

pytestmark = pytest.mark.browser


@pytest.fixture
def recording() -> str:
    return "youtube"


def test_a_blocked_embed_still_lets_the_learner_complete(open_lms: Any) -> None:
    s = open_lms()  # the test LMS refuses every other host, YouTube included
    s.started()
    learner = Learner(s.sco)
    learner.go("reflect")
    assert s.external == []  # YouTube hears nothing until the learner opens the recording
    learner.go("recording")
    s.sco.locator("#embed").wait_for()
    for _ in range(50):  # the frame's request reaches the test LMS's firewall soon after
        if s.external:
            break
        s.page.wait_for_timeout(100)
    assert s.external and all(u.startswith("https://www.youtube-nocookie.com/embed/")
                              for u in s.external)
    help_text = s.sco.locator("#embed-help")
    assert help_text.is_visible()
    assert "some networks, such as those of many NHS organisations, block video sites" in (
        help_text.text_content())
    link = help_text.locator("a")
    assert link.get_attribute("href") == "https://youtu.be/dQw4w9WgXcQ"
    assert link.get_attribute("target") == "_blank"
    assert s.sco.locator("#embed").get_attribute("referrerpolicy") == (
        "strict-origin-when-cross-origin")
    learner.watch()
    learner.reflect({r: "A reflection" for r in REFLECTIONS})
    learner.answer(RIGHT)
    learner.finish()
    assert s.cmi()["core"]["lesson_status"] == "passed"


def frame_page(browser: Any, site: Any, youtube: Any) -> Any:
    context = browser.new_context()
    context.clock.install()
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(site.origin) else route.abort())
    context.route("https://www.youtube-nocookie.com/**", youtube)  # the later route wins
    page = context.new_page()
    # A frame that never loads holds up the page's load event, as it would in a browser.
    page.goto(site.origin + "/package/index.html", wait_until="domcontentloaded")
    Learner(page).go("recording")
    return page


def test_an_embed_that_never_loads_gets_a_notice(browser: Any, site: Any) -> None:
    """A firewall that drops the connection: the frame never loads."""
    page = frame_page(browser, site, lambda route: None)  # never answered
    notice = page.locator("#embed-slow")
    assert not notice.is_visible()
    page.clock.run_for(16_000)
    assert notice.is_visible()
    assert notice.text_content() == (
        "The video has not loaded. Your network may block YouTube: open the recording in a "
        "new tab with the link above, or watch it on another device.")
    page.context.close()


def test_an_embed_that_loads_gets_no_notice(browser: Any, site: Any) -> None:
    page = frame_page(browser, site, lambda route: route.fulfill(
        status=200, content_type="text/html", body="<p>A video player</p>"))
    page.frame_locator("#embed").locator("p").wait_for(state="attached")
    page.clock.run_for(16_000)
    assert not page.locator("#embed-slow").is_visible()
    page.context.close()
