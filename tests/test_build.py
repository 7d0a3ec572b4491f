"""lmspack build: the command, the zip, the manifest, and reproducibility."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from lmspack import __version__
from lmspack.cli import cli
from tests.conftest import ROOT, SEED
from tests.helpers import (
    ADLCP12,
    CP12,
    IMSMD,
    error_lines,
    imsmd_children,
    local_headers,
    scorm12_schema_from,
)

PACKAGE = "race-equality-accountability-1.0.0-scorm12.zip"
PACKAGES = {name: f"race-equality-accountability-1.0.0-{name}.zip"
            for name in ("scorm12", "scorm2004", "imscp")}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of course/, as an author's checkout would."""
    shutil.copytree(ROOT / "course", tmp_path / "course")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def test_build_with_no_argument_builds_every_standard_into_dist(project: Path) -> None:
    code, out, err = build()
    assert code == 0, err
    assert sorted(p.name for p in (project / "dist").iterdir()) == sorted(PACKAGES.values())
    lines = out.splitlines()
    heads = [line for line in lines if not line.startswith(" ")]
    labels = {"scorm12": "SCORM 1.2", "scorm2004": "SCORM 2004 4th Edition",
              "imscp": "IMS Content Packaging 1.1.4"}
    assert heads == [f"dist/{p}  {(project / 'dist' / p).stat().st_size / 1000:.1f} kB  "
                     f"{labels[name]}" for name, p in PACKAGES.items()]
    # Under each package, what its standard keeps of this course.
    kept = out.split(heads[1])[0] + "\n"
    assert ("keeps each answer as an interaction; a reflection there whole, on one line, "
            "where the LMS takes it") in kept
    assert "else cut at a word to 255 and marked with '…'" in kept
    assert "the full reflections (up to 1,158 characters each) in suspend data" in kept
    assert "keeps each reflection in full (up to 4,000 characters)" in out.split(heads[2])[0]
    assert "keeps nothing about the learner" in out.split(heads[2])[1]


@pytest.mark.parametrize(("args", "built"), [
    (["--standard", "scorm2004"], ["scorm2004"]),
    (["-s", "imscp", "-s", "scorm12"], ["imscp", "scorm12"]),
    (["--standard", "all"], ["scorm12", "scorm2004", "imscp"]),
])
def test_standard_option_picks_what_is_built(project: Path, args: list[str],
                                             built: list[str]) -> None:
    code, out, err = build(*args)
    assert code == 0, err
    assert sorted(p.name for p in (project / "dist").iterdir()) == sorted(
        PACKAGES[name] for name in built)


def test_output_folder_option(project: Path) -> None:
    code, _, err = build("course/race-equality-accountability", "-o", "elsewhere")
    assert code == 0, err
    assert (project / "elsewhere" / PACKAGE).is_file()


