"""The fields of a course: `course.yml` and its quiz file, declared once.

Each field is declared once, with its type, whether it is required, its default and
its help; from that come the checks, the typed frozen model (config/model.py
Model) and the JSON Schema editors read (`lmspack schema`). Rules that join fields
are each model's validate(). docs/course-format.md documents each field; keep the
two in step.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lmspack.config.containers import Answer, ListOf, Mapping
from lmspack.config.model import Model
from lmspack.config.options import (
    INVALID,
    URL,
    Boolean,
    Context,
    Date,
    Email,
    Identifier,
    Integer,
    Language,
    SourceFile,
    Text,
    Time,
    Version,
)
from lmspack.config.rules import check_question, check_unique_ids
from lmspack.config.yamlsource import Path_

line = {"single_line": True}

# What every current browser plays in a <video> element (MP4 as H.264 with AAC
# plays everywhere, iPhones included; WebM everywhere but older iOS).
VIDEO_SUFFIXES = (".mp4", ".m4v", ".webm")


class Event(Model):
    date: dt.date = Date(help="The webinar's date, YYYY-MM-DD.")
    start: str | None = Time(required=False, help='Start time in quotes, such as "13:00".')
    end: str | None = Time(required=False, help='End time in quotes, after the start.')
    timezone: str | None = Text(required=False, **line,
                                help="Shown after the times, such as GMT.")
    page: str | None = URL(required=False, help="The public event page everything in the "
                                                "course comes from.")

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict, ctx: Context, path: Path_) -> None:
        start, end = values["start"], values["end"]
        if isinstance(start, str) and isinstance(end, str) and end <= start:
            ctx.error(path + ("end",), f"{end} is not after the start, {start}")

    @property
    def length_minutes(self) -> int | None:
        if not (self.start and self.end):
            return None
        (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in (self.start, self.end))
        return (h2 * 60 + m2 - h1 * 60 - m1) % (24 * 60)


class Recording(Model):
    """Either `url` (YouTube and Vimeo are embedded, anything else is a link) or `file`
    (a video in the course folder, copied into the package)."""

    url: str | None = URL(required=False, help="The recording's address: YouTube and Vimeo "
                                                "are embedded, anything else is a link. Or "
                                                "give file.")
    file: Path | None = SourceFile(suffixes=VIDEO_SUFFIXES, required=False,
                                   help="A video file (.mp4, .m4v, .webm) in the course "
                                        "folder. Or give url.")
    captions: Path | None = SourceFile(suffixes=(".vtt",), required=False,
                                       help="WebVTT captions for the video file.")
    provider_captions: bool = Boolean(required=False, default=False,
                                      help="For a url: its player shows captions (checked).")
    transcript: Path | None = SourceFile(suffixes=(".md",), required=False,
                                         help="A Markdown transcript, shown under the "
                                              "recording.")
    title: str | None = Text(required=False, **line,
                             help="The frame's title, or the link's text.")
    duration_minutes: int | None = Integer(required=False, minimum=1, maximum=1440,
                                           help="The recording's length, shown to the "
                                                "learner.")

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict, ctx: Context, path: Path_) -> None:
        url, file = values["url"], values["file"]
        if url is None and file is None:
            ctx.error(path, "needs either url (a web address) or file (a video file in the "
                            "course folder)")
        elif url is not None and file is not None:
            ctx.error(path + ("file",), "give either url or file, not both")
        if values["captions"] is not None and url is not None:
            ctx.error(path + ("captions",), "captions go with a video file; for a url whose "
                                            "player shows captions, write provider_captions: "
                                            "true")
        if values["provider_captions"] and file is not None:
            ctx.error(path + ("provider_captions",), "is for a url; for a video file, give its "
                                                     "captions as a WebVTT file in captions")

    @property
    def captioned(self) -> bool:
        return self.captions is not None or self.provider_captions

    @staticmethod
    def package_name(file: Path) -> str:
        """Where a video file is stored in the package: a fixed, safe name."""
        return f"media/recording{file.suffix.lower()}"

    @property
    def package_file(self) -> str | None:
        return self.package_name(self.file) if self.file else None

    @property
    def package_captions(self) -> str | None:
        return "media/captions.vtt" if self.captions else None


class Completion(Model):
    recording_required: bool = Boolean(required=False, default=True,
                                       help="The recording must be watched.")
    recording_played_percent: int = Integer(required=False, default=90, minimum=1, maximum=100,
                                            help="For a video file: how much of it must "
                                                 "be played, in per cent.")
    reflections_required: bool = Boolean(required=False, default=True,
                                         help="Every reflection and the rating must be "
                                              "answered.")
    pass_mark: int = Integer(minimum=0, maximum=100, help="The knowledge check's pass mark, "
                                                          "in per cent.")


class Accessibility(Model):
    """For the accessibility statement each package carries: who learners ask for an
    alternative format, and when the statement was last reviewed."""

    contact: str | None = Text(required=False, max_length=200, **line,
                               help="Who learners ask for an alternative format.")
    email: str | None = Email(required=False, help="Their email address.")
    url: str | None = URL(required=False, help="Their contact page.")
    reviewed: dt.date | None = Date(required=False, help="When the statement was last "
                                                         "reviewed.")


class CourseFile(Model):
    """course.yml."""

    id: str = Identifier(help="Stable id: lowercase letters, digits and single hyphens. Names "
                              "the package and its manifest identifiers; keep it once in an "
                              "LMS.")
    version: str = Version(help="The module's version, such as 1.0.0; part of the package "
                                "name.")
    title: str = Text(max_length=200, **line, help="The module's title.")
    summary: str = Text(max_length=1000, help="One or two sentences, from the event page.")
    language: str = Language(help="The course's language tag, such as en-GB or cy.")
    organisers: tuple[str, ...] = ListOf(Text(**line), min_items=1, help="Who held the webinar.")
    event: Event = Event.fields(help="When the webinar was held, and its page.")
    audience: str = Text(**line, help="Who the webinar was for, as its page says.")
    keywords: tuple[str, ...] = ListOf(Text(**line), min_items=1,
                                       help="Keywords for LMS catalogues.")
    licence: str = Text(help="Rights in the webinar and the module; shown in the footer.")
    credits: str | None = Text(required=False, help="Who made the webinar possible; shown in "
                                                    "the footer.")
    learning_time_minutes: int = Integer(minimum=1, maximum=1440,
                                         help="How long the whole module takes, in minutes.")
    description: Path = SourceFile(suffixes=(".md",), help="The Markdown file with the "
                                                           "webinar's description, in the "
                                                           "course folder.")
    objectives: tuple[str, ...] = ListOf(Text(), min_items=1, max_items=12,
                                         help="Learning objectives, each starting with a "
                                              "measurable verb.")
    recording: Recording = Recording.fields(help="The recording: url or file.")
    completion: Completion = Completion.fields(help="What completes the module.")
    accessibility: Accessibility = Accessibility.fields(
        required=False, help="For the package's accessibility statement.")
    quiz: Path = SourceFile(suffixes=(".yml", ".yaml"), help="The quiz file, in the course "
                                                             "folder.")

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict, ctx: Context, path: Path_) -> None:
        completion, recording = given.get("completion"), values["recording"]
        if (isinstance(completion, dict) and completion.get("recording_played_percent")
                is not None and isinstance(recording, dict) and recording["url"] is not None):
            ctx.error(path + ("completion", "recording_played_percent"),
                      "applies to a video file only: the module cannot see how much of an "
                      "embedded or linked recording is played, so the learner confirms they "
                      "watched it")

    @property
    def quiz_file(self) -> Path:
        return self.quiz


class Choice(Model):
    """An option of a choice question; `correct` follows from the question's answer."""

    id: str = Identifier(help="The option's id, unique in its question.")
    text: str = Text(help="The option as the learner reads it.")
    feedback: str = Text(help="Shown after the learner checks their answers.")
    correct: bool = False


