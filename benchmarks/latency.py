"""Build latency: lmspack building the seed course, against a floor measured in the
same run (benchmarks/floor.py writing the same zip bytes with bare zipfile)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from benchmarks.common import LMSPACK, PYTHON, ROOT, SEED, Section, median, ms, ratio, timed

STANDARDS = ["scorm12", "scorm2004", "imscp"]


def _unpack(package: Path, into: Path) -> Path:
    folder = into / package.stem
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    return folder


def measure(runs: int) -> Section:
    section = Section(
        "Build latency",
        f"Whole-process wall time of `lmspack build` on a copy of the seed course, median "
        f"of {runs} runs, against the floor: a bare Python process (`benchmarks/floor.py`) "
        "writing the same zip bytes with `zipfile` from the package's files. *Unchanged* is "
        "a build of a course built before (the course, its rendered files and its "
        "packages' verdicts come from the build cache, lmspack/cache.py; the packages are "
        "zipped and written); *edited* follows a change to the course's description, so "
        "the course is read, checked, rendered and each package validated against its "
        "schemas (compiled templates cached); *first* has an empty cache folder. The "
        "floor's time is only the zip.",
        ["build", "unchanged", "edited", "first", "floor", "unchanged / floor",
         "edited / floor", "first / floor"])
    work = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    try:
        course = work / "course" / SEED.name
        shutil.copytree(SEED, course)
        description = course / "description.md"
        identical = True
        for name in ["all", *STANDARDS]:
            chosen = STANDARDS if name == "all" else [name]
            out = work / name
            args = [*LMSPACK, "build", str(course), "-o", str(out), *sum(
                (["-s", s] for s in chosen), [])]
            cache = {"LMSPACK_CACHE_DIR": str(work / f"cache-{name}")}
            first = [timed(args, 1, env={"LMSPACK_CACHE_DIR": str(work / f"empty-{name}-{i}")}
                           )[0].seconds for i in range(runs)]
            edited = []
            for _ in range(runs):
                description.write_text(description.read_text() + "\n")  # new bytes, same page
                edited.append(timed(args, 1, env=cache)[0].seconds)
            unchanged = [r.seconds for r in timed(args, runs, env=cache)]
            folders = [_unpack(p, work / f"{name}-files") for p in sorted(out.glob("*.zip"))]
            floor_out = work / f"{name}-floor"
            floor_out.mkdir()
            floor = [r.seconds for r in timed([PYTHON, str(ROOT / "benchmarks" / "floor.py"),
                                               str(floor_out), *map(str, folders)], runs)]
            for package in out.glob("*.zip"):
                identical &= package.read_bytes() == (floor_out / package.name).read_bytes()
            u, e, c, f = median(unchanged), median(edited), median(first), median(floor)
            section.rows.append([f"`-s {name}`" if name != "all" else "all three (the default)",
                                 ms(u), ms(e), ms(c), ms(f), ratio(u, f), ratio(e, f),
                                 ratio(c, f)])
            section.facts[name] = {"unchanged": u, "edited": e, "first": c, "floor": f}
        help_runs = [r.seconds for r in timed([*LMSPACK, "--help"], runs)]
        bare = [r.seconds for r in timed([PYTHON, "-c", "pass"], runs)]
        click_only = [r.seconds for r in timed([PYTHON, "-c", "import click"], runs)]
        section.rows.append(["`lmspack --help`", ms(median(help_runs)), "", "",
                             ms(median(bare)), ratio(median(help_runs), median(bare)), "", ""])
        section.facts["identical"] = identical
        section.facts["click"] = median(click_only)
        section.notes += [
            "The floor's zips are byte-identical to lmspack's: "
            f"{'yes' if identical else 'NO'} (checked in this run). For `--help` the floor "
            "is `python -c pass`: no command loads lxml, Jinja, YAML or Markdown to print "
            "its help (tests/test_startup.py).",
            f"Starting Python and importing Click alone (`python -c 'import click'`) takes "
            f"{ms(median(click_only))} here. An edited or first build also imports PyYAML, "
            "markdown-it, Jinja and lxml; a build of an unchanged course imports none of "
            "them (tests/test_startup.py)."]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return section
