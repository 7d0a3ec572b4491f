"""A standard from outside lmspack, registered through the real entry-point mechanism:
a module and a dist-info folder of its own on PYTHONPATH, no edit to lmspack. It renders
two files of its own, ships the player with no run-time, is built by `--standard` and
`all`, recognised by `validate`, and its own checks run."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from lmspack import standards
from tests.conftest import ROOT, SEED

DEMO = '''
"""A demonstration standard: demo.xml lists the package's files, demo-info.txt names
the course."""

from xml.sax.saxutils import quoteattr

from lmspack.standards.base import Standard


class Demo(Standard):
    name = "demo"
    label = "Demo Packaging 1.0"
    manifest = "demo.xml"
    package_kind = "demo package"

    def keeps(self, course):
        return ["nothing at all: a demonstration"]

    def page_csp(self, course):
        return {"connect-src": "https://lrs.example.org"}

    def render(self, course, content):
        files = "".join(f"  <file href={quoteattr(n)}/>\\n" for n in content)
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\\n<demo launch={quoteattr(self.launch)}>'
               f"\\n{files}</demo>\\n")
        return {"demo.xml": xml.encode(), "demo-info.txt": f"{course.title}\\n".encode()}

    def recognise(self, document):
        return 1 if document.tag == "demo" else None

    def check(self, document, contents, report):
        for f in document.iter("file"):
            if f.get("href") not in contents.names:
                report.add("error", "demo-file-missing", f"{f.get('href')} is listed but "
                           "not in the package", "demo.xml", f.sourceline)
        if "demo-info.txt" not in contents.names:
            report.add("error", "demo-info-missing", "there is no demo-info.txt")
        return self.facts(contents)
'''


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder holding the demo standard as an installed distribution would."""
    site = tmp_path / "site"
    (site / "lmspack_demo-0.1.dist-info").mkdir(parents=True)
    (site / "lmspack_demo.py").write_text(DEMO)
    (site / "lmspack_demo-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: lmspack-demo\nVersion: 0.1\n")
    (site / "lmspack_demo-0.1.dist-info" / "entry_points.txt").write_text(
        "[lmspack.standards]\ndemo = lmspack_demo:Demo\n")
    return site


def lmspack(site: Path, *args: str, cwd: Path, cache: str = "") -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env = {**os.environ, "PYTHONPATH": path, "LMSPACK_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-m", "lmspack", *args], capture_output=True,
                          text=True, cwd=cwd, env=env)


