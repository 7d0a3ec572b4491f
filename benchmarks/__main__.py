"""Run every benchmark and write docs/performance.md (README: "Benchmarks").

    bash benchmarks/run            # installs what it needs, then this
    python -m benchmarks [--quick] [--only NAME ...] [--out FILE]

Figures and ratios are measured in one run on this machine and printed; nothing
fails on a number. --quick runs each benchmark small (the test suite's smoke run).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import catalogue, latency, learner, media, peer, validate_scale
from benchmarks.common import ROOT, Section

GiB = 2**30


def plans(quick: bool, cores: int) -> dict[str, object]:
    """Each benchmark and its size: full, or small for the smoke run."""
    return {
        "latency": lambda: latency.measure(3 if quick else 11),
        "peer": lambda: peer.measure(2 if quick else 7),
        "catalogue": lambda: catalogue.measure([5, 10] if quick else [50, 100, 250, 500], cores),
        "media": lambda: media.measure([(32 * 2**20, False)] if quick else
                                       [(2 * GiB, False), (int(4.25 * GiB), True)]),
        "learner": lambda: learner.section(2 if quick else 7),
        "validate": lambda: validate_scale.measure(32 * 2**20 if quick else GiB),
    }


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GiB
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                              text=True, check=False).stdout.strip() or "no chromium"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    return (f"{cpu}, {len(os.sched_getaffinity(0))} cores, {memory:.0f} GiB memory; "
            f"{platform.platform()}; Python {platform.python_version()}; {chromium}; "
            f"lmspack at commit {commit or 'unknown'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    chosen = plans(args.quick, cores)
    for name in args.only or []:
        if name not in chosen:
            parser.error(f"no benchmark {name!r}: choose from {', '.join(chosen)}")
    # An installed lmspack has its bytecode compiled; a checkout may not (for example
    # under PYTHONDONTWRITEBYTECODE), and every process would compile it again.
    compileall.compile_dir(ROOT / "src", quiet=1)
    # lmspack's build cache goes in a folder of this run's, never the user's; each
    # benchmark says what it keeps there.
    os.environ["LMSPACK_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-cache-")
    started = time.time()
    sections: list[Section] = []
    for name, measure in chosen.items():
        if args.only and name not in args.only:
            continue
        print(f"== {name}", file=sys.stderr, flush=True)
        section = measure()
        print(section.markdown(), flush=True)
        sections.append(section)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = ["# Performance", "",
            "Written by `bash benchmarks/run` (`python -m benchmarks`); every figure and "
            "ratio below was measured in the same run, on one machine. The benchmarks "
            "print figures and never fail on one; `tests/test_benchmarks.py` runs each "
            "small so that they keep working. What each measures and how is in the "
            "section's first paragraph.", "",
            f"- Measured: {when}, in {time.time() - started:.0f} s"
            f"{' (--quick: small sizes)' if args.quick else ''}",
            f"- Machine: {machine()}", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(head) + "\n" + "\n".join(s.markdown() for s in sections),
                        encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
