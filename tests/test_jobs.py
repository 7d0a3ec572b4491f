"""`lmspack build --jobs`: several processes, the same packages and messages as one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from lmspack import builder
from lmspack.cli import cli
from lmspack.errors import Diagnostic, PackageError


@pytest.fixture
def courses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return generate(tmp_path / "course", 6)


def run(courses: list[Path], out: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", *map(str, courses), "-o", out, *args])
    return result.exit_code, result.stdout, result.stderr


def test_two_processes_write_the_same_packages_and_report_as_one(courses: list[Path],
                                                                 tmp_path: Path) -> None:
    serial = run(courses, "one", "--jobs", "1")
    parallel = run(courses, "two", "--jobs", "2")
    assert serial[0] == parallel[0] == 0, serial[2] + parallel[2]
    assert parallel[1] == serial[1].replace("one/", "two/")
    assert parallel[2] == serial[2]
    one, two = sorted((tmp_path / "one").iterdir()), sorted((tmp_path / "two").iterdir())
    assert [p.name for p in one] == [p.name for p in two] and len(one) == 18
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two, strict=True))


def test_a_failure_in_a_worker_is_the_serial_one_and_nothing_is_written(
        courses: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = builder.check

    def failing(package: Path, standard, where: str) -> None:  # noqa: ANN001
        # The first failure in build order is course 3's IMS package; course 5's come later.
        if "0005" in where or ("0003" in where and standard.name == "imscp"):
            raise PackageError([Diagnostic(where, None, "zip", "refused")])
        real(package, standard, where)

    monkeypatch.setattr(builder, "check", failing)  # forked workers inherit it
    results = [run(courses, out, "--jobs", jobs) for out, jobs in (("one", "1"), ("two", "2"))]
    assert [code for code, _, _ in results] == [1, 1]
    assert results[1][2] == results[0][2].replace("one/", "two/")
    assert "benchmark-module-0003-" in results[0][2] and "0005" not in results[0][2]
    for out in ("one", "two"):  # neither packages nor temporary files are left
        assert not (tmp_path / out).exists() or list((tmp_path / out).iterdir()) == []


def test_processes_are_used_only_where_they_pay() -> None:
    cores = len(os.sched_getaffinity(0))
    assert builder.default_jobs(3) == 1
    assert builder.default_jobs(1500) == cores
