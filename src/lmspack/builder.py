"""From a course to a package: source -> model -> rendered files -> zip -> checks.

Commands call build_all(). The stages are plain functions of their inputs: render()
makes a standard's files from a course, check() validates a written package, and
Stages compresses lmspack's own files. A build runs them through a Stages object, which
the build cache (lmspack/cache.py) replaces with one that memoises them. Every standard
is reached through its hooks (standards/base.py); none is named here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lmspack.errors import CourseError, Diagnostic, Diagnostics, PackageError
from lmspack.forking import in_order
from lmspack.package.zipwriter import (
    PackageWriter,
    Packed,
    commit,
    discard,
    method_for,
    pack_shared,
)
from lmspack.paths import display
from lmspack.render import player
from lmspack.standards import Standard
from lmspack.structure.course import Course


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
        raise CourseError([Diagnostic(
            display(course.quiz_file), None, "reflections",
            f"{standard.label} keeps {standard.limits['suspendData']} characters of a learner's "
            f"progress, which leaves {max(room, 0)} per reflection (at least {MIN_REFLECTION} "
            "are needed): use fewer reflections or questions, or shorter ids")])


def render(course: Course, standard: Standard, scripts: list[str],
           names: list[str]) -> dict[str, bytes]:
    """The files made from the course: its page, its accessibility statement, and the
    standard's own, which may list them and the files already in the package (`names`)."""
    check_room(course, standard)
    page = player.render_page(course, standard.runtime, standard.limits, scripts,
                              standard.page_csp(course))
    made = {standard.launch: page,
            player.STATEMENT: player.render_statement(course, standard.label)}
    own = standard.render(course, sorted([*names, *made]))
    if made.keys() & own.keys():
        raise ValueError(f"{standard.name}: renders {sorted(made.keys() & own.keys())}, "
                         "which the player makes")
    return made | own


def check(package: Path, standard: Standard, where: str) -> None:
    """Run `lmspack validate`'s checks on a written package: any error or warning
    in a package lmspack made is a failure."""
    from lmspack.validate.package import validate_path

    report = validate_path(package, read_data=False)
    # Each shown as a build problem: in the package at `where`, its rule as its field.
    problems = Diagnostics(Diagnostic(f"{where}!{f.file}" if f.file else where, f.line, f.code,
                                      f.message, "error", f.code)
                           for f in report.findings if f.severity != "note")
    if report.standard != standard.name:
        problems.error(where, None, "standard", f"read back as {report.label}, "
                       f"not {standard.label}")
    if problems:
        raise PackageError(problems)


class Stages:
    """How a build runs its stages: each as it is. A cache (lmspack/cache.py) gives a
    subclass that memoises them; what the stages return is the same either way."""

    def render(self, course: Course, standard: Standard, scripts: list[str],
               names: list[str]) -> dict[str, bytes]:
        return render(course, standard, scripts, names)

    def check(self, course: Course, standard: Standard, package: Path, where: str,
              digest: str) -> None:
        """Check a written package; `digest` (PackageWriter.digest) names its bytes."""
        check(package, standard, where)

    def shipped(self, name: str, source: Path, data: Callable[[], bytes]) -> Packed:
        """One of lmspack's own files, read from `source`, as packages store it under
        `name`: the same in every package, so compressed once per process."""
        return pack_shared(data(), method_for(name))

    def finish(self) -> None:
        """The build succeeded: keep what is worth keeping."""


def assemble(course: Course, standard: Standard, stages: Stages) -> PackageWriter:
    """Every file of the package: the player, the course's media, the files rendered
    for this standard, and lmspack's own files the standard ships."""
    writer = PackageWriter()
    for name, data in player.static_files().items():
        source = player.STATIC / name.removeprefix("player/")
        writer.add_packed(name, stages.shipped(name, source, lambda data=data: data))
    # The modules of this run-time, as one file; named by run-time where it is kept.
    runtime = standard.runtime
    writer.add_packed(player.SCRIPT, stages.shipped(
        player.SCRIPT, player.STATIC / f"player.js+{runtime}",
        lambda: player.player_script(runtime)))
    scripts = [player.SCRIPT]
    for name, path in player.media_files(course).items():
        writer.add_file(name, path)
    for name, data in stages.render(course, standard, scripts, writer.names).items():
        writer.add_bytes(name, data)
    for name, path in standard.shipped().items():
        writer.add_packed(name, stages.shipped(name, path, lambda path=path: _read_once(path)))
    return writer


@cache
def _read_once(path: Path) -> bytes:
    return path.read_bytes()


def write_package(course: Course, standard: Standard, target: Path, tag: str,
                  stages: Stages) -> Path:
    """Assemble, write and check one package; return its temporary file."""
    writer = assemble(course, standard, stages)
    tmp = writer.write_temporary(target, tag)
    try:
        stages.check(course, standard, tmp, display(target), writer.digest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


Plan = list[tuple[Course, Standard, Path]]


def build_all(courses: list[Course], standards: list[Standard], out_dir: Path,
              progress: Callable[[Path], None] | None = None, jobs: int = 1,
              stages: Stages | None = None) -> list[Built]:
    """Write and check each package to a temporary file, then move them all into
    place: a failure anywhere leaves the output folder as it was. With `jobs` > 1,
    packages are written by that many processes; the packages, their order and the
    first failure reported are the same as with one.
    `progress` hears of each package once it has passed its checks. `stages` runs
    each stage (a memoising one from lmspack/cache.py gives what earlier builds of an
    unchanged course rendered and validated, and keeps what this one does)."""
    stages = stages or Stages()
    plan = [(course, standard, out_dir / standard.package_name(course))
            for course in courses for standard in standards]
    tag = f"{os.getpid()}-{os.urandom(3).hex()}"  # names this build's temporary files
    written = _written(plan, tag, jobs, stages)
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
    stages.finish()
    return [Built(course, standard, target, size)
            for (course, standard, target), size in zip(plan, sizes, strict=True)]


def default_jobs(packages: int) -> int:
    """Processes for a build of this many packages: every core this process may use,
    where there are enough packages to repay starting them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, packages // PACKAGES_PER_PROCESS))


# Below this many packages per process, starting a process costs more than it saves.
PACKAGES_PER_PROCESS = 8


def _written(plan: Plan, tag: str, jobs: int, stages: Stages) -> Iterator[Path]:
    """The temporary file of each package of `plan`, in order."""
    # The first course's packages are written here: that parses the templates and
    # schemas and compresses the player once, and forked workers inherit all of it.
    first = len({standard.name for _, standard, _ in plan})
    return in_order(lambda i: write_package(*plan[i], tag, stages), len(plan), jobs, first)
