"""lmspack preview in headless Chromium: the module runs in the preview LMS page, every
run-time call is logged with its return value and error code, the data model is shown,
relaunch resumes, reset starts again, and a changed course file is rebuilt."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.e2e.learner import REFLECTIONS, Learner


class Server:
    def __init__(self, course: Path, standard: str, env: dict[str, str] | None = None):
        self.course = course
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lmspack", "preview", str(course), "-s", standard,
             "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            env=env)
        self.lines: list[str] = []
        while True:
            line = self.proc.stderr.readline()
            assert line, "preview stopped: " + "".join(self.lines)
            self.lines.append(line)
            if m := re.search(r"at (http://127\.0\.0\.1:\d+/) \(Ctrl-C", line):
                self.url = m.group(1)
                break

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def preview(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    course = tmp_path / SEED.name
    shutil.copytree(SEED, course)
    server = Server(course, getattr(request, "param", "scorm12"))
    yield server
    server.stop()


def log(page) -> list[dict]:  # noqa: ANN001
    return page.evaluate("window.lmspackLog")


def model(page) -> dict[str, str]:  # noqa: ANN001
    rows = page.locator("#model tr")
    return {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1)
            .inner_text() for i in range(rows.count())}


def wait_for_call(page, text: str, after: int = 0) -> None:  # noqa: ANN001
    page.wait_for_function(
        "([t, n]) => window.lmspackLog.slice(n).some(r => r.call && r.call.startsWith(t))",
        arg=[text, after], timeout=10_000)


@pytest.mark.parametrize("preview", ["scorm12"], indirect=True)
def test_preview_logs_calls_shows_the_model_and_resumes(browser, preview: Server) -> None:  # noqa: ANN001
    page = browser.new_page()
    page.goto(preview.url)
    wait_for_call(page, "LMSInitialize")
    learner = Learner(page.frame_locator("#sco"))
    learner.watch()
    learner.reflect({REFLECTIONS[0]: "Preview reflection"})
    learner.go("check")
    wait_for_call(page, 'LMSSetValue("cmi.core.lesson_location"')

    calls = [r for r in log(page) if "call" in r]
    first = calls[0]
    assert first == {"n": 1, "call": 'LMSInitialize("")', "returned": '"true"', "error": "0"}
    assert {"n": 2, "call": 'LMSGetValue("cmi.core.lesson_mode")', "returned": '"normal"',
            "error": "0"} in calls
    assert any(c["call"] == 'LMSGetValue("cmi.core.entry")' and c["returned"] == '"ab-initio"'
               for c in calls)
    # The page shows the same rows.
    rows = page.locator("#log tr:not(.note)")
    assert rows.nth(0).inner_text().split("\t")[:3] == ["1", 'LMSInitialize("")', '"true"']
    shown = model(page)
    assert shown["cmi.core.lesson_status"] == "incomplete"
    assert shown["cmi.core.lesson_location"] == "check"
    assert "Preview reflection" in shown["cmi.suspend_data"]

    # A call the run-time refuses is logged with its error code.
    page.frame_locator("#sco").locator("body").evaluate(
        "() => window.parent.API.LMSSetValue('cmi.core.student_name', 'x')")
    last = [r for r in log(page) if "call" in r][-1]
    assert last["returned"] == '"false"' and last["error"] == "403"
    assert page.locator("#log tr.failed").last.inner_text().endswith(
        "403 Element is read only")

    before = len(log(page))
    page.click("#relaunch")
    wait_for_call(page, 'LMSInitialize("")', before)
    wait_for_call(page, 'LMSGetValue("cmi.suspend_data")', before)
    after = [r for r in log(page)[before:] if "call" in r]
    names = [r["call"] for r in after]
    # The page closing finished the session before the new launch initialised one.
    assert names.index('LMSFinish("")') < names.index('LMSInitialize("")')
    entry = next(r for r in after if r["call"] == 'LMSGetValue("cmi.core.entry")')
    assert entry["returned"] == '"resume"'
    frame = page.frame_locator("#sco")
    frame.locator("#check-heading").wait_for(state="visible")  # back where the learner was
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(Path(__file__).parent.parent / "artifacts" / "preview-scorm12.png"))
    assert frame.locator(f"#reflection-{REFLECTIONS[0]}").input_value() == "Preview reflection"

    before = len(log(page))
    page.click("#reset")
    wait_for_call(page, 'LMSGetValue("cmi.core.entry")', before)
    entry = next(r for r in log(page)[before:] if r.get("call") == 'LMSGetValue("cmi.core.entry")')
    assert entry["returned"] == '"ab-initio"'
    assert model(page)["cmi.core.lesson_status"] in ("not attempted", "incomplete")
    assert "cmi.suspend_data" not in model(page) or "Preview reflection" not in model(
        page)["cmi.suspend_data"]
    page.close()


@pytest.mark.parametrize("preview", ["scorm2004"], indirect=True)
def test_preview_rebuilds_when_a_course_file_changes(browser, preview: Server) -> None:  # noqa: ANN001
    page = browser.new_page()
    page.goto(preview.url)
    wait_for_call(page, 'Initialize("")')
    assert page.locator("#standard").inner_text() == "SCORM 2004 4th Edition"
    course = preview.course / "course.yml"
    text = course.read_text()
    time.sleep(0.05)
    course.write_text(text.replace("title: Advancing race equality by building a culture of "
                                   "accountability", "title: A retitled module", 1))
    frame = page.frame_locator("#sco")
    frame.locator("h1", has_text="A retitled module").wait_for(timeout=15_000)
    assert any("rebuilt at" in r.get("note", "") for r in log(page))
    assert "index.html changed" not in "".join(preview.lines)

    # A broken file keeps the last good build and says why on the page.
    course.write_text(text.replace("pass_mark: 80", "pass_mark: 180"))
    problems = page.locator("#problems")
    problems.wait_for(state="visible", timeout=15_000)
    assert "completion.pass_mark: must be between 0 and 100, got 180" in problems.inner_text()
    assert frame.locator("h1", has_text="A retitled module").is_visible()
    page.close()


@pytest.mark.parametrize("preview", ["imscp"], indirect=True)
def test_preview_of_a_package_without_a_run_time(browser, preview: Server) -> None:  # noqa: ANN001
    page = browser.new_page()
    page.goto(preview.url)
    page.frame_locator("#sco").locator("#overview-heading").wait_for()
    assert page.locator("#standard").inner_text() == (
        "IMS Content Packaging 1.1.4: no run-time, nothing is tracked")
    assert page.evaluate("typeof window.API + typeof window.API_1484_11") == "undefinedundefined"
    assert [r for r in log(page) if "call" in r] == []
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(Path(__file__).parent.parent / "artifacts" / "preview-imscp.png"))
    page.close()


def _get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_preview_answers_only_its_own_host(preview: Server) -> None:
    """A page on another site that points its name at 127.0.0.1 (DNS rebinding) sends
    its own Host header: it is refused, so it cannot read the draft course."""
    port = preview.url.rsplit(":", 1)[1].rstrip("/")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, body = _get(preview.url + "__lmspack/state", host)
        assert status == 200 and b'"course"' in body, host
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{int(port) + 1}",
                 f"localhost.evil.example:{port}"):
        for path in ("", "__lmspack/state", "sco/index.html"):
            status, body = _get(preview.url + path, host)
            assert status == 421 and b"answers only requests for" in body, (host, path)
            assert b"accountability" not in body


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_preview_stopped_by_a_signal_removes_its_folder(how: signal.Signals, tmp_path: Path
                                                        ) -> None:
    course = tmp_path / SEED.name
    shutil.copytree(SEED, course)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    server = Server(course, "scorm12", env={**os.environ, "TMPDIR": str(tmp)})
    assert [p.name for p in tmp.iterdir()][0].startswith("lmspack-preview-")
    server.proc.send_signal(how)
    assert server.proc.wait(10) == 0
    assert "Traceback" not in server.proc.stderr.read()
    assert list(tmp.iterdir()) == []
