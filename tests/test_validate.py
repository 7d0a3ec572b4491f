"""lmspack validate: a small broken package for every rule, built here; the hand-written
packages of other authors in tests/fixtures/packages; and every package lmspack builds."""

from __future__ import annotations

import inspect
import io
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack.cli import cli
from lmspack.validate import reader
from lmspack.validate.package import validate_path
from lmspack.validate.platforms import LearningHub
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "packages"
HANDWRITTEN = sorted(p.name for p in FIXTURES.iterdir())

# A minimal valid SCORM 1.2 package; each case below breaks one thing in it.
MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" version="1"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Test</title>
      <item identifier="ITEM" identifierref="RES"><title>Lesson</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="js/app.js"/>
    </resource>
  </resources>
</manifest>
"""
FILES = {"imsmanifest.xml": MANIFEST_12, "index.html": "<!DOCTYPE html><title>x</title>",
         "js/app.js": "// app"}


def write_zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def package(tmp_path: Path, **changes: str | bytes | None) -> Path:
    """The minimal package as a zip, with files replaced (a value) or removed (None).
    Keyword names use '__' for '/' and '_dot_' for '.'."""
    files: dict[str, str | bytes] = dict(FILES)
    for key, value in changes.items():
        name = key.replace("__", "/").replace("_dot_", ".")
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value
    return write_zip(tmp_path / "package.zip", files)


def manifest(old: str, new: str) -> str:
    assert old in MANIFEST_12, old
    return MANIFEST_12.replace(old, new)


def findings(path: Path, platform: str = "generic") -> dict[str, list[tuple[str, str, int | None]]]:
    """rule -> [(severity, message, line)]."""
    out: dict[str, list] = {}
    for f in validate_path(path, platform).findings:
        out.setdefault(f.code, []).append((f.severity, f.message, f.line))
    return out


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    # Any exception but the exit itself would be a traceback for the user.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    return result.exit_code, result.stdout, result.stderr


def test_the_minimal_package_is_valid(tmp_path: Path) -> None:
    assert findings(package(tmp_path)) == {}


# (rule, severity, changes to the minimal package, words in the message, line or None)
CASES = [
    ("manifest-missing", "error", {"imsmanifest_dot_xml": None}, "there is no imsmanifest.xml",
     None),
    ("manifest-not-at-root", "error", {"imsmanifest_dot_xml": None,
                                       "course__imsmanifest_dot_xml": MANIFEST_12},
     "'course/imsmanifest.xml' is not at the root", None),
    ("manifest-case", "error", {"imsmanifest_dot_xml": None, "IMSManifest_dot_xml": MANIFEST_12},
     "the manifest is named 'IMSManifest.xml'", None),
    ("xml", "error", {"imsmanifest_dot_xml": MANIFEST_12.replace("</organizations>", "")},
     "not well-formed XML", 18),
    ("standard-unknown", "error", {"imsmanifest_dot_xml": "<?xml version='1.0'?>\n<course/>"},
     "not the manifest of SCORM 1.2, SCORM 2004 or IMS Content Packaging", 2),
    ("schemaversion", "warning", {"imsmanifest_dot_xml": manifest(
        "<schemaversion>1.2<", "<schemaversion>1.3<")}, "<schemaversion> is '1.3'", None),
    ("schema", "error", {"imsmanifest_dot_xml": manifest('scormtype="sco"', 'scormtype="SCO"')},
     "The value 'SCO' is not an element of the set {'asset', 'sco'}", 13),
    ("schema", "error", {"imsmanifest_dot_xml": manifest("<organizations", "<organisations")
                         .replace("</organizations>", "</organisations>")},
     "organisations': This element is not expected", 6),
    ("identifier-duplicate", "error", {"imsmanifest_dot_xml": manifest(
        'identifier="ITEM"', 'identifier="RES"')}, "identifier 'RES' is used twice", 13),
    ("identifierref-missing", "error", {"imsmanifest_dot_xml": manifest(
        'identifierref="RES"', 'identifierref="GONE"')}, "refers to missing resource 'GONE'", 9),
    ("default-organization-missing", "error", {"imsmanifest_dot_xml": manifest(
        'default="ORG"', 'default="NONE"')}, "default organization 'NONE' does not exist", 6),
    ("dependency-missing", "error", {"imsmanifest_dot_xml": manifest(
        '<file href="js/app.js"/>', '<file href="js/app.js"/><dependency identifierref="LIB"/>')},
     "dependency on missing resource 'LIB'", 15),
    ("launch-missing", "error", {"index_dot_html": None}, "href 'index.html' names a file that "
     "is not in the package", 13),
    ("launch-missing", "error", {"imsmanifest_dot_xml": manifest(' href="index.html">', '>')},
     "resource 'RES' is launched by item 'ITEM' but has no href", 13),
    ("file-missing", "error", {"js__app_dot_js": None}, "href 'js/app.js' names a file", 15),
    ("href-missing", "error", {"imsmanifest_dot_xml": manifest("</resources>", '<resource '
     'identifier="EXTRA" type="webcontent" adlcp:scormtype="asset" href="extra.html"/>'
     "</resources>")}, "href 'extra.html' names a file that is not in the package", 17),
    ("href-case", "error", {"imsmanifest_dot_xml": manifest('<file href="js/app.js"/>',
                                                            '<file href="JS/App.js"/>')},
     "the package holds 'js/app.js': LMS servers on Linux match case exactly", 15),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest('<file href="js/app.js"/>',
                                                              '<file href="../app.js"/>')},
     "climbs out of the package folder", 15),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest('<file href="js/app.js"/>',
                                                              '<file href="js\\app.js"/>')},
     "contains a backslash", 15),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest('<file href="js/app.js"/>',
                                                              '<file href="/js/app.js"/>')},
     "is an absolute path", 15),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        '<file href="js/app.js"/>', '<file href="https://example.org/app.js"/>')},
     "is a web address: a file element names a file in the package", 15),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        '<resource identifier="RES"', '<resource xml:base="../" identifier="RES"')},
     "(with xml:base '../') climbs out of the package folder", 13),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        '<resource identifier="RES"', '<resource xml:base="/etc/" identifier="RES"')},
     "(with xml:base '/etc/') is an absolute path", 13),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        'href="index.html">', 'href="file:///etc/passwd">')},
     "href 'file:///etc/passwd' is neither a path in the package nor an http(s) address", 13),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        'href="index.html">', 'href="javascript:alert(1)">')}, "is neither a path", 13),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        'href="index.html">', 'href="C:/course/index.html">')}, "is an absolute path", 13),
    ("path-unsafe", "error", {"imsmanifest_dot_xml": manifest(
        '<file href="js/app.js"/>', '<file href="http://[::1/app.js"/>')},
     "is neither a path in the package nor an http(s) address", 15),
    ("scormtype-missing", "error", {"imsmanifest_dot_xml": manifest(' adlcp:scormtype="sco"', "")},
     "has no adlcp:scormtype ('sco' or 'asset')", 13),
    ("schema-file-missing", "error", {"imsmanifest_dot_xml": manifest(
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001'
        '/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 '
        'imscp_rootv1p1p2.xsd"')}, "names 'imscp_rootv1p1p2.xsd', which is not in the package",
     4),  # libxml2 gives the line where the start tag ends
    ("file-unreferenced", "warning", {"old__draft_dot_html": "x", "notes_dot_txt": "x"},
     "2 files are in the package but in no resource: 'notes.txt', 'old/draft.html'", None),
    ("file-name", "warning", {"imsmanifest_dot_xml": manifest(
        '<file href="js/app.js"/>', '<file href="js/app.js"/><file href="my%20notes.html"/>'),
        "my notes_dot_html": "x"}, "'my notes.html': spaces and characters", None),
]


@pytest.mark.parametrize(("rule", "severity", "changes", "words", "line"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_is_found(tmp_path: Path, rule: str, severity: str, changes: dict,
                            words: str, line: int | None) -> None:
    found = findings(package(tmp_path, **changes))
    assert rule in found, found
    assert any(sev == severity and words in msg and (line is None or at == line)
               for sev, msg, at in found[rule]), found[rule]
    if severity == "warning":  # nothing else is wrong with the package
        assert all(s != "error" for items in found.values() for s, _, _ in items), found


def set_flag(path: Path, name: str, bit: int) -> None:
    """Set a general-purpose flag bit of one entry, in its local and central headers."""
    data = bytearray(path.read_bytes())
    raw = name.encode()
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (i := data.find(signature, start)) >= 0:
            if data[i + name_at:i + name_at + len(raw)] == raw:
                data[i + flag_at] |= bit
            start = i + 4
    path.write_bytes(bytes(data))


def test_zip_entries_that_escape_are_refused_and_never_read(tmp_path: Path) -> None:
    path = package(tmp_path, **{"..__evil_dot_sh": "x"})
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("/etc/cron_dot_d", "x")
        zf.writestr("C:/windows/x.dll", "x")
        zf.writestr("js\\other.js", "x")
    found = findings(path)
    messages = [m for _, m, _ in found["zip-unsafe-path"]]
    assert messages == [
        "entry '../evil.sh' climbs out of the package folder with '..'; it was not read",
        "entry '/etc/cron_dot_d' is an absolute path; it was not read",
        "entry 'C:/windows/x.dll' is an absolute path; it was not read",
        "entry 'js\\other.js' contains a backslash (a Windows path separator): Linux servers "
        "read it as part of the name; it was not read"]
    assert "file-unreferenced" not in found  # refused entries are not listed at all


def test_symlinks_are_refused(tmp_path: Path) -> None:
    path = package(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("js/link.js")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        zf.writestr(info, "/etc/passwd")
    assert findings(path)["zip-symlink"][0][0] == "error"
    folder = tmp_path / "folder"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    os.symlink("/etc", folder / "etc")
    os.symlink("/etc/passwd", folder / "js" / "passwd.js")
    found = findings(folder)
    assert sorted(m for _, m, _ in found["symlink"]) == [
        "'etc' is a symbolic link: packages must hold the files themselves; it was not followed",
        "'js/passwd.js' is a symbolic link: packages must hold the files themselves; it was "
        "not followed"]


def test_zip_bombs_are_refused_without_inflating(tmp_path: Path) -> None:
    path = package(tmp_path, **{"video_dot_bin": bytes(65 * 2**20)})  # 65 MiB of zeros
    found = findings(path)
    severity, message, _ = found["zip-bomb"][0]
    assert severity == "error" and message.startswith("entry 'video.bin' claims 68,157,440 bytes")


def test_a_package_of_small_bombs_is_refused_as_a_whole(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "TOTAL_RATIO_FLOOR", 2**20)
    files = {f"part{i}_dot_bin": bytes(2**19) for i in range(4)}  # 2 MiB of zeros in all
    found = findings(package(tmp_path, **files))
    assert len(found["zip-bomb"]) == 1 and "the entries claim" in found["zip-bomb"][0][1]
    assert "zip-corrupt" not in found


def test_a_compressible_page_is_not_a_bomb_and_a_refused_one_is_not_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A page of 10 MB of repetitive text, as a long description makes, is over 300:1.
    page = FILES["index.html"] + "<p>The same sentence again.</p>" * 330_000
    found = findings(package(tmp_path, **{"index_dot_html": page}))
    assert "zip-bomb" not in found, found
    monkeypatch.setattr(reader, "RATIO_FLOOR", 2**20)  # refused now: said once, never missing
    found = findings(package(tmp_path, **{"index_dot_html": page}))
    assert [m for _, m, _ in found["zip-bomb"]][0].startswith("entry 'index.html' claims")
    assert not {"launch-missing", "href-missing", "file-missing"} & set(found), found


def test_absurd_totals_and_entry_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_TOTAL_SIZE", 100)
    monkeypatch.setattr(reader, "MAX_ENTRIES", 2)
    found = findings(package(tmp_path))
    assert "lmspack reads at most 2" in found["zip-too-many-entries"][0][1]
    assert "more than the 100 lmspack accepts" in found["zip-too-large"][0][1]


def test_encrypted_and_duplicate_entries(tmp_path: Path) -> None:
    path = package(tmp_path)
    set_flag(path, "js/app.js", 0x1)
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as zf:
        zf.writestr("index.html", "second copy")
    found = findings(path)
    assert "entry 'js/app.js' is encrypted: no LMS can unpack it" in found["zip-encrypted"][0][1]
    assert "the zip holds 'index.html' twice" in found["zip-duplicate"][0][1]


def test_data_descriptors_are_a_warning(tmp_path: Path) -> None:
    class Stream(io.RawIOBase):  # no seek or tell: zipfile writes data descriptors
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b: bytes) -> int:
            self.buffer += b
            return len(b)

    stream = Stream()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in FILES.items():
            zf.writestr(name, data)
    path = tmp_path / "streamed.zip"
    path.write_bytes(bytes(stream.buffer))
    found = findings(path)
    assert list(found) == ["zip-data-descriptor"]
    assert found["zip-data-descriptor"][0][0] == "warning"
    assert "'imsmanifest.xml', 'index.html', 'js/app.js' store their sizes after the data" in \
        found["zip-data-descriptor"][0][1]


def test_a_manifest_larger_than_the_limit_is_not_read(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_READ", 100)
    found = findings(package(tmp_path))
    assert found == {"manifest-too-large": [
        ("error", "the manifest is larger than lmspack reads", None)]}


def test_a_corrupt_manifest_entry(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "p.zip", {**FILES, "imsmanifest.xml": MANIFEST_12 * 3})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("imsmanifest.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 20:start + 40] = bytes(20)  # damage the compressed bytes
    path.write_bytes(bytes(data))
    # validate reads every entry through (never to disk) and finds it so...
    code, out, _ = run(str(path))
    assert code == 1
    assert "imsmanifest.xml: error: zip-corrupt: entry 'imsmanifest.xml' cannot be unpacked" in out
    # ...and build's check, which does not re-read what it has just written, when it
    # reads the manifest.
    found = [(f.code, f.message) for f in validate_path(path, read_data=False).findings]
    assert found[0][0] == "unreadable-file"
    assert found[0][1].startswith("cannot read the manifest: ")


def test_xml_base_is_followed(tmp_path: Path) -> None:
    text = manifest('<resource identifier="RES"', '<resource xml:base="content/" '
                    'identifier="RES"')
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": text, "content/index.html": "x",
                                          "content/js/app.js": "x"})
    assert findings(path) == {}


@pytest.mark.parametrize(("version", "label"), [
    ("2004 3rd Edition", "SCORM 2004 4th Edition schemas (the manifest says '2004 3rd Edition')"),
    ("CAM 1.3", "SCORM 2004 4th Edition schemas (the manifest says 'CAM 1.3')"),
    ("2004 4th Edition", "SCORM 2004 4th Edition"),
])
def test_scorm2004_editions_are_recognised(tmp_path: Path, version: str, label: str) -> None:
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "handwritten-scorm2004", folder)
    text = (folder / "imsmanifest.xml").read_text()
    (folder / "imsmanifest.xml").write_text(text.replace("2004 4th Edition", version))
    report = validate_path(folder)
    assert (report.standard, report.label, report.findings) == ("scorm2004", label, [])


def test_metadata_is_optional_for_ims_cp_only(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "handwritten-imscp", folder)
    text = (folder / "imsmanifest.xml").read_text()
    start, end = text.index("<metadata>"), text.index("</metadata>") + len("</metadata>")
    (folder / "imsmanifest.xml").write_text(text[:start] + text[end:])
    assert validate_path(folder).findings == []
    found = findings(package(tmp_path, imsmanifest_dot_xml=manifest(
        "<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>", "")))
    assert found == {"schemaversion": [("warning", "there is no <metadata><schemaversion>, "
                                        "which SCORM 1.2 requires: checked as SCORM 1.2", None)]}


# Platform profiles: (platform, standard's fixture, rule, severity, words)
PLATFORM_CASES = [
    ("moodle-app", "handwritten-scorm2004", "platform-standard", "error",
     "the Moodle app does not take SCORM 2004; it takes SCORM 1.2"),
    ("learning-hub", "handwritten-imscp", "platform-standard", "error",
     "NHS Learning Hub does not take IMS content packages; it takes SCORM 1.2"),
    ("esr", "handwritten-imscp", "platform-standard", "error",
     "ESR's learning management does not take IMS content packages"),
    ("moodle", "handwritten-scorm2004", "moodle-multi-sco", "warning",
     "the package launches 2 SCOs"),
    ("moodle", "handwritten-imscp", "moodle-imscp", "note",
     "add this as an 'IMS content package' resource"),
    ("moodle", "handwritten-scorm12", "moodle-suspend-data", "note",
     "unless its 'scormstandard' setting is on"),
    ("moodle-app", "handwritten-scorm12", "moodle-app-zip", "note", "zip files only"),
    ("learning-hub", "handwritten-scorm12", "learning-hub-popup", "note", "pop-up window"),
    ("learning-hub", "handwritten-scorm12", "learning-hub-suspend-data", "note", "64,000"),
]


@pytest.mark.parametrize(("platform", "fixture", "rule", "severity", "words"), PLATFORM_CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in PLATFORM_CASES])
def test_platform_rules(platform: str, fixture: str, rule: str, severity: str,
                        words: str) -> None:
    found = findings(FIXTURES / fixture, platform)
    assert (severity, rule) in {(s, r) for r, items in found.items() for s, _, _ in items}, found
    assert any(words in m for _, m, _ in found[rule]), found[rule]


def test_learning_hub_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LearningHub, "max_size", 10)
    found = findings(package(tmp_path), "learning-hub")
    assert "Learning Hub takes uploads of up to 2 GB" in found["learning-hub-size"][0][1]
    assert findings(package(tmp_path), "generic") == {}


@pytest.mark.parametrize("fixture", HANDWRITTEN)
def test_other_authors_packages_are_valid_as_folders_and_zips(tmp_path: Path,
                                                              fixture: str) -> None:
    """Hand-written packages, not made by lmspack: it judges other authors' work too."""
    folder = FIXTURES / fixture
    assert findings(folder) == {}
    zipped = shutil.make_archive(str(tmp_path / fixture), "zip", folder)
    code, out, err = run(zipped)
    assert code == 0, out + err
    assert out.splitlines()[-1] == f"{zipped}: valid (0 errors, 0 warnings)"