def test_an_outside_standard_builds_validates_and_runs_its_own_checks(
        site: Path, tmp_path: Path) -> None:
    help_text = lmspack(site, "build", "--help", cwd=tmp_path).stdout
    assert "scorm12|scorm2004|imscp|demo|all" in help_text

    built = lmspack(site, "build", str(SEED), "-o", "out", "--standard", "demo", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    package = tmp_path / "out" / f"{SEED.name}-1.0.0-demo.zip"
    assert f"out/{package.name}" in built.stdout and "Demo Packaging 1.0" in built.stdout
    assert "keeps nothing at all: a demonstration" in built.stdout
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
        page = zf.read("index.html").decode()
        script = zf.read("player/player.js")
        listed = zf.read("demo.xml").decode()
        assert zf.read("demo-info.txt").decode().startswith("Advancing race equality")
    assert {"demo.xml", "demo-info.txt", "index.html", "accessibility.html",
            "player/player.js", "player/player.css"} <= names
    assert not any(n.endswith(".xsd") for n in names)
    assert b"/* lmspack player: lms-none.js */" in script and b"lms-scorm" not in script
    assert '<file href="index.html"/>' in listed and "imsmanifest.xml" not in names
    assert "connect-src https://lrs.example.org" in page  # its page_csp

    checked = lmspack(site, "validate", str(package), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[0] == (
        f"{package}: Demo Packaging 1.0, checked for any standards-compliant LMS")

    broken = tmp_path / "broken.zip"  # the same package without player/player.js
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            if item.filename != "player/player.js":
                out.writestr(item, src.read(item))
    refused = lmspack(site, "validate", str(broken), cwd=tmp_path)
    assert refused.returncode == 1
    assert "error: demo-file-missing: player/player.js is listed but not in the package" in (
        refused.stdout)

    hub = lmspack(site, "validate", "--platform", "learning-hub", str(package), cwd=tmp_path)
    assert hub.returncode == 1
    assert "NHS Learning Hub does not take Demo Packaging 1.0; it takes SCORM 1.2" in hub.stdout


def test_all_includes_an_outside_standard_and_the_cache_keeps_it(
        site: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    runs = [lmspack(site, "build", str(SEED), "-o", out, cwd=tmp_path, cache=cache)
            for out in ("one", "two")]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    one = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert [n.rsplit("-", 1)[1] for n in one] == ["demo.zip", "imscp.zip", "scorm12.zip",
                                                  "scorm2004.zip"]
    for name in one:  # the second build, from the cache, gives the same bytes
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    # An edit to the outside standard is a new cache key: its files are made again.
    edited = DEMO.replace('f"{course.title}', 'f"Title: {course.title}')
    assert edited != DEMO
    (site / "lmspack_demo.py").write_text(edited)
    again = lmspack(site, "build", str(SEED), "-o", "three", "-s", "demo", cwd=tmp_path,
                    cache=cache)
    assert again.returncode == 0, again.stderr
    with zipfile.ZipFile(tmp_path / "three" / one[0]) as zf:
        assert zf.read("demo-info.txt").startswith(b"Title: ")


def test_a_standard_that_cannot_be_loaded_is_named(site: Path, tmp_path: Path) -> None:
    (site / "lmspack_demo.py").write_text("raise ImportError('a missing library')\n")
    result = lmspack(site, "build", str(SEED), "-o", "out", "-s", "demo", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ("the standard 'demo' (lmspack_demo:Demo) cannot be loaded: ImportError: a missing "
            "library") in result.stderr


def test_the_built_in_standards_are_declared_in_pyproject_in_their_order() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "entry-points"][standards.GROUP]
    assert list(declared.items()) == list(standards.BUILT_IN)
    assert standards.names()[:3] == ["scorm12", "scorm2004", "imscp"]


def test_entry_points_are_read_as_importlib_metadata_reads_them(site: Path,
                                                                monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.syspath_prepend(str(site))
    ours = sorted((e.name, e.value) for e in standards.declared())
    theirs = sorted((e.name, e.value)
                    for e in importlib.metadata.entry_points(group=standards.GROUP))
    assert ours == theirs and ("demo", "lmspack_demo:Demo") in ours


def test_a_platform_names_a_standard_that_is_not_installed() -> None:
    assert standards.taken_as("cmi5") == "cmi5"
    assert standards.taken_as("imscp") == "IMS content packages"


def test_a_standard_widens_the_page_policy_only_where_it_asks() -> None:
    from lmspack.render.player import page_policy

    plain = page_policy("'none'")
    assert plain == ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
                     "data:; media-src 'self'; frame-src 'none'; base-uri 'none'; "
                     "form-action 'none'")
    assert page_policy("'none'", {}) == plain
    assert page_policy("'none'", {"frame-src": "https://a.example",
                                  "connect-src": "'self'"}) == plain.replace(
        "frame-src 'none'", "frame-src https://a.example") + "; connect-src 'self'"


def test_a_source_tree_that_is_not_installed_still_has_the_built_in_standards(
        monkeypatch: pytest.MonkeyPatch) -> None:
    outside = standards.Entry("demo", "lmspack_demo:Demo", "lmspack_demo")
    monkeypatch.setattr(standards, "declared", lambda: [outside])
    standards._entry_points.cache_clear()
    try:
        assert standards.names() == ["scorm12", "scorm2004", "imscp", "demo"]
    finally:
        monkeypatch.undo()
        standards._entry_points.cache_clear()
