"""IMS Content Packaging, the base SCORM 1.2, SCORM 2004 and IMS CP share: an
`imsmanifest.xml` at the package root, rendered from manifests/<name>/imsmanifest.xml.j2,
validated against the official schemas under manifests/<name>/schemas/ (which every
package carries), recognised by its namespace and <metadata><schemaversion>, and
checked by the rules in ims_rules.py."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from lmspack.resources import manifests_root
from lmspack.standards.base import Standard

if TYPE_CHECKING:  # lxml and the course model load only when a package is made or read
    from lxml import etree

    from lmspack.structure.course import Course
    from lmspack.validate.reader import Contents
    from lmspack.validate.report import PackageFacts, Report

MANIFEST = "imsmanifest.xml"


class ImsStandard(Standard):
    manifest = MANIFEST  # its template is manifests/<name>/imsmanifest.xml.j2
    package_kind = "SCORM or IMS content package"
    # (namespace, schema file) pairs the manifest is validated against.
    schema_imports: ClassVar[tuple[tuple[str, str], ...]]
    # How `validate` recognises a manifest of this standard: its root element's
    # namespace and the <metadata><schemaversion> values it accepts (the first is
    # the edition whose schemas are used).
    namespace: ClassVar[str]
    schemaversions: ClassVar[tuple[str, ...]]
    # The attribute that marks a launchable resource as a SCO or an asset, if any.
    scorm_type: ClassVar[str | None] = None
    # How bad a <schemaversion> outside `schemaversions` is.
    unknown_schemaversion: ClassVar[str] = "warning"

    @property
    def folder(self) -> Path:
        return manifests_root() / self.name

    # -- writing --------------------------------------------------------------------

    @cached_property
    def _schemas(self) -> dict[str, Path]:
        root = self.folder / "schemas"
        return {p.relative_to(root).as_posix(): p
                for p in sorted(root.rglob("*")) if p.is_file()}

    def shipped(self) -> dict[str, Path]:
        """The official schema files packages of this standard carry at their root:
        everything under manifests/<name>/schemas/, subfolders included."""
        return self._schemas

    def manifest_context(self, course: Course) -> dict[str, Any]:
        """Values for the manifest template, beyond course, ids, files and launch."""
        return {}

    def render(self, course: Course, content: list[str]) -> dict[str, bytes]:
        return {MANIFEST: self.render_manifest(course, content)}

    def render_manifest(self, course: Course, files: list[str]) -> bytes:
        from lmspack.render.templates import manifest_environment

        template = manifest_environment(str(manifests_root())).get_template(
            f"{self.name}/{MANIFEST}.j2")
        text = template.render(course=course, files=files, launch=self.launch,
                               ids=manifest_ids(course), **self.manifest_context(course))
        return text.encode("utf-8")

    # -- reading --------------------------------------------------------------------

    def read_manifest(self, data: bytes, report: Report) -> Any:
        """As every standard reads it, and a manifest with a DOCTYPE is refused:
        its entities are never expanded nor fetched, and the schemas cannot judge
        what they would have held."""
        document = super().read_manifest(data, report)
        if document is None or not document.getroottree().docinfo.doctype:
            return document
        at = data.find(b"<!DOCTYPE")
        report.add("error", "manifest-doctype", "the manifest has a <!DOCTYPE> (a document "
                   "type, perhaps declaring entities), which no IMS or SCORM manifest carries: "
                   "LMSs refuse or ignore it, and lmspack never reads its entities nor fetches "
                   "what it names; remove it", MANIFEST,
                   data.count(b"\n", 0, at) + 1 if at >= 0 else None)
        return None

    @cached_property
    def schema(self) -> etree.XMLSchema:
        from lmspack.validate.schemas import compile_schema

        return compile_schema(self.folder / "schemas", self.schema_imports)

    def recognise(self, document: etree._Element) -> int | None:
        # A schemaversion names the standard; without a known one, the first standard
        # whose run-time attributes the manifest uses, else the plainest (IMS CP);
        # a SCORM standard alone in its namespace is the last resort.
        from lxml import etree

        root = etree.QName(document)
        if root.localname != "manifest" or root.namespace != self.namespace:
            return None
        if schemaversion(document) in self.schemaversions:
            return 3
        if self.scorm_type is None:
            return 1
        used = {ns for el in document.iter() if isinstance(el.tag, str)
                for ns in el.nsmap.values()}
        return 2 if etree.QName(self.scorm_type).namespace in used else 0

    def check(self, document: etree._Element, contents: Contents,
              report: Report) -> PackageFacts:
        from lmspack.standards.ims_rules import check_references
        from lmspack.standards.ims_schemas import check_shipped_schemas

        self._edition(document, report)
        if not self.schema.validate(document.getroottree()):
            for e in self.schema.error_log:
                report.add("error", "schema", e.message, MANIFEST, e.line)
        scos = check_references(document, self, contents, report)
        check_shipped_schemas(contents, report)
        self.check_rules(document, report)
        return self.facts(contents, scos)

    def check_rules(self, document: etree._Element, report: Report) -> None:
        """The standard's own rules beyond IMS CP's (each standard's *_rules.py)."""

    def _edition(self, document: etree._Element, report: Report) -> None:
        """Name the edition the manifest states, and warn where it states none we know."""
        version = schemaversion(document)
        if version not in self.schemaversions:
            severity = self.unknown_schemaversion
            if version is not None:
                allowed = "" if severity == "warning" else f" ({self.label} allows " + \
                    ", ".join(repr(v) for v in self.schemaversions) + ")"
                report.add(severity, "schemaversion", f"<schemaversion> is {version!r}, which "
                           f"no standard uses{allowed}: checked as {self.label}", MANIFEST,
                           _schemaversion_line(document))
            elif self.scorm_type:  # IMS CP makes metadata optional; SCORM's CAM requires it
                report.add(severity, "schemaversion", f"there is no <metadata><schemaversion>, "
                           f"which {self.label} requires: checked as {self.label}", MANIFEST)
        edition = version if version in self.schemaversions else self.schemaversions[0]
        report.label = self.label if edition == self.schemaversions[0] else f"{self.label} " \
            f"schemas (the manifest says {edition!r})"


def _schemaversion_element(root: etree._Element) -> etree._Element | None:
    from lxml import etree

    for el in root:
        if isinstance(el.tag, str) and etree.QName(el).localname == "metadata":
            for child in el:
                if isinstance(child.tag, str) and etree.QName(child).localname == "schemaversion":
                    return child
    return None


def schemaversion(root: etree._Element) -> str | None:
    el = _schemaversion_element(root)
    return None if el is None else (el.text or "").strip()


def _schemaversion_line(root: etree._Element) -> int | None:
    el = _schemaversion_element(root)
    return None if el is None else el.sourceline


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
