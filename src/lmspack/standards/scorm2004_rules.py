"""SCORM 2004 4th Edition rules that its schemas cannot express, as ADL's conformance
checker applies them. Each cites the book it comes from: CAM (Content Aggregation
Model) or SN (Sequencing and Navigation), 4th Edition. Rule names are in
docs/validate.md."""

from __future__ import annotations

from lxml import etree

from lmspack.validate.report import Report

MANIFEST = "imsmanifest.xml"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
IMSSS = "http://www.imsglobal.org/xsd/imsss"


def _cp(name: str) -> str:
    return f"{{{IMSCP}}}{name}"


def _ss(name: str) -> str:
    return f"{{{IMSSS}}}{name}"


def check(root: etree._Element, report: Report) -> None:
    organizations = root.find(_cp("organizations"))
    if organizations is not None and organizations.find(_cp("organization")) is None:
        # CAM, the <organizations> element: a content aggregation holds at least one
        # <organization>; an empty one is a resource package, which nothing launches.
        report.add("error", "organization-missing", "<organizations> holds no <organization>: "
                   "that is a resource package, which an LMS has nothing to launch in; a "
                   "content aggregation needs one", MANIFEST, organizations.sourceline)
    for item in root.iter(_cp("item")):
        ident = item.get("identifier")
        if item.find(_cp("title")) is None:
            # CAM, the <item> element: its <title> occurs 1 and only 1 time (the schema
            # allows none, and refuses a second).
            report.add("error", "item-title", f"item '{ident}' has no <title>: SCORM 2004 "
                       "requires one", MANIFEST, item.sourceline)
        if item.get("identifierref") is not None and item.find(_cp("item")) is not None:
            # CAM, <item identifierref>: only a leaf item references a resource.
            report.add("error", "item-not-leaf", f"item '{ident}' has child items and "
                       f"refers to resource '{item.get('identifierref')}': only leaf items "
                       "may reference a resource", MANIFEST, item.sourceline)
    for objectives in root.iter(_ss("objectives")):
        seen: dict[str, int] = {}
        for objective in objectives:
            if objective.tag not in (_ss("primaryObjective"), _ss("objective")):
                continue
            ident = objective.get("objectiveID")
            if ident is None:
                continue  # optional on the primary objective; the schema requires it elsewhere
            if ident in seen:
                # SN, <imsss:objectives>: each objectiveID is unique within the activity.
                report.add("error", "objective-duplicate", f"objectiveID '{ident}' is used twice "
                           f"in one activity's objectives (first on line {seen[ident]})",
                           MANIFEST, objective.sourceline)
            else:
                seen[ident] = objective.sourceline
    _check_sequencing_refs(root, report)


def _check_sequencing_refs(root: etree._Element, report: Report) -> None:
    """imsss:sequencing@IDRef is an xs:IDREF, which libxml2 does not bind: it must name
    the ID of a <sequencing> in the manifest's <imsss:sequencingCollection>."""
    collected = {s.get("ID") for c in root.iter(_ss("sequencingCollection"))
                 for s in c.iter(_ss("sequencing")) if s.get("ID")}
    for sequencing in root.iter(_ss("sequencing")):
        ref = sequencing.get("IDRef")
        if ref is not None and ref not in collected:
            report.add("error", "sequencing-idref-missing", f"<imsss:sequencing IDRef='{ref}'> "
                       "names no <imsss:sequencing> in the <imsss:sequencingCollection>",
                       MANIFEST, sequencing.sourceline)


# CAM, <adlcp:location>: a <metadata> may name an external file of IEEE LOM instead of
# holding <lom> inline.
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
LOCATION = f"{{{ADLCP}}}location"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
LOM = f"{{{LOM_NS}}}lom"


def check_metadata(path: str, document: etree._Element, standard: object,
                   report: Report) -> None:
    """An external metadata file is a <lom> valid against the lom.xsd SCORM 2004 ships
    (the standard's compiled schemas, which import it)."""
    if document.tag != LOM:
        root = etree.QName(document)
        report.add("error", "metadata-schema", f"the metadata file's root element is "
                   f"<{root.localname}> in {root.namespace or 'no namespace'}, not LOM's "
                   f"<lom> in {LOM_NS}", path, document.sourceline)
        return
    schema = standard.schema  # type: ignore[attr-defined]
    if not schema.validate(document.getroottree()):
        for e in schema.error_log:
            report.add("error", "metadata-schema", e.message, path, e.line)
