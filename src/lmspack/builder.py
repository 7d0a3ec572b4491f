"""From a course to a package: source -> model -> rendered files -> zip -> checks.

Commands call build_all(); each standard adds only its manifest and run-time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmspack.errors import CourseError, PackageError, Problem
from lmspack.package.zipwriter import PackageWriter, commit, discard
from lmspack.paths import display
from lmspack.render import player
from lmspack.standards import Standard
from lmspack.structure.course import Course

if TYPE_CHECKING:
    from lmspack.cache import BuildCache


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


def assemble(course: Course, standard: Standard,
             cache: BuildCache | None = None) -> tuple[PackageWriter, dict[str, bytes] | None]:
    """Every file of the package, manifest last (it lists the others), and the files
    rendered from the course, or None where `cache` had them (it keeps only what was
    rendered for a package that passed its checks, this one among them)."""
    made_names = {standard.launch, player.STATEMENT, standard.manifest}
    kept = cache.rendered(course, standard, made_names) if cache else None
    if not kept:
        check_room(course, standard)
    writer = PackageWriter()
    scripts = player.player_scripts(standard.runtime)
    static = player.static_files()
    missing = set(scripts) - set(static)
    if missing:  # a Standard naming a run-time the player has no adapter for
        raise ValueError(f"{standard.name}: no player file {sorted(missing)}")
    for name, data in static.items():
        if not name.startswith("player/lms-") or name in scripts:
            _add_shipped(writer, name, player.STATIC / name.removeprefix("player/"),
                         lambda data=data: data, cache)
    for name, path in player.media_files(course).items():
        writer.add_file(name, path)
    made = kept or render(course, standard, scripts, writer.names)
    writer.add_bytes(standard.launch, made[standard.launch])
    writer.add_bytes(player.STATEMENT, made[player.STATEMENT])
    for schema_file in standard.shipped_schemas:
        path = standard.folder / "schemas" / schema_file
        _add_shipped(writer, schema_file, path, lambda path=path: _read_once(path), cache)
    writer.add_bytes(standard.manifest, made[standard.manifest])
    return writer, None if kept else made


def render(course: Course, standard: Standard, scripts: list[str],
           names: list[str]) -> dict[str, bytes]:
    """The files made from the course: its page, its accessibility statement, and the
    manifest, which lists them and the files already in the package (`names`)."""
    page = player.render_page(course, standard.runtime, standard.limits, scripts)
    statement = player.render_statement(course, standard.label)
    content = sorted([*names, standard.launch, player.STATEMENT])
    return {standard.launch: page, player.STATEMENT: statement,
            standard.manifest: standard.render_manifest(course, content)}


def _add_shipped(writer: PackageWriter, name: str, source: Path, data: Callable[[], bytes],
                 cache: BuildCache | None) -> None:
    """Add one of lmspack's own files (read from `source`), the same in every package:
    compressed once per process, or once per lmspack version where there is a cache."""
    if cache:
        writer.add_packed(name, cache.shipped(source, name, data))
    else:
        writer.add_bytes(name, data(), shared=True)


@cache
def _read_once(path: Path) -> bytes:
    return path.read_bytes()


def check(package: Path, standard: Standard, where: str) -> None:
    """Run `lmspack validate`'s checks on a written package: any error or warning
    in a package lmspack made is a failure."""
    from lmspack.validate.package import validate_path

    report = validate_path(package, read_data=False)
    problems = [Problem(f"{where}!{f.file}" if f.file else where, f.line, f.rule, f.message)
                for f in report.findings if f.severity != "note"]
    if report.standard != standard.name:
        problems.append(Problem(where, None, "standard", f"read back as {report.label}, "
                                f"not {standard.label}"))
    if problems:
        raise PackageError(problems)


def write_package(course: Course, standard: Standard, target: Path, tag: str = "",
                  cache: BuildCache | None = None) -> Path:
    """Assemble, write and check one package; return its temporary file. With a
    `cache`, a package whose bytes passed before is not checked again, and what was
    rendered and checked is kept there."""
    writer, made = assemble(course, standard, cache)
    tmp = writer.write_temporary(target, tag)
    try:
        if not (cache and cache.passed(course, standard, writer.digest)):
            check(tmp, standard, display(target))
            if cache:
                cache.keep_passed(course, standard, writer.digest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if cache and made:
        cache.keep_rendered(course, standard, made)
    return tmp


Plan = list[tuple[Course, Standard, Path]]


def build_all(courses: list[Course], standards: list[Standard], out_dir: Path,
              progress: Callable[[Path], None] | None = None, jobs: int = 1,
              cache: BuildCache | None = None) -> list[Built]:
    """Write and check each package to a temporary file, then move them all into
    place: a failure anywhere leaves the output folder as it was. With `jobs` > 1,
    packages are written by that many processes; the packages, their order and the
    first failure reported are the same as with one.
    `progress` hears of each package once it has passed its checks. `cache`
    (lmspack/cache.py) gives what earlier builds of an unchanged course rendered and
    validated, and keeps what this one does."""
    plan = [(course, standard, out_dir / standard.package_name(course))
            for course in courses for standard in standards]
    tag = f"{os.getpid()}-{os.urandom(3).hex()}"  # names this build's temporary files
    written = _written(plan, tag, jobs, cache)
    done: list[Path] = []
    try:
        for tmp in written:
            done.append(tmp)
            if progress:
                progress(plan[len(done) - 1][2])
    except BaseException:
        written.close()  # stops the workers before their files are deleted
        discard([target for _, _, target in plan], tag)
        raise
    sizes = commit(zip(done, [target for _, _, target in plan], strict=True))
    if cache:
        cache.save()
    return [Built(course, standard, target, size)
            for (course, standard, target), size in zip(plan, sizes, strict=True)]


def default_jobs(packages: int) -> int:
    """Processes for a build of this many packages: every core this process may use,
    where there are enough packages to repay starting them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, packages // PACKAGES_PER_PROCESS))


# Below this many packages per process, starting a process costs more than it saves.
PACKAGES_PER_PROCESS = 8
_PLAN: Plan = []
_TAG = ""
_CACHE: BuildCache | None = None


def _written(plan: Plan, tag: str, jobs: int, cache: BuildCache | None) -> Iterator[Path]:
    """The temporary file of each package of `plan`, in order."""
    # The first course's packages are written here: that parses the templates and
    # schemas and compresses the player once, and forked workers inherit all of it.
    first = min(len(plan), len({standard.name for _, standard, _ in plan}))
    for course, standard, target in plan[:first]:
        yield write_package(course, standard, target, tag, cache)
    rest = range(first, len(plan))
    if jobs > 1 and len(rest) > 1:
        import multiprocessing  # only here: importing it costs a small build a tenth of its time

        if "fork" in multiprocessing.get_all_start_methods():
            yield from _write_forked(plan, tag, cache, jobs, rest,
                                     multiprocessing.get_context("fork"))
            return
    for i in rest:
        yield write_package(*plan[i], tag, cache)


def _write_forked(plan: Plan, tag: str, cache: BuildCache | None, jobs: int, rest: range,
                  context: Any) -> Iterator[Path]:
    global _PLAN, _TAG, _CACHE
    _PLAN, _TAG, _CACHE = plan, tag, cache
    try:
        with context.Pool(min(jobs, len(rest))) as pool:
            # imap keeps plan order: the first failure raised is the one a serial build meets.
            yield from pool.imap(_write_planned, rest, chunksize=2)
    finally:
        _PLAN, _TAG, _CACHE = [], "", None


def _write_planned(i: int) -> Path:
    return write_package(*_PLAN[i], _TAG, _CACHE)
