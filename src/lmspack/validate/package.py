"""Checks on a package's manifest: the official schemas, then what schemas cannot see."""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree

from lmspack.errors import Problem

MANIFEST = "imsmanifest.xml"


def check_manifest(xml: bytes, schema: etree.XMLSchema, names: Collection[str],
                   where: str) -> list[Problem]:
    """Problems with a manifest, given the names of every file in the package."""
    label = f"{where}!{MANIFEST}"
    try:
        tree = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [Problem(label, exc.lineno, "", f"not well-formed XML: {exc.msg}")]
    problems = [Problem(label, e.line, "", f"schema: {e.message}")
                for e in _schema_errors(schema, tree)]
    problems += _reference_problems(tree, set(names), label)
    return problems


def _schema_errors(schema: etree.XMLSchema, tree: etree._Element) -> list:
    if schema.validate(tree.getroottree()):
        return []
    return list(schema.error_log)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _reference_problems(root: etree._Element, names: set[str], label: str) -> list[Problem]:
    problems = []
    ids: dict[str, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ident = el.get("identifier")
        if ident is not None:
            if ident in ids:
                problems.append(Problem(label, el.sourceline, "",
                                        f"identifier '{ident}' is used twice"))
            ids[ident] = el.sourceline
    resources = {el.get("identifier") for el in root.iter() if isinstance(el.tag, str)
                 and _local(el) == "resource"}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = _local(el)
        if name == "item" and el.get("identifierref") and el.get("identifierref") not in resources:
            problems.append(Problem(label, el.sourceline, "", f"item '{el.get('identifier')}' "
                                    f"refers to missing resource '{el.get('identifierref')}'"))
        if name == "organizations" and el.get("default") and el.get("default") not in ids:
            problems.append(Problem(label, el.sourceline, "",
                                    f"default organization '{el.get('default')}' does not exist"))
        if name in ("resource", "file") and el.get("href") is not None:
            href = el.get("href")
            path = href.split("#", 1)[0].split("?", 1)[0]
            if path.startswith("/") or "\\" in path or ".." in path.split("/") or "://" in path:
                problems.append(Problem(label, el.sourceline, "", f"href '{href}' must be a "
                                        "relative path inside the package"))
            elif path not in names:
                problems.append(Problem(label, el.sourceline, "",
                                        f"href '{href}' names a file that is not in the package"))
    return problems
