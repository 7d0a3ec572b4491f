"""Each benchmark, run small so that it cannot rot (`python -m benchmarks --quick`
does the same from the command line). Nothing here asserts a time or a size: only
what each benchmark checks besides its figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import catalogue, latency, media, peer, validate_scale
from tests.conftest import ROOT


def test_latency_floor_writes_lmspacks_own_bytes() -> None:
    section = latency.measure(1)
    assert section.facts["identical"] is True
    assert [row[0] for row in section.rows] == ["all three (the default)", "`-s scorm12`",
                                                "`-s scorm2004`", "`-s imscp`",
                                                "`lmspack --help`"]


def test_peer_packages_the_same_content_and_is_validated() -> None:
    section = peer.measure(1)
    assert [row[0] for row in section.rows] == ["scorm12", "scorm2004"]
    assert isinstance(section.facts["peer_valid"], bool)


def test_catalogue_parallel_build_matches_serial() -> None:
    section = catalogue.measure([3, 6], 2)
    assert section.facts["identical"] is True
    assert [row[:2] for row in section.rows] == [["3", "9"], ["6", "18"]]


def test_media_is_stored_as_it_is() -> None:
    section = media.measure([(8 * 2**20, False)])
    facts = next(iter(section.facts.values()))
    assert facts["stored"] and facts["crc_ok"] and not facts["zip64"]


def test_validate_reads_a_supplier_zip_without_extracting() -> None:
    section = validate_scale.measure(8 * 2**20)
    assert section.facts["written"] == 0
    assert section.facts["verdict"].startswith("valid")


@pytest.mark.browser  # benchmarks/learner.py drives Chromium
def test_learner_cost_first_page_and_commits() -> None:
    # In a process of its own: the browser tests' Playwright may be running in this one.
    code = ("import json; from benchmarks import learner; "
            "print(json.dumps(learner.section(1).facts))")
    facts = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout.splitlines()[-1])
    for standard in ("scorm12", "scorm2004"):
        got = facts[standard]
        # The scripts are deferred: the first page needs only the HTML and the CSS.
        assert [path for path, _ in got["first_page_files"]] == ["index.html",
                                                                 "player/player.css"]
        # No more requests to the LMS server than the learner's actions and one on exit.
        assert got["commits"] <= got["actions"] + 1, got["commit_log"]
        assert got["paced"]["commits"] <= got["paced"]["actions"] + 1
        assert got["external_requests"] == [] and got["page_errors"] == []


def test_the_command_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--only", "validate",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    text = out.read_text()
    assert text.startswith("# Performance\n") and "- Machine: " in text
    assert "## validate at scale" in text
