"""The courses a command names: found, loaded and linted, with every problem collected."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lmspack.errors import Finding, LmspackError, Problem
from lmspack.paths import display
from lmspack.structure.course import Course

if TYPE_CHECKING:
    from lmspack.cache import BuildCache

DEFAULT_SOURCE = Path("course")
MARKER_FIX = "check the field, then delete the REVIEW marker"


def course_dirs_or_default(given: tuple[Path, ...]) -> tuple[Path, ...]:
    if given:
        return given
    if not DEFAULT_SOURCE.is_dir():
        raise click.UsageError("no COURSE_DIR given and there is no ./course folder here")
    found = tuple(sorted(p for p in DEFAULT_SOURCE.iterdir() if (p / "course.yml").is_file()))
    if not found:
        raise click.UsageError("./course holds no course folders (none has a course.yml)")
    return found


@dataclass
class Checked:
    courses: list[Course] = field(default_factory=list)
    errors: list[Problem | Finding] = field(default_factory=list)  # loading errors are Problems
    warnings: list[Finding] = field(default_factory=list)
    read: int = 0  # course folders looked at, whether or not they load


def load_all(course_dirs: tuple[Path, ...], *, draft: bool = False,
             markers_are_errors: bool = False, cache: BuildCache | None = None) -> Checked:
    """Load and lint every course. Review markers fail loading unless `draft`; with
    `markers_are_errors` (lmspack check) they are reported beside the lint findings.
    With a `cache`, a course unchanged since it was last loaded is taken from it."""
    out = Checked()
    seen: dict[str, Path] = {}
    for course_dir in course_dirs:
        out.read += 1
        known = cache.course(course_dir, draft) if cache and not markers_are_errors else None
        if known:
            course, linted = known
        else:
            from lmspack.structure.loader import load_course

            try:
                course = load_course(course_dir, draft=draft or markers_are_errors)
            except LmspackError as exc:
                out.errors.extend(exc.problems)
                if markers_are_errors:  # loading stopped before it could list them
                    from lmspack.structure.review import find_markers, unreviewed

                    out.errors += [Finding(m, "error", "M101", MARKER_FIX)
                                   for m in unreviewed(find_markers(course_dir), exc.problems)]
                continue
            from lmspack.lint import lint

            linted = lint(course)
            if cache and not markers_are_errors:
                cache.keep_course(course_dir, draft, course, linted)
        if course.id in seen:
            out.errors.append(Problem(display(course.source_dir), None, "",
                                      f"id '{course.id}' is also used by "
                                      f"{display(seen[course.id])}"))
        seen[course.id] = course.source_dir
        out.courses.append(course)
        severity = "error" if markers_are_errors else "warning"
        findings = [Finding(m, severity, "M101", MARKER_FIX) for m in course.warnings]
        for f in sorted(findings + linted):
            (out.errors if f.severity == "error" else out.warnings).append(f)
    return out


def as_text(item: Problem | Finding) -> str:
    """A problem's one line, or a finding's line and fix."""
    return item.format() if isinstance(item, Finding) else str(item)


def as_dict(item: Problem | Finding) -> dict:
    """A problem or finding for --json."""
    problem = item.problem if isinstance(item, Finding) else item
    out = {"file": problem.file, "line": problem.line, "field": problem.field,
           "message": problem.message}
    if isinstance(item, Finding):
        out |= {"severity": item.severity, "code": item.code, "fix": item.fix}
    else:
        out["severity"] = "error"
    return out
