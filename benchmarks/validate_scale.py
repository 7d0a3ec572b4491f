"""validate at scale: a large third-party zip checked without unpacking it."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from benchmarks.common import LMSPACK, ROOT, Section, run

CHUNK = 16 * 2**20


def third_party_zip(path: Path, media_bytes: int) -> None:
    """The seed's SCORM 1.2 package as another tool might zip it (zipfile's defaults),
    plus a large random video in a folder of its own."""
    seed = next((ROOT / "dist").glob("*-scorm12.zip"))
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            zf.writestr(name, src.read(name))
        info = zipfile.ZipInfo("media/lecture.mp4", date_time=(2024, 2, 5, 13, 0, 0))
        with zf.open(info, "w", force_zip64=True) as f:
            left = media_bytes
            while left > 0:
                f.write(os.urandom(min(CHUNK, left)))
                left -= CHUNK


def measure(media_bytes: int) -> Section:
    section = Section(
        "validate at scale",
        "`lmspack validate` on a zip another tool made: the seed's SCORM 1.2 files plus a "
        "random video, written with Python's zipfile. validate lists and checks every "
        "entry, reads every entry through in 1 MiB chunks to check its CRC, and parses "
        "only the manifest; nothing is extracted (its temporary folder is watched).",
        ["zip", "validate time", "peak memory", "files written while validating",
         "verdict"])
    work = Path(tempfile.mkdtemp(prefix="bench-validate-", dir=os.environ.get("BENCH_TMP")))
    try:
        package = work / "supplier.zip"
        third_party_zip(package, media_bytes)
        scratch = work / "tmp"
        scratch.mkdir()
        before = sorted(work.rglob("*"))
        result = run([*LMSPACK, "validate", str(package)], check=False,
                     env={"TMPDIR": str(scratch)}, cwd=scratch)
        written = sorted(set(work.rglob("*")) - set(before))
        verdict = result.stdout.strip().splitlines()[-1].split(": ", 1)[-1]
        section.rows.append([f"{package.stat().st_size / 2**30:.2f} GiB",
                             f"{result.seconds:.1f} s", f"{result.peak_rss_mb:.0f} MB",
                             str(len(written)), verdict])
        section.facts = {"seconds": result.seconds, "rss_mb": result.peak_rss_mb,
                         "written": len(written), "verdict": verdict}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return section
