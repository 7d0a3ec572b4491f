"""The courses a command names: found, loaded and linted, with every problem collected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from lmspack.config.kinds import SHARED_ID
from lmspack.errors import Diagnostic, LmspackError, made
from lmspack.paths import display
from lmspack.structure.course import Course

DEFAULT_SOURCE = Path("course")


def course_dirs_or_default(given: tuple[Path, ...]) -> tuple[Path, ...]:
    if given:
        return given
    if not DEFAULT_SOURCE.is_dir():
        raise click.UsageError("no COURSE_DIR given and there is no ./course folder here")
    found = tuple(sorted(p for p in DEFAULT_SOURCE.iterdir() if (p / "course.yml").is_file()))
    if not found:
        raise click.UsageError("./course holds no course folders (none has a course.yml)")
    return found


Loaded = tuple[Course, list[Diagnostic]]
Load = Callable[[Path, bool], Loaded]


@dataclass
class Checked:
    courses: list[Course] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    read: int = 0  # course folders looked at, whether or not they load
    # The errors that stopped a course loading (and a shared id): `build` shows them
    # as compilers do, without the code and fix it shows with check's findings.
    loading: set[Diagnostic] = field(default_factory=set)


def load_and_lint(course_dir: Path, draft: bool) -> Loaded:
    """The course in `course_dir` and what `lmspack check` finds in it, or a CourseError.
    A plain function of its inputs: the build cache (lmspack/cache.py) memoises it."""
    from lmspack.lint import lint
    from lmspack.structure.loader import load_course

    course = load_course(course_dir, draft=draft)
    return course, lint(course)


def load_all(course_dirs: tuple[Path, ...], *, draft: bool = False,
             markers_are_errors: bool = False, load: Load = load_and_lint) -> Checked:
    """Load and lint every course with `load`. Review markers fail loading unless
    `draft`; with `markers_are_errors` (lmspack check) they are reported beside the
    lint findings."""
    out = Checked()
    seen: dict[str, Path] = {}
    for course_dir in course_dirs:
        out.read += 1
        try:
            course, linted = load(course_dir, draft or markers_are_errors)
        except LmspackError as exc:
            out.errors.extend(exc.diagnostics)
            out.loading.update(exc.diagnostics)
            if markers_are_errors:  # loading stopped before it could list them
                from lmspack.structure.review import find_markers, unreviewed

                out.errors += unreviewed(find_markers(course_dir), exc.diagnostics)
            continue
        if course.id in seen:
            shared = made(display(course.source_dir), None, "", f"id '{course.id}' is also "
                          f"used by {display(seen[course.id])}", kind=SHARED_ID)
            out.errors.append(shared)
            out.loading.add(shared)
        seen[course.id] = course.source_dir
        out.courses.append(course)
        severity = "error" if markers_are_errors else "warning"
        findings = [replace(m, severity=severity) for m in course.warnings]
        for f in sorted(findings + linted):
            (out.errors if f.severity == "error" else out.warnings).append(f)
    return out


def as_text(item: Diagnostic, advice: bool = True) -> str:
    """A diagnostic's line and, with `advice`, its code and fix."""
    return item.advice() if advice else str(item)


def as_dict(item: Diagnostic, advice: bool = True) -> dict:
    """A diagnostic for --json: its place and message, its severity and, with `advice`,
    its code and fix."""
    if advice:
        return item.place() | {"severity": item.severity, "code": item.code, "fix": item.fix}
    return item.place() | {"severity": "error"}
