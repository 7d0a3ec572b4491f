"""What `validate` found in a package: diagnostics whose code is a rule's stable name (as
in docs/validate.md), each with a severity and a place inside the package."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lmspack.errors import Diagnostic, Diagnostics

SEVERITIES = ("error", "warning", "note")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class PackageFacts:
    """What the platform rules look at, gathered while the package was checked."""

    standard: str  # the registered name of its standard: scorm12, scorm2004, imscp...
    kind: str  # "zip" or "folder"
    size: int  # bytes, unpacked
    scos: int  # resources launched as SCOs


@dataclass
class Report:
    package: str
    platform: str
    standard: str | None = None  # lmspack's name for it: scorm12, scorm2004, imscp
    label: str | None = None  # shown to people, with the edition the manifest states
    found: Diagnostics = field(default_factory=Diagnostics)
    platform_label: str = ""  # how the report names its platform ("" : by its name)

    @property
    def findings(self) -> list[Diagnostic]:
        return self.found.items

    def add(self, severity: str, rule: str, message: str, file: str = "",
            line: int | None = None) -> None:
        """Report what breaks `rule`, in `file` inside the package ("": the package as a
        whole) at `line`: an error (an LMS will fail or misbehave), a warning (likely a
        mistake) or a note (a fact)."""
        self.found.add(Diagnostic(file, line, "", message, severity, rule))

    def of(self, severity: str) -> list[Diagnostic]:
        return sorted(self.found.of(severity), key=lambda f: (f.file, f.line or 0))

    def where(self, finding: Diagnostic) -> str:
        place = f"{self.package}!{finding.file}" if finding.file else self.package
        return f"{place}:{finding.line}" if finding.line else place

    def valid(self, strict: bool = False) -> bool:
        return not self.of("error") and not (strict and self.of("warning"))

    def to_json(self, strict: bool = False) -> dict[str, Any]:
        def items(severity: str) -> list[dict[str, Any]]:
            return [{"file": f.file, "line": f.line, "rule": f.code, "message": f.message}
                    for f in self.of(severity)]

        return {"package": self.package, "standard": self.standard, "label": self.label,
                "platform": self.platform, "valid": self.valid(strict),
                "errors": items("error"), "warnings": items("warning"), "notes": items("note")}

    def lines(self, strict: bool = False) -> list[str]:
        """The human report: errors, then warnings, then notes, then a verdict."""
        what = self.label or "unknown standard"
        out = [f"{self.package}: {what}, checked for {self.platform_label or self.platform}"]
        for severity in SEVERITIES:
            out += [f"{self.where(f)}: {f.severity}: {f.code}: {f.message}"
                    for f in self.of(severity)]
        errors, warnings = len(self.of("error")), len(self.of("warning"))
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        verdict = "valid" if self.valid(strict) else "NOT VALID"
        out.append(f"{self.package}: {verdict} ({counts})")
        # Names in a package are anyone's: never let one print a line break or an
        # escape sequence that could forge or hide a line of this report.
        return [CONTROL.sub(lambda m: repr(m.group())[1:-1], line) for line in out]


def some_names(names: Iterable[str], shown: int = 3) -> str:
    """'a', 'b', 'c' and 4 more."""
    names = sorted(names)
    head = ", ".join(f"'{n}'" for n in names[:shown])
    more = len(names) - shown
    return head + (f" and {more} more" if more > 0 else "")
