"""What particular LMSs need beyond the standard: `lmspack validate --platform NAME`.

Each rule says where its fact comes from; the facts are gathered, with their
sources, in shared/notes/lms-platform-facts.md (repository and path given here).
"""

from __future__ import annotations

from typing import ClassVar

from lmspack.standards import taken_as
from lmspack.validate.report import PackageFacts, Report

__all__ = ["PLATFORMS", "PackageFacts", "Platform"]


class Platform:
    name: ClassVar[str]
    label: ClassVar[str]
    # The standards it takes, by registered name; None: every standard installed.
    takes: ClassVar[tuple[str, ...] | None] = None

    def check(self, facts: PackageFacts, report: Report) -> None:
        if self.takes is not None and facts.standard not in self.takes:
            report.add("error", "platform-standard", f"{self.label} does not take "
                       f"{taken_as(facts.standard)}; it takes "
                       f"{' and '.join(taken_as(s) for s in self.takes)}")
        else:
            self.rules(facts, report)

    def rules(self, facts: PackageFacts, report: Report) -> None:
        pass


class Generic(Platform):
    name = "generic"
    label = "any standards-compliant LMS"


def _moodle_suspend_data(report: Report) -> None:
    # moodle/moodle: mod/scorm/settings.php (scormstandard, off by default) and
    # mod/scorm/datamodels/scorm_12.js (64,000 unless scormstandard is on).
    report.add("note", "moodle-suspend-data", "Moodle keeps up to 64,000 characters of SCORM "
               "1.2 suspend data unless its 'scormstandard' setting is on; then 4,096 holds")


class Moodle(Platform):
    name = "moodle"
    label = "Moodle (and Totara)"
    # moodle/moodle: mod/scorm (SCORM 1.2, 2004) and mod/imscp.
    takes = ("scorm12", "scorm2004", "imscp")

    def rules(self, facts: PackageFacts, report: Report) -> None:
        if facts.standard == "imscp":
            # moodle/moodle: mod/imscp/lib.php - a resource that logs views and keeps no grade.
            report.add("note", "moodle-imscp", "add this as an 'IMS content package' resource, "
                       "not a SCORM package activity: Moodle records views of it, no completion "
                       "or grade from the content")
        if facts.scos > 1:
            # lms-platform-facts.md item 10: multi-SCO packages misbehave in Moodle.
            report.add("warning", "moodle-multi-sco", f"the package launches {facts.scos} SCOs: "
                       "Moodle's handling of several SCOs (navigation, grading) is unreliable; "
                       "one SCO is the robust choice")
        if facts.standard == "scorm12":
            _moodle_suspend_data(report)


class MoodleApp(Moodle):
    name = "moodle-app"
    label = "the Moodle app"
    # moodlehq/moodleapp: src/addons/mod/scorm/lang.json,
    # "Sorry, the application only supports SCORM 1.2."
    takes = ("scorm12",)

    def rules(self, facts: PackageFacts, report: Report) -> None:
        super().rules(facts, report)
        if facts.kind != "zip":
            report.add("note", "moodle-app-zip", "the Moodle app plays packages uploaded as zip "
                       "files only: upload this folder zipped")


class LearningHub(Platform):
    name = "learning-hub"
    label = "NHS Learning Hub"
    # TechnologyEnhancedLearning/LearningHub.Nhs.WebUI: Scripts/vuesrc/contribute/Content.vue
    # ("elearning package (SCORM 1.2)"); its run-time is SCORM 1.2 only.
    takes = ("scorm12",)
    # AdminUI/LearningHub.Nhs.AdminUI/appsettings.json: a 2 GB upload limit.
    max_size = 2 * 10**9

    def rules(self, facts: PackageFacts, report: Report) -> None:
        if facts.size > self.max_size:
            report.add("error", "learning-hub-size", f"the package holds {facts.size:,} bytes; "
                       "Learning Hub takes uploads of up to 2 GB")
        # Scripts/vuesrc/models/learningsessions/scormApiModel.ts: launched in a pop-up,
        # with suspend_data and comments raised to 64,000 characters.
        report.add("note", "learning-hub-popup", "Learning Hub opens packages in a pop-up "
                   "window: the content must look for the SCORM API through window.opener")
        report.add("note", "learning-hub-suspend-data", "Learning Hub keeps up to 64,000 "
                   "characters of suspend data, more than SCORM 1.2's 4,096")


class Esr(Platform):
    name = "esr"
    label = "ESR's learning management"
    # lms-platform-facts.md: ESR takes SCORM content (1.2 and 2004) through its adapters;
    # its current content specification was not found, so no further rules are known.
    takes = ("scorm12", "scorm2004")


PLATFORMS: dict[str, Platform] = {p.name: p for p in (Generic(), Moodle(), MoodleApp(),
                                                       LearningHub(), Esr())}
