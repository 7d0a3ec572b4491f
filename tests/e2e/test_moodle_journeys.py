"""Journeys against the test LMS's Moodle profile (moodle-runtime.js), for SCORM 1.2 and
2004, in Moodle's default mode and its "SCORM standards mode": each reads back what
Moodle would have stored (committed or sent by beacon) and compares it with what the
learner did; and values Moodle refuses are refused, with its error codes, and not stored."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.learner import (
    COURSE,
    REFLECTIONS,
    RIGHT,
    WELSH,
    Learner,
    interactions,
    wrong_answers,
)

pytestmark = pytest.mark.browser
LONG = ((WELSH + "\n") * 30)[:1200].rstrip()  # longer than SCORM 1.2's 255, under the page's limit


@pytest.fixture
def profile() -> str:
    return "moodle"


@pytest.fixture(params=["scorm12", "scorm2004"])
def standard(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=[False, True], ids=["default", "standards"])
def standards_mode(request: pytest.FixtureRequest) -> bool:
    return request.param


def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def outcome(standard: str, cmi: dict) -> dict:
    """Status, score and the reflections as Moodle stored them, in one form for both."""
    if standard == "scorm12":
        status = {"status": cmi["core"]["lesson_status"]}
        score, response = cmi["core"].get("score", {}), "student_response"
    else:
        status = {"completion": cmi["completion_status"], "success": cmi["success_status"]}
        score, response = cmi.get("score", {}), "learner_response"
    by_id = {i["id"]: i for i in interactions(cmi)}
    return {**status, "score": score.get("raw"), "interactions": len(by_id),
            "responses": {k: v.get(response) for k, v in by_id.items()}}


def record(name: str, standard: str, mode: bool, cmi: dict, commits: int) -> None:
    """What was stored, for the report (tests/artifacts/, not committed)."""
    got = outcome(standard, cmi)
    longest = max(got["responses"].values(), key=lambda v: len(v or ""))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "moodle-profile.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"scenario": name, "standard": standard, "standards_mode": mode,
                            **{k: v for k, v in got.items() if k != "responses"},
                            "longest_reflection": len(longest or ""), "commits": commits}) + "\n")


def test_complete_and_pass_stores_what_the_learner_did(open_lms: Any, standard: str,
                                                       standards_mode: bool) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    texts = {REFLECTIONS[0]: LONG, REFLECTIONS[1]: "Challenge exclusion",
             REFLECTIONS[2]: "Book a conversation with my team in the next 30 days"}
    learner.watch()
    learner.reflect(texts, confidence=4)
    # What the page let the learner keep (it limits answers to fit SCORM 1.2's 4,096).
    texts = {r: s.sco.locator(f"#reflection-{r}").input_value() for r in REFLECTIONS}
    assert len(texts[REFLECTIONS[0]]) > 300 and LONG.startswith(texts[REFLECTIONS[0]])
    learner.answer(RIGHT)
    learner.finish()
    s.closed()
    cmi = s.cmi()
    got = outcome(standard, cmi)
    if standard == "scorm12":
        assert got["status"] == "passed"
        assert cmi["core"]["lesson_location"] == "summary"
        assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", cmi["core"]["total_time"])
        name = "cmi.core.student_name"
    else:
        assert (got["completion"], got["success"]) == ("completed", "passed")
        assert cmi["score"]["scaled"] == "1" and cmi["exit"] == "normal"
        assert cmi["location"] == "summary"
        assert re.fullmatch(r"PT.*S", cmi["session_time"]) and cmi["total_time"].startswith("PT")
        name = "cmi.learner_name"
    assert got["score"] == "100"
    assert got["interactions"] == len(REFLECTIONS) + 1 + len(COURSE.questions)
    assert got["responses"][f"reflection-{REFLECTIONS[1]}"] == texts[REFLECTIONS[1]]
    assert got["responses"][f"reflection-{REFLECTIONS[2]}"] == texts[REFLECTIONS[2]]
    assert got["responses"]["confidence-confidence-to-act"] == "4"
    assert json.loads(cmi["suspend_data"])["r"] == texts  # every reflection, line breaks and all
    # Every LMSCommit/Commit and the finish reached the server, once each.
    commits = s.calls("LMSCommit" if standard == "scorm12" else "Commit") + 1
    assert s.commits() == commits
    assert s.lms(f"window.lmsApi.{'LMSGetValue' if standard == 'scorm12' else 'GetValue'}"
                 f"('{name}')") in ("", "Learner, Test" if standards_mode else "Test Learner")
    assert s.errors == [] and s.external == []
    record("complete and pass", standard, standards_mode, cmi, s.commits())
    first = got["responses"][f"reflection-{REFLECTIONS[0]}"]
    whole = one_line(texts[REFLECTIONS[0]])
    if standard == "scorm12" and standards_mode:
        assert_shortened(first, whole)
    else:  # SCORM 2004, and Moodle's default mode for SCORM 1.2, keep the whole text
        assert first == whole


def assert_shortened(stored: str, whole: str) -> None:
    """Within SCORM 1.2's 255 (UTF-16 units), whole words, marked with an ellipsis."""
    assert len(stored.encode("utf-16-le")) // 2 <= 255 and stored.endswith("\u2026")
    words = stored[:-1]
    assert len(words) > 200 and whole.startswith(words) and whole[len(words)] == " "


