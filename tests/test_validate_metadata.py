"""External metadata (<adlcp:location>) in SCORM 1.2 and 2004: the file must be in the
package, well-formed, read safely, a <lom> of the standard (valid against SCORM 2004's
lom.xsd), and counts as referenced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_validate import FIXTURES, findings

LOM_2004 = "handwritten-scorm2004-metadata"
LOM_12 = "handwritten-scorm12-metadata"


def copy(tmp_path: Path, fixture: str, **files: str | None) -> Path:
    folder = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, folder)
    for name, text in files.items():
        path = folder / name.replace("__", "/").replace("_dot_", ".")
        if text is None:
            path.unlink()
        else:
            path.write_text(text)
    return folder


def line_of_location(folder: Path) -> int:
    lines = (folder / "imsmanifest.xml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if "adlcp:location" in line)


@pytest.mark.parametrize("fixture", [LOM_12, LOM_2004])
def test_a_package_with_external_metadata_is_valid_and_its_file_referenced(
        fixture: str) -> None:
    assert findings(FIXTURES / fixture) == {}


@pytest.mark.parametrize("fixture", [LOM_12, LOM_2004])
def test_missing_metadata_file(tmp_path: Path, fixture: str) -> None:
    folder = copy(tmp_path, fixture, metadata__course_dot_xml=None)
    assert findings(folder)["metadata-missing"] == [
        ("error", "adlcp:location names 'metadata/course.xml', which is not in the package",
         line_of_location(folder))]


@pytest.mark.parametrize("fixture", [LOM_12, LOM_2004])
def test_metadata_that_is_not_xml(tmp_path: Path, fixture: str) -> None:
    folder = copy(tmp_path, fixture, metadata__course_dot_xml="<lom>\n<general>\n</lom>")
    severity, message, line = findings(folder)["metadata-xml"][0]
    assert (severity, line) == ("error", 3)
    assert message.startswith(f"the metadata file named on line {line_of_location(folder)} "
                              "of the manifest is not well-formed XML: ")


@pytest.mark.parametrize("fixture", [LOM_12, LOM_2004])
def test_metadata_entities_are_never_read(tmp_path: Path, fixture: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE lom [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            '\n<lom>&x;</lom>')
    folder = copy(tmp_path, fixture, metadata__course_dot_xml=text)
    found = findings(folder)
    assert found["metadata-xml"] == [("error", "the metadata file has a <!DOCTYPE>, whose "
                                      "entities lmspack never reads nor fetches: remove it",
                                      None)]
    assert "SECRET" not in str(found)


def test_scorm12_metadata_root_is_checked(tmp_path: Path) -> None:
    folder = copy(tmp_path, LOM_12, metadata__course_dot_xml="<record/>")
    assert findings(folder)["metadata-schema"] == [
        ("error", "the metadata file's root element is <record> in no namespace, not IMS MD's "
         "<lom> in http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", 1)]


def test_scorm2004_metadata_is_validated_against_lom_xsd(tmp_path: Path) -> None:
    text = (FIXTURES / LOM_2004 / "metadata" / "course.xml").read_text()
    broken = text.replace("<language>en-GB</language>", "<colour>en-GB</colour>")
    assert broken != text
    found = findings(copy(tmp_path, LOM_2004, metadata__course_dot_xml=broken))
    severity, message, line = found["metadata-schema"][0]
    assert severity == "error" and "colour" in message and line
    wrong = copy(tmp_path / "w", LOM_2004, metadata__course_dot_xml=text.replace(
        "http://ltsc.ieee.org/xsd/LOM", "urn:other"))
    assert findings(wrong)["metadata-schema"] == [
        ("error", "the metadata file's root element is <lom> in urn:other, not LOM's <lom> in "
         "http://ltsc.ieee.org/xsd/LOM", 2)]


def test_an_unsafe_location_is_refused(tmp_path: Path) -> None:
    folder = copy(tmp_path, LOM_2004)
    manifest = folder / "imsmanifest.xml"
    manifest.write_text(manifest.read_text().replace("metadata/course.xml", "../course.xml"))
    assert findings(folder)["path-unsafe"] == [
        ("error", "adlcp:location '../course.xml' climbs out of the package folder",
         line_of_location(folder))]
