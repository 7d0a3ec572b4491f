"""Behind a strict firewall: over a whole run the package asks for nothing but its own
files and the video provider its course names, and its Content-Security-Policy
says the same to the browser."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.learner import REFLECTIONS, RIGHT, Learner, play

pytestmark = pytest.mark.browser
# The hosts each variant of the seed course may reach besides the LMS's own.
PROVIDERS = {None: set(), "video": set(), "youtube": {"www.youtube-nocookie.com"}}


class Recorder:
    """Every request a browser context makes, from every page and frame; anything
    not from the test LMS is refused, as a firewall would."""

    def __init__(self, browser: Any, site: Any, bypass_csp: bool = False):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           accept_downloads=True, bypass_csp=bypass_csp)
        self.urls: list[str] = []  # every request the pages started
        self.sent: list[str] = []  # those that got past the browser's own policy checks
        self.context.on("request", lambda r: self.urls.append(r.url))
        self.context.route("**/*", self.firewall)
        self.page = self.context.new_page()
        self.origin = site.origin

    def firewall(self, route: Any) -> None:
        self.sent.append(route.request.url)
        if route.request.url.startswith(self.origin):
            route.continue_()
        else:
            route.abort()

    def hosts(self) -> set[str]:
        """The hosts asked for other than the LMS (data: URLs are not requests)."""
        return {urlsplit(u).hostname or u for u in self.urls
                if not u.startswith((self.origin, "data:", "blob:", "about:"))}


def complete_everything(r: Recorder, recording: str | None) -> None:
    """A whole run, touching every feature that could fetch something."""
    r.page.goto(r.origin + "/lms.html?standard=scorm12")
    sco = r.page.frame_locator("#sco")
    learner = Learner(sco)
    learner.go("recording")
    if recording == "video":
        play(sco.locator("#video"), 0, rate=16)
        sco.locator("#transcript summary").click()
    else:
        sco.locator("#watched").check()
    learner.reflect({rid: "A reflection" for rid in REFLECTIONS})
    learner.answer(RIGHT)
    learner.go("summary")
    with r.page.expect_download():
        sco.locator("#download-record").click()
    with r.page.expect_popup() as popup:
        sco.locator("footer a[href='accessibility.html']").click()
    popup.value.wait_for_load_state()
    sco.locator("#finish").click()
    r.page.wait_for_function("window.lmsLog.includes('LMSFinish')")


@pytest.mark.parametrize("recording", list(PROVIDERS))
def test_a_whole_run_reaches_only_the_named_provider(browser: Any, site: Any,
                                                      recording: str | None) -> None:
    r = Recorder(browser, site)
    complete_everything(r, recording)
    assert r.hosts() == PROVIDERS[recording]
    html = r.page.frame_locator("#sco").locator("meta[http-equiv]").get_attribute("content")
    frames = re.search(r"frame-src ([^;]+)", html).group(1)
    assert frames == (" ".join(f"https://{h}" for h in PROVIDERS[recording]) or "'none'")
    assert "default-src 'none'" in html
    r.context.close()


def test_the_policy_stops_a_request_to_any_other_host(browser: Any, site: Any) -> None:
    """Content that tried to load from elsewhere (say a tracking image) is refused by
    the browser before any request leaves it."""
    r = Recorder(browser, site)
    r.page.goto(r.origin + "/package/index.html")
    blocked = r.page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation', e => resolve(e.blockedURI));
        const img = document.createElement('img');
        img.src = 'https://tracker.example.org/pixel.png';
        document.body.appendChild(img);
    })""")
    assert blocked == "https://tracker.example.org/pixel.png"
    assert not [u for u in r.sent if "tracker" in u]
    r.context.close()


def test_the_recorder_does_see_other_hosts(browser: Any, site: Any) -> None:
    """The checks above can fail: without the policy, the same image is requested."""
    r = Recorder(browser, site, bypass_csp=True)
    r.page.goto(r.origin + "/package/index.html")
    r.page.evaluate("""() => new Promise(resolve => {
        const img = document.createElement('img');
        img.onerror = resolve;
        img.src = 'https://tracker.example.org/pixel.png';
        document.body.appendChild(img);
    })""")
    assert r.hosts() == {"tracker.example.org"}
    assert [u for u in r.sent if "tracker" in u]
    r.context.close()
