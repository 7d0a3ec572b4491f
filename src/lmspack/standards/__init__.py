"""The packaging standards lmspack builds. Each is one small module with a Standard subclass.

To add one (cmi5, Common Cartridge...): write a module here with a subclass of
`Standard`, put its manifest template and schemas under manifests/<name>/, and
add it to STANDARDS below (the order is the order `validate` tries them in).
"""

from __future__ import annotations

from lmspack.standards.base import Standard
from lmspack.standards.imscp import ImsCp
from lmspack.standards.scorm12 import Scorm12
from lmspack.standards.scorm2004 import Scorm2004

STANDARDS: dict[str, type[Standard]] = {cls.name: cls for cls in (Scorm12, Scorm2004, ImsCp)}


def get(name: str) -> Standard:
    return STANDARDS[name]()
