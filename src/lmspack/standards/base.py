"""What every packaging standard provides: a name, a run-time for the player, a manifest,
the official schemas it is validated against, and how `validate` recognises it."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from lmspack.resources import manifests_root

if TYPE_CHECKING:  # lxml and the course model load only when a package is made
    from lxml import etree

    from lmspack.structure.course import Course

XSI = "http://www.w3.org/2001/XMLSchema-instance"


class Standard:
    name: ClassVar[str]  # used in file names and on the command line
    label: ClassVar[str]  # shown to people
    runtime: ClassVar[str]  # which player adapter talks to the LMS: scorm12, scorm2004, none
    # (namespace, schema file) pairs the manifest is validated against.
    schema_imports: ClassVar[tuple[tuple[str, str], ...]]
    # How `validate` recognises a manifest of this standard: its root element's
    # namespace and the <metadata><schemaversion> values it accepts (the first is
    # the edition whose schemas are used).
    namespace: ClassVar[str]
    schemaversions: ClassVar[tuple[str, ...]]
    # The attribute that marks a launchable resource as a SCO or an asset, if any.
    scorm_type: ClassVar[str | None] = None
    # Data model limits the player must respect (characters).
    limits: ClassVar[dict[str, int]] = {}
    launch = "index.html"
    manifest = "imsmanifest.xml"  # its template is manifests/<name>/<manifest>.j2

    @property
    def folder(self) -> Path:
        return manifests_root() / self.name

    @cached_property
    def shipped_schemas(self) -> list[str]:
        """The official schema files packages of this standard carry at their root:
        everything under manifests/<name>/schemas/, subfolders included."""
        root = self.folder / "schemas"
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    def package_name(self, course: Course) -> str:
        return f"{course.id}-{course.version}-{self.name}.zip"

    def manifest_context(self, course: Course) -> dict[str, Any]:
        """Values for the manifest template, beyond course, ids, files and launch."""
        return {}

    def keeps(self, course: Course) -> list[str]:
        """What an LMS records of this course through this standard, in plain words
        (`lmspack build` prints it beside each package)."""
        raise NotImplementedError

    def render_manifest(self, course: Course, files: list[str]) -> bytes:
        from lmspack.render.templates import manifest_environment

        template = manifest_environment(str(manifests_root())).get_template(
            f"{self.name}/{self.manifest}.j2")
        text = template.render(course=course, files=files, launch=self.launch,
                               ids=manifest_ids(course), **self.manifest_context(course))
        return text.encode("utf-8")

    @cached_property
    def schema(self) -> etree.XMLSchema:
        from lmspack.validate.schemas import compile_schema

        return compile_schema(self.folder / "schemas", self.schema_imports)


def manifest_ids(course: Course) -> dict[str, str]:
    # xs:ID values must be NCNames: a course id may start with a digit, so prefix them.
    return {kind: f"{prefix}-{course.id}" for kind, prefix in (
        ("manifest", "MANIFEST"), ("organization", "ORG"), ("item", "ITEM"),
        ("resource", "RES"))}


def iso_duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")


def vcard(org: str) -> str:
    escaped = org.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nORG:{escaped}\nEND:VCARD"


def lom_context(course: Course) -> dict[str, Any]:
    """Learning object metadata values both SCORM manifests carry."""
    return {"lom": {"typical_learning_time": iso_duration(course.learning_time_minutes),
                    "organiser_vcards": [vcard(name) for name in course.organisers]}}
