"""Render the learner's page and collect the player's files for a package."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmspack.resources import PLAYER

if TYPE_CHECKING:  # Jinja and Markdown load only when a page is rendered, not when reused
    from jinja2 import Environment

    from lmspack.structure.course import Course
    from lmspack.video_sites import RecordingView

STATIC = PLAYER / "static"
STATEMENT = "accessibility.html"
# How many separate stretches of a video file the player remembers as played;
# beyond this the shortest are forgotten (under-counting, never over-counting).
PLAYED_RANGES = 10
PAGES = (
    ("overview", "Overview"),
    ("recording", "Recording"),
    ("reflect", "Reflect"),
    ("check", "Check your knowledge"),
    ("summary", "Summary"),
)


def _environment() -> Environment:
    from lmspack.render.templates import player_environment

    return player_environment(str(PLAYER / "templates"))


@cache
def static_files() -> dict[str, bytes]:
    """The player's own CSS and JavaScript, copied into every package as they are."""
    return {f"player/{p.name}": p.read_bytes() for p in sorted(STATIC.iterdir()) if p.is_file()}


def interaction_ids(course: Course) -> list[str]:
    """The SCORM interaction id of every answer, in course order. The player takes
    them from the course JSON; the suspend data budget counts them."""
    ids = [f"reflection-{r.id}" for r in course.reflections]
    if course.confidence:
        ids.append(f"confidence-{course.confidence.id}")
    return ids + [f"question-{q.id}" for q in course.questions]


def reflection_budget(course: Course, limits: dict[str, int]) -> int | None:
    """Characters each reflection may take so that the whole state fits suspend data.

    The state is player.js's encode() of a learner who has done everything and
    chosen every option, with each reflection empty; what is left is shared
    between the reflections. The browser tests fill every field to this limit and
    check the stored suspend data fits.
    """
    limit = limits.get("suspendData")
    if not limit:
        return None
    largest = {"v": 1, "p": len(PAGES) - 1, "w": 1, "f": "2026-01-01",
               "r": {r.id: "" for r in course.reflections},
               "a": {q.id: list(range(len(q.options))) for q in course.questions},
               "s": 1, "x": {i: 999 for i in interaction_ids(course)}, "c": 9}
    if course.recording.file:  # played stretches, position and length: 6-digit seconds
        largest |= {"d": [[999999, 999999]] * PLAYED_RANGES, "t": 999999, "n": 999999}
    fixed = len(json.dumps(largest, separators=(",", ":"), ensure_ascii=False))
    room = (limit - fixed - 16) // len(course.reflections)
    # Where an interaction holds the whole text (SCORM 2004's long-fill-in), no more.
    return min(room, limits.get("longResponse", room))


def learning_objectives(course: Course) -> list[dict[str, str]]:
    """The course's learning objectives with the ids SCORM 2004 manifests declare and
    the player reports them under (cmi.objectives.n.id)."""
    return [{"id": f"objective-{n}", "text": text}
            for n, text in enumerate(course.objectives, start=1)]


def course_data(course: Course, runtime: str, limits: dict[str, int]) -> dict[str, Any]:
    """The one JSON document the player script reads."""
    ids = iter(interaction_ids(course))
    return {
        "format": 1,
        "id": course.id,
        "version": course.version,
        "title": course.title,
        "runtime": runtime,
        "limits": {**limits, "reflection": reflection_budget(course, limits),
                   "playedRanges": PLAYED_RANGES},
        "recording": {"kind": view_of(course).kind,
                      "playedPercent": course.completion.recording_played_percent},
        "pages": [page for page, _ in PAGES],
        "completion": {
            "recordingRequired": course.completion.recording_required,
            "reflectionsRequired": course.completion.reflections_required,
            "passMark": course.completion.pass_mark,
        },
        "objectives": learning_objectives(course),
        "reflections": [{"id": r.id, "interaction": next(ids), "prompt": r.prompt,
                         "action": r.action} for r in course.reflections],
        "confidence": {"id": course.confidence.id, "interaction": next(ids),
                       "prompt": course.confidence.prompt,
                       "scale": [[k, v] for k, v in course.confidence.scale.items()]}
        if course.confidence else None,
        "questions": [{"id": q.id, "interaction": next(ids), "type": q.type,
                       "question": q.question,
                       "options": [{"id": o.id, "text": o.text, "feedback": o.feedback,
                                    "correct": o.correct} for o in q.options]}
                      for q in course.questions],
    }


def view_of(course: Course) -> RecordingView:
    """How the recording is shown, as the loader worked it out."""
    return course.recording.view


def media_files(course: Course) -> dict[str, Path]:
    """The course's own media, by name in the package."""
    rec = course.recording
    pairs = ((rec.package_file, rec.file), (rec.package_captions, rec.captions))
    files = {name: path for name, path in pairs if name and path}
    package = course.image_paths()
    return files | {package[src]: path for src, path in course.images.items()}


def _common(course: Course) -> dict[str, Any]:
    return {"course": course, "event_date": _date(course.event.date),
            "recording": view_of(course), "statement": STATEMENT}


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def render_statement(course: Course, standard_label: str) -> bytes:
    """The package's accessibility statement: what the module meets, its known
    gaps (worked out from the course) and how to ask for another format."""
    a = course.accessibility
    html = _environment().get_template("accessibility.html.j2").render(
        **_common(course), standard=standard_label,
        reviewed=_date(a.reviewed) if a.reviewed else None,
        csp="default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
            "form-action 'none'")
    return html.encode("utf-8")


def render_page(course: Course, runtime: str, limits: dict[str, int], scripts: list[str]) -> bytes:
    from lmspack.render import markdown

    view = view_of(course)
    frame_src = view.origin or "'none'"
    html = _environment().get_template("index.html.j2").render(
        **_common(course),
        pages=PAGES,
        description_html=markdown.render(course.description_doc, images=course.image_paths()),
        transcript_html=markdown.render(course.recording.transcript_doc, heading_shift=1,
                                        images=course.image_paths())
        if course.recording.transcript_doc else None,
        csp=("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             f"media-src 'self'; frame-src {frame_src}; base-uri 'none'; form-action 'none'"),
        data=course_data(course, runtime, limits),
        scripts=scripts,
    )
    return html.encode("utf-8")
