"""Compile the official XSDs of a standard into one lxml schema, offline.

As shared/schemas/README.md describes: an in-memory wrapper schema imports each
namespace the manifest uses, parsed with a base URL in the schema folder so
relative schemaLocations resolve. Nothing is fetched from the network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

# Schemas written here, not official: a schemaLocation of "stub:<name>" picks one.
# "imsmd" accepts any <lom> in the IMS MD 1.2.1 namespace (see standards/scorm12.py).
STUBS = {
    "imsmd": b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
             b'targetNamespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" '
             b'elementFormDefault="qualified"><xs:element name="lom"/></xs:schema>',
}
_STUB_FILE = "lmspack-stub-{}.xsd"


class _Offline(etree.Resolver):
    """Serves stubs from memory and remote schema addresses from the local folder."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):  # noqa: ANN001, ANN201 - lxml's signature
        name = url.rsplit("/", 1)[-1]
        for stub, data in STUBS.items():
            if name == _STUB_FILE.format(stub):
                return self.resolve_string(data, context)
        if url.startswith(("http://", "https://")):
            local = self.folder / name
            if local.is_file():
                return self.resolve_filename(str(local), context)
            return self.resolve_string(b"<nothing/>", context)  # never the network
        return None


@cache  # compiled once per process: a catalogue build validates hundreds of manifests
def compile_schema(folder: Path, imports: tuple[tuple[str, str], ...]) -> etree.XMLSchema:
    def location(loc: str) -> str:
        return _STUB_FILE.format(loc[5:]) if loc.startswith("stub:") else loc

    body = "".join(f'<xs:import namespace="{ns}" schemaLocation="{location(loc)}"/>'
                   for ns, loc in imports)
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Offline(Path(folder)))
    base = f"{Path(folder).as_posix()}/_wrapper.xsd"
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url=base).getroottree())
