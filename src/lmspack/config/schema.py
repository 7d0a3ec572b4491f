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
    "id": Identifier(help="Stable id: lowercase letters, digits and single hyphens. Names the "
                          "package and its manifest identifiers; keep it once in an LMS."),
    "version": Version(help="The module's version, such as 1.0.0; part of the package name."),
    "title": Text(max_length=200, **line, help="The module's title."),
    "summary": Text(max_length=1000, help="One or two sentences, from the event page."),
    "language": Language(help="The course's language tag, such as en-GB or cy."),
    "organisers": ListOf(Text(**line), min_items=1, help="Who held the webinar."),
    "event": Fields({
        "date": Date(help="The webinar's date, YYYY-MM-DD."),
        "start": Time(required=False, help='Start time in quotes, such as "13:00".'),
        "end": Time(required=False, help='End time in quotes, after the start.'),
        "timezone": Text(required=False, **line, help="Shown after the times, such as GMT."),
        "page": URL(required=False, help="The public event page everything in the course "
                                         "comes from."),
    }, help="When the webinar was held, and its page."),
    "audience": Text(**line, help="Who the webinar was for, as its page says."),
    "keywords": ListOf(Text(**line), min_items=1, help="Keywords for LMS catalogues."),
    "licence": Text(help="Rights in the webinar and the module; shown in the footer."),
    "credits": Text(required=False, help="Who made the webinar possible; shown in the footer."),
    "learning_time_minutes": Integer(minimum=1, maximum=1440,
                                     help="How long the whole module takes, in minutes."),
    "description": SourceFile(suffixes=(".md",), help="The Markdown file with the webinar's "
                                                      "description, in the course folder."),
    "objectives": ListOf(Text(), min_items=1, max_items=12,
                         help="Learning objectives, each starting with a measurable verb."),
    # Either `url` (YouTube and Vimeo are embedded, anything else is a link) or
    # `file` (a video in the course folder, copied into the package); the loader
    # checks which of the other fields go with each.
    "recording": Fields({
        "url": URL(required=False, help="The recording's address: YouTube and Vimeo are "
                                        "embedded, anything else is a link. Or give file."),
        "file": SourceFile(suffixes=VIDEO_SUFFIXES, required=False,
                           help="A video file (.mp4, .m4v, .webm) in the course folder. Or "
                                "give url."),
        "captions": SourceFile(suffixes=(".vtt",), required=False,
                               help="WebVTT captions for the video file."),
        "provider_captions": Boolean(required=False, default=False,
                                     help="For a url: its player shows captions (checked)."),
        "transcript": SourceFile(suffixes=(".md",), required=False,
                                 help="A Markdown transcript, shown under the recording."),
        "title": Text(required=False, **line, help="The frame's title, or the link's text."),
        "duration_minutes": Integer(required=False, minimum=1, maximum=1440,
                                    help="The recording's length, shown to the learner."),
    }, help="The recording: url or file."),
    "completion": Fields({
        "recording_required": Boolean(required=False, default=True,
                                      help="The recording must be watched."),
        "recording_played_percent": Integer(required=False, minimum=1, maximum=100,
                                            help="For a video file: how much must be played "
                                                 "(default 90)."),
        "reflections_required": Boolean(required=False, default=True,
                                        help="Every reflection and the rating must be "
                                             "answered."),
        "pass_mark": Integer(minimum=0, maximum=100, help="The knowledge check's pass mark, "
                                                          "in per cent."),
    }, help="What completes the module."),
    # The accessibility statement each package carries: who learners ask for an
    # alternative format, and when the statement was last reviewed.
    "accessibility": Fields({
        "contact": Text(required=False, max_length=200, **line,
                        help="Who learners ask for an alternative format."),
        "email": Email(required=False, help="Their email address."),
        "url": URL(required=False, help="Their contact page."),
        "reviewed": Date(required=False, help="When the statement was last reviewed."),
    }, required=False, help="For the package's accessibility statement."),
    "quiz": SourceFile(suffixes=(".yml", ".yaml"), help="The quiz file, in the course folder."),
})

OPTION = Fields({
    "id": Identifier(help="The option's id, unique in its question."),
    "text": Text(help="The option as the learner reads it."),
    "feedback": Text(help="Shown after the learner checks their answers."),
})

QUESTION = Fields({
    "id": Identifier(help="The question's id, unique in the quiz; its SCORM interaction id."),
    "type": Text(pattern=r"single-choice|multiple-choice|true-false",
                 pattern_hint="one of single-choice, multiple-choice, true-false", **line,
                 help="single-choice, multiple-choice or true-false."),
    "question": Text(help="The question."),
    # Choice questions: options and the id(s) of the correct ones.
    # True-false: `correct` is true or false, `feedback` has a text for each.
    "options": ListOf(OPTION, min_items=2, max_items=26, required=False,
                      help="For choice questions: 2-26 options, each with feedback."),
    "correct": Answer(help="The correct option id (a list for multiple-choice), or true/false."),
    "feedback": Mapping(Boolean(), Text(), required=False,
                        help="For true-false questions: a text for true and one for false."),
})

QUIZ = Fields({
    "reflections": ListOf(Fields({
        "id": Identifier(help="The reflection's id, unique in the quiz."),
        "prompt": Text(help="The reflective question."),
        "hint": Text(required=False, help="Shown under the prompt."),
        "action": Boolean(required=False, default=False,
                          help="This answer is the learner's action, shown as such."),
    }), min_items=1, max_items=6, help="1-6 free-text reflective prompts."),
    "confidence": Fields({
        "id": Identifier(help="The rating's id, unique in the quiz."),
        "prompt": Text(help="What the learner rates."),
        "scale": Mapping(Integer(minimum=1, maximum=9), Text(**line),
                         help="Points numbered 1, 2, 3 ... each with a label."),
    }, required=False, help="An optional self-rating."),
    "knowledge_check": ListOf(QUESTION, min_items=1, max_items=20, help="1-20 questions."),
})


def json_schema(name: str) -> dict:
    """`course` or `quiz` as a JSON Schema document (`lmspack schema`)."""
    fields, title = {"course": (COURSE, "lmspack course.yml"),
                     "quiz": (QUIZ, "lmspack quiz file")}[name]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title, **fields.json_schema()}
