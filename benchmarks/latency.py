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
        f"Whole-process wall time of `lmspack build` on the seed course, median of {runs} "
        "runs, against the floor: a bare Python process (`benchmarks/floor.py`) writing the "
        "same zip bytes with `zipfile` from the package's files. *Warm* is every build "
        "after the first, with the compiled templates in the user's cache; *cold* is a "
        "first build, with an empty cache folder. lmspack's time includes reading and "
        "checking the course, rendering, and validating each package against its "
        "schemas; the floor's is only the zip.",
        ["build", "lmspack warm", "lmspack cold", "floor", "warm / floor", "cold / floor"])
    work = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    try:
        identical = True
        for name in [*STANDARDS, "all"]:
            chosen = STANDARDS if name == "all" else [name]
            out = work / name
            args = [*LMSPACK, "build", str(SEED), "-o", str(out), *sum(
                (["-s", s] for s in chosen), [])]
            cold = [timed(args, 1, env={"LMSPACK_CACHE_DIR": str(work / f"cache-{name}-{i}")}
                          )[0].seconds for i in range(runs)]
            timed(args, 1)  # fills the user's cache, if it was empty
            warm = [r.seconds for r in timed(args, runs)]
            folders = [_unpack(p, work / f"{name}-files") for p in sorted(out.glob("*.zip"))]
            floor_out = work / f"{name}-floor"
            floor_out.mkdir()
            floor = [r.seconds for r in timed([PYTHON, str(ROOT / "benchmarks" / "floor.py"),
                                               str(floor_out), *map(str, folders)], runs)]
            for package in out.glob("*.zip"):
                identical &= package.read_bytes() == (floor_out / package.name).read_bytes()
            w, c, f = median(warm), median(cold), median(floor)
            section.rows.append([f"`-s {name}`" if name != "all" else "all three",
                                 ms(w), ms(c), ms(f), ratio(w, f), ratio(c, f)])
            section.facts[name] = {"warm": w, "cold": c, "floor": f}
        help_runs = [r.seconds for r in timed([*LMSPACK, "--help"], runs)]
        bare = [r.seconds for r in timed([PYTHON, "-c", "pass"], runs)]
        section.rows.append(["`lmspack --help`", ms(median(help_runs)), "", ms(median(bare)),
                             ratio(median(help_runs), median(bare)), ""])
        section.facts["identical"] = identical
        section.notes.append(
            "The floor's zips are byte-identical to lmspack's: "
            f"{'yes' if identical else 'NO'} (checked in this run). For `--help` the floor "
            "is `python -c pass`: no command loads lxml, Jinja, YAML or Markdown to print "
            "its help (tests/test_startup.py).")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return section
