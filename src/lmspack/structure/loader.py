"""Read a course folder into the content model, reporting every problem at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lmspack.config import schema
from lmspack.config.options import INVALID, Context
from lmspack.config.yamlsource import load_yaml
from lmspack.errors import CourseError, Problem
from lmspack.paths import display
from lmspack.render import markdown
from lmspack.structure.course import (
    Accessibility,
    Completion,
    Confidence,
    Course,
    Event,
    Option,
    Places,
    Question,
    Recording,
    Reflection,
)
from lmspack.structure.review import find_markers, unreviewed

COURSE_FILE = "course.yml"


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display(path), None, "", f"is not UTF-8 text ({exc.reason} at "
                                                         f"byte {exc.start})"))
    except OSError as exc:
        problems.append(Problem(display(path), None, "", f"cannot be read: {exc.strerror}"))
    return None


def _load_fields(path: Path, course_dir: Path, fields: Any,
                 problems: list[Problem]) -> tuple[Any, Context | None]:
    text = _read_text(path, problems)
    if text is None:
        return INVALID, None
    doc, yaml_problems = load_yaml(text, display(path))
    problems.extend(yaml_problems)
    if doc is None:
        return INVALID, None
    ctx = Context(display(path), doc, course_dir, problems)
    return fields.check_read(doc.data, ctx, ()), ctx


def load_course(course_dir: Path, *, draft: bool = False) -> Course:
    """The course in `course_dir`, or a CourseError listing every problem. Review
    markers (structure/review.py) are problems too, or with `draft` warnings."""
    course_dir = Path(course_dir)
    problems: list[Problem] = []
    course_file = course_dir / COURSE_FILE
    if not course_file.is_file():
        raise CourseError([Problem(display(course_dir), None, "",
                                   f"not a course folder: {COURSE_FILE} is missing")])
    data, ctx = _load_fields(course_file, course_dir, schema.COURSE, problems)

    description, images = None, {}
    if data is not INVALID and data["description"] is not INVALID:
        description = _read_text(data["description"], problems)
        if description is not None:
            if not description.strip():
                problems.append(Problem(display(data["description"]), None, "", "is empty"))
            problems.extend(markdown.problems(description, display(data["description"])))
            images |= _images(description, data["description"], course_dir, problems)

    if data is not INVALID and ctx is not None and isinstance(data["event"], dict):
        start, end = data["event"]["start"], data["event"]["end"]
        if isinstance(start, str) and isinstance(end, str) and end <= start:
            problems.append(Problem(display(course_file), ctx.doc.line(("event", "end")),
                                    "event.end", f"{end} is not after the start, {start}"))

    transcript, warnings = None, []
    if data is not INVALID and ctx is not None and isinstance(data["recording"], dict):
        transcript = _check_recording(data, ctx)
        if transcript is not None:
            images |= _images(transcript, data["recording"]["transcript"], course_dir, problems)

    quiz = quiz_ctx = INVALID
    if data is not INVALID and data["quiz"] is not INVALID:
        quiz, quiz_ctx = _load_fields(data["quiz"], course_dir, schema.QUIZ, problems)
        if quiz is not INVALID and quiz_ctx is not None:
            _check_quiz(quiz, quiz_ctx)

    markers = find_markers(course_dir)
    if draft:
        warnings += markers
    else:
        problems += unreviewed(markers, problems)

    if problems or _has_invalid(data) or _has_invalid(quiz):
        problems.sort(key=lambda p: (p.file != display(course_file), p.file, p.line or 0))
        raise CourseError(problems or [Problem(display(course_file), None, "", "is invalid")])
    places = Places({"course": display(course_file), "quiz": display(data["quiz"]),
                     "description": display(data["description"])},
                    {"course": ctx.doc, "quiz": quiz_ctx.doc})
    if isinstance(data["recording"]["transcript"], Path):
        places.files["transcript"] = display(data["recording"]["transcript"])
    course = _build(course_dir, data, description or "", quiz, transcript, warnings, places)
    course.images.update(images)
    return course


# The first bytes of each picture format a course may show.
_IMAGE_MAGIC = {".png": (0, b"\x89PNG\r\n\x1a\n"), ".jpg": (0, b"\xff\xd8\xff"),
                ".jpeg": (0, b"\xff\xd8\xff"), ".gif": (0, b"GIF8"), ".webp": (8, b"WEBP")}
_SAFE_NAME = re.compile(r"[A-Za-z0-9._/-]+")


def _images(text: str, md_file: Path, course_dir: Path,
            problems: list[Problem]) -> dict[str, Path]:
    """The picture files a Markdown file shows: inside the course folder, and pictures."""
    found = {}
    root = course_dir.resolve()
    for line, src, _alt in markdown.images(text):
        if not markdown.IMAGE_PATH.fullmatch(src):
            continue  # an address, not a file: markdown.problems() reports it
        path = (md_file.parent / src).resolve()
        why = None
        if not path.is_relative_to(root):
            why = "lies outside the course folder"
        elif not path.is_file():
            why = "does not exist"
        elif not _SAFE_NAME.fullmatch(path.relative_to(root).as_posix()):
            why = "needs a name of letters, digits, '.', '-' and '_' only"
        else:
            offset, magic = _IMAGE_MAGIC[path.suffix.lower()]
            with path.open("rb") as f:
                if f.read(offset + len(magic))[offset:] != magic:
                    why = f"is not a {path.suffix.lower()} picture"
        if why:
            problems.append(Problem(display(md_file), line, "", f"image '{src}' {why}"))
        else:
            found[src] = path
    return found


# The first bytes of each video container the player accepts.
_VIDEO_MAGIC = {".mp4": (4, b"ftyp"), ".m4v": (4, b"ftyp"), ".webm": (0, b"\x1a\x45\xdf\xa3")}


def _check_recording(data: dict[str, Any], ctx: Context) -> str | None:
    """Rules that join the recording's fields; returns the transcript."""
    rec, completion = data["recording"], data["completion"]
    problems = ctx.problems
    here = ("recording",)
    url, file = rec["url"], rec["file"]
    if url is None and file is None:
        ctx.error(here, "needs either url (a web address) or file (a video file in the course "
                        "folder)")
    elif url is not None and file is not None:
        ctx.error(here + ("file",), "give either url or file, not both")
    if rec["captions"] is not None and url is not None:
        ctx.error(here + ("captions",), "captions go with a video file; for a url whose player "
                                        "shows captions, write provider_captions: true")
    if rec["provider_captions"] and file is not None:
        ctx.error(here + ("provider_captions",), "is for a url; for a video file, give its "
                                                 "captions as a WebVTT file in captions")
    played = completion["recording_played_percent"] if isinstance(completion, dict) else None
    if played is not None and url is not None:
        ctx.error(("completion", "recording_played_percent"),
                  "applies to a video file only: the module cannot see how much of an embedded "
                  "or linked recording is played, so the learner confirms they watched it")
    if isinstance(file, Path):
        offset, magic = _VIDEO_MAGIC[file.suffix.lower()]
        try:
            with file.open("rb") as f:
                head = f.read(offset + len(magic))
        except OSError as exc:
            ctx.error(here + ("file",), f"'{file.name}' cannot be read: {exc.strerror}")
        else:
            if head[offset:] != magic:
                ctx.error(here + ("file",), f"'{file.name}' is not a video: its first bytes "
                                            f"are not those of a {file.suffix.lower()} file")
    if isinstance(rec["captions"], Path):
        text = _read_text(rec["captions"], problems)
        if text is not None and not re.match(r"\ufeff?WEBVTT(?:[ \t]|\r?\n|$)", text):
            ctx.error(here + ("captions",), f"'{rec['captions'].name}' is not a WebVTT file: its "
                                            "first line must be WEBVTT")
    transcript = None
    if isinstance(rec["transcript"], Path):
        transcript = _read_text(rec["transcript"], problems)
        name = display(rec["transcript"])
        if transcript is not None and not transcript.strip():
            problems.append(Problem(name, None, "", "is empty"))
        elif transcript is not None:
            problems.extend(markdown.problems(transcript, name))
    return transcript


