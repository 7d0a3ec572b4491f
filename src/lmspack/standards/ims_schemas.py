"""The schema files an IMS manifest names and the package ships: the files its
xsi:schemaLocation names must be in the package when their namespace is in use, and
nothing they import may be fetched from outside the package (`schema-remote`), or an
offline validator (ADL's conformance checker with no internet, an LMS behind a
firewall) fails the package. Rule names are in docs/validate.md."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml import etree

from lmspack.validate.reader import Contents, unsafe_name
from lmspack.validate.report import Report

MANIFEST = "imsmanifest.xml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
REFERENCES = {f"{{{XS}}}{name}" for name in ("import", "include", "redefine")}


def outside(location: str, folder: str) -> str | None:
    """Why a schemaLocation, written in a file in `folder`, reaches outside the
    package: None when it names a path inside it."""
    try:
        scheme = urlsplit(location).scheme.lower()
    except ValueError:
        return "is not a path in the package"
    if scheme in ("http", "https"):
        return "is a web address"
    if len(scheme) > 1:  # file:, ftp:...; one letter is a drive, which unsafe_name names
        return f"is a {scheme}: address, not a path in the package"
    path = unquote(location)
    if unsafe_name(path) == "is an absolute path":
        return "is an absolute path"
    full = posixpath.normpath(posixpath.join(folder, path))
    if full == ".." or full.startswith("../"):
        return "climbs out of the package folder"
    return None


def used_namespaces(root: etree._Element) -> set[str]:
    """The namespaces of the manifest's elements and attributes."""
    used: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        used.add(etree.QName(el).namespace or "")
        used.update(etree.QName(a).namespace or "" for a in el.attrib)
    return used


def check_schema_locations(root: etree._Element, contents: Contents, report: Report) -> set[str]:
    """The manifest's xsi:schemaLocation: each schema file it names for a namespace
    the manifest uses must be in the package, and in it. Returns the files named."""
    names = set(contents.names)
    named: set[str] = set()
    tokens = (root.get(f"{{{XSI}}}schemaLocation") or "").split()
    used = used_namespaces(root)
    for namespace, location in zip(tokens[::2], tokens[1::2], strict=False):
        why = outside(location, "")
        if why:
            report.add("warning", "schema-remote", f"xsi:schemaLocation names '{location}' "
                       f"for {namespace}, which {why}: a validator without internet access "
                       "cannot read it; ship the schema in the package", MANIFEST,
                       root.sourceline)
            continue
        path = posixpath.normpath(unquote(location))
        named.add(path)
        if path not in names and namespace in used:
            report.add("error", "schema-file-missing", f"xsi:schemaLocation names "
                       f"'{location}', which is not in the package", MANIFEST, root.sourceline)
    return named


def check_shipped_schemas(contents: Contents, report: Report) -> None:
    """Every xs:import, xs:include and xs:redefine in the .xsd files the package holds
    names a schema inside the package."""
    for name in sorted(n for n in contents.names if n.lower().endswith(".xsd")):
        # Every package lmspack builds ships the same schemas: each is read once.
        key = contents.fingerprint(name)
        refs = _SEEN.get(key) if key else None
        if refs is None:
            try:
                refs = _references(contents.read(name))
            except Exception:  # noqa: BLE001 - too large or damaged: reported where read
                continue
            if key:
                _SEEN[key] = refs
        for kind, location, line in refs:
            why = outside(location, posixpath.dirname(name))
            if why:
                report.add("warning", "schema-remote", f"xs:{kind} schemaLocation "
                           f"'{location}' {why}: a validator without internet access cannot "
                           "read it, and fails the package; ship a copy that names the "
                           "package's own file", name, line)


_SEEN: dict[tuple[int, ...], tuple[tuple[str, str, int | None], ...]] = {}


@lru_cache(maxsize=256)  # a folder's schemas have no fingerprint: known by their bytes
def _references(data: bytes) -> tuple[tuple[str, str, int | None], ...]:
    """(kind, schemaLocation, line) of each import, include and redefine in a schema;
    nothing for one lmspack cannot read (a validator says so if it uses it)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False,
                             huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return ()
    return tuple((etree.QName(el).localname, el.get("schemaLocation"), el.sourceline)
                 for el in tree.iter(*REFERENCES) if el.get("schemaLocation"))
