"""A recording that is a video file in the package: it counts as watched when the
learner has played enough of it (not seeked past it), its captions and transcript
are there, and what was played survives a relaunch. scorm-again is the SCORM 1.2 LMS.

The test video (tests/fixtures/media) lasts 20.5 seconds, counted as 20 whole seconds;
the course needs 90% played.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.learner import REFLECTIONS, RIGHT, Learner, play, relaunch_seed

pytestmark = pytest.mark.browser


@pytest.fixture
def recording() -> str:
    return "video"


def nav_done(sco: Any) -> bool:
    return "(done)" in sco.locator('[data-nav="recording"]').text_content()


def test_what_counts_is_what_was_played(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    learner = Learner(s.sco)
    learner.go("recording")
    video = s.sco.locator("#video")
    status = s.sco.locator("#played-status")
    assert "You have not played it yet" in status.text_content()
    play(video, 10)  # seeked half-way, then played to the end: half of it
    assert "You have played 50% of the recording" in status.text_content()
    assert not nav_done(s.sco)
    play(video, 0, 5, rate=2)  # about three quarters now
    assert "counts as watched when you have played 90%" in status.text_content()
    assert not nav_done(s.sco)
    play(video, 5, 9.5, rate=2)
    assert "You have watched the recording" in status.text_content()
    assert nav_done(s.sco)
    assert s.sco.locator("#played-announce").text_content() == (
        "The recording now counts as watched.")
    # Nothing to tick for a video file: no confirm box pretends otherwise.
    assert "I have watched the recording" not in s.sco.locator("#recording").text_content()
    learner.reflect({r: "Reflection" for r in REFLECTIONS})
    learner.answer(RIGHT)
    s.closed()
    cmi = s.cmi()
    assert cmi["core"]["lesson_status"] == "passed"
    state = json.loads(cmi["suspend_data"])
    assert state["w"] == 1 and sum(b - a for a, b in state["d"]) >= 18


def test_played_stretches_and_the_position_survive_a_relaunch(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    Learner(s.sco).go("recording")
    play(s.sco.locator("#video"), 10)
    play(s.sco.locator("#video"), 2, 6, rate=2)
    s.closed()
    cmi = s.cmi()
    state = json.loads(cmi["suspend_data"])
    assert state["w"] == 0 and 6 <= state["t"] <= 7

    again = open_lms(relaunch_seed(cmi))
    again.started()
    Learner(again.sco).go("recording")
    video = again.sco.locator("#video")
    video.evaluate("v => v.readyState >= 1 || new Promise(r => v.addEventListener("
                   "'loadedmetadata', r, { once: true }))")
    assert 6 <= video.evaluate("v => v.currentTime") <= 7  # carries on where they were
    assert "You have played 7" in again.sco.locator("#played-status").text_content()
    play(video, 0, 2.5, rate=2)  # 0-6 and 10-20: 80%
    assert not nav_done(again.sco)
    play(video, 6, 9.5, rate=2)  # 0-9 and 10-20: 95%
    assert nav_done(again.sco)


def test_captions_and_transcript(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    Learner(s.sco).go("recording")
    video = s.sco.locator("#video")
    track = video.evaluate("""v => new Promise(resolve => {
        const t = v.textTracks[0];
        const read = () => resolve({kind: t.kind, mode: t.mode, language: t.language,
                                    cues: Array.from(t.cues || []).map(c => c.text)});
        if (t.cues && t.cues.length) { read(); } else { v.querySelector('track').onload = read; }
    })""")
    assert track == {"kind": "captions", "mode": "showing", "language": "en-GB",
                     "cues": ["A steady test tone plays over a blue screen.",
                              "The test tone carries on until the end."]}
    transcript = s.sco.locator("#transcript")
    assert not transcript.evaluate("d => d.open")
    s.sco.locator("#transcript summary").click()
    assert "There is no speech." in s.sco.locator(".transcript__text").inner_text()
    # A learner who cannot watch reads the transcript and says so.
    s.sco.locator("#watched").check()
    assert nav_done(s.sco)
    Learner(s.sco).go("summary")
    assert s.sco.locator("#record-recording").text_content() == "Read the transcript."
    s.closed()
    assert json.loads(s.cmi()["suspend_data"])["w"] == 2


def test_suspend_data_fits_with_the_most_played_stretches(open_lms: Any) -> None:
    """Twelve stretches come back from the LMS, with six-digit seconds; the player keeps
    the ten longest, and with every reflection at its limit, the module passed and the
    video's length still unknown (its request stalls), the state fits SCORM 1.2's 4,096."""
    stretches = [[100000 + i * 4000, 100000 + i * 4000 + 10 + i] for i in range(12)]
    state = {"v": 1, "p": 1, "w": 0, "r": {}, "a": {}, "s": 0, "x": {},
             "d": stretches, "t": 999999, "n": 999999}
    s = open_lms({"core": {"entry": "resume", "lesson_status": "incomplete"},
                  "suspend_data": json.dumps(state)}, hold="**/media/recording.mp4")
    s.started()
    learner = Learner(s.sco)
    budget = s.sco.locator("#course-data").evaluate(
        "el => JSON.parse(el.textContent).limits.reflection")
    learner.go("recording")
    s.sco.locator("#watched").check()  # read the transcript instead
    learner.reflect({r: "é" * budget for r in REFLECTIONS})
    learner.answer(RIGHT)
    s.closed()
    assert s.cmi()["core"]["lesson_status"] == "passed"
    stored = s.cmi()["suspend_data"]
    saved = json.loads(stored)
    assert saved["d"] == stretches[2:]  # the two shortest forgotten
    assert (saved["t"], saved["n"], len(saved["f"])) == (999999, 999999, 10)
    assert all(len(saved["r"][r]) == budget for r in REFLECTIONS)
    assert len(stored) <= 4096


def test_stretches_a_second_apart_are_not_joined(open_lms: Any) -> None:
    """0-5 and 6-10 played is 9 seconds, not 10: only touching stretches join."""
    state = {"v": 1, "p": 4, "w": 0, "r": {}, "a": {}, "s": 0, "x": {},
             "d": [[0, 5], [6, 10]], "t": 10, "n": 20}
    s = open_lms({"core": {"entry": "resume", "lesson_status": "incomplete"},
                  "suspend_data": json.dumps(state)})
    s.started()
    assert s.sco.locator("#record-recording").text_content() == "Not watched yet (45% played)."


def test_the_share_is_known_before_the_video_loads(open_lms: Any) -> None:
    """On a relaunch the saved length gives the share, even while the video's own
    request is stalled (iPhones do not load metadata until the learner plays)."""
    s = open_lms()
    s.started()
    Learner(s.sco).go("recording")
    play(s.sco.locator("#video"), 1, rate=16)  # 1 to the end: 19 of 20 seconds
    s.closed()
    again = open_lms(relaunch_seed(s.cmi()), hold="**/media/recording.mp4")
    again.started()
    Learner(again.sco).go("summary")
    assert again.sco.locator("#record-recording").text_content() == "Watched (95% played)."
    Learner(again.sco).go("recording")
    assert again.sco.locator("#played-status").text_content() == (
        "You have watched the recording: you have played 95% of it.")


@pytest.mark.parametrize("recording", ["video-all"])
def test_playing_to_the_end_is_all_of_it(open_lms: Any) -> None:
    """With 100% required, a video of 20.5 seconds played to its end counts."""
    s = open_lms()
    s.started()
    Learner(s.sco).go("recording")
    play(s.sco.locator("#video"), 0, rate=16)
    assert nav_done(s.sco)
    assert s.sco.locator("#played-status").text_content() == (
        "You have watched the recording: you have played 100% of it.")


@pytest.mark.parametrize("recording", ["video-only"])
def test_a_video_without_a_transcript_has_nothing_to_tick(open_lms: Any) -> None:
    s = open_lms()
    s.started()
    Learner(s.sco).go("recording")
    assert s.sco.locator("#watched").count() == 0
    assert s.sco.locator("#transcript").count() == 0
    assert s.sco.locator("track").count() == 0
    Learner(s.sco).go("summary")
    assert "Watch the recording (at least 90% of it)." in s.sco.locator(
        "#summary-todo").text_content()
