"""The kinds of problem that stop a course loading, each with the stable code and the
fix `lmspack check` prints (docs/course-format.md, "Checking", lists them). Each place
that makes a loading problem names its kind."""

from __future__ import annotations

from lmspack.errors import Kind

NOT_YAML = Kind("S101", "correct the YAML at that line: put text that contains ': ' or "
                        "' #' in quotes, and indent with spaces")
UNREADABLE_VALUE = Kind("S102", "write the value as plain text, a number, a date or a list, "
                                "without a YAML tag (!...)")
TOO_BIG = Kind("S103", "write the values out in full: no YAML aliases (*name) repeating "
                       "whole lists, and no deep nesting")
ALIAS = Kind("S104", "write the values out in full, without aliases (*name) or merge keys (<<)")
TWICE = Kind("S105", "keep one of the two")
UNKNOWN_FIELD = Kind("S106", "correct the field's name, or delete it (docs/course-format.md "
                             "lists every field)")
REQUIRED = Kind("S107", "fill in the field (docs/course-format.md says what it holds)")
WRONG_TYPE = Kind("S108", "give the field the kind of value it takes, as the message says")
BAD_FILE = Kind("S109", "correct the file's name, or the file")
BAD_VALUE = Kind("S110", "correct the value as the message says")
SHARED_ID = Kind("S111", "give each course its own id")
MARKDOWN = Kind("S112", "correct the Markdown as the message says (docs/course-format.md, "
                        "description.md)")
OTHER = Kind("S100", "correct the course as the message says (docs/course-format.md)")

ALL = (NOT_YAML, UNREADABLE_VALUE, TOO_BIG, ALIAS, TWICE, UNKNOWN_FIELD, REQUIRED, WRONG_TYPE,
       BAD_FILE, BAD_VALUE, SHARED_ID, MARKDOWN, OTHER)


def of_value(field: str) -> Kind:
    """A problem with a value: a field's (S110), or the file's as a whole (S100)."""
    return BAD_VALUE if field else OTHER


def of_text(file: str) -> Kind:
    """A problem with what a text file holds: Markdown's (S112), or another's (S100)."""
    return MARKDOWN if file.endswith(".md") else OTHER
