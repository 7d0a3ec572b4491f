"""A stable code and a fix for each kind of problem that stops a course loading, so
that `lmspack check` prints every line alike: `file:line: severity: field: message
[CODE]` and its fix. The codes are listed in docs/course-format.md ("Checking").

Loading problems are plain `Problem`s, made all over the source layer; they are told
apart here by their wording, first match winning. A new kind of message that matches
nothing gets S100, never no code.
"""

from __future__ import annotations

import re

from lmspack.errors import Finding, Problem

# (code, what the message looks like, fix)
KINDS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (code, re.compile(pattern), fix) for code, pattern, fix in (
        ("S101", r"^not valid YAML", "correct the YAML at that line: put text that contains "
         "': ' or ' #' in quotes, and indent with spaces"),
        ("S102", r"^cannot read value", "write the value as plain text, a number, a date or "
         "a list, without a YAML tag (!...)"),
        ("S103", r"^(holds more than|nested more than)", "write the values out in full: no "
         "YAML aliases (*name) repeating whole lists, and no deep nesting"),
        ("S104", r"^(an alias refers|merge keys)", "write the values out in full, without "
         "aliases (*name) or merge keys (<<)"),
        ("S105", r"^field given twice", "keep one of the two"),
        ("S106", r"^unknown field", "correct the field's name, or delete it "
         "(docs/course-format.md lists every field)"),
        ("S107", r"(is required|are needed)$", "fill in the field (docs/course-format.md "
         "says what it holds)"),
        ("S108", r"^(expected |write the \w+ in quotes)", "give the field the kind of value it "
         "takes, as the message says"),
        ("S109", r"(does not exist|lies outside|cannot be read|is not UTF-8|is not a picture "
         r"file|is not a \.\w+ picture|is not a regular file|is larger than)",
         "correct the file's name, or the file"),
        ("S111", r"^id '.*' is also used by", "give each course its own id"),
        ("S110", r"", "correct the value as the message says"),
    ))
OTHER = ("S100", "correct the course as the message says (docs/course-format.md)")


MARKDOWN = ("S112", "correct the Markdown as the message says (docs/course-format.md, "
            "description.md)")


def code_and_fix(problem: Problem) -> tuple[str, str]:
    """The code and fix of a loading problem."""
    code, fix = next((code, fix) for code, pattern, fix in KINDS
                     if pattern.search(problem.message))  # S110 matches anything
    if code != "S110":
        return code, fix
    if problem.file.endswith(".md") and not problem.field:
        return MARKDOWN
    return (code, fix) if problem.field else OTHER


def as_finding(item: Problem | Finding) -> Finding:
    """A loading problem as an error finding with its code; a finding as it is."""
    if isinstance(item, Finding):
        return item
    code, fix = code_and_fix(item)
    return Finding(item, "error", code, fix)
