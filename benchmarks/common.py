"""What every benchmark shares: whole-process timing with peak memory, and the table
each one reports."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "course" / "race-equality-accountability"
PYTHON = sys.executable
LMSPACK = [PYTHON, "-m", "lmspack"]


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float  # the process's own peak resident memory
    stdout: str
    stderr: str


def run(cmd: Sequence[str], cwd: Path = ROOT, env: dict[str, str] | None = None,
        check: bool = True) -> Run:
    """Run a whole process; its wall time and, from wait4, its peak resident memory."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, so Popen never waits
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if check and code != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {code}:\n{stderr[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr)


def timed(cmd: Sequence[str], runs: int, **kwargs: object) -> list[Run]:
    return [run(cmd, **kwargs) for _ in range(runs)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass
class Section:
    """One benchmark's report: a short account, a table, and what to read from it."""

    title: str
    intro: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)  # for the smoke test

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", self.intro, "",
                 "| " + " | ".join(self.headers) + " |",
                 "|" + "|".join("---" for _ in self.headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.notes:
            lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"
