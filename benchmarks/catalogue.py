"""Catalogue scale: hundreds of generated courses built in one invocation."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from benchmarks.common import LMSPACK, Section, run
from benchmarks.generate import generate


def _build(courses: list[Path], out: Path, jobs: int) -> float:
    # No build cache: every course is read, rendered and validated in every run.
    return run([*LMSPACK, "build", *map(str, courses), "-o", str(out), "-j", str(jobs)],
               env={"LMSPACK_CACHE_DIR": ""}).seconds


def _same(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    return all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)


def measure(sizes: list[int], cores: int) -> Section:
    section = Section(
        "Catalogue scale",
        f"{max(sizes)} varied courses from `benchmarks/generate.py` (1-8 objectives, 1-4 "
        "reflections, 1-6 questions of three types, page, YouTube and Vimeo recordings, "
        "descriptions of one to six parts), built in one `lmspack build` invocation into "
        "all three standards, with no build cache (every course read, rendered and "
        "validated): whole-process wall time, packages per second, and the time "
        "per package as the catalogue grows (flat means linear). `-j 1` is one process; "
        f"`-j {cores}` uses every core of this machine.",
        ["courses", "packages", "-j 1", "packages/s", "ms per package",
         f"-j {cores}", "packages/s ", "ms per package "])
    work = Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
    try:
        folders = generate(work / "courses", max(sizes))
        same = True
        for n in sizes:
            count = 3 * n
            serial = _build(folders[:n], work / f"serial-{n}", 1)
            parallel = _build(folders[:n], work / f"parallel-{n}", cores)
            same &= _same(work / f"serial-{n}", work / f"parallel-{n}")
            section.rows.append([str(n), str(count), f"{serial:.2f} s", f"{count / serial:.0f}",
                                 f"{serial / count * 1000:.1f}", f"{parallel:.2f} s",
                                 f"{count / parallel:.0f}", f"{parallel / count * 1000:.1f}"])
            section.facts[n] = {"serial": serial, "parallel": parallel}
            shutil.rmtree(work / f"serial-{n}")
            shutil.rmtree(work / f"parallel-{n}")
        section.facts["identical"] = same
        first, last = section.facts[sizes[0]], section.facts[sizes[-1]]
        growth = (last["parallel"] / sizes[-1]) / (first["parallel"] / sizes[0])
        section.notes += [
            f"From {sizes[0]} to {sizes[-1]} courses the time per package changes by "
            f"{growth:.2f}x with -j {cores} and "
            f"{(last['serial'] / sizes[-1]) / (first['serial'] / sizes[0]):.2f}x with -j 1 "
            "(1.00x would be exactly linear; a process's start-up is spread over more "
            "packages as the catalogue grows).",
            f"Packages built with -j {cores} are byte-identical to those built with -j 1: "
            f"{'yes' if same else 'NO'} (compared in this run).",
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return section