def _has_invalid(value: Any) -> bool:
    if value is INVALID:
        return True
    if isinstance(value, dict):
        return any(_has_invalid(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_invalid(v) for v in value)
    return False


def _check_quiz(quiz: dict[str, Any], ctx: Context) -> None:
    """Rules that join fields: unique ids, answers that match the question type."""
    seen: dict[str, str] = {}

    def unique(value: Any, path: tuple) -> None:
        if isinstance(value, str):
            if value in seen:
                ctx.error(path, f"id '{value}' is already used by {seen[value]}")
            else:
                seen[value] = ".".join(str(p) for p in path[:-1]) or "the quiz"

    for i, r in enumerate(quiz["reflections"] if isinstance(quiz["reflections"], list) else []):
        if isinstance(r, dict):
            unique(r["id"], ("reflections", i, "id"))
    if isinstance(quiz["confidence"], dict):
        unique(quiz["confidence"]["id"], ("confidence", "id"))
        scale = quiz["confidence"]["scale"]
        if isinstance(scale, dict) and INVALID not in scale and sorted(scale) != list(
                range(1, len(scale) + 1)):
            ctx.error(("confidence", "scale"), "must number its points 1, 2, 3 ... in order")
    questions = quiz["knowledge_check"] if isinstance(quiz["knowledge_check"], list) else []
    for i, q in enumerate(questions):
        if not isinstance(q, dict):
            continue
        path = ("knowledge_check", i)
        unique(q["id"], path + ("id",))
        _check_question(q, ctx, path)


def _check_question(q: dict[str, Any], ctx: Context, path: tuple) -> None:
    kind, options, correct, feedback = q["type"], q["options"], q["correct"], q["feedback"]
    if kind is INVALID or correct is INVALID:
        return
    if kind == "true-false":
        if options:
            ctx.error(path + ("options",), "a true-false question has no options; give "
                                           "'feedback' for true and for false instead")
        if not isinstance(correct, bool):
            ctx.error(path + ("correct",), "must be true or false for a true-false question")
        if feedback is None:
            ctx.error(path + ("feedback",), "is required: a text for true and one for false")
        elif feedback is not INVALID and set(feedback) != {True, False}:
            ctx.error(path + ("feedback",), "must have exactly two entries, true and false")
        return
    if feedback is not None:
        ctx.error(path + ("feedback",), f"a {kind} question gives feedback on each option")
    if options is None:
        ctx.error(path + ("options",), f"is required for a {kind} question")
        return
    if options is INVALID:
        return
    ids: dict[str, int] = {}
    for j, opt in enumerate(options):
        if opt["id"] in ids and opt["id"] is not INVALID:
            ctx.error(path + ("options", j, "id"), f"option id '{opt['id']}' is used twice")
        ids[opt["id"]] = j
    if isinstance(correct, bool):
        ctx.error(path + ("correct",), f"must name the correct option id(s), not {correct}")
        return
    for answer in correct:
        if answer not in ids:
            ctx.error(path + ("correct",), f"'{answer}' is not one of the options "
                                           f"({', '.join(o for o in ids if o is not INVALID)})")
    if len(set(correct)) != len(correct):
        ctx.error(path + ("correct",), "names the same option twice")
    if kind == "single-choice" and len(correct) != 1:
        ctx.error(path + ("correct",), "a single-choice question has exactly one correct option")


def _build(course_dir: Path, c: dict[str, Any], description: str, quiz: dict[str, Any],
           transcript: str | None, warnings: list[Problem], places: Places) -> Course:
    questions = []
    for q in quiz["knowledge_check"]:
        if q["type"] == "true-false":
            options = tuple(Option(str(v).lower(), "True" if v else "False", q["feedback"][v],
                                   v == q["correct"]) for v in (True, False))
        else:
            options = tuple(Option(o["id"], o["text"], o["feedback"], o["id"] in q["correct"])
                            for o in q["options"])
        questions.append(Question(q["id"], q["type"], q["question"], options))
    conf = quiz["confidence"]
    rec = c["recording"]
    return Course(
        source_dir=course_dir,
        id=c["id"], version=c["version"], title=c["title"], summary=c["summary"],
        language=c["language"], organisers=tuple(c["organisers"]),
        event=Event(**c["event"]),
        audience=c["audience"], keywords=tuple(c["keywords"]),
        licence=c["licence"], credits=c["credits"],
        learning_time_minutes=c["learning_time_minutes"],
        description_md=description,
        quiz_file=c["quiz"],
        objectives=tuple(c["objectives"]),
        recording=Recording(url=rec["url"], file=rec["file"], captions=rec["captions"],
                            provider_captions=rec["provider_captions"], transcript_md=transcript,
                            title=rec["title"], duration_minutes=rec["duration_minutes"]),
        completion=Completion(**{**c["completion"], "recording_played_percent":
                                 c["completion"]["recording_played_percent"] or 90}),
        accessibility=Accessibility(**(c["accessibility"] or {})),
        warnings=tuple(warnings),
        places=places,
        reflections=tuple(Reflection(**r) for r in quiz["reflections"]),
        confidence=Confidence(conf["id"], conf["prompt"], dict(sorted(conf["scale"].items())))
        if conf else None,
        questions=tuple(questions),
    )

