"""What a packaging standard is to lmspack: a builder with a name and a few hooks (as a
Sphinx builder is), registered by name (standards/__init__.py).

For writing, a standard says which player run-time talks to its LMS, what its page's
Content-Security-Policy needs beyond the common page, which of lmspack's own files
every package of it carries, and renders its own files from the course (any number,
any names: a manifest, a QTI assessment...). For reading, it names the file at a
package's root that identifies it, recognises that file, and runs its own checks.

This module loads nothing heavy: lxml is imported only when a manifest is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from lmspack.structure.course import Course
    from lmspack.validate.reader import Contents
    from lmspack.validate.report import PackageFacts, Report


class Standard:
    name: ClassVar[str]  # used in file names, on the command line and as its entry point
    label: ClassVar[str]  # shown to people: "SCORM 2004 4th Edition"
    # Where several standards are named together ("not the manifest of SCORM 1.2, SCORM
    # 2004 or ..."), and what a platform says it takes ("does not take IMS content
    # packages"); both default to `label`.
    short_label: ClassVar[str] = ""
    taken_as: ClassVar[str] = ""
    # Which player adapter talks to the LMS (player/static/lms-<runtime>.js).
    runtime: ClassVar[str] = "none"
    # Data model limits the player must respect (characters).
    limits: ClassVar[dict[str, int]] = {}
    launch: ClassVar[str] = "index.html"  # the page an LMS opens
    # The file at a package's root `validate` reads to recognise this standard, and
    # what a package without any such file is not ("this is not a ...").
    manifest: ClassVar[str]
    package_kind: ClassVar[str] = ""

    # -- writing --------------------------------------------------------------------

    def package_name(self, course: Course) -> str:
        return f"{course.id}-{course.version}-{self.name}.zip"

    def keeps(self, course: Course) -> list[str]:
        """What an LMS records of this course through this standard, in plain words
        (`lmspack build` prints it beside each package)."""
        raise NotImplementedError

    def page_csp(self, course: Course) -> dict[str, str]:
        """Sources the page's Content-Security-Policy must allow beyond the common
        page's, by directive: {"connect-src": "https://lrs.example.org"}."""
        return {}

    def shipped(self) -> dict[str, Path]:
        """lmspack's own files every package of this standard carries (the same in
        each: compressed once), by name in the package."""
        return {}

    def render(self, course: Course, content: list[str]) -> dict[str, bytes]:
        """The standard's own files made from the course, by name in the package.
        `content`: every other file the package holds but the shipped ones (the
        page, the statement, the player and the course's media), sorted."""
        raise NotImplementedError

    # -- reading --------------------------------------------------------------------

    def read_manifest(self, data: bytes, report: Report) -> Any:
        """The manifest parsed (its root element), or None with a finding saying why.
        Standards sharing a manifest name share this reading."""
        from lxml import etree

        parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            report.add("error", "xml", f"not well-formed XML: {exc.msg}", self.manifest,
                       exc.lineno)
            return None

    def recognise(self, document: Any) -> int | None:
        """How surely `document` is this standard's manifest: None for not at all; the
        standard that answers highest is chosen (the first registered on a tie)."""
        return None

    def unrecognised(self, document: Any, candidates: list[Standard], report: Report) -> None:
        """Report a manifest that none of `candidates` (the standards that read a
        manifest of this name) recognised."""
        names = [c.short_label or c.label for c in candidates]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        report.add("error", "standard-unknown", f"the root element is <{document.tag}>, which "
                   f"is not the manifest of {listed}", self.manifest, document.sourceline)

    def check(self, document: Any, contents: Contents, report: Report) -> PackageFacts:
        """The standard's own checks of a package it recognised; what the platform
        rules need to know of it."""
        return self.facts(contents)

    def facts(self, contents: Contents, scos: int = 0) -> PackageFacts:
        from lmspack.validate.report import PackageFacts

        return PackageFacts(standard=self.name, kind=contents.kind, size=contents.total_size,
                            scos=scos)
