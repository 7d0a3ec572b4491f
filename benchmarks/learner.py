"""The learner's cost of a built package, measured in headless Chromium on 127.0.0.1.

    python benchmarks/learner.py PACKAGE.zip --standard scorm12 [--runs 5]

The package is unpacked and served, beside the test LMS (tests/e2e/lms.html, scorm-again),
by the browser tests' own server (tests/e2e/conftest.py: no compression, byte ranges).
The LMS page opens the launch page in a frame, as Moodle does, so everything about the
package is read from the frame's own document and clock, never the LMS page's.

What `measure()` returns:

first_page_bytes, first_page_files, first_page_bytes_gzip
    What the browser must have before it can show the first page: the launch page and
    every file Chromium marks render-blocking (Resource Timing's renderBlockingStatus:
    the stylesheet; the player's scripts are deferred, so they are not), counted as the
    body sent on the wire (encodedBodySize; the server does not compress, so it is the
    file's size). first_page_bytes_gzip is what the same files weigh gzipped at level 6
    (Python's gzip, header included), as a server that compresses would send them.

interactive_bytes, interactive_files, interactive_bytes_gzip, later_files
    What the launch page asks for before it is both shown and loaded: every file whose
    startTime is before first-contentful-paint or the frame's load event, whichever is
    later. The load event waits for every file the page's HTML and CSS name (the
    deferred scripts among them), so the set is the same each run, and each of those
    files is needed before every control works. Files asked for after both (the
    recording section's embed or video, say) go to later_files, as do package files
    Playwright saw requested that the frame's Resource Timing does not list (a safety
    net: none are expected). A file counts when it fell on that side in more than half
    the runs. The LMS page and scorm-again are another document and never counted.

first_paint_ms
    Median over `runs` cold loads (a new browser context each: empty cache) of the frame's
    first-contentful-paint startTime, which is measured from the frame document's own
    navigation start (its performance.timeOrigin).

floor_first_paint_ms
    The same, for a page of one paragraph served and framed the same way: what this
    Chromium, on this machine, takes to show anything at all.

first_control_ms
    Median time, on the same clock, until the first control works. player.js makes no
    change before init() has wired every button and link; the last thing init() does to
    the page is show(), which sets data-page on <body>. An init script watches for that
    attribute (a MutationObserver: its callback runs once the script that called init()
    has returned), then on each animation frame checks that the first [data-nav] link and
    the #next button are rendered (checkVisibility) and records performance.now(). The
    figure is that time, or FCP if later: nothing is usable before anything is shown.
    init_ms is the bare moment data-page appeared.

commits, actions, commit_log
    One completion by the learner of tests/e2e/learner.py, in the test LMS: confirm the
    recording was watched, write each of the seed course's reflections (leaving each
    field), choose a confidence rating, tick the right answers and submit, finish, then
    close the frame as the LMS does (window.closeSco()) and wait a little. commits counts
    every Commit / LMSCommit call plus the Terminate / LMSFinish call, which stores the
    data as a commit does (scorm-again stores it without calling its Commit listeners).
    commit_calls and terminate_calls give the two parts. actions counts the learner's
    meaningful actions: the watched box, each reflection, the rating, the submit and
    Finish; page changes and ticking single answers are not counted. commit_log is the
    LMS's lmsLog with the learner's steps written into it as they happen ("> ..." for a
    counted action, ". ..." for a page change or another step not counted), so each
    commit shows after what caused it. target_met is the issue's target, commits <=
    actions + 1.

    That journey runs at machine speed, so the player's timers (a commit 20 s after the
    last change to a field or answer) never fire. `paced` repeats it with Playwright's
    clock and `think_seconds` of thought after each step, as a person would pause.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import zipfile
from itertools import cycle
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the tests package is at the root
    sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CALLS, CHROMIUM, CHROMIUM_ARGS, Session, Site  # noqa: E402
from tests.e2e.learner import REFLECTIONS, RIGHT, Learner  # noqa: E402

LAUNCH = "/package/index.html"
VIEWPORT = {"width": 1280, "height": 900}
# Names resolve to nothing but 127.0.0.1: the timed loads are not routed through
# Playwright (which would slow every request), yet nothing can leave the machine.
ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
COMMIT = {"scorm12": "LMSCommit", "scorm2004": "Commit"}
TEXTS = ["Speak up when a colleague's idea is talked over",
         "Challenge exclusion when I see it, and check my own assumptions",
         "Book a conversation with my team in the next 30 days"]
CONFIDENCE = 4
THINK_SECONDS = 30.0

# Runs in every document; acts only in the package's launch page (see the docstring).
MARK_JS = """(() => {
  if (location.pathname !== 'LAUNCH') { return; }
  const mark = window.__learnerCost = {};
  const ready = () => {
    const first = document.querySelector('[data-nav]'), next = document.getElementById('next');
    if (first && next && first.checkVisibility() && next.checkVisibility()) {
      mark.control = performance.now();
    } else {
      requestAnimationFrame(ready);
    }
  };
  new MutationObserver((records, observer) => {
    if (document.body && document.body.hasAttribute('data-page')) {
      mark.init = performance.now();
      observer.disconnect();
      requestAnimationFrame(ready);
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-page'] });
})();""".replace("LAUNCH", LAUNCH)

DONE_JS = """() => window.__learnerCost && window.__learnerCost.control !== undefined
  && document.readyState === 'complete'
  && performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')"""
# The floor: a page of one paragraph, loaded the same way; it has no controls.
FLOOR_PAGE = ('<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Floor</title>'
              '<p>The floor: one paragraph.</p></html>')
FLOOR_DONE_JS = """() => document.readyState === 'complete'
  && performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')"""

READ_JS = """() => {
  const fcp = performance.getEntriesByType('paint')
    .find(e => e.name === 'first-contentful-paint').startTime;
  const nav = performance.getEntriesByType('navigation')[0];
  const files = [{ url: location.href, start: 0, size: nav.encodedBodySize, blocking: true }];
  performance.getEntriesByType('resource').forEach(r => {
    files.push({ url: r.name, start: r.startTime, size: r.encodedBodySize,
                 blocking: r.renderBlockingStatus === 'blocking' });
  });
  // loadEventStart is set: DONE_JS waited for readyState 'complete'.
  const mark = window.__learnerCost || {};
  return { fcp: fcp, load: nav.loadEventStart, init: mark.init, control: mark.control,
           files: files };
}"""


def _package_path(url: str, origin: str) -> str | None:
    """The path inside the package of a URL the browser asked for, or None."""
    if not url.startswith(origin):
        return None
    path = urlsplit(url).path
    return path[len("/package/"):] if path.startswith("/package/") else None


def _load_once(browser: Any, site: Site, standard: str,
               done_js: str = DONE_JS) -> dict[str, Any]:
    """One cold load of the launch page in the LMS frame: its timings and files."""
    context = browser.new_context(viewport=VIEWPORT)
    requested: list[str] = []
    external: list[str] = []

    def seen(request: Any) -> None:
        path = _package_path(request.url, site.origin)
        if path is not None:
            requested.append(path)
        elif not request.url.startswith((site.origin, "data:", "about:", "blob:")):
            external.append(request.url)

    try:
        context.on("request", seen)
        context.add_init_script(MARK_JS)
        page = context.new_page()
        # The LMS page's load event waits for its frame's: the package is loaded after.
        page.goto(f"{site.origin}/lms.html?standard={standard}")
        frame = next((f for f in page.frames if urlsplit(f.url).path == LAUNCH), None)
        if frame is None:
            raise RuntimeError(f"the LMS page did not open {LAUNCH} in its frame")
        frame.wait_for_function(done_js, timeout=10_000)
        frame.wait_for_timeout(200)  # room for anything asked for just after load
        result = frame.evaluate(READ_JS)
    finally:
        context.close()
    result["requested"] = requested
    result["external"] = external
    return result


def _split(run: dict[str, Any], site: Site, served: Path, until: float
           ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The package files of one run, (path, bytes as sent), asked for before `until`
    (ms from the frame's navigation start) and after it."""
    first: list[tuple[str, int]] = []
    later: list[tuple[str, int]] = []
    listed = set()
    for f in run["files"]:
        path = _package_path(f["url"], site.origin)
        if path is None:
            continue  # not the package's (an iframe's page elsewhere, a data: URL)
        listed.add(path)
        (first if f["start"] < until else later).append((path, f["size"]))
    for path in dict.fromkeys(run["requested"]):
        if path not in listed and (served / path).is_file():
            later.append((path, (served / path).stat().st_size))
    return first, later


def _vote(splits: list[tuple[list[tuple[str, int]], list[tuple[str, int]]]]
          ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The files on the first-page side in most runs, and the rest, in the order asked."""
    early: dict[str, int] = {}
    sizes: dict[str, list[int]] = {}
    for first, later in splits:
        for path, size in first + later:
            sizes.setdefault(path, []).append(size)
            early.setdefault(path, 0)
        for path, _ in first:
            early[path] += 1
    files = [(path, statistics.median_low(sizes[path])) for path in sizes]
    return ([f for f in files if 2 * early[f[0]] > len(splits)],
            [f for f in files if 2 * early[f[0]] <= len(splits)])


def _gzipped(served: Path, files: list[tuple[str, int]]) -> int:
    return sum(len(gzip.compress((served / path).read_bytes(), compresslevel=6))
               for path, _ in files)


def _journey(browser: Any, site: Site, standard: str, think: float = 0.0) -> dict[str, Any]:
    """One completion of the seed course, and the calls the LMS logged on the way."""
    finish_call = CALLS[standard][1]
    s = Session(browser, site, None, f"/lms.html?standard={standard}", "learner-cost",
                clock=think > 0, standard=standard)
    try:
        s.started()
        learner, ui = Learner(s.sco), s.sco
        actions = 0

        def step(label: str, action: bool) -> None:
            nonlocal actions
            actions += action
            s.lms(f"window.lmsLog.push({json.dumps(('> ' if action else '. ') + label)})")

        def pause() -> None:  # a person's thinking time: due timers fire
            if think:
                s.page.clock.fast_forward(int(think * 1000))

        step("page recording", False)
        learner.go("recording")
        step("confirm the recording is watched", True)
        ui.locator("#watched").check()
        pause()
        step("page reflect", False)
        learner.go("reflect")
        for rid, text in zip(REFLECTIONS, cycle(TEXTS)):
            step(f"reflection {rid}", True)
            field = ui.locator(f"#reflection-{rid}")
            field.fill(text)
            field.blur()  # leaving the field is what the player commits on
            pause()
        step("confidence rating", True)
        ui.locator(f"#confidence-{CONFIDENCE}").check()
        pause()
        step("page check", False)
        learner.go("check")
        step("tick the right answers", False)
        for qid, options in RIGHT.items():
            for option in options:
                ui.locator(f"#{qid}--{option}").check()
        pause()
        step("submit the knowledge check", True)
        ui.locator("#check-submit").click()
        pause()
        step("page summary", False)
        learner.go("summary")
        pause()
        step("finish", True)
        ui.locator("#finish").click()
        s.page.wait_for_function(f"window.lmsLog.includes('{finish_call}')")
        step("close the frame", False)
        s.lms("window.closeSco()")
        s.page.wait_for_timeout(300)  # pagehide and visibilitychange handlers
        pause()
        log: list[str] = s.lms("window.lmsLog.slice()")
    finally:
        s.close()
    commit_calls = log.count(COMMIT[standard])
    terminate_calls = log.count(finish_call)
    return {"commits": commit_calls + terminate_calls, "commit_calls": commit_calls,
            "terminate_calls": terminate_calls, "actions": actions, "commit_log": log,
            "errors": s.errors, "external_requests": s.external}


def measure(package: Path, standard: str, runs: int = 5,
            think_seconds: float = THINK_SECONDS) -> dict[str, Any]:
    """The learner's cost of `package` (a built zip for `standard`, "scorm12" or
    "scorm2004"): see the module's docstring for what each figure counts."""
    if standard not in COMMIT:
        raise ValueError(f"standard must be one of {', '.join(COMMIT)}, not {standard!r}")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="learner-cost-") as tmp:
        served = Path(tmp) / "package"
        with zipfile.ZipFile(package) as zf:
            zf.extractall(served)
        (Path(tmp) / "floor").mkdir()
        (Path(tmp) / "floor" / "index.html").write_text(FLOOR_PAGE, encoding="utf-8")
        site, floor_site = Site(served), Site(Path(tmp) / "floor")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                try:
                    loads = [_load_once(browser, site, standard) for _ in range(runs)]
                    floor = [_load_once(browser, floor_site, standard, FLOOR_DONE_JS)
                             for _ in range(runs)]
                    journey = _journey(browser, site, standard)
                    paced = _journey(browser, site, standard, think_seconds)
                finally:
                    browser.close()
        finally:
            site.close()
            floor_site.close()
        splits = [_split(run, site, served, max(run["fcp"], run["load"])) for run in loads]
        interactive, later = _vote(splits)
        blocking = {p for run in loads for f in run["files"] if f["blocking"]
                    and (p := _package_path(f["url"], site.origin)) is not None}
        first = [(path, size) for path, size in interactive if path in blocking]
        gzipped = _gzipped(served, first), _gzipped(served, interactive)

    paint = [round(run["fcp"], 1) for run in loads]
    floor_paint = [round(run["fcp"], 1) for run in floor]
    control = [round(max(run["control"], run["fcp"]), 1) for run in loads]

    return {
        "package": str(package), "standard": standard, "runs": runs,
        "first_page_bytes": sum(size for _, size in first),
        "first_page_bytes_gzip": gzipped[0],
        "first_page_files": first,
        "interactive_bytes": sum(size for _, size in interactive),
        "interactive_bytes_gzip": gzipped[1],
        "interactive_files": interactive,
        "later_files": later,
        "interactive_bytes_runs": [sum(size for _, size in f) for f, _ in splits],
        "first_paint_ms": statistics.median(paint),
        "floor_first_paint_ms": statistics.median(floor_paint),
        "first_control_ms": statistics.median(control),
        "init_ms": round(statistics.median(run["init"] for run in loads), 1),
        "first_paint_ms_runs": paint,
        "first_control_ms_runs": control,
        "external_requests": sorted({u for run in loads for u in run["external"]}
                                    | set(journey["external_requests"])
                                    | set(paced["external_requests"])),
        "commits": journey["commits"],
        "commit_calls": journey["commit_calls"],
        "terminate_calls": journey["terminate_calls"],
        "actions": journey["actions"],
        "target_met": journey["commits"] <= journey["actions"] + 1,
        "commit_log": journey["commit_log"],
        "page_errors": journey["errors"] + paced["errors"],
        "paced": {key: paced[key] for key in ("commits", "commit_calls", "terminate_calls",
                                              "actions", "commit_log")}
                 | {"think_seconds": think_seconds},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure the learner's cost of a built "
                                     "SCORM package in headless Chromium.")
    parser.add_argument("package", type=Path, help="a built zip")
    parser.add_argument("--standard", choices=sorted(COMMIT), required=True)
    parser.add_argument("--runs", type=int, default=5, help="cold loads to time (default 5)")
    parser.add_argument("--think", type=float, default=THINK_SECONDS,
                        help="seconds a learner pauses after each step, in the paced journey")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.package, args.standard, args.runs, args.think), indent=2))


if __name__ == "__main__":
    main()


def section(runs: int) -> Any:
    """The learner's cost of the seed's SCORM packages, as a benchmark report."""
    from benchmarks.common import LMSPACK, SEED, Section
    from benchmarks.common import run as run_process

    report = Section(
        "The learner's cost",
        "The seed's packages in headless Chromium, served from 127.0.0.1 without "
        "compression inside the test LMS's frame (scorm-again), as `benchmarks/learner.py` "
        "defines each figure: *first page* is the launch page and what Chromium marks "
        "render-blocking (the stylesheet; the scripts are deferred); *to interactive* "
        "is everything asked for before the page has loaded; times are medians of "
        f"{runs} cold loads, from the frame's navigation start; *commits* are the "
        "requests to the LMS server in one full completion (Commit or LMSCommit calls, "
        "and the final LMSFinish or Terminate), against the learner's meaningful "
        "actions (the watched box, each reflection, the rating, submitting the check, "
        "Finish). The floor is a page of one paragraph, loaded the same way in the "
        "same run: what Chromium here takes to show anything at all.",
        ["package", "first page", "gzipped", "to interactive", "gzipped ",
         "first paint", "floor's first paint", "first control", "commits / actions",
         "at a person's pace"])
    with tempfile.TemporaryDirectory(prefix="bench-learner-") as out:
        run_process([*LMSPACK, "build", str(SEED), "-o", out, "-s", "scorm12", "-s",
                     "scorm2004"])
        for standard in ("scorm12", "scorm2004"):
            got = measure(next(Path(out).glob(f"*-{standard}.zip")), standard, runs)
            report.rows.append([
                standard, f"{got['first_page_bytes'] / 1000:.1f} kB",
                f"{got['first_page_bytes_gzip'] / 1000:.1f} kB",
                f"{got['interactive_bytes'] / 1000:.1f} kB",
                f"{got['interactive_bytes_gzip'] / 1000:.1f} kB",
                f"{got['first_paint_ms']:.0f} ms", f"{got['floor_first_paint_ms']:.0f} ms",
                f"{got['first_control_ms']:.0f} ms",
                f"{got['commits']} / {got['actions']}",
                f"{got['paced']['commits']} / {got['paced']['actions']}"])
            report.facts[standard] = got
    got = report.facts["scorm12"]
    report.notes += [
        "First page files: " + ", ".join(f"{p} ({b:,} B)" for p, b in got["first_page_files"])
        + "; then " + ", ".join(f"{p} ({b:,} B)" for p, b in got["interactive_files"]
                                if (p, b) not in got["first_page_files"]) + ".",
        "SCORM 1.2 calls in one completion: " + ", ".join(got["commit_log"]) + ".",
        f"At a person's pace: {got['paced']['think_seconds']:.0f} s of thought after each "
        "step (Playwright's clock), so that the player's timers fire.",
    ]
    return report