@pytest.mark.parametrize("standard", ["scorm12"])
@pytest.mark.parametrize("standards_mode", [False], ids=["default"])
def test_scorm12_default_mode_keeps_the_whole_reflection(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.reflect({REFLECTIONS[0]: LONG})
    kept = s.sco.locator(f"#reflection-{REFLECTIONS[0]}").input_value()
    assert len(kept) > 300
    s.closed()
    by_id = {i["id"]: i for i in interactions(s.cmi())}
    assert by_id[f"reflection-{REFLECTIONS[0]}"]["student_response"] == one_line(kept)


@pytest.mark.parametrize("standard", ["scorm12"])
@pytest.mark.parametrize("standards_mode", [True], ids=["standards"])
def test_scorm12_standards_mode_keeps_a_marked_shortened_reflection(open_lms: Any) -> None:
    """Refused whole (405), the reflection is stored shortened at a word and marked; the
    suspend data keeps every character, and the summary says so."""
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.reflect({REFLECTIONS[0]: LONG, REFLECTIONS[1]: "Short"})
    kept = s.sco.locator(f"#reflection-{REFLECTIONS[0]}").input_value()
    learner.go("summary")
    note = s.sco.locator("#summary-shortened")
    note.wait_for(state="visible")
    assert "first 255 characters of one of your reflections" in note.text_content()
    s.closed()
    cmi = s.cmi()
    by_id = {i["id"]: i for i in interactions(cmi)}
    assert_shortened(by_id[f"reflection-{REFLECTIONS[0]}"]["student_response"], one_line(kept))
    assert by_id[f"reflection-{REFLECTIONS[1]}"]["student_response"] == "Short"
    assert json.loads(cmi["suspend_data"])["r"][REFLECTIONS[0]] == kept
    assert s.errors == []
    record("long reflection", "scorm12", True, cmi, s.commits())


@pytest.mark.parametrize("standard", ["scorm12"])
def test_scorm12_passed_check_with_reflections_left_is_not_passed_by_mastery(
        open_lms: Any, standards_mode: bool) -> None:
    """The manifest's mastery score makes Moodle set passed or failed from score.raw on
    LMSFinish: the player sends no score until every rule is met, so Moodle keeps
    incomplete, as the player says."""
    s = open_lms()
    assert s.site.mastery_score  # the override applies
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.answer(RIGHT)
    learner.finish()
    assert "not finished" in s.sco.locator("#summary-status").text_content()
    s.closed()
    core = s.cmi()["core"]
    assert core["lesson_status"] == "incomplete"
    assert "raw" not in core.get("score", {})
    assert s.errors == []


def test_failed_check_then_finish_says_what_next(open_lms: Any, standard: str) -> None:
    s = open_lms()
    s.started()
    ui = s.sco
    learner = Learner(ui)
    learner.watch()
    learner.reflect({r: "My reflection" for r in REFLECTIONS})
    learner.answer(wrong_answers("whose-responsibility", "great-place-to-work"))
    check = ui.locator('[data-nav="check"]')
    assert check.text_content().endswith("(not passed)")
    assert "is-done" not in (check.get_attribute("class") or "")
    assert ui.locator('[data-nav="recording"]').text_content().endswith("(done)")
    learner.finish()
    assert "start a new attempt of this module from your learning platform" in ui.locator(
        "#summary-status").text_content()
    learner.go("check")
    assert ui.locator("#check-retry").is_disabled()
    result = ui.locator("#check-result").text_content()
    assert "This attempt has ended" in result and "if it allows one" in result
    assert check.text_content().endswith("(not passed)")
    s.closed()
    assert s.errors == []


def test_finish_in_the_lms_frame_points_to_its_way_back(open_lms: Any, standard: str) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.finish()
    status = s.sco.locator("#finish-status")
    status.wait_for(state="visible")
    text = status.text_content()
    assert "Exit activity" in text and "close this window" not in text
    assert s.errors == []


def test_finish_in_a_pop_up_offers_to_close_it(open_lms: Any, standard: str) -> None:
    s = open_lms(path=f"/lms.html?standard={standard}&popup")
    popup = s.launch_popup()
    s.started()
    Learner(popup).finish()
    status = popup.locator("#finish-status")
    status.wait_for(state="visible")
    assert "You can now close this window." in status.text_content()
    assert "Exit activity" not in status.text_content()
    assert s.errors == []


def test_fail_then_retry_and_pass(open_lms: Any, standard: str, standards_mode: bool) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.reflect({r: "My reflection" for r in REFLECTIONS})
    learner.answer(wrong_answers("whose-responsibility", "great-place-to-work"))
    failed = outcome(standard, s.cmi())
    assert failed["score"] == "60"
    assert failed.get("status", failed.get("success")) == "failed"
    s.sco.locator("#check-retry").click()
    learner.answer(RIGHT)
    s.closed()
    cmi = s.cmi()
    got = outcome(standard, cmi)
    assert got["score"] == "100"
    assert got.get("status", got.get("success")) == "passed"
    by_id = {i["id"]: i for i in interactions(cmi)}
    assert by_id["question-whose-responsibility"]["result"] == "correct"  # overwritten in place
    assert got["interactions"] == len(REFLECTIONS) + 1 + len(COURSE.questions)
    if standard == "scorm2004":  # type set again: Moodle emptied and took the pattern again
        assert by_id["question-levels-of-focus"]["correct_responses"]["0"]["pattern"] == (
            "system[,]place[,]neighbourhood")
    assert s.errors == []
    record("fail, retry, pass", standard, standards_mode, cmi, s.commits())


def test_leave_half_way_by_closing_the_tab_and_resume(open_lms: Any, standard: str,
                                                      standards_mode: bool) -> None:
    """The learner closes the whole LMS tab: the player's last save goes by beacon, as
    Moodle sends it while the page unloads, and the relaunch is seeded from it."""
    first = open_lms()
    first.started()
    learner = Learner(first.sco)
    learner.watch()
    learner.reflect({REFLECTIONS[0]: "Typed just before closing"}, confidence=3)
    before = first.commits()
    first.page.close(run_before_unload=True)
    # With run_before_unload, Playwright's close() does not wait for the page to go.
    if not first.page.is_closed():
        first.page.wait_for_event("close", timeout=20_000)
    # The last save reaches the server as the page goes: by beacon once the LMS page is
    # unloading, or by a request still allowed when the frame is hidden first (which
    # comes first varies from run to run in Chromium); either way it is stored.
    assert first.commits() > before
    stored = first.cmi()
    state = json.loads(stored["suspend_data"])
    assert state["r"][REFLECTIONS[0]] == "Typed just before closing"
    exit_ = stored["core"]["exit"] if standard == "scorm12" else stored["exit"]
    assert exit_ == "suspend"

    second = open_lms()
    second.started()
    ui = second.sco
    ui.locator("#reflect-heading").wait_for(state="visible")
    assert ui.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == "Typed just before closing"
    assert ui.locator("#confidence-3").is_checked()
    Learner(ui).reflect({REFLECTIONS[1]: "Speak up", REFLECTIONS[2]: "Ask"}, confidence=None)
    Learner(ui).answer(RIGHT)
    Learner(ui).finish()
    cmi = second.cmi()
    got = outcome(standard, cmi)
    assert got["score"] == "100" and got["interactions"] == len(REFLECTIONS) + 1 + len(
        COURSE.questions)
    assert got["responses"][f"reflection-{REFLECTIONS[0]}"] == "Typed just before closing"
    assert second.errors == []
    record("leave (tab closed) and resume", standard, standards_mode, cmi, second.commits()
           + first.commits())


def test_uncommitted_values_are_lost(open_lms: Any, standard: str, standards_mode: bool) -> None:
    s = open_lms()
    s.started()
    el = "cmi.core.lesson_location" if standard == "scorm12" else "cmi.location"
    set_ = "LMSSetValue" if standard == "scorm12" else "SetValue"
    assert s.lms(f"window.lmsApi.{set_}('{el}', 'never committed')") == "true"
    assert el not in s.stored()


@pytest.mark.parametrize("standard", ["scorm12"])
def test_scorm12_standards_mode_refuses_long_values(open_lms: Any, standards_mode: bool) -> None:
    s = open_lms()
    s.started()
    Learner(s.sco).watch()  # the player stores lesson_location "recording" and commits
    long = "x" * 300
    result = s.lms(f"[API.LMSSetValue('cmi.core.lesson_location', '{long}'), API.LMSGetLastError(),"
                   " API.LMSGetValue('cmi.core.lesson_location')]")
    if standards_mode:
        assert result == ["false", "405", "recording"]  # refused; the old value stays
    else:
        assert result == ["true", "0", long]
    big = "y" * 4097
    assert s.lms(f"API.LMSSetValue('cmi.suspend_data', '{big}')") == (
        "false" if standards_mode else "true")
    s.lms("API.LMSCommit('')")
    stored = s.stored()
    assert stored["cmi.core.lesson_location"] == ("recording" if standards_mode else long)
    assert (stored["cmi.suspend_data"] == big) is not standards_mode


@pytest.mark.parametrize("standard", ["scorm2004"])
@pytest.mark.parametrize("standards_mode", [False], ids=["default"])
def test_scorm2004_refuses_what_breaks_moodles_patterns(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    call = "([el, v]) => [API_1484_11.SetValue(el, v), API_1484_11.GetLastError()]"
    p = "cmi.interactions.0."
    assert s.page.evaluate(call, [p + "learner_response", "a"]) == ["false", "408"]  # no id
    assert s.page.evaluate(call, [p + "id", "probe"]) == ["true", "0"]
    assert s.page.evaluate(call, [p + "learner_response", "a"]) == ["false", "408"]  # no type
    assert s.page.evaluate(call, [p + "type", "long-fill-in"]) == ["true", "0"]
    assert s.page.evaluate(call, [p + "learner_response", "two\nlines"]) == ["false", "406"]
    assert s.page.evaluate(call, [p + "type", "choice"]) == ["true", "0"]
    assert s.page.evaluate(call, [p + "learner_response", "all-leaders"]) == ["false", "406"]
    assert s.page.evaluate(call, [p + "learner_response", "a[,]a"]) == ["false", "406"]
    assert s.page.evaluate(call, [p + "description", "{Braces} first"]) == ["false", "406"]
    assert s.page.evaluate(call, ["cmi.score.scaled", "1.5"]) == ["false", "407"]
    assert s.page.evaluate(call, ["cmi.interactions.2.id", "gap"]) == ["false", "351"]
    assert s.page.evaluate(call, ["cmi.exit", "normal"]) == ["true", "0"]
    assert s.page.evaluate("() => [API_1484_11.GetValue('cmi.exit'), API_1484_11.GetLastError()]"
                           ) == ["", "405"]
    assert s.lms("API_1484_11.Commit('')") == "true"
    stored = s.stored()
    assert "cmi.interactions.0.learner_response" not in stored
    assert "cmi.score.scaled" not in stored and stored["cmi.interactions.0.id"] == "probe"
