"""Helpers for reading built packages in tests, independently of lmspack's own code."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from lxml import etree

CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XS = "http://www.w3.org/2001/XMLSchema"


def error_lines(stderr: str) -> list[str]:
    """What a failed command reported, without its warnings (the seed course's
    recording has no transcript, so every build of it warns)."""
    out, in_warning = [], False
    for line in stderr.splitlines():
        if line.startswith("    fix: ") and in_warning:
            continue  # a warning's fix
        in_warning = ": warning: " in line
        if not in_warning:
            out.append(line)
    return out


def local_headers(zip_path: Path) -> list[tuple[str, int, int, int]]:
    """(name, general-purpose flags, compressed size, crc) from each raw local header."""
    data = zip_path.read_bytes()
    out = []
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            off = info.header_offset
            assert data[off:off + 4] == b"PK\x03\x04", info.filename
            flags, _method, _t, _d, crc, csize = struct.unpack("<HHHHII", data[off + 6:off + 22])
            name_len = struct.unpack("<H", data[off + 26:off + 28])[0]
            out.append((data[off + 30:off + 30 + name_len].decode(), flags, csize, crc))
    return out


def scorm12_schema_from(folder: Path) -> etree.XMLSchema:
    """The SCORM 1.2 schemas a package carries, with a stub for IMS MD (libxml2 cannot
    compile imsmd_rootv1p2p1.xsd; test_lom_follows_ims_md_schema checks the LOM)."""
    stub = folder / "_imsmd_stub.xsd"
    stub.write_text(f'<xs:schema xmlns:xs="{XS}" targetNamespace="{IMSMD}" '
                    'elementFormDefault="qualified"><xs:element name="lom"/></xs:schema>')
    wrapper = (f'<xs:schema xmlns:xs="{XS}">'
               f'<xs:import namespace="{CP12}" schemaLocation="imscp_rootv1p1p2.xsd"/>'
               f'<xs:import namespace="{ADLCP12}" schemaLocation="adlcp_rootv1p2.xsd"/>'
               f'<xs:import namespace="{IMSMD}" schemaLocation="_imsmd_stub.xsd"/></xs:schema>')
    root = etree.fromstring(wrapper.encode(), base_url=f"{folder.as_posix()}/_wrapper.xsd")
    return etree.XMLSchema(root.getroottree())


def imsmd_children(xsd: Path) -> dict[str, list[str]]:
    """For each IMS MD element: the child elements its type allows, in sequence order."""
    tree = etree.parse(str(xsd))
    ns = {"xs": XS}
    types = {}
    for ct in tree.iterfind("xs:complexType", ns):
        types[ct.get("name")] = [e.get("ref") for e in ct.iterfind(".//xs:element", ns)]
    out = {}
    for el in tree.iterfind("xs:element", ns):
        out[el.get("name")] = types.get(el.get("type"), [])
    return out


def schema_from(folder: Path, imports: list[tuple[str, str]]) -> etree.XMLSchema:
    """The schemas a package carries at its root, imported by namespace (as
    shared/schemas/README.md shows), so a test never relies on lmspack's own loader."""
    body = "".join(f'<xs:import namespace="{ns}" schemaLocation="{loc}"/>' for ns, loc in imports)
    root = etree.fromstring(f'<xs:schema xmlns:xs="{XS}">{body}</xs:schema>'.encode(),
                            base_url=f"{folder.as_posix()}/_wrapper.xsd")
    return etree.XMLSchema(root.getroottree())