class Question(Model):
    """Choice questions have options and the id(s) of the correct ones; a true-false
    question has `correct` true or false and a feedback text for each, and is given
    two options, "true" and "false"."""

    id: str = Identifier(help="The question's id, unique in the quiz; its SCORM interaction "
                              "id.")
    type: str = Text(pattern=r"single-choice|multiple-choice|true-false",
                     pattern_hint="one of single-choice, multiple-choice, true-false", **line,
                     help="single-choice, multiple-choice or true-false.")
    question: str = Text(help="The question.")
    options: tuple[Choice, ...] = ListOf(Choice.fields(), min_items=2, max_items=26,
                                         required=False, help="For choice questions: 2-26 "
                                                              "options, each with feedback.")
    correct: bool | tuple[str, ...] = Answer(help="The correct option id (a list for "
                                                  "multiple-choice), or true/false.")
    feedback: dict[bool, str] | None = Mapping(Boolean(), Text(), required=False,
                                               help="For true-false questions: a text for "
                                                    "true and one for false.")

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict, ctx: Context, path: Path_) -> None:
        check_question(values, ctx, path)

    @classmethod
    def finish(cls, values: dict[str, Any]) -> dict[str, Any]:
        correct, feedback = values["correct"], values["feedback"]
        if values["type"] == "true-false":
            options = tuple(Choice(id=str(v).lower(), text="True" if v else "False",
                                   feedback=feedback[v], correct=v == correct)
                            for v in (True, False))
        else:
            options = tuple(Choice(id=o.id, text=o.text, feedback=o.feedback,
                                   correct=o.id in correct) for o in values["options"])
        return values | {"options": options}

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)


class Reflection(Model):
    id: str = Identifier(help="The reflection's id, unique in the quiz.")
    prompt: str = Text(help="The reflective question.")
    hint: str | None = Text(required=False, help="Shown under the prompt.")
    action: bool = Boolean(required=False, default=False,
                           help="This answer is the learner's action, shown as such.")


class Confidence(Model):
    id: str = Identifier(help="The rating's id, unique in the quiz.")
    prompt: str = Text(help="What the learner rates.")
    scale: dict[int, str] = Mapping(Integer(minimum=1, maximum=9), Text(**line),
                                    help="Points numbered 1, 2, 3 ... each with a label.")

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict, ctx: Context, path: Path_) -> None:
        scale = values["scale"]
        if isinstance(scale, dict) and INVALID not in scale and sorted(scale) != list(
                range(1, len(scale) + 1)):
            ctx.error(path + ("scale",), "must number its points 1, 2, 3 ... in order")


class QuizFile(Model):
    """The quiz file."""

    reflections: tuple[Reflection, ...] = ListOf(Reflection.fields(), min_items=1, max_items=6,
                                                 help="1-6 free-text reflective prompts.")
    confidence: Confidence | None = Confidence.fields(required=False,
                                                      help="An optional self-rating.")
    knowledge_check: tuple[Question, ...] = ListOf(Question.fields(), min_items=1,
                                                   max_items=20, help="1-20 questions.")

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict, ctx: Context, path: Path_) -> None:
        check_unique_ids(values, ctx)


COURSE = CourseFile.fields()
QUIZ = QuizFile.fields()


def json_schema(name: str) -> dict:
    """`course` or `quiz` as a JSON Schema document (`lmspack schema`)."""
    fields, title = {"course": (COURSE, "lmspack course.yml"),
                     "quiz": (QUIZ, "lmspack quiz file")}[name]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title, **fields.json_schema()}
