"""A learner completes the seed module's SCORM 2004 package in headless Chromium, with
scorm-again's SCORM 2004 API as the LMS; each test reads back what the LMS stored."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from lmspack.render.player import learning_objectives
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


@pytest.fixture
def profile() -> str:
    """These journeys run against the test LMS's Moodle profile (moodle-runtime.js)."""
    return "moodle"
# Moodle's SCORM 2004 patterns (moodle/moodle: mod/scorm/datamodels/scorm_13.js), stricter
# than scorm-again's: what Moodle would refuse must never be sent.
MOODLE = {"identifier": r"^\S{0,250}[a-zA-Z0-9]$", "short": r"^[\w\.]{1,250}$",
          "lang250": r"^(\{lang=([a-zA-Z]{2,3}|i|x)(\-[a-zA-Z0-9\-]{2,8})?\})?([^\{].{0,250}$)?",
          "lang4000": r"^(\{lang=([a-zA-Z]{2,3}|i|x)(\-[a-zA-Z0-9\-]{2,8})?\})?([^\{].{0,4000}$)?"}
DURATION = r"PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S"
TIMESTAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,2})?Z"
OBJECTIVES = [o["id"] for o in learning_objectives(COURSE)]
# 3,000 characters of Welsh, accents, curly quotes, an emoji and line breaks.
LONG = (WELSH + "\n") * 27 + "Diolch."
LONG = LONG[:3000]


@pytest.fixture
def standard() -> str:
    return "scorm2004"


def objectives(cmi: dict) -> dict[str, dict]:
    return {o["id"]: o for o in (cmi["objectives"][k] for k in sorted(cmi["objectives"], key=int))}


