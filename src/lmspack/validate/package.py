"""Check a content package: find its manifest, recognise its standard, validate the
manifest against the official schemas, then check what schemas cannot see.

`lmspack validate` runs this on any package; `lmspack build` on what it writes.
Each finding has a rule name (listed in docs/validate.md).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from lmspack.standards import STANDARDS, Standard
from lmspack.standards.base import XSI
from lmspack.validate.platforms import PLATFORMS, PackageFacts
from lmspack.validate.reader import Contents, TooLarge, open_package, unsafe_name
from lmspack.validate.report import Report, some_names

MANIFEST = "imsmanifest.xml"
SCHEMA_SUFFIXES = (".xsd", ".dtd")
# Names LMSs and web servers handle everywhere (lms-platform-facts.md, item 8).
SAFE_NAME = re.compile(r"^[A-Za-z0-9._~/-]+$")


def validate_path(path: Path, platform: str = "generic", read_data: bool = True) -> Report:
    """Validate the zip or folder at `path`. Raises Unreadable if it cannot be opened.
    `read_data`: read every entry through to check its CRC (build skips it for the
    zip it has just written from those bytes)."""
    report = Report(str(path), platform)
    contents = open_package(path, report)
    try:
        if read_data:
            contents.verify(report)
        validate_contents(contents, report)
    finally:
        contents.close()
    return report


def _scheme(href: str) -> str:
    """The URI scheme of an href, lower case: "" for a path."""
    try:
        return urlsplit(href).scheme.lower()
    except ValueError:  # such as "http://[::1/x"
        return "unparseable"


def validate_contents(contents: Contents, report: Report) -> None:
    root = _manifest(contents, report)
    if root is None:
        return
    standard = _recognise(root, report)
    if standard is None:
        return
    if not standard.schema.validate(root.getroottree()):
        for e in standard.schema.error_log:
            report.add("error", "schema", e.message, MANIFEST, e.line)
    facts = _check_references(root, standard, contents, report)
    PLATFORMS[report.platform].check(facts, report)


def _manifest(contents: Contents, report: Report) -> etree._Element | None:
    if any(f.file == MANIFEST for f in report.findings):
        return None  # the manifest's entry was refused: that finding says why
    if MANIFEST not in contents.names:
        near = [n for n in contents.names if posixpath.basename(n).lower() == MANIFEST]
        at_root = [n for n in near if "/" not in n]
        if at_root:
            report.add("error", "manifest-case", f"the manifest is named '{at_root[0]}': LMSs look "
                       f"for '{MANIFEST}' in lower case")
        elif near:
            # Moodle's scorm_validate_package: "found but it was not in the root of your zip".
            report.add("error", "manifest-not-at-root", f"'{near[0]}' is not at the root of the "
                       "package: zip the package's contents, not the folder that holds them")
        else:
            report.add("error", "manifest-missing", f"there is no {MANIFEST}: this is not a "
                       "SCORM or IMS content package")
        return None
    try:
        data = contents.read(MANIFEST)
    except TooLarge:
        report.add("error", "manifest-too-large", "the manifest is larger than lmspack reads",
                   MANIFEST)
        return None
    except Exception as exc:  # a corrupt entry: zlib.error, BadZipFile (CRC), OSError
        report.add("error", "unreadable-file", f"cannot read the manifest: {exc}", MANIFEST)
        return None
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        report.add("error", "xml", f"not well-formed XML: {exc.msg}", MANIFEST, exc.lineno)
        return None


def _schemaversion(root: etree._Element) -> str | None:
    for el in root:
        if isinstance(el.tag, str) and etree.QName(el).localname == "metadata":
            for child in el:
                if isinstance(child.tag, str) and etree.QName(child).localname == "schemaversion":
                    return (child.text or "").strip()
    return None


def _recognise(root: etree._Element, report: Report) -> Standard | None:
    namespace = etree.QName(root).namespace
    version = _schemaversion(root)
    candidates = [cls for cls in STANDARDS.values() if cls.namespace == namespace]
    if not candidates or etree.QName(root).localname != "manifest":
        report.add("error", "standard-unknown", f"the root element is <{root.tag}>, which is "
                   "not the manifest of SCORM 1.2, SCORM 2004 or IMS Content Packaging",
                   MANIFEST, root.sourceline)
        return None
    # A schemaversion names the standard; without a known one, the first standard whose
    # run-time attributes the manifest uses, else the plainest (the last registered).
    used = {ns for el in root.iter() if isinstance(el.tag, str) for ns in el.nsmap.values()}
    cls = next((c for c in candidates if version in c.schemaversions), None)
    if cls is None:
        cls = next((c for c in candidates if c.scorm_type and
                    etree.QName(c.scorm_type).namespace in used), candidates[-1])
        if version is not None:
            report.add("warning", "schemaversion", f"<schemaversion> is {version!r}, which no "
                       f"standard uses: checked as {cls.label}", MANIFEST)
        elif cls.scorm_type:  # IMS CP makes metadata optional; SCORM's CAM requires it
            report.add("warning", "schemaversion", f"there is no <metadata><schemaversion>, "
                       f"which {cls.label} requires: checked as {cls.label}", MANIFEST)
    standard = cls()
    report.standard = standard.name
    edition = version if version in cls.schemaversions else cls.schemaversions[0]
    report.label = standard.label if edition == cls.schemaversions[0] else f"{standard.label} " \
        f"schemas (the manifest says {edition!r})"
    return standard


def _check_references(root: etree._Element, standard: Standard, contents: Contents,
                      report: Report) -> PackageFacts:
    names = set(contents.names)
    lower = {n.lower(): n for n in contents.names}
    ids: dict[str, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.get("identifier") is None:
            continue
        ident = el.get("identifier")
        if ident in ids:
            report.add("error", "identifier-duplicate", f"identifier '{ident}' is used twice "
                       f"(first on line {ids[ident]})", MANIFEST, el.sourceline)
        else:
            ids[ident] = el.sourceline

    def local(el: etree._Element) -> str:
        return etree.QName(el).localname if isinstance(el.tag, str) else ""

    resources = {el.get("identifier"): el for el in root.iter() if local(el) == "resource"}
    referenced: set[str] = set()
    launched: set[str] = set()
    scos = 0

    def check_href(el: etree._Element, href: str, base: str, rule: str) -> None:
        scheme = _scheme(href)
        if scheme in ("http", "https"):
            if local(el) == "file":
                report.add("error", "path-unsafe", f"<file> href '{href}' is a web address: "
                           "a file element names a file in the package", MANIFEST, el.sourceline)
            return
        if scheme and len(scheme) > 1:  # file:, javascript:, data:, or unparseable
            report.add("error", "path-unsafe", f"href '{href}' is neither a path in the "
                       "package nor an http(s) address", MANIFEST, el.sourceline)
            return
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        why = unsafe_name(path)
        full = posixpath.normpath(posixpath.join(base, path)) if base else path
        if not why and (full == ".." or full.startswith("../")):
            why = f"(with xml:base '{base}') climbs out of the package folder"
        elif not why and unsafe_name(full):
            why = f"(with xml:base '{base}') {unsafe_name(full)}"
        if why:
            report.add("error", "path-unsafe", f"href '{href}' {why}", MANIFEST, el.sourceline)
            return
        referenced.add(full)
        if full in names:
            return
        if full.lower() in lower:
            report.add("error", "href-case", f"href '{href}' names '{full}', but the package "
                       f"holds '{lower[full.lower()]}': LMS servers on Linux match case exactly",
                       MANIFEST, el.sourceline)
        else:
            report.add("error", rule, f"href '{href}' names a file that is not in the package",
                       MANIFEST, el.sourceline)

    for el in root.iter():
        name = local(el)
        if name == "organizations" and el.get("default") and el.get("default") not in ids:
            report.add("error", "default-organization-missing", f"default organization "
                       f"'{el.get('default')}' does not exist", MANIFEST, el.sourceline)
        if name == "item" and el.get("identifierref"):
            ref = el.get("identifierref")
            resource = resources.get(ref)
            if resource is None:
                report.add("error", "identifierref-missing", f"item '{el.get('identifier')}' "
                           f"refers to missing resource '{ref}'", MANIFEST, el.sourceline)
                continue
            launched.add(ref)
            kind = resource.get(standard.scorm_type) if standard.scorm_type else None
            if standard.scorm_type and kind is None:
                attr = etree.QName(standard.scorm_type).localname
                report.add("error", "scormtype-missing", f"resource '{ref}' is launched by item "
                           f"'{el.get('identifier')}' but has no adlcp:{attr} ('sco' or "
                           "'asset')", MANIFEST, resource.sourceline)
            scos += kind == "sco"
            if resource.get("href") is None:
                report.add("error", "launch-missing", f"resource '{ref}' is launched by item "
                           f"'{el.get('identifier')}' but has no href", MANIFEST,
                           resource.sourceline)
        if name == "dependency" and el.get("identifierref") not in resources:
            report.add("error", "dependency-missing", f"dependency on missing resource "
                       f"'{el.get('identifierref')}'", MANIFEST, el.sourceline)

    xml_base = "{http://www.w3.org/XML/1998/namespace}base"
    for container in (el for el in root.iter() if local(el) == "resources"):
        outer = container.get(xml_base) or ""
        for resource in (el for el in container if local(el) == "resource"):
            base = posixpath.join(outer, resource.get(xml_base) or "")
            href = resource.get("href")
            if href is not None:
                launch = resource.get("identifier") in launched
                check_href(resource, href, base, "launch-missing" if launch else "href-missing")
            for f in (el for el in resource if local(el) == "file"):
                if f.get("href") is not None:
                    check_href(f, f.get("href"), base, "file-missing")

    schema_files: set[str] = set()
    locations = (root.get(f"{{{XSI}}}schemaLocation") or "").split()
    for location in locations[1::2]:
        if _scheme(location) in ("http", "https"):
            continue
        schema_files.add(location)
        if location not in names:
            report.add("error", "schema-file-missing", f"xsi:schemaLocation names "
                       f"'{location}', which is not in the package", MANIFEST, root.sourceline)

    unlisted = [n for n in names - referenced - schema_files - {MANIFEST}
                if not n.lower().endswith(SCHEMA_SUFFIXES)]
    if unlisted:
        report.add("warning", "file-unreferenced", f"{len(unlisted)} file"
                   f"{'s are' if len(unlisted) != 1 else ' is'} in the package but in no "
                   f"resource: {some_names(unlisted)} (left behind, or missing from the "
                   "manifest?)")
    odd = [n for n in names if not SAFE_NAME.match(n)]
    if odd:
        report.add("warning", "file-name", f"{some_names(odd)}: spaces and characters other "
                   "than letters, digits, '.', '_', '-' and '~' break some LMSs and servers")
    return PackageFacts(standard=standard.name, kind=contents.kind, size=contents.total_size,
                        scos=scos)