def test_every_package_lmspack_builds_is_valid_everywhere_it_goes() -> None:
    for path in sorted((ROOT / "dist").glob("*.zip")):
        assert findings(path) == {}, path
        standard = path.stem.rsplit("-", 1)[1]
        for platform in ("moodle", "moodle-app", "learning-hub", "esr"):
            errors = {r for r, items in findings(path, platform).items()
                      for s, _, _ in items if s != "note"}
            takes = {"moodle": True, "moodle-app": standard == "scorm12",
                     "learning-hub": standard == "scorm12", "esr": standard != "imscp"}
            assert errors == (set() if takes[platform] else {"platform-standard"}), (
                path, platform)


def test_human_report_lists_errors_then_warnings_with_places(tmp_path: Path) -> None:
    path = package(tmp_path, js__app_dot_js=None, **{"stray_dot_txt": "x"})
    code, out, _ = run(str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}: SCORM 1.2, checked for any standards-compliant LMS"
    assert lines[1] == (f"{path}!imsmanifest.xml:15: error: file-missing: href 'js/app.js' "
                        "names a file that is not in the package")
    assert lines[2].startswith(f"{path}: warning: file-unreferenced: 1 file is in the package")
    assert lines[3] == f"{path}: NOT VALID (1 error, 1 warning)"


