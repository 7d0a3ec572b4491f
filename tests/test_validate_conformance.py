"""lmspack validate nearer ADL's conformance checker: rules the schemas cannot express,
each shown on a small broken package built here (exact message and line), packages
whose schemas reach outside them, and every rule name documented in docs/validate.md."""

from __future__ import annotations

import ast
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT
from tests.test_validate import FIXTURES, HANDWRITTEN, findings, manifest, package, run

SRC = ROOT / "src" / "lmspack"
ADL_IMSCP = ('<xsd:import namespace = "http://www.w3.org/XML/1998/namespace" '
             'schemaLocation = "http://www.w3.org/2001/xml.xsd"/>')
OFFLINE_IMSCP = ('<xsd:import namespace = "http://www.w3.org/XML/1998/namespace" '
                 'schemaLocation = "xml.xsd"/>')


def scorm2004(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The hand-written SCORM 2004 package as a folder, its manifest changed."""
    folder = tmp_path / "p2004"
    shutil.copytree(FIXTURES / "handwritten-scorm2004", folder)
    text = (folder / "imsmanifest.xml").read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "imsmanifest.xml").write_text(text)
    return folder


DOCTYPE_ENTITY = '<!DOCTYPE manifest [<!ENTITY course "Test">]>\n'
DOCTYPE_EXTERNAL = '<!DOCTYPE manifest [<!ENTITY x SYSTEM "http://example.org/x">]>\n'
DOCTYPE_MESSAGE = ("the manifest has a <!DOCTYPE> (a document type, perhaps declaring "
                   "entities), which no IMS or SCORM manifest carries: LMSs refuse or ignore "
                   "it, and lmspack never reads its entities nor fetches what it names; "
                   "remove it")


def with_doctype(doctype: str) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return head + doctype + manifest("<title>Test</title>", "<title>&course;</title>")[len(head):]


# (rule, severity, changes to the minimal SCORM 1.2 package, exact message, line)
CASES_12 = [
    ("manifest-doctype", "error", {"imsmanifest_dot_xml": with_doctype(DOCTYPE_ENTITY)},
     DOCTYPE_MESSAGE, 2),
    ("manifest-doctype", "error", {"imsmanifest_dot_xml": with_doctype(
        DOCTYPE_EXTERNAL).replace("&course;", "&x;")}, DOCTYPE_MESSAGE, 2),
    ("masteryscore", "error", {"imsmanifest_dot_xml": manifest(
        "<title>Lesson</title>", "<title>Lesson</title><adlcp:masteryscore>120"
        "</adlcp:masteryscore>")}, "adlcp:masteryscore is '120': it must be a number from 0 "
     "to 100", 9),
    ("masteryscore", "error", {"imsmanifest_dot_xml": manifest(
        "<title>Lesson</title>", "<title>Lesson</title><adlcp:masteryscore>80%"
        "</adlcp:masteryscore>")}, "adlcp:masteryscore is '80%': it must be a number from 0 "
     "to 100", 9),
    ("maxtimeallowed", "error", {"imsmanifest_dot_xml": manifest(
        "<title>Lesson</title>", "<title>Lesson</title><adlcp:maxtimeallowed>PT30M"
        "</adlcp:maxtimeallowed>")}, "adlcp:maxtimeallowed is 'PT30M': it must be a time span "
     "HHHH:MM:SS.SS (2 to 4 digits of hours, such as '00:30:00')", 9),
    ("schema-remote", "warning", {"imsmanifest_dot_xml": manifest(
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001'
        '/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 '
        'http://www.imsproject.org/xsd/imscp_rootv1p1p2.xsd"')},
     "xsi:schemaLocation names 'http://www.imsproject.org/xsd/imscp_rootv1p1p2.xsd' for "
     "http://www.imsproject.org/xsd/imscp_rootv1p1p2, which is a web address: a validator "
     "without internet access cannot read it; ship the schema in the package", 4),
    ("schema-remote", "warning", {"imsmanifest_dot_xml": manifest(
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001'
        '/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 '
        '../imscp_rootv1p1p2.xsd"')},
     "xsi:schemaLocation names '../imscp_rootv1p1p2.xsd' for http://www.imsproject.org/xsd/"
     "imscp_rootv1p1p2, which climbs out of the package folder: a validator without internet "
     "access cannot read it; ship the schema in the package", 4),
    ("schema-remote", "warning", {"lib__a_dot_xsd": (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
        '<xs:include schemaLocation="../../b.xsd"/>\n</xs:schema>')},
     "xs:include schemaLocation '../../b.xsd' climbs out of the package folder: a validator "
     "without internet access cannot read it, and fails the package; ship a copy that names "
     "the package's own file", 2),
]

# (rule, changes to the hand-written SCORM 2004 manifest, exact message, line)
CASES_2004 = [
    ("manifest-doctype", [('<?xml version="1.0" encoding="UTF-8"?>\n',
                           '<?xml version="1.0" encoding="UTF-8"?>\n' + DOCTYPE_ENTITY)],
     DOCTYPE_MESSAGE, 2),
    ("schemaversion", [("2004 4th Edition</schemaversion>", "2004 5th Edition</schemaversion>")],
     "<schemaversion> is '2004 5th Edition', which no standard uses (SCORM 2004 4th Edition "
     "allows '2004 4th Edition', '2004 3rd Edition', 'CAM 1.3'): checked as SCORM 2004 4th "
     "Edition", 18),
    ("schemaversion", [("<schemaversion>2004 4th Edition</schemaversion>", "")],
     "there is no <metadata><schemaversion>, which SCORM 2004 4th Edition requires: checked "
     "as SCORM 2004 4th Edition", None),
    ("item-title", [("<title>When to clean your hands</title>", "")],
     "item 'item-introduction' has no <title>: SCORM 2004 requires one", 50),
    ("item-not-leaf", [('isvisible="true">\n        <title>When to clean your hands</title>',
                        'isvisible="true">\n        <title>When to clean your hands</title>'
                        '<item identifier="item-inner"><title>Inner</title></item>')],
     "item 'item-introduction' has child items and refers to resource 'res-introduction': "
     "only leaf items may reference a resource", 50),
    ("objective-duplicate", [('objectiveID="obj-rub-technique"', 'objectiveID="obj-quick-check"')],
     "objectiveID 'obj-quick-check' is used twice in one activity's objectives (first on "
     "line 57)", 60),
    ("organization-missing", [('<organizations default="org-hand-hygiene">', "<organizations>"),
                              ("<organization identifier", "<!--organization identifier"),
                              ("</organization>", "-->")],
     "<organizations> holds no <organization>: that is a resource package, which an LMS has "
     "nothing to launch in; a content aggregation needs one", 47),
    ("sequencing-idref-missing", [("<imsss:sequencing>\n        <imsss:controlMode",
                                   '<imsss:sequencing IDRef="seq-common">\n        '
                                   "<imsss:controlMode")],
     "<imsss:sequencing IDRef='seq-common'> names no <imsss:sequencing> in the "
     "<imsss:sequencingCollection>", 69),
    ("default-organization-missing", [('default="org-hand-hygiene"', 'default="item-check"')],
     "default organization 'item-check' is not an <organization> (line 53 has that "
     "identifier)", 47),
]


def only(found: dict, rule: str, severity: str) -> list[tuple[str, int | None]]:
    """The findings of `rule`, after checking nothing else of `severity` or worse."""
    worse = {"warning": {"error", "warning"}, "error": {"error"}}[severity]
    others = {r for r, items in found.items() for s, _, _ in items if s in worse and r != rule}
    assert not others, found
    return [(msg, at) for sev, msg, at in found[rule] if sev == severity]


@pytest.mark.parametrize(("rule", "severity", "changes", "message", "line"), CASES_12,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES_12)])
def test_scorm12_rules(tmp_path: Path, rule: str, severity: str, changes: dict, message: str,
                       line: int | None) -> None:
    assert only(findings(package(tmp_path, **changes)), rule, severity) == [(message, line)]


@pytest.mark.parametrize(("rule", "changes", "message", "line"), CASES_2004,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES_2004)])
def test_scorm2004_rules(tmp_path: Path, rule: str, changes: list, message: str,
                         line: int | None) -> None:
    assert only(findings(scorm2004(tmp_path, *changes)), rule, "error") == [(message, line)]


def test_a_doctype_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    """It used to end in exit 2, 'Internal error in XML Schema validation'."""
    code, out, err = run(str(package(tmp_path, imsmanifest_dot_xml=with_doctype(DOCTYPE_ENTITY))))
    assert (code, err) == (1, "")
    assert f"imsmanifest.xml:2: error: manifest-doctype: {DOCTYPE_MESSAGE}" in out


def test_good_values_pass(tmp_path: Path) -> None:
    for score, span in (("80", "00:30:00"), ("0", "0000:00:05.5"), ("100.0", "12:00:00.25")):
        text = manifest("<title>Lesson</title>", f"<title>Lesson</title><adlcp:maxtimeallowed>"
                        f"{span}</adlcp:maxtimeallowed><adlcp:masteryscore>{score}"
                        "</adlcp:masteryscore>")
        assert findings(package(tmp_path, imsmanifest_dot_xml=text)) == {}, (score, span)


def test_a_schema_for_a_namespace_in_no_use_need_not_be_shipped(tmp_path: Path) -> None:
    # IMS MD is named but the manifest has no <lom>: not an error; IMS CP is in use.
    text = manifest('xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
                    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://'
                    'www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal'
                    '.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"')
    assert findings(package(tmp_path, imsmanifest_dot_xml=text)) == {}
    used = text.replace("imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd",
                        "imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.imsproject.org/xsd/"
                        "imscp_rootv1p1p2 imscp_rootv1p1p2.xsd")
    found = findings(package(tmp_path, imsmanifest_dot_xml=used))
    assert found == {"schema-file-missing": [("error", "xsi:schemaLocation names "
                                              "'imscp_rootv1p1p2.xsd', which is not in the "
                                              "package", 4)]}


@pytest.mark.parametrize("fixture", ["handwritten-scorm2004", "handwritten-imscp"])
def test_a_package_shipping_adls_imscp_schema_is_told(tmp_path: Path, fixture: str) -> None:
    folder = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, folder)
    schema = folder / "imscp_v1p1.xsd"
    data = schema.read_bytes()
    assert OFFLINE_IMSCP.encode() in data
    schema.write_bytes(data.replace(OFFLINE_IMSCP.encode(), ADL_IMSCP.encode()))
    assert findings(folder) == {"schema-remote": [(
        "warning", "xs:import schemaLocation 'http://www.w3.org/2001/xml.xsd' is a web address: "
        "a validator without internet access cannot read it, and fails the package; ship a "
        "copy that names the package's own file", 9)]}
    code, out, _ = run("--strict", str(folder))
    assert code == 1 and "imscp_v1p1.xsd:9: warning: schema-remote" in out


class OnlyInside(etree.Resolver):
    """Serves nothing from outside `folder`: a validator with no network, which records
    every address it was asked for."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder, self.asked, self.refused = folder.resolve(), [], []

    def resolve(self, url, pubid, context):  # noqa: ANN001, ANN201 - lxml's signature
        self.asked.append(url)
        path = Path(url.removeprefix("file://"))
        if "://" in url.removeprefix("file://") or not path.resolve().is_relative_to(self.folder):
            self.refused.append(url)
            return self.resolve_string(b"<refused/>", context)
        return self.resolve_filename(str(path), context)


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004", "imscp"])
def test_dist_packages_schemas_compile_with_nothing_from_outside(tmp_path: Path,
                                                                 standard: str) -> None:
    [path] = (ROOT / "dist").glob(f"*-{standard}.zip")
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(path) as zf:
        zf.extractall(folder)
    root = etree.parse(str(folder / "imsmanifest.xml")).getroot()
    tokens = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    pairs = list(zip(tokens[::2], tokens[1::2], strict=True))
    if standard == "scorm12":
        # libxml2 cannot compile imsmd_rootv1p2p1.xsd (an ambiguity in the file itself,
        # with or without a network): a stub inside the package stands in for it.
        (folder / "_imsmd_stub.xsd").write_text(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://'
            'www.imsglobal.org/xsd/imsmd_rootv1p2p1" elementFormDefault="qualified">'
            '<xs:element name="lom"/></xs:schema>')
        pairs = [(ns, "_imsmd_stub.xsd" if loc == "imsmd_rootv1p2p1.xsd" else loc)
                 for ns, loc in pairs]
    if standard != "scorm12":
        pairs.insert(0, ("http://www.w3.org/XML/1998/namespace", "xml.xsd"))
    body = "".join(f'<xs:import namespace="{ns}" schemaLocation="{loc}"/>' for ns, loc in pairs)
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>'
    resolver = OnlyInside(folder)
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(resolver)
    doc = etree.fromstring(wrapper.encode(), parser, base_url=f"{folder}/_wrapper.xsd")
    schema = etree.XMLSchema(doc.getroottree())
    assert resolver.refused == [] and resolver.asked, resolver.asked
    assert schema.validate(root), schema.error_log


def test_the_old_adl_copy_fails_that_offline_compile(tmp_path: Path) -> None:
    """The compile above can fail: with ADL's imscp_v1p1.xsd it asks for w3.org."""
    folder = tmp_path / "old"
    shutil.copytree(ROOT / "manifests" / "imscp" / "schemas", folder)
    schema = folder / "imscp_v1p1.xsd"
    schema.write_bytes(schema.read_bytes().replace(OFFLINE_IMSCP.encode(), ADL_IMSCP.encode()))
    resolver = OnlyInside(folder)
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(resolver)
    wrapper = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace='
               '"http://www.imsglobal.org/xsd/imscp_v1p1" schemaLocation="imscp_v1p1.xsd"/>'
               "</xs:schema>")
    doc = etree.fromstring(wrapper.encode(), parser, base_url=f"{folder}/_wrapper.xsd")
    with pytest.raises(etree.XMLSchemaParseError):
        etree.XMLSchema(doc.getroottree())
    assert resolver.refused == ["http://www.w3.org/2001/xml.xsd"]


