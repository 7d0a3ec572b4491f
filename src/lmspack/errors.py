"""Errors the user can act on: each names a file, a field and, where known, a line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return self.format()

    def format(self, severity: str = "") -> str:
        """`file:line: [severity: ]field: message`, as compilers print them."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where] + [severity] * bool(severity) + [self.field] * bool(self.field)
        return ": ".join(parts + [self.message])


@dataclass(frozen=True, order=True)
class Finding:
    """What `lmspack check` found in a course that loads (lmspack/lint.py)."""

    problem: Problem
    severity: str  # error | warning
    code: str
    fix: str

    def format(self) -> str:
        """Two lines: `file:line: severity: field: message [CODE]`, then the fix."""
        return f"{self.problem.format(self.severity)} [{self.code}]\n    fix: {self.fix}"


class LmspackError(Exception):
    """A failure to report as one or more lines, without a traceback."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("lmspack", None, "", problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple:
        # Rebuilt from its problems, not its message, when a build worker sends it back.
        return self.__class__, (self.problems,)


class CourseError(LmspackError):
    """The course source is invalid (exit code 1)."""


class PackageError(LmspackError):
    """A built package failed its checks (exit code 1)."""
