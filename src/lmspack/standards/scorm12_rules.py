"""SCORM 1.2 value rules its schema leaves as strings (adlcp_rootv1p2.xsd declares
adlcp:masteryscore and adlcp:maxtimeallowed as xsd:string of a maximum length). The
values an LMS reads from them are defined by the SCORM 1.2 Content Aggregation Model
(adlcp elements of <item>) and the Run-Time Environment's data types. Rule names are
in docs/validate.md."""

from __future__ import annotations

import re

from lxml import etree

from lmspack.validate.report import Report

MANIFEST = "imsmanifest.xml"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
# RTE data type CMIDecimal: an optional sign, digits, an optional fraction.
DECIMAL = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
# RTE data type CMITimespan: HHHH:MM:SS.SS, hours of 2 to 4 digits, seconds
# optionally with a fraction of 1 or 2 digits.
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")


def check(root: etree._Element, report: Report) -> None:
    for el in root.iter(f"{{{ADLCP}}}masteryscore"):
        value = (el.text or "").strip()
        # cmi.student_data.mastery_score, which the LMS takes from it: CMIDecimal, 0 to 100.
        if not DECIMAL.match(value) or not 0 <= float(value) <= 100:
            report.add("error", "masteryscore", f"adlcp:masteryscore is {value!r}: it must be "
                       "a number from 0 to 100", MANIFEST, el.sourceline)
    for el in root.iter(f"{{{ADLCP}}}maxtimeallowed"):
        value = (el.text or "").strip()
        # cmi.student_data.max_time_allowed, which the LMS takes from it: CMITimespan.
        if not TIMESPAN.match(value):
            report.add("error", "maxtimeallowed", f"adlcp:maxtimeallowed is {value!r}: it must "
                       "be a time span HHHH:MM:SS.SS (2 to 4 digits of hours, such as "
                       "'00:30:00')", MANIFEST, el.sourceline)


# <adlcp:location> in a <metadata> names an external file of IMS Learning Resource
# Meta-data (IMS MD 1.2.1) instead of inline <lom>.
LOCATION = f"{{{ADLCP}}}location"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
IMSMD_LOM = f"{{{IMSMD}}}lom"


def check_metadata(path: str, document: etree._Element, standard: object,
                   report: Report) -> None:
    """An external metadata file's root must be IMS MD's <lom>. Its schema,
    imsmd_rootv1p2p1.xsd, cannot be compiled by libxml2 (an ambiguity in its
    annotationType), so only well-formedness and the root element are checked."""
    if document.tag != IMSMD_LOM:
        root = etree.QName(document)
        report.add("error", "metadata-schema", f"the metadata file's root element is "
                   f"<{root.localname}> in {root.namespace or 'no namespace'}, not IMS MD's "
                   f"<lom> in {IMSMD}", path, document.sourceline)