def test_learner_completes_the_module(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    get = "API_1484_11.GetValue('cmi.{}')"
    assert (s.lms(get.format("completion_status")), s.lms(get.format("success_status"))) == (
        "incomplete", "unknown")
    assert "cmi.completion_status" not in s.stored()  # in the browser until a commit
    texts = {REFLECTIONS[0]: LONG, REFLECTIONS[1]: "Challenge exclusion when I see it",
             REFLECTIONS[2]: "Book a conversation with my team in the next 30 days"}
    learner.watch()
    learner.reflect(texts)
    assert s.sco.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == LONG
    learner.answer(RIGHT)
    learner.finish()
    s.screenshot("summary")
    cmi = s.cmi()
    assert cmi["completion_status"] == "completed"
    assert cmi["success_status"] == "passed"
    assert cmi["score"] == {"scaled": "1", "raw": "100", "min": "0", "max": "100"}
    assert cmi["progress_measure"] == "1"
    assert cmi["exit"] == "normal"
    assert cmi["location"] == "summary"
    assert re.fullmatch(DURATION, cmi["session_time"])

    stored = interactions(cmi)
    by_id = {i["id"]: i for i in stored}
    assert len(by_id) == len(stored) == len(REFLECTIONS) + 1 + len(COURSE.questions)
    first = by_id[f"reflection-{REFLECTIONS[0]}"]
    assert s.errors == []
    # The whole 3,000-character answer in the interaction itself, on one line: LMSs
    # refuse line breaks in a long-fill-in response (suspend data keeps them).
    assert (first["type"], first["learner_response"], first["result"]) == (
        "long-fill-in", re.sub(r"\s*\n\s*", " ", LONG), "neutral")
    assert first["description"] == COURSE.reflections[0].prompt[:250]
    assert by_id[f"reflection-{REFLECTIONS[2]}"]["learner_response"] == texts[REFLECTIONS[2]]
    confidence = by_id["confidence-confidence-to-act"]
    assert (confidence["type"], confidence["learner_response"]) == ("likert", "4")
    levels = by_id["question-levels-of-focus"]
    assert (levels["type"], levels["result"]) == ("choice", "correct")
    assert levels["learner_response"] == "system[,]place[,]neighbourhood"
    assert levels["correct_responses"]["0"]["pattern"] == "system[,]place[,]neighbourhood"
    assert by_id["question-whose-responsibility"]["learner_response"] == "all_leaders"
    pace = by_id["question-culture-change-pace"]
    assert (pace["type"], pace["learner_response"], pace["correct_responses"]["0"]["pattern"]
            ) == ("true-false", "false", "false")
    for item in stored:
        assert re.fullmatch(MOODLE["identifier"], item["id"], re.ASCII)
        assert re.match(MOODLE["lang250"], item["description"], re.ASCII)
        if item["type"] in ("choice", "likert"):
            for value in [item["learner_response"], item["correct_responses"]["0"]["pattern"]
                          if item["type"] == "choice" else "1"]:
                for part in value.split("[,]"):
                    assert re.fullmatch(MOODLE["short"], part, re.ASCII), part
        if item["type"] == "long-fill-in":
            assert re.match(MOODLE["lang4000"], item["learner_response"], re.ASCII)
        assert item["description"]
        assert re.fullmatch(TIMESTAMP, item["timestamp"]), item["timestamp"]
        assert re.fullmatch(DURATION, item["latency"]), item["latency"]

    got = objectives(cmi)
    assert list(got) == OBJECTIVES
    for objective, text in zip(got.values(), COURSE.objectives, strict=True):
        assert (objective["completion_status"], objective["success_status"]) == (
            "completed", "passed")
        assert objective["description"] == text[:250]
    assert json.loads(cmi["suspend_data"])["r"][REFLECTIONS[0]] == LONG

    s.closed()
    assert s.calls("Initialize") == 1 and s.calls("Terminate") == 1
    assert not [e for e in s.lms("window.lmsLog") if e.startswith("nav:")]  # passed: no suspend
    assert s.errors == [] and s.external == []


def test_learner_leaves_half_way_and_resumes(open_lms: Any) -> None:
    first = open_lms()
    first.started()
    learner = Learner(first.sco)
    learner.watch()
    learner.reflect({REFLECTIONS[0]: LONG, REFLECTIONS[1]: "Speak up in meetings"},
                    confidence=3)
    learner.answer({"whose-responsibility": ["all-leaders"]}, submit=False)
    first.closed()  # the window closes: pagehide saves and terminates
    cmi = first.cmi()
    assert cmi["exit"] == "suspend"
    assert "nav:suspendAll" in first.lms("window.lmsLog")  # for LMSs that run sequencing
    # "unknown" is the launch value: Moodle sends and stores nothing for it.
    assert "success_status" not in cmi and cmi["completion_status"] == "incomplete"
    # Done: recording, two of three reflections, confidence; not the check (6 steps).
    assert cmi["progress_measure"] == str(round(4 / 6, 7))
    assert cmi["location"] == "check"
    assert len(interactions(cmi)) == 3
    # "unknown" is an objective's default: Moodle does not send or store it.
    assert {o.get("success_status", "unknown") for o in objectives(cmi).values()} == {"unknown"}

    second = open_lms()  # Moodle seeds a suspended attempt with every stored track
    second.started()
    ui = second.sco
    ui.locator("#check-heading").wait_for(state="visible")
    assert ui.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == LONG
    assert ui.locator("#confidence-3").is_checked()
    assert ui.locator("#whose-responsibility--all-leaders").is_checked()
    learner = Learner(ui)
    learner.reflect({REFLECTIONS[2]: "Ask for feedback"}, confidence=None)
    learner.answer({q: a for q, a in RIGHT.items() if q != "whose-responsibility"})
    learner.finish()
    cmi = second.cmi()
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    assert cmi["score"]["scaled"] == "1"
    ids = [i["id"] for i in interactions(cmi)]
    assert len(ids) == len(set(ids)) == len(REFLECTIONS) + 1 + len(COURSE.questions)
    assert list(objectives(cmi)) == OBJECTIVES  # updated in place, not added again
    assert {o["success_status"] for o in objectives(cmi).values()} == {"passed"}
    assert first.errors == [] and second.errors == []


@pytest.mark.parametrize("profile", ["scorm-again"])  # an LMS that seeds cmi.objectives
def test_objectives_declared_in_the_manifest_are_found_by_id(open_lms: Any) -> None:
    """An LMS fills cmi.objectives from the manifest, in its own order: the player
    updates those entries and adds none."""
    seeded = [{"id": oid} for oid in reversed(OBJECTIVES)]
    s = open_lms({"objectives": seeded})
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    learner.reflect({r: "My reflection" for r in REFLECTIONS})
    learner.answer(RIGHT)
    cmi = s.cmi()
    stored = [cmi["objectives"][str(i)]["id"] for i in range(len(OBJECTIVES))]
    assert stored == [o["id"] for o in seeded]
    assert len(cmi["objectives"]) == len(OBJECTIVES)
    assert {o["success_status"] for o in objectives(cmi).values()} == {"passed"}
    assert s.errors == []


def test_learner_fails_the_knowledge_check(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.watch()
    # A text opening with "{" would read as a {lang=} delimiter: the LMS refuses it as is.
    learner.reflect({**{r: "My reflection" for r in REFLECTIONS}, REFLECTIONS[1]: "{Braces} first"})
    learner.answer(wrong_answers("whose-responsibility", "fair-treatment-and-care"))
    cmi = s.cmi()
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "failed")
    assert cmi["score"] == {"scaled": "0.6", "raw": "60", "min": "0", "max": "100"}
    by_id = {i["id"]: i for i in interactions(cmi)}
    assert by_id["question-whose-responsibility"]["result"] == "incorrect"
    assert by_id["question-fair-treatment-and-care"]["learner_response"] == "false"
    assert by_id[f"reflection-{REFLECTIONS[1]}"]["learner_response"] == " {Braces} first"
    assert {o["success_status"] for o in objectives(cmi).values()} == {"failed"}
    s.closed()
    cmi = s.cmi()
    assert cmi["exit"] == "suspend"  # a failed learner can come back and retry
    assert cmi["success_status"] == "failed"
    assert s.errors == []


def test_api_found_through_the_opener_of_a_popup(open_lms: Any) -> None:
    s = open_lms(path="/lms.html?standard=scorm2004&popup")
    popup = s.launch_popup()
    s.started()
    Learner(popup).watch()
    popup.close(run_before_unload=True)
    s.page.wait_for_function("window.lmsLog.includes('Terminate')")
    assert s.cmi()["location"] == "recording"
    assert s.errors == [] and s.external == []
