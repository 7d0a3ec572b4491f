"""What lmspack tells the user about their course or package, in one form.

A Diagnostic names a file, a line where known, a field, a severity, a stable code and
a fix; every stage makes them (loading, `lmspack check`, the build, `validate`), and
each collects them in a Diagnostics. A failure is an LmspackError carrying them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """A kind of problem: its stable code and the fix `lmspack check` prints with it."""

    code: str
    fix: str


# Field order is sort order: by place, then message, severity, code and fix.
@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str  # as shown to the user; in a package, the path inside it (validate)
    line: int | None
    field: str  # the dotted field path, or "" for the file as a whole
    message: str
    severity: str = "error"  # error | warning | note
    code: str = ""  # S101, Q101, M101, validate's rule name...; "" where there is none
    fix: str = ""

    def __str__(self) -> str:
        return self.format()

    def format(self, severity: str = "") -> str:
        """`file:line: [severity: ]field: message`, as compilers print them."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where] + [severity] * bool(severity) + [self.field] * bool(self.field)
        return ": ".join(parts + [self.message])

    def advice(self) -> str:
        """Two lines, as `lmspack check` prints them: `file:line: severity: field:
        message [CODE]`, then the fix."""
        return f"{self.format(self.severity)} [{self.code}]\n    fix: {self.fix}"

    def place(self) -> dict[str, object]:
        """The diagnostic's place and message, for --json."""
        return {"file": self.file, "line": self.line, "field": self.field,
                "message": self.message}


class Diagnostics:
    """The one way diagnostics are collected: in the order they are found."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self.items: list[Diagnostic] = list(items)

    def add(self, diagnostic: Diagnostic) -> Diagnostic:
        self.items.append(diagnostic)
        return diagnostic

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(self, file: str, line: int | None, field: str, message: str,
              kind: Kind | None = None) -> Diagnostic:
        return self.add(made(file, line, field, message, "error", kind))

    def warning(self, file: str, line: int | None, field: str, message: str,
                kind: Kind | None = None) -> Diagnostic:
        return self.add(made(file, line, field, message, "warning", kind))

    def of(self, severity: str) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == severity]

    def sort(self, key: Callable[[Diagnostic], Any]) -> None:
        self.items.sort(key=key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def made(file: str, line: int | None, field: str, message: str, severity: str = "error",
         kind: Kind | None = None) -> Diagnostic:
    """A diagnostic of `kind` (its code and fix), or of none."""
    code, fix = (kind.code, kind.fix) if kind else ("", "")
    return Diagnostic(file, line, field, message, severity, code, fix)


class LmspackError(Exception):
    """A failure to report as one or more lines, without a traceback."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | str):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("lmspack", None, "", diagnostics)]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple:
        # Rebuilt from its diagnostics, not its message, when a build worker sends it back.
        return self.__class__, (self.diagnostics,)


class CourseError(LmspackError):
    """The course source is invalid (exit code 1)."""


class PackageError(LmspackError):
    """A built package failed its checks (exit code 1)."""

