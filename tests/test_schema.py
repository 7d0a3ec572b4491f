"""`lmspack schema`: the course files' JSON Schema, checked with an independent validator
(jsonschema) against the seed and test courses, a variant, and broken values."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from lmspack.cli import cli
from tests.conftest import FIXTURE, ROOT, SEED, set_recording


def schema(kind: str) -> dict:
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def as_an_editor_reads(path: Path) -> Any:
    """A YAML file as an editor's YAML 1.2 reader sees it: dates stay text, and keys
    (numbers, true/false) are text, as JSON requires."""
    def norm(v: Any) -> Any:
        if isinstance(v, dict):
            return {(str(k).lower() if isinstance(k, bool) else str(k)): norm(x)
                    for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v.isoformat() if isinstance(v, dt.date) else v
    return norm(yaml.safe_load(path.read_text(encoding="utf-8")))


def errors(kind: str, data: Any) -> list[str]:
    validator = Draft202012Validator(schema(kind), format_checker=FormatChecker())
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.validator}"
                  for e in validator.iter_errors(data))


@pytest.mark.parametrize("kind", ["course", "quiz"])
def test_the_committed_schema_is_current_and_valid(kind: str) -> None:
    document = schema(kind)
    Draft202012Validator.check_schema(document)
    committed = ROOT / "docs" / "schema" / f"{kind}.schema.json"
    assert json.loads(committed.read_text()) == document, (
        f"docs/schema/{kind}.schema.json is stale: run `lmspack schema {kind} > {committed}`")


@pytest.mark.parametrize("course", [SEED, FIXTURE], ids=["seed", "test-course"])
def test_the_courses_pass(course: Path) -> None:
    assert errors("course", as_an_editor_reads(course / "course.yml")) == []
    assert errors("quiz", as_an_editor_reads(course / "quiz.yml")) == []


def test_a_video_course_passes(tmp_path: Path) -> None:
    course = set_recording(Path(shutil.copytree(FIXTURE, tmp_path / "c")), "video")
    text = (course / "course.yml").read_text() + (
        "accessibility:\n  contact: The learning team\n  email: learning@example.nhs.uk\n"
        "  reviewed: 2026-11-20\n")
    (course / "course.yml").write_text(text)
    assert errors("course", as_an_editor_reads(course / "course.yml")) == []


@pytest.mark.parametrize(("kind", "change", "expected"), [
    ("course", lambda c: c["completion"].update(pass_mark=120), ["completion.pass_mark: maximum"]),
    ("course", lambda c: c.update(audiense="x"), [": additionalProperties"]),
    ("course", lambda c: c.update(id="Test Course"), ["id: pattern"]),
    ("course", lambda c: c["event"].update(start="1pm"), ["event.start: pattern"]),
    ("course", lambda c: c["recording"].update(url="ftp://example.org/x"),
     ["recording.url: pattern"]),
    ("course", lambda c: c.update(description="about.txt"), ["description: pattern"]),
    ("course", lambda c: c.pop("title"), [": required"]),
    ("course", lambda c: c.update(accessibility={"email": "x?bcc=y@example.org"}),
     ["accessibility.email: pattern"]),
    ("quiz", lambda q: q["knowledge_check"][0].update(type="essay"),
     ["knowledge_check.0.type: pattern"]),
    ("quiz", lambda q: q["confidence"]["scale"].update(ten="Very"),
     ["confidence.scale: pattern"]),  # the key fails propertyNames' pattern
    ("quiz", lambda q: q["knowledge_check"][2].update(correct=[]),
     ["knowledge_check.2.correct: anyOf"]),
])
def test_broken_values_are_caught(kind: str, change: Any, expected: list[str]) -> None:
    data = as_an_editor_reads(FIXTURE / f"{kind}.yml")
    change(data)
    assert errors(kind, data) == expected


def test_every_field_is_described() -> None:
    """Editors show the description when the author hovers over a field."""
    missing = []

    def walk(node: dict, where: str) -> None:
        for name, sub in node.get("properties", {}).items():
            if "description" not in sub:
                missing.append(f"{where}{name}")
            walk(sub, f"{where}{name}.")
        if isinstance(node.get("items"), dict):
            walk(node["items"], where)

    for kind in ("course", "quiz"):
        walk(schema(kind), f"{kind}:")
    assert missing == []
