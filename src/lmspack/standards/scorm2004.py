"""SCORM 2004 4th Edition: Moodle, Totara and ESR take it; richer tracking than 1.2."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lmspack.standards.ims import ImsStandard, lom_context

if TYPE_CHECKING:
    from lxml import etree

    from lmspack.structure.course import Course
    from lmspack.validate.report import Report

XML = "http://www.w3.org/XML/1998/namespace"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"


class Scorm2004(ImsStandard):
    name = "scorm2004"
    label = "SCORM 2004 4th Edition"
    short_label = "SCORM 2004"
    taken_as = "SCORM 2004"
    runtime = "scorm2004"
    # shared/schemas/README.md: xml.xsd must be imported explicitly, or
    # imscp_v1p1.xsd tries to fetch it and then fails on xml:base.
    schema_imports = ((XML, "xml.xsd"), (IMSCP, "imscp_v1p1.xsd"), (ADLCP, "adlcp_v1p3.xsd"),
                      (ADLSEQ, "adlseq_v1p3.xsd"), (ADLNAV, "adlnav_v1p3.xsd"),
                      (IMSSS, "imsss_v1p0.xsd"), (LOM, "lom.xsd"))
    namespace = IMSCP
    # Earlier editions share the namespaces; `validate` checks them with these schemas.
    schemaversions = ("2004 4th Edition", "2004 3rd Edition", "CAM 1.3")
    scorm_type = f"{{{ADLCP}}}scormType"
    # CAM: <schemaversion> is required and names the edition; ADL's checker fails others.
    unknown_schemaversion = "error"
    # SCORM 2004 RTE: cmi.suspend_data holds 64,000 characters and a long-fill-in
    # learner_response 4,000 (the smallest maximum an LMS must support).
    limits = {"suspendData": 64000, "longResponse": 4000}

    def manifest_context(self, course: Course) -> dict[str, Any]:
        from lmspack.render.player import learning_objectives

        return {**lom_context(course), "objectives": learning_objectives(course),
                "pass_measure": f"{course.completion.pass_mark / 100:g}"}

    def check_rules(self, document: etree._Element, report: Report) -> None:
        from lmspack.standards import scorm2004_rules

        scorm2004_rules.check(document, report)

    def keeps(self, course: Course) -> list[str]:
        from lmspack.render.player import reflection_budget

        room = reflection_budget(course, self.limits) or 0
        return [
            "completion and success separately, a scaled score (passing at "
            f"{course.completion.pass_mark / 100:g}) and progress",
            f"each reflection in full (up to {room:,} characters) as a long-fill-in "
            "interaction, on one line (LMSs refuse line breaks there); with its line breaks "
            "in suspend data",
            f"the {len(course.objectives)} learning objectives as cmi.objectives, "
            "declared in the manifest",
        ]
