"""From a course to a package: source -> model -> rendered files -> zip -> checks.

Commands call build_all(); each standard adds only its manifest and run-time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lmspack.errors import CourseError, PackageError, Problem
from lmspack.package.zipwriter import PackageWriter, commit_all
from lmspack.render import player
from lmspack.standards import Standard
from lmspack.structure.course import Course
from lmspack.structure.loader import display
from lmspack.validate.package import validate_path


@dataclass(frozen=True)
class Built:
    course: Course
    standard: Standard
    path: Path
    size: int


# Below this, a reflection cannot hold a considered answer.
MIN_REFLECTION = 300


def check_room(course: Course, standard: Standard) -> None:
    """Refuse a course whose answers cannot all fit the standard's suspend data."""
    room = player.reflection_budget(course, standard.limits)
    if room is not None and room < MIN_REFLECTION:
        raise CourseError([Problem(
            display(course.quiz_file), None, "reflections",
            f"{standard.label} keeps {standard.limits['suspendData']} characters of a learner's "
            f"progress, which leaves {max(room, 0)} per reflection (at least {MIN_REFLECTION} "
            "are needed): use fewer reflections or questions, or shorter ids")])


def assemble(course: Course, standard: Standard) -> PackageWriter:
    """Every file of the package, manifest last (it lists the others)."""
    check_room(course, standard)
    writer = PackageWriter()
    runtimes = ["none"] + ([standard.runtime] if standard.runtime != "none" else [])
    scripts = [f"player/lms-{r}.js" for r in runtimes] + ["player/player.js"]
    static = player.static_files()
    missing = set(scripts) - set(static)
    if missing:  # a Standard naming a run-time the player has no adapter for
        raise ValueError(f"{standard.name}: no player file {sorted(missing)}")
    for name, data in static.items():
        if not name.startswith("player/lms-") or name in scripts:
            writer.add_bytes(name, data, shared=True)
    for name, path in player.media_files(course).items():
        writer.add_file(name, path)
    writer.add_bytes(standard.launch, player.render_page(course, standard.runtime,
                                                         standard.limits, scripts))
    writer.add_bytes(player.STATEMENT, player.render_statement(course, standard.label))
    content = writer.names
    for schema_file in standard.shipped_schemas:
        writer.add_bytes(schema_file, _read_once(standard.folder / "schemas" / schema_file),
                         shared=True)
    writer.add_bytes(standard.manifest, standard.render_manifest(course, content))
    return writer


@cache
def _read_once(path: Path) -> bytes:
    return path.read_bytes()


def check(package: Path, standard: Standard, where: str) -> None:
    """Run `lmspack validate`'s checks on a written package: any error or warning
    in a package lmspack made is a failure."""
    report = validate_path(package)
    problems = [Problem(f"{where}!{f.file}" if f.file else where, f.line, f.rule, f.message)
                for f in report.findings if f.severity != "note"]
    if report.standard != standard.name:
        problems.append(Problem(where, None, "standard", f"read back as {report.label}, "
                                f"not {standard.label}"))
    if problems:
        raise PackageError(problems)


def build_all(courses: list[Course], standards: list[Standard], out_dir: Path,
              progress: Callable[[Path], None] | None = None) -> list[Built]:
    """Assemble each package in turn, write it to a temporary file and check it, then
    move them all into place: a failure anywhere leaves the output folder as it was.
    `progress` hears of each package once it has passed its checks."""
    plan = [(course, standard, out_dir / standard.package_name(course))
            for course in courses for standard in standards]
    standard_of = {target: standard for _, standard, target in plan}

    def verify(tmp: Path, target: Path) -> None:
        check(tmp, standard_of[target], display(target))
        if progress:
            progress(target)

    sizes = commit_all(((assemble(course, standard), target) for course, standard, target in plan),
                       verify=verify)
    return [Built(course, standard, target, size)
            for (course, standard, target), size in zip(plan, sizes, strict=True)]
