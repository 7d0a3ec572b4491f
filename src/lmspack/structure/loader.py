"""Read a course folder into the content model, reporting every problem at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lmspack.characters import CONTROL, control_message
from lmspack.config import kinds, schema
from lmspack.config.model import has_invalid
from lmspack.config.options import INVALID, Context
from lmspack.config.yamlsource import load_yaml
from lmspack.errors import CourseError, Diagnostics, made
from lmspack.paths import display
from lmspack.structure import markdown
from lmspack.structure.course import Course, Places, Recording
from lmspack.structure.markdown import Document
from lmspack.structure.review import find_markers, unreviewed
from lmspack.urls import IMAGE_PATH

COURSE_FILE = "course.yml"
# The most a course's text files may hold, in bytes: far beyond any real description,
# transcript or quiz, and small enough that a wrong file is refused before it is read.
TEXT_LIMIT = 1_000_000
CAPTIONS_LIMIT = 5_000_000  # a day's speech as WebVTT is some 1.5 MB


def _read_text(path: Path, problems: Diagnostics, limit: int = TEXT_LIMIT, *,
               controls: bool = False) -> str | None:
    """The file's text with its line breaks made \\n, or None with the problem reported:
    not UTF-8, larger than `limit` (counted as it is read), or, unless `controls`,
    holding a control character (the YAML reader judges its own)."""
    name = display(path)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        problems.error(name, None, "", f"cannot be read: {exc.strerror}", kinds.BAD_FILE)
        return None
    if len(data) > limit:
        problems.error(name, None, "", f"is larger than {limit:,} bytes, the most a course's "
                                       "text file may hold", kinds.BAD_FILE)
        return None
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        problems.error(name, None, "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})",
                       kinds.BAD_FILE)
        return None
    bad = [] if controls else [(text.count("\n", 0, m.start()) + 1, m)
                                for m in CONTROL.finditer(text)]
    if bad:
        for line, m in bad[:5]:  # the first few say enough
            column = m.start() - text.rfind("\n", 0, m.start())
            problems.error(name, line, "", f"column {column} {control_message(m.group())}",
                           kinds.of_text(name))
        return None
    return text


def _load_fields(path: Path, course_dir: Path, fields: Any,
                 problems: Diagnostics) -> tuple[Any, Context | None]:
    text = _read_text(path, problems, controls=True)
    if text is None:
        return INVALID, None
    doc, yaml_problems = load_yaml(text, display(path))
    problems.extend(yaml_problems)
    if doc is None:
        return INVALID, None
    ctx = Context(display(path), doc, course_dir, problems)
    return fields.check_read(doc.data, ctx, ()), ctx


def _read_markdown(path: Path, problems: Diagnostics) -> Document | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(display(path), None, "", "is empty", kinds.of_text(display(path)))
        return None
    doc = markdown.parse(text, display(path))
    problems.extend(markdown.problems(doc))
    return doc


def load_course(course_dir: Path, *, draft: bool = False) -> Course:
    """The course in `course_dir`, or a CourseError listing every problem. Review
    markers (structure/review.py) are problems too, or with `draft` warnings."""
    course_dir = Path(course_dir)
    problems = Diagnostics()
    course_file = course_dir / COURSE_FILE
    if not course_file.is_file():
        raise CourseError([made(display(course_dir), None, "",
                                f"not a course folder: {COURSE_FILE} is missing",
                                kind=kinds.OTHER)])
    data, ctx = _load_fields(course_file, course_dir, schema.COURSE, problems)

    description = transcript = None
    images: dict[str, Path] = {}
    if data is not INVALID and isinstance(data["description"], Path):
        description = _read_markdown(data["description"], problems)
        if description is not None:
            images |= _images(description, data["description"], course_dir, problems)
    if data is not INVALID and ctx is not None and isinstance(data["recording"], dict):
        _check_media(data["recording"], ctx)
        if isinstance(data["recording"]["transcript"], Path):
            transcript = _read_markdown(data["recording"]["transcript"], problems)
            if transcript is not None:
                images |= _images(transcript, data["recording"]["transcript"], course_dir,
                                  problems)

    quiz = quiz_ctx = INVALID
    if data is not INVALID and data["quiz"] is not INVALID:
        quiz, quiz_ctx = _load_fields(data["quiz"], course_dir, schema.QUIZ, problems)

    warnings = []
    markers = find_markers(course_dir)
    if draft:
        warnings += markers
    else:
        problems.extend(unreviewed(markers, problems))

    if problems or has_invalid(data) or has_invalid(quiz):
        problems.sort(key=lambda p: (p.file != display(course_file), p.file, p.line or 0))
        raise CourseError(problems or [made(display(course_file), None, "", "is invalid",
                                            kind=kinds.OTHER)])
    files = {"course": display(course_file), "quiz": display(data["quiz"]),
             "description": display(data["description"])}
    if transcript is not None:
        files["transcript"] = transcript.file
    the_quiz = schema.QuizFile.from_checked(quiz)
    return Course.from_checked(
        data, source_dir=course_dir, description_doc=description,
        recording=Recording.from_checked(data["recording"], transcript_doc=transcript),
        reflections=the_quiz.reflections, confidence=the_quiz.confidence,
        questions=the_quiz.knowledge_check, warnings=tuple(warnings),
        places=Places(files, {"course": ctx.doc, "quiz": quiz_ctx.doc}), images=images)


# The first bytes of each picture format a course may show.
_IMAGE_MAGIC = {".png": (0, b"\x89PNG\r\n\x1a\n"), ".jpg": (0, b"\xff\xd8\xff"),
                ".jpeg": (0, b"\xff\xd8\xff"), ".gif": (0, b"GIF8"), ".webp": (8, b"WEBP")}
_SAFE_NAME = re.compile(r"[A-Za-z0-9._/-]+")


def _images(doc: Document, md_file: Path, course_dir: Path,
            problems: Diagnostics) -> dict[str, Path]:
    """The picture files a Markdown file shows: inside the course folder, and pictures."""
    found = {}
    root = course_dir.resolve()
    for image in doc.images:
        line, src = image.line, image.target
        if not IMAGE_PATH.fullmatch(src):
            continue  # an address, not a file: markdown.problems() reports it
        path = (md_file.parent / src).resolve()
        why, kind = None, kinds.BAD_FILE
        if not path.is_relative_to(root):
            why = "lies outside the course folder"
        elif not path.is_file():
            why = "does not exist"
        elif not _SAFE_NAME.fullmatch(path.relative_to(root).as_posix()):
            why, kind = "needs a name of letters, digits, '.', '-' and '_' only", kinds.MARKDOWN
        else:
            offset, magic = _IMAGE_MAGIC[path.suffix.lower()]
            with path.open("rb") as f:
                if f.read(offset + len(magic))[offset:] != magic:
                    why = f"is not a {path.suffix.lower()} picture"
        if why:
            problems.error(display(md_file), line, "", f"image '{src}' {why}", kind)
        else:
            found[src] = path
    return found


# The first bytes of each video container the player accepts.
_VIDEO_MAGIC = {".mp4": (4, b"ftyp"), ".m4v": (4, b"ftyp"), ".webm": (0, b"\x1a\x45\xdf\xa3")}


def _check_media(rec: dict[str, Any], ctx: Context) -> None:
    """The recording's video file and captions are what their names say."""
    here = ("recording",)
    file = rec["file"]
    if isinstance(file, Path):
        offset, magic = _VIDEO_MAGIC[file.suffix.lower()]
        try:
            with file.open("rb") as f:
                head = f.read(offset + len(magic))
        except OSError as exc:
            ctx.error(here + ("file",), f"'{file.name}' cannot be read: {exc.strerror}",
                      kinds.BAD_FILE)
        else:
            if head[offset:] != magic:
                ctx.error(here + ("file",), f"'{file.name}' is not a video: its first bytes "
                                            f"are not those of a {file.suffix.lower()} file")
    if isinstance(rec["captions"], Path):
        text = _read_text(rec["captions"], ctx.found, CAPTIONS_LIMIT)
        if text is not None and not re.match(r"\ufeff?WEBVTT(?:[ \t]|\r?\n|$)", text):
            ctx.error(here + ("captions",), f"'{rec['captions'].name}' is not a WebVTT file: its "
                                            "first line must be WEBVTT")
