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
# A reflection's room where the standard limits nothing (IMS CP keeps no data): as
# much as SCORM 2004 keeps of it.
UNLIMITED_REFLECTION = 4000
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
    """The player's files every package carries as they are: its stylesheet (the
    scripts arrive together as SCRIPT, player_script())."""
    return {f"player/{p.name}": p.read_bytes() for p in sorted(STATIC.iterdir())
            if p.is_file() and p.suffix != ".js"}


def interaction_ids(course: Course) -> list[str]:
    """The SCORM interaction id of every answer, in course order. The player takes
    them from the course JSON; the suspend data budget counts them."""
    ids = [f"reflection-{r.id}" for r in course.reflections]
    if course.confidence:
        ids.append(f"confidence-{course.confidence.id}")
    return ids + [f"question-{q.id}" for q in course.questions]


@cache
def state_schema() -> dict[str, Any]:
    """The learner state's fields, keys and largest values (player/state.json): the
    player encodes by it (state.js), and the budget below is worked out from it."""
    return json.loads((PLAYER / "state.json").read_text(encoding="utf-8"))


def _items(course: Course, per: str) -> list[str]:
    if per == "interactions":
        return interaction_ids(course)
    return [item.id for item in getattr(course, per)]


def _largest(course: Course, field: dict[str, Any]) -> Any:
    """A field's largest saved form, as state.js writes it (None: never written).
    Texts are left empty: the room they share is what the budget hands out."""
    kind, top = field["type"], field.get("max")
    if kind == "page":
        return len(PAGES) - 1
    if kind == "enum":
        return max(field["values"], key=lambda v: len(json.dumps(v)))
    if kind == "texts":
        return {i: "" for i in _items(course, field["per"])}
    if kind == "choices":
        return {q.id: list(range(len(q.options))) for q in course.questions}
    if kind == "flag":
        return 1
    if kind == "counts":
        return {i: top for i in _items(course, field["per"])}
    if kind == "ranges":
        return [[top, top]] * _player_limits()[field["count"]]
    if kind == "seconds":
        return top
    if kind == "date":
        return "YYYY-MM-DD"
    if kind == "rating":
        return max(course.confidence.scale) if course.confidence else None
    raise ValueError(f"player/state.json: {field['name']}: no such type {kind!r}")


def largest_state(course: Course) -> dict[str, Any]:
    """The saved form of a learner who has done everything, chosen every option and
    played the most stretches of the longest video, with every reflection empty."""
    schema = state_schema()
    state: dict[str, Any] = {schema["versionKey"]: schema["version"]}
    for field in schema["fields"]:
        if field.get("recording") == "file" and not course.recording.file:
            continue  # only a video file is played in the page
        value = _largest(course, field)
        if value is not None:
            state[field["key"]] = value
    return state


def reflection_budget(course: Course, limits: dict[str, int]) -> int | None:
    """Characters each reflection may take so that the whole state fits suspend data.

    What is left of the limit once the largest state (largest_state) is saved is
    shared between the reflections; a text adds exactly its saved length
    (state.js's encodedLength: JSON-escaped, in UTF-16 units, as JavaScript and the
    SCORM run-times count it). tests/test_player_state.py checks that state.js's
    encode() agrees; the browser tests fill every field to this limit and check the
    stored suspend data fits.
    """
    limit = limits.get("suspendData")
    if not limit:
        return None
    fixed = len(json.dumps(largest_state(course), separators=(",", ":"), ensure_ascii=False))
    room = (limit - fixed) // len(course.reflections)
    # Where an interaction holds the whole text (SCORM 2004's long-fill-in), no more.
    return min(room, limits.get("longResponse", room))


def _player_limits() -> dict[str, int]:
    return {"playedRanges": PLAYED_RANGES}


SCRIPT = "player/player.js"


def player_modules(runtime: str) -> list[str]:
    """The player's modules for a package of `runtime`, in load order: each needs only
    those before it. Only that run-time's session ships (with lms-none.js, the
    fallback when no LMS is found)."""
    sessions = ["lms-none.js"]
    if runtime != "none":
        sessions += ["lms-scorm.js", f"lms-{runtime}.js"]
    return ["state.js", "rules.js", "session.js", *sessions, "keeper.js", "dom.js",
            "view-recording.js", "view-reflect.js", "view-check.js", "view-summary.js",
            "app.js"]


@cache
def player_script(runtime: str) -> bytes:
    """The one script a package of `runtime` ships (SCRIPT): its modules' own text, one
    after another in load order, each under a comment naming its file. One request
    and one compressed stream, not a dozen (docs/player.md); nothing is rewritten."""
    missing = [m for m in player_modules(runtime) if not (STATIC / m).is_file()]
    if missing:  # a Standard naming a run-time the player has no session for
        raise ValueError(f"the player has no {', '.join(missing)} for run-time '{runtime}'")
    return b"\n".join(f"/* lmspack player: {m} */\n".encode() + (STATIC / m).read_bytes()
                      for m in player_modules(runtime))


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
        "limits": {**limits, **_player_limits(),
                   "reflection": reflection_budget(course, limits) or UNLIMITED_REFLECTION},
        "state": state_schema(),
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


def _words(heading: tuple[int | None, str] | None) -> str:
    return heading[1].lower() if heading else ""


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


def page_policy(frame_src: str, extra: dict[str, str] | None = None) -> str:
    """The page's Content-Security-Policy, with a standard's `extra` sources by
    directive (Standard.page_csp): added to the directive, or as a new one at the end."""
    directives = {"default-src": "'none'", "script-src": "'self'", "style-src": "'self'",
                  "img-src": "'self' data:", "media-src": "'self'", "frame-src": frame_src,
                  "base-uri": "'none'", "form-action": "'none'"}
    for directive, sources in (extra or {}).items():
        kept = [s for s in directives.get(directive, "").split() if s != "'none'"]
        directives[directive] = " ".join([*kept, sources])
    return "; ".join(f"{d} {sources}" for d, sources in directives.items())


def render_page(course: Course, runtime: str, limits: dict[str, int], scripts: list[str],
                csp_extra: dict[str, str] | None = None) -> bytes:
    from lmspack.render import markdown

    view = view_of(course)
    html = _environment().get_template("index.html.j2").render(
        **_common(course),
        pages=PAGES,
        description_html=markdown.render(course.description_doc, images=course.image_paths()),
        # The page's own "About the webinar" heading, unless the description opens so.
        about_heading=_words(course.description_doc.first_heading) != "about the webinar",
        transcript_html=markdown.render(course.recording.transcript_doc, heading_shift=1,
                                        images=course.image_paths())
        if course.recording.transcript_doc else None,
        csp=page_policy(view.origin or "'none'", csp_extra),
        data=course_data(course, runtime, limits),
        scripts=scripts,
    )
    return html.encode("utf-8")
