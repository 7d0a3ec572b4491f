"""At the terminal: colour only on a terminal and never with NO_COLOR, a progress bar
only where someone watches, and `build --json` for scripts."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED

ESC = "\x1b["


def run(cwd: Path, args: list[str], *, tty: bool, **env: str) -> tuple[int, str]:
    """Run lmspack as a separate process, its stderr a pseudo-terminal when `tty`."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "TERM")}
    environ |= {"TERM": "xterm-256color", "COLUMNS": "100", **env}
    command = [sys.executable, "-m", "lmspack", *args]
    if not tty:
        done = subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(command, cwd=cwd, env=environ, stdout=subprocess.DEVNULL,
                            stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return proc.wait(), b"".join(chunks).decode()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    course = tmp_path / "course" / SEED.name
    shutil.copytree(SEED, course)
    path = course / "course.yml"
    path.write_text(path.read_text().replace("pass_mark: 80", "pass_mark: 120"))
    return tmp_path


def test_errors_are_coloured_on_a_terminal(broken: Path) -> None:
    code, err = run(broken, ["build", "-o", "out"], tty=True)
    assert code == 1
    assert ESC in err
    line = next(ln for ln in err.splitlines() if "pass_mark" in ln)
    assert "\x1b[1m" in line and "\x1b[31m" in line  # the place in bold, the message in red


def test_warnings_are_coloured_on_a_terminal(tmp_path: Path) -> None:
    shutil.copytree(SEED, tmp_path / "course" / SEED.name)
    code, err = run(tmp_path, ["build", "-o", "out", "-s", "imscp"], tty=True)
    assert code == 0
    assert "\x1b[33m\x1b[1mwarning: \x1b[0mrecording: has neither captions" in err


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "dumb"])
def test_no_colour_when_asked_not_to(broken: Path, env: dict[str, str]) -> None:
    code, err = run(broken, ["build", "-o", "out"], tty=True, **env)
    assert code == 1 and "pass_mark: must be between 0 and 100, got 120" in err
    assert ESC not in err


def test_no_colour_when_not_a_terminal(broken: Path) -> None:
    code, err = run(broken, ["build", "-o", "out"], tty=False)
    assert code == 1 and ESC not in err
    assert err.splitlines()[-2] == ("course/race-equality-accountability/course.yml:62: "
                                    "completion.pass_mark: must be between 0 and 100, got 120")


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """Three courses: the seed and two copies with their own ids."""
    for i in range(3):
        course = tmp_path / "course" / f"c{i}"
        shutil.copytree(SEED, course)
        path = course / "course.yml"
        path.write_text(path.read_text().replace("id: race-equality-accountability",
                                                 f"id: c{i}"))
    return tmp_path


def test_progress_bar_on_a_terminal(catalogue: Path) -> None:
    code, err = run(catalogue, ["build", "-o", "out"], tty=True)
    assert code == 0
    assert "Building" in err and "9/9" in err
    assert len(list((catalogue / "out").glob("*.zip"))) == 9


@pytest.mark.parametrize(("tty", "env"), [(True, {"CI": "true"}), (False, {})],
                         ids=["CI", "not-a-terminal"])
def test_no_progress_bar_in_ci_or_a_log(catalogue: Path, tty: bool, env: dict) -> None:
    code, err = run(catalogue, ["build", "-o", "out"], tty=tty, **env)
    assert code == 0 and "Building" not in err


def test_build_json_summary(catalogue: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "lmspack", "build", "--json", "-o", "out",
                           "-s", "scorm12", "course/c0", "course/c1"], cwd=catalogue,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    report = json.loads(done.stdout)
    assert report["ok"] is True and report["errors"] == []
    assert [(p["course"], p["standard"], p["path"]) for p in report["packages"]] == [
        ("c0", "scorm12", "out/c0-1.0.0-scorm12.zip"),
        ("c1", "scorm12", "out/c1-1.0.0-scorm12.zip")]
    for p in report["packages"]:
        assert (catalogue / p["path"]).stat().st_size == p["bytes"]
    assert [w["code"] for w in report["warnings"]] == ["A101", "A101"]


def test_build_json_failure(broken: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "lmspack", "build", "--json", "-o", "out"],
                          cwd=broken, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr == ""
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["packages"] == []
    assert report["errors"] == [{
        "file": "course/race-equality-accountability/course.yml", "line": 62,
        "field": "completion.pass_mark", "message": "must be between 0 and 100, got 120",
        "severity": "error"}]
    assert not (broken / "out").exists()
