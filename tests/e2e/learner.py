"""A learner who drives the player as a person would, and the seed course's answers."""

from __future__ import annotations

from typing import Any

from lmspack.structure.loader import load_course
from tests.conftest import SEED

COURSE = load_course(SEED)
REFLECTIONS = [r.id for r in COURSE.reflections]
RIGHT = {q.id: list(q.correct_ids) for q in COURSE.questions}
WELSH = ("Atebolrwydd personol: ‘gwrando’n well’ — café, naïve, 😀.\n"
         'Second line with "quotes" and a back\\slash.')


class Learner:
    """Drives the player the way a person would: clicks, ticks and types."""

    def __init__(self, root: Any):
        self.ui = root  # a FrameLocator (inside the LMS) or a Page (no LMS)

    def go(self, page: str) -> None:
        self.ui.locator(f'[data-nav="{page}"]').click()
        heading = self.ui.locator(f"#{page}-heading")
        heading.wait_for(state="visible")

    def watch(self) -> None:
        self.go("recording")
        self.ui.locator("#watched").check()

    def reflect(self, texts: dict[str, str], confidence: int | None = 4) -> None:
        self.go("reflect")
        for rid, text in texts.items():
            self.ui.locator(f"#reflection-{rid}").fill(text)
        if confidence:
            self.ui.locator(f"#confidence-{confidence}").check()

    def answer(self, answers: dict[str, list[str]], submit: bool = True) -> None:
        self.go("check")
        for qid, options in answers.items():
            for option in options:
                self.ui.locator(f"#{qid}--{option}").check()
        if submit:
            self.ui.locator("#check-submit").click()

    def finish(self) -> None:
        self.go("summary")
        self.ui.locator("#finish").click()


def play(video: Any, start: float, stop: float | None = None, rate: float = 4) -> None:
    """Play the video from `start` until `stop` (or its end), as a learner would with
    the controls, and wait until it has paused there."""
    video.evaluate("""(v, [start, stop, rate]) => new Promise((resolve, reject) => {
        v.muted = true;
        v.playbackRate = rate;
        const done = () => { v.removeEventListener('timeupdate', tick); resolve(); };
        const tick = () => { if (stop !== null && v.currentTime >= stop) { v.pause(); done(); } };
        v.addEventListener('timeupdate', tick);
        v.addEventListener('ended', done, { once: true });
        v.addEventListener('seeked', () => v.play().catch(reject), { once: true });
        v.currentTime = start;
        setTimeout(() => reject(new Error('the video did not play')), 20000);
    })""", [start, stop, rate])
    video.evaluate("v => new Promise(r => setTimeout(r, 100))")  # the pause handler saves


def wrong_answers(*qids: str) -> dict[str, list[str]]:
    answers = dict(RIGHT)
    for q in COURSE.questions:
        if q.id in qids:
            answers[q.id] = [next(o.id for o in q.options if not o.correct)]
    return answers


def interactions(cmi: dict) -> list[dict]:
    return [cmi["interactions"][k] for k in sorted(cmi["interactions"], key=int)]


def relaunch_seed(cmi: dict, keep_interactions: bool = False) -> dict:
    """What an LMS hands back on the next launch of a suspended attempt. Some LMSs
    (Moodle) report the earlier interactions in _count; others start empty."""
    core = cmi["core"]
    seed = {"core": {"lesson_status": core["lesson_status"],
                     "lesson_location": core["lesson_location"],
                     "entry": "resume" if core["exit"] == "suspend" else ""},
            "suspend_data": cmi["suspend_data"]}
    if keep_interactions:
        seed["interactions"] = interactions(cmi)
    return seed
