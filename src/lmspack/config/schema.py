"""The fields of a course: `course.yml` and its quiz file, declared once.

docs/course-format.md documents each field; keep the two in step.
"""

from __future__ import annotations

from lmspack.config.options import (
    URL,
    Answer,
    Boolean,
    Date,
    Email,
    Fields,
    Identifier,
    Integer,
    Language,
    ListOf,
    Mapping,
    SourceFile,
    Text,
    Time,
    Version,
)

line = {"single_line": True}

# What every current browser plays in a <video> element (MP4 as H.264 with AAC
# plays everywhere, iPhones included; WebM everywhere but older iOS).
VIDEO_SUFFIXES = (".mp4", ".m4v", ".webm")

COURSE = Fields({
    "id": Identifier(),
    "version": Version(),
    "title": Text(max_length=200, **line),
    "summary": Text(max_length=1000),
    "language": Language(),
    "organisers": ListOf(Text(**line), min_items=1),
    "event": Fields({
        "date": Date(),
        "start": Time(required=False),
        "end": Time(required=False),
        "timezone": Text(required=False, **line),
        "page": URL(required=False),
    }),
    "audience": Text(**line),
    "keywords": ListOf(Text(**line), min_items=1),
    "licence": Text(),
    "credits": Text(required=False),
    "learning_time_minutes": Integer(minimum=1, maximum=1440),
    "description": SourceFile(suffixes=(".md",)),
    "objectives": ListOf(Text(), min_items=1, max_items=12),
    # Either `url` (YouTube and Vimeo are embedded, anything else is a link) or
    # `file` (a video in the course folder, copied into the package); the loader
    # checks which of the other fields go with each.
    "recording": Fields({
        "url": URL(required=False),
        "file": SourceFile(suffixes=VIDEO_SUFFIXES, required=False),
        "captions": SourceFile(suffixes=(".vtt",), required=False),
        "provider_captions": Boolean(required=False, default=False),
        "transcript": SourceFile(suffixes=(".md",), required=False),
        "title": Text(required=False, **line),
        "duration_minutes": Integer(required=False, minimum=1, maximum=1440),
    }),
    "completion": Fields({
        "recording_required": Boolean(required=False, default=True),
        "recording_played_percent": Integer(required=False, minimum=1, maximum=100),
        "reflections_required": Boolean(required=False, default=True),
        "pass_mark": Integer(minimum=0, maximum=100),
    }),
    # The accessibility statement each package carries: who learners ask for an
    # alternative format, and when the statement was last reviewed.
    "accessibility": Fields({
        "contact": Text(required=False, max_length=200, **line),
        "email": Email(required=False),
        "url": URL(required=False),
        "reviewed": Date(required=False),
    }, required=False),
    "quiz": SourceFile(suffixes=(".yml", ".yaml")),
})

OPTION = Fields({
    "id": Identifier(),
    "text": Text(),
    "feedback": Text(),
})

QUESTION = Fields({
    "id": Identifier(),
    "type": Text(pattern=r"single-choice|multiple-choice|true-false",
                 pattern_hint="one of single-choice, multiple-choice, true-false", **line),
    "question": Text(),
    # Choice questions: options and the id(s) of the correct ones.
    # True-false: `correct` is true or false, `feedback` has a text for each.
    "options": ListOf(OPTION, min_items=2, max_items=26, required=False),
    "correct": Answer(),
    "feedback": Mapping(Boolean(), Text(), required=False),
})

QUIZ = Fields({
    "reflections": ListOf(Fields({
        "id": Identifier(),
        "prompt": Text(),
        "hint": Text(required=False),
        "action": Boolean(required=False, default=False),
    }), min_items=1, max_items=6),
    "confidence": Fields({
        "id": Identifier(),
        "prompt": Text(),
        "scale": Mapping(Integer(minimum=1, maximum=9), Text(**line)),
    }, required=False),
    "knowledge_check": ListOf(QUESTION, min_items=1, max_items=20),
})
