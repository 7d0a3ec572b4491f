"""SCORM 1.2: the format every NHS platform takes (shared/notes/lms-platform-facts.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lmspack.standards.ims import ImsStandard, lom_context

if TYPE_CHECKING:
    from lxml import etree

    from lmspack.structure.course import Course
    from lmspack.validate.report import Report

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"


class Scorm12(ImsStandard):
    name = "scorm12"
    label = "SCORM 1.2"
    runtime = "scorm12"
    # imsmd_rootv1p2p1.xsd cannot be compiled by libxml2 (a genuine ambiguity in
    # its annotationType), so inline LOM is checked against a stub that accepts
    # any <lom>; lmspack's own tests check the LOM elements against the real file.
    schema_imports = ((IMSCP, "imscp_rootv1p1p2.xsd"), (ADLCP, "adlcp_rootv1p2.xsd"),
                      (IMSMD, "stub:imsmd"))
    namespace = IMSCP
    schemaversions = ("1.2",)
    scorm_type = f"{{{ADLCP}}}scormtype"
    # SCORM 1.2 RTE: cmi.suspend_data is CMIString4096, interaction responses 255.
    # Moodle and Learning Hub allow 64,000, but strict LMSs hold to these.
    limits = {"suspendData": 4096, "response": 255}

    def manifest_context(self, course: Course) -> dict[str, Any]:
        return lom_context(course)

    def check_rules(self, document: etree._Element, report: Report) -> None:
        from lmspack.standards import scorm12_rules

        scorm12_rules.check(document, report)

    def keeps(self, course: Course) -> list[str]:
        from lmspack.render.player import reflection_budget

        room = reflection_budget(course, self.limits)
        return [
            "status passed/failed/incomplete and a score out of 100 (pass mark "
            f"{course.completion.pass_mark}, also in the manifest as masteryscore)",
            "each answer as an interaction; a reflection there whole, on one line, where the "
            "LMS takes it (Moodle's default mode and Learning Hub keep 64,000 characters), "
            f"else cut at a word to {self.limits['response']} and marked with '…'",
            f"the full reflections (up to {room:,} characters each) in suspend data, "
            f"which SCORM 1.2 limits to {self.limits['suspendData']:,}",
        ]
