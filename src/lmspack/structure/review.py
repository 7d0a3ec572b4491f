"""Review markers: what `lmspack new` drafted or left empty for the author to check.

A marker is a comment starting "REVIEW:", in YAML (`# REVIEW: ...`, on the line
above a field or after it) or in Markdown (`<!-- REVIEW: ... -->`, which the player
never shows). `lmspack build` refuses a course that has one, unless --draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lmspack.config.yamlsource import dotted, load_yaml
from lmspack.errors import Diagnostic, Kind, made

_YAML_MARK = re.compile(r"(?:^|\s)#\s*REVIEW:\s*(.*?)\s*$")
_MD_MARK = re.compile(r"<!--\s*REVIEW:\s*(.*?)\s*-->", re.S)
MARKED = "marked for review"
MARKER = Kind("M101", "check the field, then delete the REVIEW marker")
_SUFFIXES = {".yml": "yaml", ".yaml": "yaml", ".md": "markdown"}


def find_markers(course_dir: Path) -> list[Diagnostic]:
    """Every marker in the course folder's YAML and Markdown files, in file order."""
    from lmspack.paths import display

    found: list[Diagnostic] = []
    for path in sorted(p for p in Path(course_dir).rglob("*")
                       if p.suffix.lower() in _SUFFIXES and p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports unreadable files
        name = display(path)
        if _SUFFIXES[path.suffix.lower()] == "markdown":
            found += [made(name, text.count("\n", 0, m.start()) + 1, "",
                           f"{MARKED}: {' '.join(m.group(1).split())}", kind=MARKER)
                      for m in _MD_MARK.finditer(text)]
        else:
            found += _yaml_markers(text, name)
    return found


def _yaml_markers(text: str, name: str) -> list[Diagnostic]:
    if "REVIEW:" not in text:  # nearly every built course: no need to read it again
        return []
    doc, _ = load_yaml(text, name)
    fields: dict[int, str] = {}
    if doc is not None:  # the shortest field path that starts on each line
        for path, line in sorted(doc.lines.items(), key=lambda kv: len(kv[0])):
            if path:
                fields.setdefault(line, dotted(path))
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines, 1):
        if not (m := _YAML_MARK.search(line)):
            continue
        target = i
        if not line[:m.start()].strip():  # a comment line: it marks the next field
            target = next((j for j in range(i + 1, len(lines) + 1)
                           if lines[j - 1].strip() and not lines[j - 1].lstrip().startswith("#")),
                          i)
        out.append(made(name, i, fields.get(target, ""), f"{MARKED}: {m.group(1)}",
                        kind=MARKER))
    return out


def unreviewed(markers: list[Diagnostic],
               problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The markers worth reporting beside `problems`: a field already in error needs no
    second line saying it is unreviewed (a marker on no field is always reported)."""
    wrong = {(p.file, p.field) for p in problems}
    return [m for m in markers if (m.file, m.field) not in wrong or not m.field]