def test_version_help_and_usage_errors(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).stdout == f"lmspack, version {__version__}\n"
    for args in (["--help"], ["build", "--help"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "Usage:" in result.stdout
    assert runner.invoke(cli, ["build", "--bogus"]).exit_code == 2
    assert runner.invoke(cli, ["build", "no-such-folder"]).exit_code == 2
    assert runner.invoke(cli, ["build", "--standard", "cmi6"]).exit_code == 2
    shutil.rmtree(project / "course")
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 2
    assert "no COURSE_DIR given and there is no ./course folder here" in result.stderr


def test_python_dash_m_entry_point(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "lmspack", "--version"], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == f"lmspack, version {__version__}"


@pytest.fixture
def built(project: Path) -> Path:
    code, _, err = build()
    assert code == 0, err
    return project / "dist" / PACKAGE


@pytest.mark.parametrize("standard", PACKAGES)
def test_zip_layout_is_what_lmss_accept(built: Path, standard: str) -> None:
    built = built.parent / PACKAGES[standard]
    with zipfile.ZipFile(built) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert zf.testzip() is None
    assert names == sorted(names)
    assert "imsmanifest.xml" in names  # at the root, as Moodle requires
    assert not any(" " in n or "\\" in n or n.startswith("/") for n in names)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o644
        assert info.create_system == 3
    for name, flags, csize, crc in local_headers(built):
        # Bit 3 set means sizes follow the data in a descriptor: SCORM Cloud refuses those.
        assert not flags & 0x08, name
        info = next(i for i in infos if i.filename == name)
        assert (csize, crc) == (info.compress_size, info.CRC)


def test_manifest_is_valid_against_the_schemas_the_package_carries(built: Path,
                                                                   tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(built) as zf:
        zf.extractall(unpacked)
    for xsd in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd",
                "ims_xml.xsd"):
        shipped = (unpacked / xsd).read_bytes()
        assert shipped == (ROOT / "manifests" / "scorm12" / "schemas" / xsd).read_bytes()
    schema = scorm12_schema_from(unpacked)
    manifest = etree.parse(str(unpacked / "imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log
    ns = {"cp": CP12, "adlcp": ADLCP12, "md": IMSMD}
    resource = manifest.find(".//cp:resource", ns)
    assert resource.get(f"{{{ADLCP12}}}scormtype") == "sco"
    assert resource.get("href") == "index.html"
    files = {f.get("href") for f in resource.iterfind("cp:file", ns)}
    content = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert files == {n for n in content if not n.endswith(".xsd") and n != "imsmanifest.xml"}
    item = manifest.find(".//cp:item", ns)
    assert item.get("identifierref") == resource.get("identifier")
    assert manifest.find(".//cp:organizations", ns).get("default") == \
        manifest.find(".//cp:organization", ns).get("identifier")
    assert item.findtext("adlcp:masteryscore", namespaces=ns) == "80"
    assert manifest.findtext(".//cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"


def test_lom_follows_ims_md_schema(built: Path) -> None:
    with zipfile.ZipFile(built) as zf:
        manifest = etree.fromstring(zf.read("imsmanifest.xml"))
    allowed = imsmd_children(ROOT / "manifests" / "scorm12" / "schemas" / "imsmd_rootv1p2p1.xsd")
    lom = manifest.find(f".//{{{IMSMD}}}lom")
    for el in lom.iter(f"{{{IMSMD}}}*"):
        children = [etree.QName(c).localname for c in el if isinstance(c.tag, str)]
        order = allowed[etree.QName(el).localname]
        assert all(c in order for c in children), (etree.QName(el).localname, children)
        positions = [order.index(c) for c in children]
        assert positions == sorted(positions), f"{etree.QName(el).localname}: order {children}"
    ns = {"md": IMSMD}
    assert lom.findtext("md:general/md:title/md:langstring", namespaces=ns) == \
        "Advancing race equality by building a culture of accountability"
    assert lom.findtext("md:general/md:language", namespaces=ns) == "en-GB"
    assert [k.findtext("md:langstring", namespaces=ns)
            for k in lom.iterfind("md:general/md:keyword", ns)][:2] == ["race equality",
                                                                       "racial equity"]
    assert lom.findtext("md:general/md:description/md:langstring", namespaces=ns).startswith(
        "Find out how to build a culture of accountability")
    assert lom.findtext("md:educational/md:typicallearningtime/md:datetime",
                        namespaces=ns) == "PT1H50M"


def test_same_sources_give_identical_bytes(project: Path) -> None:
    assert build("-o", "a")[0] == 0
    assert build("-o", "b")[0] == 0
    for package in PACKAGES.values():
        assert (project / "a" / package).read_bytes() == (project / "b" / package).read_bytes()


def test_source_date_epoch_sets_every_timestamp(project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1707138000")  # 2024-02-05 13:00 UTC
    assert build("-o", "a")[0] == 0
    assert build("-o", "b")[0] == 0
    a = (project / "a" / PACKAGE).read_bytes()
    assert a == (project / "b" / PACKAGE).read_bytes()
    for package in PACKAGES.values():
        with zipfile.ZipFile(project / "a" / package) as zf:
            assert {i.date_time for i in zf.infolist()} == {(2024, 2, 5, 13, 0, 0)}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build("-o", "c")[0] == 0
    assert (project / "c" / PACKAGE).read_bytes() != a


def test_committed_dist_matches_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    """dist/ holds exactly the packages of course/, byte for byte: rebuild after any change."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(ROOT)
    code, _, err = build("-o", str(tmp_path))
    assert code == 0, err
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(p.name for p in (ROOT / "dist").iterdir()) == fresh
    for name in fresh:
        assert (ROOT / "dist" / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"dist/{name} is stale: run `lmspack build` and commit dist/")


def test_failed_build_leaves_dist_untouched(project: Path) -> None:
    assert build()[0] == 0
    before = (project / "dist" / PACKAGE).read_bytes()
    course = project / "course" / "race-equality-accountability" / "course.yml"
    course.write_text(course.read_text().replace("pass_mark: 80", "pass_mark: 800"))
    code, out, err = build()
    assert code == 1 and out == ""
    assert (project / "dist" / PACKAGE).read_bytes() == before
    # No temporary files left behind.
    assert sorted(p.name for p in (project / "dist").iterdir()) == sorted(PACKAGES.values())


def test_invalid_manifest_fails_the_build_with_the_schema_message(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack.standards.scorm12 import Scorm12

    real = Scorm12.render_manifest

    def broken(self, course, files):  # noqa: ANN001, ANN202
        return real(self, course, files).replace(b'scormtype="sco"', b'scormtype="SCO"')

    monkeypatch.setattr(Scorm12, "render_manifest", broken)
    code, _, err = build()
    assert code == 1
    first = error_lines(err)[0]
    assert first.startswith(f"dist/{PACKAGE}!imsmanifest.xml:")
    assert "[facet 'enumeration'] The value 'SCO' is not an element of the set" in first
    assert not (project / "dist").exists() or not any((project / "dist").iterdir())


def test_missing_href_fails_the_build(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack.standards.scorm12 import Scorm12

    real = Scorm12.render_manifest
    monkeypatch.setattr(Scorm12, "render_manifest",
                        lambda self, course, files: real(self, course, files + ["player/gone.js"]))
    code, _, err = build()
    assert code == 1
    assert "href 'player/gone.js' names a file that is not in the package" in err


def test_everything_rendered_is_escaped(project: Path) -> None:
    course = project / "course" / "race-equality-accountability"
    hostile = 'Race & "equality" <script>alert(1)</script>'
    text = (course / "course.yml").read_text()
    (course / "course.yml").write_text(text.replace(
        "title: Advancing race equality by building a culture of accountability",
        f"title: '{hostile}'"))
    quiz = (course / "quiz.yml").read_text()
    (course / "quiz.yml").write_text(quiz.replace("text: All leaders",
                                                  "text: '</script><b>All</b> leaders'"))
    (course / "description.md").write_text("<img src=x onerror=alert(1)>\n\nPlain *text*.\n")
    code, _, err = build()
    assert code == 0, err
    with zipfile.ZipFile(project / "dist" / PACKAGE) as zf:
        html = zf.read("index.html").decode()
        manifest = zf.read("imsmanifest.xml")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "</script><b>" not in html  # inside the course JSON too
    assert etree.fromstring(manifest).findtext(f".//{{{CP12}}}title") == hostile


def test_installed_wheel_builds_the_same_package(tmp_path: Path) -> None:
    """`pip install .` ships the templates, schemas and player as package data."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(wheels.glob("lmspack-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for needed in ("lmspack/manifests/scorm12/imsmanifest.xml.j2",
                   "lmspack/manifests/scorm12/schemas/imscp_rootv1p1p2.xsd",
                   "lmspack/manifests/scorm2004/schemas/common/anyElement.xsd",
                   "lmspack/manifests/imscp/imsmanifest.xml.j2",
                   "lmspack/player/static/lms-scorm2004.js",
                   "lmspack/player/templates/index.html.j2", "lmspack/player/static/app.js",
                   "lmspack/player/state.json"):
        assert needed in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # Dependencies come from the test environment through a .pth file: a folder added
    # that way has its own .pth files (the editable install of lmspack) ignored.
    inner = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(inner, "test-dependencies.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    # Run from outside the checkout, so nothing can be read from the repository.
    result = subprocess.run([py, "-c", "import lmspack, sys; print(lmspack.__file__)"],
                            cwd=tmp_path, capture_output=True, text=True, check=True, env=env)
    assert str(venv) in result.stdout
    subprocess.run([venv / "bin" / "lmspack", "build", str(SEED), "-o", str(tmp_path / "out")],
                   cwd=tmp_path, check=True, env=env, capture_output=True)
    for package in PACKAGES.values():
        assert (tmp_path / "out" / package).read_bytes() == (ROOT / "dist" / package).read_bytes()




def test_overview_carries_the_event_facts(built: Path) -> None:
    with zipfile.ZipFile(built) as zf:
        html = zf.read("index.html").decode()
    assert "5 February 2024, 13:00 to 14:30 GMT" in html
    assert "NHS Confederation, NHS Providers, Local Government Association (LGA)" in html
    assert html.count("<h1") == 1


def test_bad_source_date_epoch_is_a_clear_error(project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, _, err = build()
    assert code == 1
    assert error_lines(err)[0] == ("lmspack: SOURCE_DATE_EPOCH must be a whole number of "
                                   "seconds since 1970-01-01, not 'yesterday'")
    assert not (project / "dist").exists()


def test_a_failed_write_leaves_no_package_at_all(project: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Two courses: the second archive fails to write, so neither reaches dist/."""
    from lmspack.package.zipwriter import PackageWriter

    second = project / "course" / "second"
    shutil.copytree(project / "course" / "race-equality-accountability", second)
    text = (second / "course.yml").read_text()
    (second / "course.yml").write_text(text.replace("id: race-equality-accountability",
                                                    "id: second"))
    real, calls = PackageWriter._write_zip, []

    def flaky(self, tmp, stamp):  # noqa: ANN001, ANN202
        calls.append(tmp)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(tmp))
        return real(self, tmp, stamp)

    monkeypatch.setattr(PackageWriter, "_write_zip", flaky)
    code, _, err = build()
    assert code == 1 and "No space left on device" in err
    assert len(calls) == 2
    assert not (project / "dist").exists()  # nor the folder this build made for them
