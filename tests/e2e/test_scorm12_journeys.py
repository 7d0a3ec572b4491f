"""A learner completes the seed module in headless Chromium, with scorm-again as the
SCORM 1.2 LMS; each test reads back what the LMS stored."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from lmspack.render.player import reflection_budget
from lmspack.standards.scorm12 import Scorm12
from tests.e2e.learner import (
    COURSE,
    REFLECTIONS,
    RIGHT,
    WELSH,
    Learner,
    interactions,
    relaunch_seed,
    wrong_answers,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def profile() -> str:
    """These journeys run against the test LMS's Moodle profile (moodle-runtime.js)."""
    return "moodle"
# SCORM 1.2 CMITimespan, HHHH:MM:SS.SS (the LMS may store fewer decimals).
TIMESPAN = r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?"

def test_learner_completes_the_module(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    # Set in the browser, not stored until the first commit (Moodle keeps it there).
    assert s.lms("API.LMSGetValue('cmi.core.lesson_status')") == "incomplete"
    assert "cmi.core.lesson_status" not in s.stored()
    texts = {REFLECTIONS[0]: WELSH + " " + "x" * 400, REFLECTIONS[1]: "Challenge exclusion",
             REFLECTIONS[2]: "Book a conversation with my team in the next 30 days"}
    learner.watch()
    s.screenshot("recording")
    learner.reflect(texts)
    s.screenshot("reflect")
    learner.answer(RIGHT)
    assert "You answered 5 of 5 questions correctly (100%)" in s.sco.locator(
        "#check-result").text_content()
    s.screenshot("check")
    learner.go("summary")
    summary = s.sco.locator("#summary")
    assert "You have completed this module and passed" in summary.text_content()
    assert s.sco.locator("#summary-reflections dd").first.text_content() == texts[REFLECTIONS[0]]
    s.screenshot("summary")
    learner.finish()
    cmi = s.cmi()
    core = cmi["core"]
    assert core["lesson_status"] == "passed"
    assert core["score"] == {"raw": "100", "min": "0", "max": "100"}
    assert "exit" not in core  # "" is the launch value: Moodle sends and stores nothing
    assert core["lesson_location"] == "summary"
    # Moodle adds session_time to total_time on LMSFinish and stores only the total.
    assert "session_time" not in core and re.fullmatch(TIMESPAN, core["total_time"])

    stored = interactions(cmi)
    ids = [i["id"] for i in stored]
    assert len(ids) == len(set(ids)) == len(REFLECTIONS) + 1 + len(COURSE.questions)
    by_id = {i["id"]: i for i in stored}
    first = by_id[f"reflection-{REFLECTIONS[0]}"]
    assert first["type"] == "fill-in" and first["result"] == "neutral"
    folded = texts[REFLECTIONS[0]].replace("\n", " ")
    # Whole: Moodle's default mode takes 64,000 (standards mode: test_moodle_journeys.py).
    assert first["student_response"] == folded
    assert by_id[f"reflection-{REFLECTIONS[2]}"]["student_response"] == texts[REFLECTIONS[2]]
    assert by_id["confidence-confidence-to-act"]["type"] == "likert"
    assert by_id["confidence-confidence-to-act"]["student_response"] == "4"
    levels = by_id["question-levels-of-focus"]
    assert (levels["type"], levels["student_response"], levels["result"]) == (
        "choice", "a,b,c", "correct")
    assert levels["correct_responses"]["0"]["pattern"] == "a,b,c"
    pace = by_id["question-culture-change-pace"]
    assert (pace["type"], pace["student_response"], pace["correct_responses"]["0"]["pattern"]
            ) == ("true-false", "f", "f")
    for item in stored:
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", item["time"])
        assert re.fullmatch(TIMESPAN, item["latency"])
    # The full reflection, line break and all, survives in suspend data.
    assert json.loads(cmi["suspend_data"])["r"][REFLECTIONS[0]] == texts[REFLECTIONS[0]]

    s.closed()
    assert s.calls("LMSInitialize") == 1
    assert s.calls("LMSFinish") == 1
    assert s.errors == []
    assert s.external == []


@pytest.mark.parametrize(("profile", "lms_keeps_interactions"),
                         [("moodle", True), ("scorm-again", False)], ids=["moodle", "empty"])
def test_learner_leaves_half_way_and_resumes(open_lms: Any, lms_keeps_interactions: bool,
                                             profile: str) -> None:
    """Moodle seeds a relaunch with every track it stored (interactions counted in
    _count); the other LMS starts with no interactions."""
    first = open_lms()
    first.started()
    learner = Learner(first.sco)
    learner.watch()
    learner.reflect({REFLECTIONS[0]: WELSH, REFLECTIONS[1]: "Speak up in meetings"}, confidence=3)
    learner.answer({"whose-responsibility": ["all-leaders"], "levels-of-focus": ["system"]},
                   submit=False)
    first.closed()  # the window closes: pagehide saves and finishes
    cmi = first.cmi()
    assert cmi["core"]["exit"] == "suspend"
    assert cmi["core"]["lesson_status"] == "incomplete"
    assert cmi["core"]["lesson_location"] == "check"
    assert len(interactions(cmi)) == 3  # two reflections and the confidence rating

    second = open_lms() if profile == "moodle" else open_lms(relaunch_seed(cmi, False))
    second.started()
    assert second.lms("API.LMSGetValue('cmi.interactions._count')") == (
        "3" if lms_keeps_interactions else "0")
    ui = second.sco
    ui.locator("#check-heading").wait_for(state="visible")
    assert ui.locator("#overview").is_hidden()
    assert ui.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == WELSH
    assert ui.locator(f"#reflection-{REFLECTIONS[1]}").input_value() == "Speak up in meetings"
    assert ui.locator("#confidence-3").is_checked()
    assert ui.locator("#whose-responsibility--all-leaders").is_checked()
    assert ui.locator("#levels-of-focus--system").is_checked()
    assert not ui.locator("#levels-of-focus--place").is_checked()
    assert ui.locator("#watched").is_checked()

    learner = Learner(ui)
    learner.reflect({REFLECTIONS[2]: "Ask for feedback"}, confidence=None)
    learner.answer({"levels-of-focus": ["place", "neighbourhood"],
                    **{q: a for q, a in RIGHT.items()
                       if q not in ("whose-responsibility", "levels-of-focus")}})
    learner.finish()
    cmi = second.cmi()
    assert cmi["core"]["lesson_status"] == "passed"
    assert cmi["core"]["score"]["raw"] == "100"
    ids = [i["id"] for i in interactions(cmi)]
    assert len(ids) == len(set(ids)) == len(REFLECTIONS) + 1 + len(COURSE.questions)
    assert second.errors == [] and first.errors == []


def fail_the_check(open_lms: Any, *wrong: str) -> tuple[Any, Learner]:
    """A learner who does everything, then answers the questions named wrongly."""
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.reflect({r: "My reflection" for r in REFLECTIONS})
    learner.answer(wrong_answers(*wrong))
    return s, learner


def test_learner_fails_the_knowledge_check(open_lms: Any) -> None:
    s, _ = fail_the_check(open_lms, "whose-responsibility", "fair-treatment-and-care")
    result = s.sco.locator("#check-result").text_content()
    assert "You answered 3 of 5 questions correctly (60%)" in result
    assert s.sco.locator("#check-retry").is_visible()
    s.screenshot("failed")
    cmi = s.cmi()
    assert cmi["core"]["lesson_status"] == "failed"
    assert cmi["core"]["score"] == {"raw": "60", "min": "0", "max": "100"}
    by_id = {i["id"]: i for i in interactions(cmi)}
    assert by_id["question-whose-responsibility"]["result"] == "wrong"
    assert by_id["question-fair-treatment-and-care"]["student_response"] == "f"
    assert by_id["question-great-place-to-work"]["result"] == "correct"
    s.closed()
    cmi = s.cmi()
    assert cmi["core"]["exit"] == "suspend"  # a failed learner can come back and retry
    assert cmi["core"]["lesson_status"] == "failed"
    assert s.errors == []


def test_retry_after_failing_then_pass(open_lms: Any) -> None:
    s, learner = fail_the_check(open_lms, "whose-responsibility", "great-place-to-work")
    assert s.cmi()["core"]["lesson_status"] == "failed"
    s.sco.locator("#check-retry").click()
    assert s.cmi()["core"]["lesson_status"] == "failed"  # no step back while retrying
    learner.answer(RIGHT)
    cmi = s.cmi()
    assert cmi["core"]["lesson_status"] == "passed"
    assert cmi["core"]["score"]["raw"] == "100"
    by_id = {i["id"]: i for i in interactions(cmi)}
    assert by_id["question-whose-responsibility"]["result"] == "correct"  # overwritten in place
    assert len(by_id) == len(interactions(cmi))


def test_failing_again_updates_the_score(open_lms: Any) -> None:
    s, learner = fail_the_check(open_lms, "whose-responsibility", "great-place-to-work")
    assert s.cmi()["core"]["score"]["raw"] == "60"
    s.sco.locator("#check-retry").click()
    learner.answer(wrong_answers("whose-responsibility", "great-place-to-work",
                                 "levels-of-focus", "culture-change-pace"))
    core = s.cmi()["core"]
    assert (core["lesson_status"], core["score"]["raw"]) == ("failed", "20")


def test_after_finishing_answers_cannot_be_changed_unseen(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.finish()
    notice = s.sco.locator("#lms-notice")
    assert "This session has ended and your progress has been saved" in notice.text_content()
    learner.go("reflect")
    assert s.sco.locator(f"#reflection-{REFLECTIONS[0]}").get_attribute("readonly") is not None
    learner.go("recording")
    assert s.sco.locator("#watched").is_disabled()
    assert s.calls("LMSFinish") == 1


def test_a_refused_finish_is_not_reported_as_saved(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    s.lms("window.API.LMSFinish = function () { return 'false'; }")
    learner.finish()
    assert "did not confirm that your progress was saved" in s.sco.locator(
        "#finish-status").text_content()
    notice = s.sco.locator("#lms-notice")
    assert "did not accept the last save (LMSFinish was refused" in notice.text_content()
    assert notice.get_attribute("role") == "alert"
    assert s.sco.locator("#watched").is_disabled()  # locked all the same


# Moodle's SCORM 1.2 run-time accepts a second LMSInitialize after LMSFinish (a reload
# finishes first), so the refusal is scorm-again's.
@pytest.mark.parametrize("profile", ["scorm-again"])
def test_lms_that_refuses_to_start_is_reported(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    s.page.frames[1].evaluate("() => location.reload()")  # a second LMSInitialize is refused
    s.sco.locator("#lms-notice").wait_for(state="visible")
    text = s.sco.locator("#lms-notice").text_content()
    assert "Your learning platform did not start this session (LMSInitialize was refused" in text
    assert s.sco.locator("#lms-notice").get_attribute("role") == "alert"


def test_reflections_are_limited_visibly_and_all_kept(open_lms: Any) -> None:
    """SCORM 1.2 keeps 4,096 characters of suspend data: the page limits each answer
    beforehand, counting line breaks and quotes as they will be stored, and every
    character the learner could type survives a relaunch."""
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    long = ('"Quoted" line\n' * 400)
    learner.reflect({r: long for r in REFLECTIONS})
    counter = s.sco.locator(f"#count-{REFLECTIONS[0]}").text_content()
    budget = reflection_budget(COURSE, Scorm12.limits)
    assert counter == f"You have used all {budget} characters for this answer."
    kept = {r: s.sco.locator(f"#reflection-{r}").input_value() for r in REFLECTIONS}
    assert all(0 < len(v) < len(long) and long.startswith(v) for v in kept.values())
    learner.answer({q.id: [o.id for o in q.options] if q.type == "multiple-choice"
                    else [q.options[0].id] for q in COURSE.questions})
    s.closed()
    cmi = s.cmi()
    assert len(cmi["suspend_data"]) <= 4096
    second = open_lms()  # seeded with what Moodle stored
    second.started()
    for r in REFLECTIONS:
        assert second.sco.locator(f"#reflection-{r}").input_value() == kept[r]
    assert s.errors == [] and second.errors == []


def test_hidden_page_commits_what_was_typed(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.reflect({REFLECTIONS[0]: "Typed, not yet saved"}, confidence=None)
    before = s.calls("LMSCommit")
    frame = s.page.frames[1]
    frame.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    assert s.calls("LMSCommit") == before + 1
    assert s.calls("LMSFinish") == 0
    state = json.loads(s.cmi()["suspend_data"])
    assert state["r"][REFLECTIONS[0]] == "Typed, not yet saved"


def test_long_recording_keeps_the_lms_session_alive(open_lms: Any) -> None:
    """Moodle's session times out after two hours by default and the webinar lasts 90
    minutes: while the recording section is open, the player commits every five minutes."""
    s = open_lms(clock=True)
    s.started()
    Learner(s.sco).go("recording")
    after_navigation = s.calls("LMSCommit")
    s.context.clock.fast_forward("06:00")
    assert s.calls("LMSCommit") == after_navigation + 1
    s.context.clock.fast_forward("03:00")
    assert s.calls("LMSCommit") == after_navigation + 1  # not more often than that
    s.context.clock.fast_forward("03:00")
    assert s.calls("LMSCommit") == after_navigation + 2
    Learner(s.sco).go("reflect")
    on_reflect = s.calls("LMSCommit")
    s.context.clock.fast_forward("20:00")
    assert s.calls("LMSCommit") == on_reflect  # only while the recording is open


def test_api_found_through_the_opener_of_a_popup(open_lms: Any) -> None:
    """NHS Learning Hub launches SCORM packages in a pop-up window."""
    s = open_lms(path="/lms.html?standard=scorm12&popup")
    popup = s.launch_popup()
    s.page.wait_for_function("window.lmsLog.includes('LMSInitialize')")
    assert popup.locator("#lms-notice").is_hidden()
    Learner(popup).watch()
    popup.close(run_before_unload=True)
    s.page.wait_for_function("window.lmsLog.includes('LMSFinish')")
    cmi = s.cmi()
    assert cmi["core"]["lesson_location"] == "recording"
    assert json.loads(cmi["suspend_data"])["w"] == 1
    assert s.calls("LMSInitialize") == 1 and s.calls("LMSFinish") == 1
    assert s.errors == [] and s.external == []


def test_without_an_lms_it_works_and_says_progress_is_not_recorded(open_lms: Any) -> None:
    s = open_lms(path="/package/index.html")
    page = s.page
    notice = page.locator("#lms-notice")
    assert notice.is_visible()
    assert "Your progress is not being recorded" in notice.text_content()
    learner = Learner(page)
    learner.watch()
    learner.reflect({r: "Kept in this browser" for r in REFLECTIONS})
    learner.answer(RIGHT)
    learner.go("summary")
    status = page.locator("#summary-status").text_content()
    assert "passed" in status and "not being recorded by a learning platform" in status
    page.reload()
    assert page.locator("#summary-heading").is_visible()  # resumed from this browser
    assert page.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == "Kept in this browser"
    assert s.errors == [] and s.external == []
