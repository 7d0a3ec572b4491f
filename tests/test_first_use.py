"""A newcomer's first commands: the README's set-up command, taken literally, works in a
fresh clone and builds dist/ exactly as committed; .ci/setup.sh says what a machine
lacks before it starts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def readme_first_command() -> str:
    """The first command of the README's first shell block (comments skipped)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no ```sh block"
    return next(line for line in block.group(1).splitlines()
                if line.strip() and not line.lstrip().startswith("#"))


def test_the_readme_starts_with_one_line_that_does_not_need_pip_outside_a_venv() -> None:
    command = readme_first_command()
    assert "build" in command
    # PEP 668: Debian 12 and Ubuntu refuse `python3 -m pip install` outside a venv.
    assert not re.search(r"python3 -m pip install", command), command


def _clone(tmp_path: Path) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout")
    clone = tmp_path / "lmspack"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    return clone


def test_the_readme_set_up_command_builds_dist_as_committed(tmp_path: Path) -> None:
    """As a newcomer would: a fresh clone, the command pasted into a shell. The built
    dist/ must be what the clone has committed, byte for byte, and nothing else."""
    clone = _clone(tmp_path)
    committed = {p.relative_to(clone): p.read_bytes() for p in (clone / "dist").rglob("*")
                 if p.is_file()}
    assert committed
    shutil.rmtree(clone / "dist")
    env = {k: v for k, v in os.environ.items()
           if k not in ("SOURCE_DATE_EPOCH", "VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(ROOT)))  # not our own .venv
    result = subprocess.run(["bash", "-c", readme_first_command()], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    built = {p.relative_to(clone): p.read_bytes() for p in (clone / "dist").rglob("*")
             if p.is_file()}
    assert sorted(built) == sorted(committed)
    for name, data in built.items():
        assert data == committed[name], f"{name} differs from the committed one"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True,
                            text=True, check=True).stdout
    assert status == "", status  # .venv is ignored; nothing else appeared


def _bare_path(tmp_path: Path, python: str | None) -> str:
    """A PATH holding only what .ci/setup.sh needs to start, and a python3 script."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "id"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    if python is not None:
        (bin_dir / "python3").write_text(f"#!{shutil.which('bash')}\n{python}\n")
        (bin_dir / "python3").chmod(0o755)
    return str(bin_dir)


@pytest.mark.parametrize("python, says", [
    (None, "Python 3.11 or later (python3)"),
    ('[ "$1" = -c ] && case "$2" in *version_info*) exit 1;; *) echo 3.9.2;; esac',
     "Python 3.11 or later (python3 is 3.9.2)"),
    ('case "$2" in *ensurepip*) exit 1;; *) exit 0;; esac',
     "Python's venv module (on Debian or Ubuntu: apt install python3-venv)"),
])
def test_setup_says_what_is_missing_before_it_starts(tmp_path: Path, python: str | None,
                                                     says: str) -> None:
    result = subprocess.run([shutil.which("bash"), str(ROOT / ".ci" / "setup.sh")],
                            env={"PATH": _bare_path(tmp_path, python)}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""  # nothing was started
    lines = result.stderr.splitlines()
    assert lines[0] == ".ci/setup.sh: cannot set up; this machine lacks:"
    assert f"  - {says}" in lines
    assert "  - Node.js (node; on Debian or Ubuntu: apt install nodejs)" in lines
    assert "  - npm (on Debian or Ubuntu: apt install npm)" in lines
