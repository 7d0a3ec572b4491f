"""Render the learner's page and collect the player's files for a package."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from lmspack.render import markdown
from lmspack.render.recording import recording_view
from lmspack.resources import PLAYER
from lmspack.structure.course import Course

STATIC = PLAYER / "static"
PAGES = (
    ("overview", "Overview"),
    ("recording", "Recording"),
    ("reflect", "Reflect"),
    ("check", "Check your knowledge"),
    ("summary", "Summary"),
)


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(PLAYER / "templates")),
                       autoescape=select_autoescape(default=True), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


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
    largest = {"v": 1, "p": len(PAGES) - 1, "w": 1,
               "r": {r.id: "" for r in course.reflections},
               "a": {q.id: list(range(len(q.options))) for q in course.questions},
               "s": 1, "x": {i: 999 for i in interaction_ids(course)}, "c": 9}
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
        "limits": {**limits, "reflection": reflection_budget(course, limits)},
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


def render_page(course: Course, runtime: str, limits: dict[str, int], scripts: list[str]) -> bytes:
    view = recording_view(course.recording.url)
    frame_src = view.origin or "'none'"
    html = _environment().get_template("index.html.j2").render(
        course=course,
        pages=PAGES,
        description_html=markdown.render(course.description_md),
        recording=view,
        csp=("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             f"media-src 'self'; frame-src {frame_src}; base-uri 'none'; form-action 'none'"),
        data=course_data(course, runtime, limits),
        event_date=f"{course.event.date.day} {course.event.date:%B %Y}",
        scripts=scripts,
    )
    return html.encode("utf-8")
