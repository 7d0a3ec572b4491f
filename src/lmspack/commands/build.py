"""lmspack build: course folders in, checked packages out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lmspack.errors import LmspackError
from lmspack.standards import STANDARDS
from lmspack.structure.review import MARKED

DEFAULT_SOURCE = Path("course")


def _human_size(n: int) -> str:
    return f"{n / 1000:.1f} kB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"


def find_courses(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "course.yml").is_file())


@click.command("build")
@click.argument("course_dirs", nargs=-1,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dist"), show_default=True, help="Folder to write packages to.")
@click.option("-s", "--standard", "standards", multiple=True,
              type=click.Choice([*STANDARDS, "all"]), help="Standard to build (repeatable; "
              "default: all).")
@click.option("--draft", is_flag=True, help="Build even where review markers are left "
              "(`lmspack new` adds them); each is shown as a warning.")
def command(course_dirs: tuple[Path, ...], output: Path, standards: tuple[str, ...],
            draft: bool) -> None:
    """Build a package of each COURSE_DIR (default: every course under ./course).

    Packages are named <course-id>-<version>-<standard>.zip. Every package is
    checked against its standard's schemas before anything is written.
    """
    from lmspack.builder import build_all
    from lmspack.structure.loader import display, load_course

    if not course_dirs:
        if not DEFAULT_SOURCE.is_dir():
            raise click.UsageError("no COURSE_DIR given and there is no ./course folder here")
        course_dirs = tuple(find_courses(DEFAULT_SOURCE))
        if not course_dirs:
            raise click.UsageError("./course holds no course folders (none has a course.yml)")
    names = list(STANDARDS) if not standards or "all" in standards else dict.fromkeys(standards)
    chosen = [STANDARDS[name]() for name in names]
    try:
        courses, problems = [], []
        for course_dir in course_dirs:
            try:
                courses.append(load_course(course_dir, draft=draft))
            except LmspackError as exc:
                problems.extend(exc.problems)
        if problems:
            raise LmspackError(problems)
        for course in courses:
            for warning in course.warnings:
                click.echo(warning.format("warning"), err=True)
        seen: dict[str, Path] = {}
        for course in courses:
            if course.id in seen:
                raise LmspackError(f"{display(course.source_dir)}: id '{course.id}' is also used "
                                   f"by {display(seen[course.id])}")
            seen[course.id] = course.source_dir
        try:
            built = build_all(courses, chosen, output)
        except OSError as exc:
            where = exc.filename or output
            raise LmspackError(f"cannot write {where}: {exc.strerror}") from exc
    except LmspackError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        count = len(exc.problems)
        marked = sum(p.message.startswith(MARKED) for p in exc.problems)
        why = (f" ({marked} {MARKED}: check each, then delete its REVIEW marker; or build "
               "with --draft)") if marked else ""
        click.echo(f"lmspack: {count} problem{'s' * (count != 1)}{why}; nothing was written.",
                   err=True)
        sys.exit(1)
    for b in built:
        click.echo(f"{display(b.path)}  {_human_size(b.size)}  {b.standard.label}")
        for line in b.standard.keeps(b.course):
            click.echo(f"    keeps {line}")
