"""A peer: simple-scorm-packager (npm) packaging the same rendered content folder as
SCORM 1.2 and 2004, timed against `lmspack build` of the same standard."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from benchmarks.common import LMSPACK, ROOT, SEED, Section, median, ms, ratio, run, timed

PEER = ROOT / "benchmarks" / "peer"
VERSIONS = {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}
CHECKS = [
    ("Course source read against a declared schema, errors as file:line: field", "yes", "no"),
    ("Content rendered (page, accessibility statement, run-time adapter)", "yes",
     "no: packages a finished folder"),
    ("Manifest validated against the standard's official XSDs", "yes", "no"),
    ("Every file referenced, no file left out, safe names, launch page present", "yes", "no"),
    ("Suspend-data and interaction limits of the standard checked", "yes", "no"),
    ("Same sources give the same bytes", "yes (sorted, fixed time)",
     "no (file times, date in the name)"),
    ("Sizes in the zip headers, not in data descriptors", "yes", "no"),
]


def content_folder(package: Path, into: Path) -> Path:
    """The rendered content of an lmspack package: its files without the manifest and
    the schemas, which each packager adds itself."""
    into.mkdir(parents=True)
    with zipfile.ZipFile(package) as zf:
        for name in zf.namelist():
            if name != "imsmanifest.xml" and not name.endswith((".xsd", ".dtd")):
                zf.extract(name, into)
    return into


def measure(runs: int) -> Section:
    section = Section(
        "A peer: simple-scorm-packager",
        "The npm package `simple-scorm-packager` 0.2.7 (node "
        f"{run(['node', '--version']).stdout.strip()}) given the seed's rendered content "
        "folder (lmspack's package without its manifest and schemas) to package, against "
        f"`lmspack build -s STANDARD` from the course source; whole-process wall time, "
        f"median of {runs} runs. lmspack's first build has an empty cache folder; "
        "*unchanged* is a build after the first (lmspack/cache.py). The peer writes into "
        "the folder, so each of its runs gets a fresh copy (made before the clock "
        "starts). Its packages are then checked with `lmspack validate`.",
        ["standard", "lmspack, first build", "lmspack, unchanged", "simple-scorm-packager",
         "first / peer", "unchanged / peer", "peer's package per `lmspack validate`"])
    work = Path(tempfile.mkdtemp(prefix="bench-peer-"))
    try:
        for standard, version in VERSIONS.items():
            out = work / f"lmspack-{standard}"
            args = [*LMSPACK, "build", str(SEED), "-o", str(out), "-s", standard]
            ours = [run(args, env={"LMSPACK_CACHE_DIR": str(work / f"empty-{standard}-{i}")}
                        ).seconds for i in range(runs)]
            warm = {"LMSPACK_CACHE_DIR": str(work / f"cache-{standard}")}
            run(args, env=warm)
            unchanged = [r.seconds for r in timed(args, runs, env=warm)]
            package = next(out.glob("*.zip"))
            theirs = []
            for i in range(runs):
                folder = content_folder(package, work / f"content-{standard}-{i}")
                theirs.append(run(["node", str(PEER / "peer.js"), version, str(folder),
                                   str(work / f"peer-{standard}-{i}"), "Seed"]).seconds)
            peer_zip = next((work / f"peer-{standard}-0").glob("*.zip"))
            verdict = json.loads(run([*LMSPACK, "validate", "--json", str(peer_zip)],
                                     check=False).stdout)
            report = verdict["packages"][0]
            errors, warnings = report["errors"], report["warnings"]
            said = (f"not valid: {len(errors)} errors ({errors[0]['message'][:80]}...), "
                    f"{len(warnings)} warnings" if errors else
                    f"valid, {len(warnings)} warnings")
            section.rows.append([standard, ms(median(ours)), ms(median(unchanged)),
                                 ms(median(theirs)), ratio(median(ours), median(theirs)),
                                 ratio(median(unchanged), median(theirs)), said])
            section.facts[standard] = {"lmspack": median(ours), "unchanged": median(unchanged),
                                       "peer": median(theirs), "peer_errors": len(errors)}
            section.facts["peer_valid"] = report["valid"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    section.notes += [f"{what}: lmspack {ours}; the peer {theirs}." for what, ours, theirs
                      in CHECKS]
    return section
