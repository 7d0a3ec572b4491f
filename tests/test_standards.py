"""The SCORM 2004 and IMS CP packages of the seed course: each manifest checked against
the official schemas the package itself carries, and for what an LMS reads from it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lmspack.render.player import player_script
from tests.conftest import ROOT
from tests.helpers import schema_from

DIST = ROOT / "dist"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS = {"cp": CP, "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
      "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
      "imsss": "http://www.imsglobal.org/xsd/imsss", "lom": "http://ltsc.ieee.org/xsd/LOM"}
XML = "http://www.w3.org/XML/1998/namespace"
SCORM2004_IMPORTS = [(XML, "xml.xsd"), (CP, "imscp_v1p1.xsd"), (NS["adlcp"], "adlcp_v1p3.xsd"),
                     (NS["adlseq"], "adlseq_v1p3.xsd"),
                     ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                     (NS["imsss"], "imsss_v1p0.xsd"), (NS["lom"], "lom.xsd")]


Scorm2004 = tuple[Path, etree._ElementTree]


def unpack(name: str, tmp_path: Path) -> Path:
    with zipfile.ZipFile(DIST / f"race-equality-accountability-1.0.0-{name}.zip") as zf:
        zf.extractall(tmp_path)  # our own package
    return tmp_path


@pytest.fixture
def scorm2004(tmp_path: Path) -> Scorm2004:
    folder = unpack("scorm2004", tmp_path)
    return folder, etree.parse(str(folder / "imsmanifest.xml"))


def test_scorm2004_manifest_is_valid_against_the_schemas_it_carries(scorm2004: Scorm2004) -> None:
    folder, manifest = scorm2004
    official = ROOT / "manifests" / "scorm2004" / "schemas"
    carried = sorted(p.relative_to(official).as_posix() for p in official.rglob("*") if p.is_file())
    assert len(carried) == 36 and "common/anyElement.xsd" in carried
    for name in carried:  # every schema file a 4th Edition package carries, unedited
        assert (folder / name).read_bytes() == (official / name).read_bytes()
    schema = schema_from(folder, SCORM2004_IMPORTS)
    assert schema.validate(manifest), schema.error_log


def test_scorm2004_manifest_declares_one_sco_with_its_objectives(scorm2004: Scorm2004) -> None:
    _, manifest = scorm2004
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "2004 4th Edition"
    resources = manifest.findall(".//cp:resource", NS)
    assert len(resources) == 1
    assert resources[0].get(f"{{{NS['adlcp']}}}scormType") == "sco"
    assert resources[0].get("href") == "index.html"
    items = manifest.findall(".//cp:item", NS)
    assert len(items) == 1 and items[0].get("identifierref") == resources[0].get("identifier")
    primary = items[0].find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS)
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=NS) == "0.8"  # pass mark 80
    secondary = items[0].findall("imsss:sequencing/imsss:objectives/imsss:objective", NS)
    assert [o.get("objectiveID") for o in secondary] == [f"objective-{n}" for n in range(1, 6)]
    lom = manifest.find("cp:metadata/lom:lom", NS)
    assert lom.findtext("lom:general/lom:title/lom:string", namespaces=NS) == (
        "Advancing race equality by building a culture of accountability")
    assert lom.findtext("lom:educational/lom:typicalLearningTime/lom:duration",
                        namespaces=NS) == "PT1H50M"


def test_scorm2004_player_uses_the_2004_adapter(scorm2004: Scorm2004) -> None:
    folder, _ = scorm2004
    html = (folder / "index.html").read_text()
    assert '<script src="player/player.js" defer>' in html
    script = (folder / "player" / "player.js").read_text()
    assert "/* lmspack player: lms-scorm2004.js */" in script
    assert "/* lmspack player: lms-scorm12.js */" not in script


def test_imscp_manifest_is_plain_content_packaging(tmp_path: Path) -> None:
    folder = unpack("imscp", tmp_path)
    manifest = etree.parse(str(folder / "imsmanifest.xml"))
    schema = schema_from(folder, [(XML, "xml.xsd"), (CP, "imscp_v1p1.xsd")])
    assert schema.validate(manifest), schema.error_log
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "IMS Content"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.1.4"
    text = (folder / "imsmanifest.xml").read_text()
    assert "adlcp" not in text and "scormType" not in text
    html = (folder / "index.html").read_text()
    assert "lms-scorm" not in html  # no run-time: the player cannot record anything
    assert sorted(p.name for p in (folder / "player").iterdir()) == ["player.css", "player.js"]
    assert (folder / "player" / "player.js").read_bytes() == player_script("none")
    assert b"lms-scorm" not in player_script("none")
