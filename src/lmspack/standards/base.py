"""What every packaging standard provides: a name, a run-time for the player, a manifest."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from lxml import etree

from lmspack.resources import manifests_root
from lmspack.structure.course import Course


class Standard:
    name: ClassVar[str]  # used in file names and on the command line
    label: ClassVar[str]  # shown to people
    runtime: ClassVar[str]  # which player adapter talks to the LMS: scorm12, none, ...
    # (namespace, schema file) pairs the manifest is validated against.
    schema_imports: ClassVar[tuple[tuple[str, str], ...]]
    # Official schema files shipped at the package root, as packages of this standard carry them.
    shipped_schemas: ClassVar[tuple[str, ...]] = ()
    # Data model limits the player must respect (characters).
    limits: ClassVar[dict[str, int]] = {}
    launch = "index.html"

    @property
    def folder(self):  # noqa: ANN201 - a Traversable/Path
        return manifests_root() / self.name

    def package_name(self, course: Course) -> str:
        return f"{course.id}-{course.version}-{self.name}.zip"

    def manifest_context(self, course: Course, files: list[str]) -> dict[str, Any]:
        """Values for the manifest template, beyond course, files and launch."""
        return {}

    def render_manifest(self, course: Course, files: list[str]) -> bytes:
        from lmspack.render.templates import manifest_environment

        template = manifest_environment(str(manifests_root())).get_template(
            f"{self.name}/imsmanifest.xml.j2")
        text = template.render(course=course, files=files, launch=self.launch,
                               ids=manifest_ids(course), **self.manifest_context(course, files))
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
