"""Check a content package: find the manifest one of the registered standards reads,
let the standards recognise it, run that standard's checks, then the platform's.

`lmspack validate` runs this on any package; `lmspack build` on what it writes.
Each finding has a rule name (listed in docs/validate.md). The checks themselves
belong to the standards (standards/ims_rules.py for the IMS family); this module
names none of them.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from lmspack import standards
from lmspack.standards import Standard
from lmspack.validate.platforms import PLATFORMS
from lmspack.validate.reader import Contents, TooLarge, open_package
from lmspack.validate.report import Report, some_names

# Names LMSs and web servers handle everywhere (lms-platform-facts.md, item 8).
SAFE_NAME = re.compile(r"^[A-Za-z0-9._~/-]+$")


def validate_path(path: Path, platform: str = "generic", read_data: bool = True) -> Report:
    """Validate the zip or folder at `path`. Raises Unreadable if it cannot be opened.
    `read_data`: read every entry through to check its CRC (build skips it for the
    zip it has just written from those bytes)."""
    report = Report(str(path), platform, platform_label=PLATFORMS[platform].label)
    contents = open_package(path, report)
    try:
        if read_data:
            contents.verify(report)
        validate_contents(contents, report)
    finally:
        contents.close()
    return report


def validate_contents(contents: Contents, report: Report) -> None:
    registered = standards.every()
    found = _manifest(contents, report, registered)
    if found is None:
        return
    readers = [s for s in registered if s.manifest == found[0]]
    document = readers[0].read_manifest(found[1], report)
    if document is None:
        return
    standard = _recognise(document, readers, report)
    if standard is None:
        return
    facts = standard.check(document, contents, report)
    odd = [n for n in contents.names if not SAFE_NAME.match(n)]
    if odd:
        report.add("warning", "file-name", f"{some_names(odd)}: spaces and characters other "
                   "than letters, digits, '.', '_', '-' and '~' break some LMSs and servers")
    PLATFORMS[report.platform].check(facts, report)


def _manifest(contents: Contents, report: Report,
              registered: list[Standard]) -> tuple[str, bytes] | None:
    """The name and bytes of the first registered manifest at the package's root."""
    names = list(dict.fromkeys(s.manifest for s in registered))
    if any(f.file in names for f in report.findings):
        return None  # the manifest's entry was refused: that finding says why
    name = next((n for n in names if n in contents.names), None)
    if name is None:
        _no_manifest(contents, report, names, registered)
        return None
    try:
        return name, contents.read(name)
    except TooLarge:
        report.add("error", "manifest-too-large", "the manifest is larger than lmspack reads",
                   name)
    except Exception as exc:  # a corrupt entry: zlib.error, BadZipFile (CRC), OSError
        report.add("error", "unreadable-file", f"cannot read the manifest: {exc}", name)
    return None


def _no_manifest(contents: Contents, report: Report, names: list[str],
                 registered: list[Standard]) -> None:
    for manifest in names:
        near = [n for n in contents.names if posixpath.basename(n).lower() == manifest]
        at_root = [n for n in near if "/" not in n]
        if at_root:
            report.add("error", "manifest-case", f"the manifest is named '{at_root[0]}': LMSs "
                       f"look for '{manifest}' in lower case")
            return
        if near:
            # Moodle's scorm_validate_package: "found but it was not in the root of your zip".
            report.add("error", "manifest-not-at-root", f"'{near[0]}' is not at the root of "
                       "the package: zip the package's contents, not the folder that holds them")
            return
    kinds = dict.fromkeys(s.package_kind or f"{s.label} package" for s in registered)
    report.add("error", "manifest-missing", f"there is no {' or '.join(names)}: this is not a "
               f"{' or '.join(kinds)}")


def _recognise(document: Any, readers: list[Standard], report: Report) -> Standard | None:
    """The standard that recognises the manifest most surely (the first on a tie)."""
    best, best_score = None, None
    for standard in readers:
        score = standard.recognise(document)
        if score is not None and (best_score is None or score > best_score):
            best, best_score = standard, score
    if best is None:
        readers[0].unrecognised(document, readers, report)
        return None
    report.standard, report.label = best.name, best.label
    return best
