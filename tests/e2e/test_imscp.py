"""The IMS content package: the same module with no run-time. It must work through
to the end in a browser and say that it records nothing, even inside an LMS frame
that offers a SCORM API."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.learner import REFLECTIONS, RIGHT, Learner

pytestmark = pytest.mark.browser
NOT_RECORDED = "This version of the module does not record your progress"


@pytest.fixture
def standard() -> str:
    return "imscp"


def test_worked_through_with_no_runtime(open_lms: Any) -> None:
    s = open_lms(path="/package/index.html")
    page = s.page
    assert NOT_RECORDED in page.locator("#lms-notice").text_content()
    learner = Learner(page)
    learner.watch()
    learner.reflect({r: "Kept in this browser" for r in REFLECTIONS})
    learner.answer(RIGHT)
    assert "You answered 5 of 5 questions correctly (100%)" in page.locator(
        "#check-result").text_content()
    learner.go("summary")
    status = page.locator("#summary-status").text_content()
    assert "You have completed this module and passed" in status
    assert "not being recorded by a learning platform" in status
    s.screenshot("summary")
    learner.finish()
    assert "Nothing was sent anywhere" in page.locator("#finish-status").text_content()
    page.reload()  # resumes from this browser
    assert page.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == "Kept in this browser"
    assert s.errors == [] and s.external == []


@pytest.mark.parametrize("api", ["scorm12", "scorm2004"])
def test_ignores_a_scorm_api_in_the_lms_frame(open_lms: Any, api: str) -> None:
    """Moodle shows an IMS package in its own frame; even with a SCORM API there, the
    package calls nothing and says it records nothing."""
    s = open_lms(path=f"/lms.html?standard={api}")
    notice = s.sco.locator("#lms-notice")
    notice.wait_for(state="visible")
    assert NOT_RECORDED in notice.text_content()
    Learner(s.sco).watch()
    assert s.lms("window.lmsLog") == []
    assert s.errors == []
