"""SCORM 1.2: the format every NHS platform takes (shared/notes/lms-platform-facts.md)."""

from __future__ import annotations

from typing import Any

from lmspack.standards.base import Standard
from lmspack.structure.course import Course

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"


class Scorm12(Standard):
    name = "scorm12"
    label = "SCORM 1.2"
    runtime = "scorm12"
    # imsmd_rootv1p2p1.xsd cannot be compiled by libxml2 (a genuine ambiguity in
    # its annotationType), so inline LOM is checked against a stub that accepts
    # any <lom>; lmspack's own tests check the LOM elements against the real file.
    schema_imports = ((IMSCP, "imscp_rootv1p1p2.xsd"), (ADLCP, "adlcp_rootv1p2.xsd"),
                      (IMSMD, "stub:imsmd"))
    # SCORM 1.2 RTE: cmi.suspend_data is CMIString4096, interaction responses 255.
    # Moodle and Learning Hub allow 64,000, but strict LMSs hold to these.
    limits = {"suspendData": 4096, "response": 255}
    shipped_schemas = ("adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd",
                       "imsmd_rootv1p2p1.xsd")

    def manifest_context(self, course: Course, files: list[str]) -> dict[str, Any]:
        return {"lom": {
            "typical_learning_time": iso_duration(course.learning_time_minutes),
            "organiser_vcards": [vcard(name) for name in course.organisers],
        }}


def iso_duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")


def vcard(org: str) -> str:
    escaped = org.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nORG:{escaped}\nEND:VCARD"
