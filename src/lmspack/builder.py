"""From a course to a package: source -> model -> rendered files -> zip -> checks.

Commands call build_all(); each standard adds only its manifest and run-time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmspack.errors import CourseError, PackageError, Problem
from lmspack.package.zipwriter import PackageWriter, commit_all
from lmspack.render import player
from lmspack.standards import Standard
from lmspack.structure.course import Course
from lmspack.structure.loader import display
from lmspack.validate.package import MANIFEST, check_manifest


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
    for name, data in player.static_files().items():
        if not name.startswith("player/lms-") or name in scripts:
            writer.add_bytes(name, data)
    writer.add_bytes(standard.launch, player.render_page(course, standard.runtime,
                                                         standard.limits, scripts))
    content = writer.names
    for schema_file in standard.shipped_schemas:
        writer.add_file(schema_file, standard.folder / "schemas" / schema_file)
    writer.add_bytes(MANIFEST, standard.render_manifest(course, content))
    return writer


def check(writer: PackageWriter, standard: Standard, where: str) -> None:
    problems = check_manifest(writer.read(MANIFEST), standard.schema, writer.names, where)
    if problems:
        raise PackageError(problems)


def build_all(courses: list[Course], standards: list[Standard], out_dir: Path) -> list[Built]:
    """Assemble and check every package, write each to a temporary file, then move them
    all into place: a failure anywhere leaves the output folder as it was."""
    ready = []
    for course in courses:
        for standard in standards:
            target = out_dir / standard.package_name(course)
            writer = assemble(course, standard)
            check(writer, standard, str(target))
            ready.append((course, standard, target, writer))
    sizes = commit_all([(w, t) for _, _, t, w in ready])
    return [Built(c, s, t, size) for (c, s, t, _), size in zip(ready, sizes, strict=True)]
