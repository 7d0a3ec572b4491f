"""The content model: what a course is once its source has been read and checked.

The fields of course.yml and the quiz are declared once, in config/schema.py, whose
models are frozen dataclasses; the course adds what the loader reads from the files
they name (the parsed Markdown, the images) and what follows from them (how the
recording is shown). Everything is worked out once, when the course is loaded, and
the course is built whole: nothing changes it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmspack.config import schema
from lmspack.config.schema import (  # noqa: F401 - the model's parts, by their usual names
    Accessibility,
    Choice,
    Completion,
    Confidence,
    Event,
    Question,
    Reflection,
)
from lmspack.config.yamlsource import YamlDocument
from lmspack.errors import Diagnostic
from lmspack.structure.markdown import Document
from lmspack.video_sites import RecordingView, file_view, recording_view


class Recording(schema.Recording):
    transcript_doc: Document | None = None  # the parsed transcript
    view: RecordingView | None = None  # how it is shown: worked out from url or file

    @classmethod
    def finish(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["file"] is not None:
            view = file_view(schema.Recording.package_name(values["file"]))
        else:
            view = recording_view(values["url"] or "")
        return values | {"view": view}

    @property
    def transcript_md(self) -> str | None:
        return self.transcript_doc.text if self.transcript_doc else None


@dataclass(frozen=True)
class Places:
    """Where the author wrote each thing, so checks after loading can name file and line."""

    files: dict[str, str] = field(default_factory=dict)  # course, quiz, description, transcript
    docs: dict[str, YamlDocument] = field(default_factory=dict)  # course, quiz

    def at(self, kind: str, path: tuple[Any, ...] = ()) -> tuple[str, int | None]:
        doc = self.docs.get(kind)
        return self.files.get(kind, kind), doc.line(path) if doc else None


class Course(schema.CourseFile):
    recording: Recording
    source_dir: Path
    description_doc: Document  # the parsed description
    reflections: tuple[Reflection, ...]
    confidence: Confidence | None
    questions: tuple[Question, ...]
    # Review markers left in a course built with --draft.
    warnings: tuple[Diagnostic, ...] = ()
    places: Places = Places()
    # Images in the description and transcript: as written in the Markdown -> the file.
    images: dict[str, Path] = field(default_factory=dict)

    @property
    def description_md(self) -> str:
        return self.description_doc.text

    def image_paths(self) -> dict[str, str]:
        """Each image's name in the package, by its source in the Markdown."""
        root = self.source_dir.resolve()
        return {src: "media/images/" + path.resolve().relative_to(root).as_posix()
                for src, path in self.images.items()}
