"""The content model: what a course is once its source has been read and checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmspack.config.yamlsource import YamlDocument
from lmspack.errors import Problem


@dataclass(frozen=True)
class Event:
    date: dt.date
    start: str | None
    end: str | None
    timezone: str | None
    page: str | None

    @property
    def length_minutes(self) -> int | None:
        if not (self.start and self.end):
            return None
        (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in (self.start, self.end))
        return (h2 * 60 + m2 - h1 * 60 - m1) % (24 * 60)


@dataclass(frozen=True)
class Recording:
    url: str | None  # a web address, or
    file: Path | None  # a video file in the course folder, copied into the package
    captions: Path | None  # WebVTT captions for the file
    provider_captions: bool  # the author says the provider's player shows captions
    transcript_md: str | None
    title: str | None
    duration_minutes: int | None

    @property
    def captioned(self) -> bool:
        return self.captions is not None or self.provider_captions

    @property
    def package_file(self) -> str | None:
        """Where the video is stored in the package: a fixed, safe name."""
        return f"media/recording{self.file.suffix.lower()}" if self.file else None

    @property
    def package_captions(self) -> str | None:
        return "media/captions.vtt" if self.captions else None


@dataclass(frozen=True)
class Completion:
    recording_required: bool
    recording_played_percent: int  # for a video file: the share that must be played
    reflections_required: bool
    pass_mark: int


@dataclass(frozen=True)
class Accessibility:
    """Who learners ask for an alternative format; when the statement was reviewed."""

    contact: str | None = None
    email: str | None = None
    url: str | None = None
    reviewed: dt.date | None = None


@dataclass(frozen=True)
class Reflection:
    id: str
    prompt: str
    hint: str | None
    action: bool


@dataclass(frozen=True)
class Confidence:
    id: str
    prompt: str
    scale: dict[int, str]


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    feedback: str
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # single-choice | multiple-choice | true-false
    question: str
    options: tuple[Option, ...]  # true-false questions get two options, "true" and "false"

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class Places:
    """Where the author wrote each thing, so checks after loading can name file and line."""

    files: dict[str, str] = field(default_factory=dict)  # course, quiz, description, transcript
    docs: dict[str, YamlDocument] = field(default_factory=dict)  # course, quiz

    def at(self, kind: str, path: tuple[Any, ...] = ()) -> tuple[str, int | None]:
        doc = self.docs.get(kind)
        return self.files.get(kind, kind), doc.line(path) if doc else None


@dataclass(frozen=True)
class Course:
    source_dir: Path
    id: str
    version: str
    title: str
    summary: str
    language: str
    organisers: tuple[str, ...]
    event: Event
    audience: str
    keywords: tuple[str, ...]
    licence: str
    credits: str | None
    learning_time_minutes: int
    description_md: str
    quiz_file: Path
    objectives: tuple[str, ...]
    recording: Recording
    completion: Completion
    reflections: tuple[Reflection, ...]
    confidence: Confidence | None
    questions: tuple[Question, ...]
    accessibility: Accessibility = Accessibility()
    # Review markers left in a course built with --draft.
    warnings: tuple[Problem, ...] = ()
    places: Places = Places()
    # Images in the description and transcript: as written in the Markdown -> the file.
    images: dict[str, Path] = field(default_factory=dict)

    def image_paths(self) -> dict[str, str]:
        """Each image's name in the package, by its source in the Markdown."""
        root = self.source_dir.resolve()
        return {src: "media/images/" + path.resolve().relative_to(root).as_posix()
                for src, path in self.images.items()}
