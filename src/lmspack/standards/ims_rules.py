"""The IMS Content Packaging rules that SCORM 1.2, SCORM 2004 and IMS CP share, for
what their schemas cannot see: identifiers and the references between them, every
href (with xml:base) naming a file in the package and nothing outside it, the files
xsi:schemaLocation names (ims_schemas.py), and files no resource lists. Rule names
are in docs/validate.md.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lxml import etree

from lmspack.standards.ims_schemas import check_schema_locations, outside
from lmspack.validate.reader import Contents, TooLarge, unsafe_name
from lmspack.validate.report import Report, some_names

if TYPE_CHECKING:
    from lmspack.standards.ims import ImsStandard

MANIFEST = "imsmanifest.xml"
SCHEMA_SUFFIXES = (".xsd", ".dtd")


def _scheme(href: str) -> str:
    """The URI scheme of an href, lower case: "" for a path."""
    try:
        return urlsplit(href).scheme.lower()
    except ValueError:  # such as "http://[::1/x"
        return "unparseable"


def check_references(root: etree._Element, standard: ImsStandard, contents: Contents,
                     report: Report) -> int:
    """Identifiers, references, hrefs (with xml:base), files, schemaLocation and
    unreferenced files; the number of resources launched as SCOs."""
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
        if name == "organizations" and el.get("default"):
            # An xs:IDREF, which libxml2 does not bind: it must name an <organization>.
            default = el.get("default")
            orgs = {o.get("identifier") for o in el if local(o) == "organization"}
            if default not in ids:
                report.add("error", "default-organization-missing", f"default organization "
                           f"'{default}' does not exist", MANIFEST, el.sourceline)
            elif default not in orgs:
                report.add("error", "default-organization-missing", f"default organization "
                           f"'{default}' is not an <organization> (line {ids[default]} has "
                           "that identifier)", MANIFEST, el.sourceline)
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

    schema_files = check_schema_locations(root, contents, report)
    metadata_files = set(_external_metadata(root, standard, contents, report))

    unlisted = [n for n in names - referenced - schema_files - metadata_files - {MANIFEST}
                if not n.lower().endswith(SCHEMA_SUFFIXES)]
    if unlisted:
        report.add("warning", "file-unreferenced", f"{len(unlisted)} file"
                   f"{'s are' if len(unlisted) != 1 else ' is'} in the package but in no "
                   f"resource: {some_names(unlisted)} (left behind, or missing from the "
                   "manifest?)")
    return scos


# -- external metadata: files named by <adlcp:location> ---------------------------------

def _external_metadata(root: etree._Element, standard: ImsStandard, contents: Contents,
                       report: Report) -> list[str]:
    """The metadata files the manifest names (SCORM only: IMS CP has no adlcp), judged
    by the standard's own LOM rule."""
    if standard.name == "scorm12":
        from lmspack.standards import scorm12_rules as rules
    elif standard.name == "scorm2004":
        from lmspack.standards import scorm2004_rules as rules  # type: ignore[no-redef]
    else:
        return []
    found = check_external_metadata(root, rules.LOCATION, contents, report)
    for path, document in found.items():
        rules.check_metadata(path, document, standard, report)
    return list(found)


def check_external_metadata(root: etree._Element, location_tag: str, contents: Contents,
                            report: Report) -> dict[str, etree._Element]:
    """Each file an <adlcp:location> in a <metadata> names must be in the package and be
    well-formed XML, read without resolving entities, loading a DTD or the network.
    Returns the parsed documents by path, for the standard to judge as LOM."""
    names = set(contents.names)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False,
                             huge_tree=False)
    found: dict[str, etree._Element] = {}
    for el in root.iter(location_tag):
        location = (el.text or "").strip()
        why = outside(location, "") or unsafe_name(unquote(location))
        if why:
            report.add("error", "path-unsafe", f"adlcp:location '{location}' {why}", MANIFEST,
                       el.sourceline)
            continue
        path = posixpath.normpath(unquote(location))
        if path not in names:
            report.add("error", "metadata-missing", f"adlcp:location names '{location}', which "
                       "is not in the package", MANIFEST, el.sourceline)
            continue
        if path in found:
            continue
        try:
            document = etree.fromstring(contents.read(path), parser)
        except etree.XMLSyntaxError as exc:
            report.add("error", "metadata-xml", f"the metadata file named on line "
                       f"{el.sourceline} of the manifest is not well-formed XML: {exc.msg}",
                       path, exc.lineno)
            continue
        except TooLarge:
            report.add("error", "metadata-xml", "the metadata file is larger than lmspack "
                       "reads", path)
            continue
        except Exception:  # noqa: BLE001 - a damaged entry, which the zip rules report
            continue
        if document.getroottree().docinfo.doctype:
            report.add("error", "metadata-xml", "the metadata file has a <!DOCTYPE>, whose "
                       "entities lmspack never reads nor fetches: remove it", path)
            continue
        found[path] = document
    return found