def test_lmspacks_own_schema_compile_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate/schemas.py compiles each standard's schemas from manifests/ alone."""
    from lmspack import standards
    from lmspack.validate import schemas

    asked: list[str] = []
    resolve = schemas._Offline.resolve

    def spy(self, url, pubid, context):  # noqa: ANN001, ANN202
        asked.append(url)
        return resolve(self, url, pubid, context)

    monkeypatch.setattr(schemas._Offline, "resolve", spy)
    schemas.compile_schema.cache_clear()
    try:
        for standard in standards.every():
            if hasattr(standard, "schema_imports"):
                schemas.compile_schema(standard.folder / "schemas", standard.schema_imports)
    finally:
        schemas.compile_schema.cache_clear()
    remote = [u for u in asked if re.match(r"https?://", u)]
    assert asked and remote == [], remote


@pytest.mark.parametrize("fixture", HANDWRITTEN)
def test_other_authors_packages_stay_valid_under_the_new_rules(fixture: str) -> None:
    assert findings(FIXTURES / fixture) == {}


# -- every rule is documented, and every documented rule exists ------------------------

def rules_in_code() -> set[str]:
    """Rule names of every report.add(severity, rule, message, ...) under src/lmspack.
    A rule passed in a variable is followed to the calls of the function receiving it."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for call in ast.walk(tree):
            # Report.add(severity, rule, message, ...): no other add takes three arguments.
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "add" and len(call.args) >= 3):
                continue
            rule = call.args[1]
            if isinstance(rule, ast.Constant):
                found.add(rule.value)
                continue
            assert isinstance(rule, ast.Name), ast.dump(rule)
            func = call
            while not isinstance(func, ast.FunctionDef):
                func = parents[func]
            index = [a.arg for a in func.args.args].index(rule.id)
            callers = [c for c in ast.walk(tree) if isinstance(c, ast.Call)
                       and isinstance(c.func, ast.Name) and c.func.id == func.name]
            assert callers, func.name
            for c in callers:
                found.update(n.value for n in ast.walk(c.args[index])
                             if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return found


def rules_in_docs() -> tuple[set[str], set[str]]:
    """The names in the first column of docs/validate.md's rule tables (those headed
    "| rule | severity | what |"), and every `name` the page mentions anywhere (the
    platform table names its rules in prose)."""
    text = (ROOT / "docs" / "validate.md").read_text()
    tabled: set[str] = set()
    in_rules = False
    for line in text.splitlines():
        if not line.startswith("|"):
            in_rules = False
        elif line.replace(" ", "").startswith("|rule|severity|"):
            in_rules = True
        elif in_rules:
            tabled.update(re.findall(r"`([a-z0-9-]+)`", line.split("|")[1]))
    return tabled, set(re.findall(r"`([a-z0-9-]+)`", text))


def test_every_rule_is_documented_and_every_documented_rule_exists() -> None:
    code = rules_in_code()
    tabled, mentioned = rules_in_docs()
    assert {"schema-remote", "zip-bomb", "launch-missing", "moodle-imscp"} <= code
    assert code - mentioned == set(), "rules missing from docs/validate.md"
    assert code - tabled <= {r for r in code if r.startswith(("moodle", "learning-hub",
                                                               "platform"))}
    assert tabled - code == set(), "documented rules that no code reports"
