"""From a course to a package: source -> model -> rendered files -> zip -> checks.

Commands call build_all(); each standard adds only its manifest and run-time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmspack.errors import PackageError
from lmspack.package.zipwriter import PackageWriter
from lmspack.render import player
from lmspack.standards import Standard
from lmspack.structure.course import Course
from lmspack.validate.package import MANIFEST, check_manifest


@dataclass(frozen=True)
class Built:
    course: Course
    standard: Standard
    path: Path
    size: int


def assemble(course: Course, standard: Standard) -> PackageWriter:
    """Every file of the package, manifest last (it lists the others)."""
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
    """Assemble and check every package before writing any, so a failure writes nothing."""
    ready = []
    for course in courses:
        for standard in standards:
            target = out_dir / standard.package_name(course)
            writer = assemble(course, standard)
            check(writer, standard, str(target))
            ready.append((course, standard, target, writer))
    return [Built(c, s, t, w.write(t)) for c, s, t, w in ready]
