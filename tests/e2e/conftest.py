"""Browser fixtures: Debian's Chromium through Playwright, scorm-again or our Moodle
profile (moodle-runtime.js) as the LMS.

The built package, the LMS page and the run-times are served from one
ThreadingHTTPServer on 127.0.0.1; every other request is refused and recorded. With the
Moodle profile the server also keeps what the run-time commits (its "datamodel.php"),
and a relaunch is seeded from that, as Moodle seeds it.
"""

from __future__ import annotations

import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEED, set_recording

HERE = Path(__file__).parent
SCORM_AGAIN = HERE / "node_modules" / "scorm-again" / "dist"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
# What the test LMS logs when a package starts and finishes, by run-time.
CALLS = {"scorm12": ("LMSInitialize", "LMSFinish"), "scorm2004": ("Initialize", "Terminate")}


def build_package(course: Path, out: Path, standard: str = "scorm12") -> Path:
    result = subprocess.run([sys.executable, "-m", "lmspack", "build", str(course), "-o",
                             str(out), "--standard", standard],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return next(out.glob(f"*-{standard}.zip"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    routes: dict[str, Path] = {}
    site: Site | None = None

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, folder in self.routes.items():
            if path.startswith(prefix):
                return str(folder / path[len(prefix):])
        return str(HERE / "missing")

    def send_head(self) -> Any:
        # Byte ranges, as LMS file servers (Moodle's pluginfile.php) answer them:
        # without them a browser cannot seek in a video.
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match.group(1))
        end = min(int(match.group(2) or size - 1), size - 1)
        if start > end:
            self.send_error(416)
            return None
        with path.open("rb") as f:
            f.seek(start)
            body = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        """The Moodle profile's datamodel.php: store each element sent, answer "true\n0"."""
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        if url.path != "/moodle/datamodel" or self.site is None:
            self.send_error(404)
            return
        pairs = urllib.parse.parse_qsl(body, keep_blank_values=True)
        self.site.record(query.get("standard", ""), query.get("session", ""),
                         "beacon" if query.get("api") == "beacon" else "xhr", pairs)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"true\n0")


class Site:
    """The test LMS: serves a package under /package/ beside lms.html."""

    def __init__(self, package_dir: Path):
        routes = {"/package/": package_dir, "/scorm-again/": SCORM_AGAIN,
                  "/lms.html": HERE / "lms.html",
                  "/moodle-runtime.js": HERE / "moodle-runtime.js"}
        # What the Moodle profile stored, by standard (element -> value), and each
        # request that stored it: (standard, session, "xhr" or "beacon", pairs).
        self.tracks: dict[str, dict[str, str]] = {}
        self.requests: list[tuple[str, str, str, list[tuple[str, str]]]] = []
        self.lock = threading.Lock()
        manifest = package_dir / "imsmanifest.xml"
        mastery = re.search(r"<adlcp:masteryscore>([^<]*)<",
                            manifest.read_text(encoding="utf-8") if manifest.is_file() else "")
        self.mastery_score = mastery.group(1).strip() if mastery else None
        handler = type("Handler", (_Handler,), {"routes": routes, "site": self})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def record(self, standard: str, session: str, kind: str,
               pairs: list[tuple[str, str]]) -> None:
        with self.lock:
            self.tracks.setdefault(standard, {}).update(pairs)
            self.requests.append((standard, session, kind, pairs))

    def received(self, session: str, kind: str | None = None) -> int:
        with self.lock:
            return sum(1 for _, s, k, _ in self.requests
                       if s == session and kind in (None, k))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run the README's test command")
    if not SCORM_AGAIN.is_dir():
        pytest.fail("scorm-again is not installed: run the README's test command")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def seed_packages(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The seed course, or a variant of it with another recording (conftest.RECORDINGS),
    built and unpacked once per standard for the browser tests."""
    unpacked: dict[tuple[str, str | None], Path] = {}

    def get(standard: str, recording: str | None = None) -> Path:
        key = (standard, recording)
        if key not in unpacked:
            out = tmp_path_factory.mktemp(f"build-{standard}-{recording or 'seed'}")
            course = SEED
            if recording:
                course = set_recording(Path(shutil.copytree(SEED, out / "course")), recording)
            with zipfile.ZipFile(build_package(course, out, standard)) as zf:
                zf.extractall(out / "unpacked")  # our own package, just built
            unpacked[key] = out / "unpacked"
        return unpacked[key]

    return get


@pytest.fixture
def standard() -> str:
    """The package the test LMS serves; a test module overrides this fixture."""
    return "scorm12"


@pytest.fixture
def recording() -> str | None:
    """The seed course's own recording, or a variant a test module names."""
    return None


@pytest.fixture
def site(seed_packages: Any, standard: str, recording: str | None) -> Iterator[Site]:
    s = Site(seed_packages(standard, recording))
    yield s
    s.close()


class Session:
    """One browser page on the test LMS, with what it logged and tried to fetch."""

    def __init__(self, browser: Any, site: Site, seed: dict | None, path: str, name: str,
                 clock: bool = False, standard: str = "scorm12", hold: str | None = None,
                 profile: str = "scorm-again"):
        self.init_call, self.finish_call = CALLS.get(standard, ("", ""))
        self.site, self.standard, self.profile = site, standard, profile
        self.settled = False  # a closed page's last beacons have been waited for
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        if clock:
            self.context.clock.install()  # tests move time on with clock.fast_forward
        self.external: list[str] = []
        self.errors: list[str] = []
        self.name = name

        def guard(route: Any) -> None:
            if route.request.url.startswith(site.origin) or route.request.url.startswith(
                    ("about:", "data:")):
                route.continue_()
            else:
                self.external.append(route.request.url)
                route.abort()

        self.context.route("**/*", guard)
        if hold:  # requests to hold unanswered, as a slow or stalled network would
            self.context.route(hold, lambda route: None)
        self.page = self.context.new_page()
        self.watch(self.page)
        if seed is not None:
            self.page.add_init_script(f"window.__LMS_SEED__ = {json.dumps(seed)};")
        self.page.goto(site.origin + path)

    def started(self) -> None:
        """Wait until the package has initialised its LMS session."""
        self.page.wait_for_function(f"window.lmsLog.includes('{self.init_call}')")

    def closed(self) -> None:
        """Close the package's frame, as a learner closing the window, and wait for it
        to finish its LMS session."""
        self.lms("window.closeSco()")
        self.page.wait_for_function(f"window.lmsLog.includes('{self.finish_call}')")

    def launch_popup(self) -> Any:
        """Press the LMS page's launch button (path `...&popup`) and return the pop-up
        the package opens in, loaded and watched for errors."""
        with self.page.expect_popup() as info:
            self.page.click("#launch")
        popup = info.value
        self.watch(popup)
        popup.wait_for_load_state()
        return popup

    def watch(self, page: Any) -> None:
        """Collect the console errors of a page (the LMS, or a pop-up it opened)."""
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    @property
    def sco(self) -> Any:
        frame = self.page.frame_locator("#sco")
        return frame

    def lms(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def cmi(self) -> dict:
        """What the LMS holds: with the Moodle profile, what it stored (committed or sent
        by beacon), nested as scorm-again renders it ({"core": {...}, "interactions":
        {"0": {...}}}); with scorm-again, its data model in the page."""
        if self.profile == "moodle":
            return nest(self.stored())
        return self.page.evaluate("() => window.lmsApi.renderCMIToJSONObject().cmi")

    def stored(self) -> dict[str, str]:
        """Moodle profile: every element the test server has stored for this standard,
        once all that this page sent (by request or beacon) has arrived. A loaded
        machine (CI runs the whole suite on two cores) can take seconds to deliver a
        closed page's beacon: wait up to 20."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                sent = None if self.page.is_closed() else self.lms("window.lmsApi.sent")
            except Exception:  # closed while we asked  # noqa: BLE001
                sent = None
            if sent is not None and self.site.received(self.name) >= sent:
                break
            if sent is None:  # the page has gone: wait (once) for its beacon to land
                if not self.settled:
                    seen = self.site.received(self.name)
                    while (time.monotonic() < deadline
                           and self.site.received(self.name) == seen):
                        time.sleep(0.1)
                    time.sleep(0.2)
                    self.settled = True
                break
            time.sleep(0.05)
        with self.site.lock:
            return dict(self.site.tracks.get(self.standard, {}))

    def commits(self, kind: str | None = None) -> int:
        """Moodle profile: how many times this page's run-time stored data on the
        server (kind "xhr" for a request, "beacon" for navigator.sendBeacon)."""
        self.stored()
        return self.site.received(self.name, kind)

    def calls(self, name: str) -> int:
        return self.page.evaluate(f"() => window.lmsLog.filter(n => n === '{name}').length")

    def screenshot(self, label: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{label}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


def nest(flat: dict[str, str]) -> dict:
    """{"cmi.core.score.raw": "90"} -> {"core": {"score": {"raw": "90"}}}."""
    out: dict = {}
    for key, value in flat.items():
        parts = key.split(".")
        if parts[0] != "cmi":
            continue
        node = out
        for part in parts[1:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


@pytest.fixture
def profile() -> str:
    """The test LMS's run-time: "scorm-again", or "moodle" (moodle-runtime.js, as
    Moodle 4.5 behaves); the SCORM journeys override this fixture."""
    return "scorm-again"


@pytest.fixture
def standards_mode() -> bool:
    """With the Moodle profile: Moodle's "SCORM standards mode" (scorm/scormstandard)."""
    return False


@pytest.fixture
def open_lms(browser: Any, site: Site, standard: str, profile: str, standards_mode: bool,
             request: pytest.FixtureRequest) -> Iterator[Any]:
    sessions: list[Session] = []
    moodle = "&profile=moodle" + ("&standards=1" if standards_mode else "")

    def opener(seed: dict | None = None, path: str = f"/lms.html?standard={standard}",
               clock: bool = False, hold: str | None = None,
               tracks: dict[str, str] | None = None) -> Session:
        """Open the test LMS. With the Moodle profile the launch is seeded, as Moodle
        seeds it, from what the server stored so far in this test, or from `tracks`."""
        name = f"{request.node.name}-{len(sessions)}"
        if profile == "moodle":
            assert seed is None, "the Moodle profile is seeded with tracks=, as Moodle stores them"
            if path.startswith("/lms.html"):
                path += moodle
            with site.lock:
                stored = dict(site.tracks.get(standard, {}))
            seed = {"tracks": stored if tracks is None else tracks, "session": name,
                    "masteryScore": site.mastery_score}
        s = Session(browser, site, seed, path, name, clock, standard, hold, profile)
        sessions.append(s)
        return s

    yield opener
    for s in sessions:
        s.close()