def test_json_report_and_exit_codes(tmp_path: Path) -> None:
    good = package(tmp_path)
    code, out, _ = run("--json", str(good))
    assert code == 0
    doc = json.loads(out)
    assert doc == {"valid": True, "packages": [{
        "readable": True, "package": str(good), "standard": "scorm12", "label": "SCORM 1.2",
        "platform": "generic", "valid": True, "errors": [], "warnings": [], "notes": []}]}

    warned = write_zip(tmp_path / "warned.zip", {**FILES, "stray.txt": "x"})
    assert run(str(warned))[0] == 0
    assert run("--strict", str(warned))[0] == 1
    code, out, _ = run("--json", "--platform", "moodle-app",
                       str(FIXTURES / "handwritten-scorm2004"))
    doc = json.loads(out)
    assert code == 1 and doc["valid"] is False
    assert doc["packages"][0]["errors"] == [{
        "file": "", "line": None, "rule": "platform-standard",
        "message": "the Moodle app does not take SCORM 2004; it takes SCORM 1.2"}]


@pytest.mark.parametrize("content", [None, b"not a zip", b"PK\x03\x04 truncated"],
                         ids=["missing", "not-a-zip", "truncated"])
def test_unreadable_packages_exit_2(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "bad.zip"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"lmspack: {path}: cannot be read: ")
    code, out, _ = run("--json", str(path), str(package(tmp_path)))
    assert code == 2
    doc = json.loads(out)
    assert doc["valid"] is False
    assert doc["packages"][0]["readable"] is False and doc["packages"][1]["valid"] is True


