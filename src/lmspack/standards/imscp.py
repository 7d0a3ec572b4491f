"""IMS Content Packaging 1.1.4: the same pages with no run-time, for platforms that show
content as a resource (Moodle's "IMS content package")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmspack.standards.ims import ImsStandard

if TYPE_CHECKING:
    from lmspack.structure.course import Course

XML = "http://www.w3.org/XML/1998/namespace"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"


class ImsCp(ImsStandard):
    name = "imscp"
    label = "IMS Content Packaging 1.1.4"
    short_label = "IMS Content Packaging"
    taken_as = "IMS content packages"
    runtime = "none"
    schema_imports = ((XML, "xml.xsd"), (IMSCP, "imscp_v1p1.xsd"))
    namespace = IMSCP
    # Any other value (or none) in this namespace is also read as a plain content package.
    schemaversions = ("1.1.4", "1.1.3", "1.1.2", "1.1")

    def keeps(self, course: Course) -> list[str]:
        # Moodle's IMS content package is a resource: it logs views, no grade
        # (moodle/moodle: mod/imscp/lib.php, per shared/notes/lms-platform-facts.md).
        return ["nothing about the learner: no completion, score or answers reach the LMS "
                "(the page says so; answers stay in the learner's browser)"]