def test_usage_errors() -> None:
    assert run()[0] == 2
    assert run("--platform", "blackboard", "x.zip")[0] == 2


def test_hostile_folders_and_paths_are_reported_not_crashed_on(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "imsmanifest.xml")  # reading it would block for ever
    deep = folder
    for _ in range(300):
        deep = deep / "d"
        deep.mkdir()
    # Folders deeper than the stack allows: the reader must not recurse per level.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 150)
    try:
        code, out, _ = run(str(folder))
    finally:
        sys.setrecursionlimit(limit)
    assert code == 1
    assert "special-file: 'imsmanifest.xml' is not a regular file" in out
    assert "manifest-missing" not in out  # the refusal says why; no second, wrong reason
    code, _, err = run(str(tmp_path / ("x" * 300)))
    assert code == 2 and "cannot be read: " in err


def test_a_refused_manifest_entry_is_reported_once(tmp_path: Path) -> None:
    path = package(tmp_path)
    set_flag(path, "imsmanifest.xml", 0x1)
    assert list(findings(path)) == ["zip-encrypted"]


def test_names_cannot_forge_report_lines(tmp_path: Path) -> None:
    path = package(tmp_path, **{"x\nlook: valid (0 errors, 0 warnings)\x1b[2K_dot_html": "x"})
    code, out, _ = run(str(path))
    lines = out.splitlines()
    assert len(lines) == 4 and "\x1b" not in out
    assert "'x\\nlook: valid (0 errors, 0 warnings)\\x1b[2K.html'" in lines[2]
