"""Declarative field types for course files, in the manner of MkDocs' config options:
the Option every field type is, and the types of single values (text, numbers, dates,
addresses, files). Groups and lists of values are in config/containers.py.

Each option checks one value and returns it normalised, or reports what is wrong
through the Context, with the kind of problem (config/kinds.py), and returns INVALID.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmspack.characters import CONTROL, control_message
from lmspack.config import kinds
from lmspack.config.yamlsource import UNREADABLE, Path_, YamlDocument, dotted
from lmspack.errors import Diagnostics, Kind
from lmspack.urls import url_problem

INVALID: Any = object()
MISSING: Any = object()


@dataclass
class Context:
    """Where values come from, and where problems go."""

    filename: str
    doc: YamlDocument
    course_dir: Path
    found: Diagnostics = field(default_factory=Diagnostics)

    def error(self, path: Path_, message: str, kind: Kind | None = None) -> Any:
        """Report a problem with the value at `path`, of `kind` (by default, one the
        value's field does not allow), and return INVALID."""
        where = dotted(path)
        self.found.error(self.filename, self.doc.line(path), where, message,
                         kind or kinds.of_value(where))
        return INVALID


def describe(value: Any) -> str:
    """How a wrongly typed value is named in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return repr(value)


class Option:
    def __init__(self, required: bool = True, default: Any = None, help: str = ""):
        self.required = required
        self.default = default
        self.help = help  # one line for editors (`lmspack schema`)

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """This option as JSON Schema (draft 2020-12), for editors: close to check(),
        which stays the authority (it also reads files and joins fields)."""
        schema = self._json_schema()
        if self.help:
            schema["description"] = self.help
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def _json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def check_read(self, value: Any, ctx: Context, path: Path_) -> Any:
        """check(), except for a value the YAML reader already reported."""
        return INVALID if value is UNREADABLE else self.check(value, ctx, path)

    def build(self, value: Any) -> Any:
        """The model's value for one that check() accepted."""
        return value


class Text(Option):
    """Non-empty text; `single_line` refuses line breaks, `pattern` a regex to match."""

    def __init__(self, *, single_line: bool = False, max_length: int | None = None,
                 pattern: str | None = None, pattern_hint: str = "", **kw: Any):
        super().__init__(**kw)
        self.single_line = single_line
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_hint = pattern_hint

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, bool):
            return ctx.error(path, f"expected text, got {describe(value)}: YAML reads yes, no, "
                                   "on, off, true and false as true/false; put the text in quotes",
                                   kinds.WRONG_TYPE)
        if not isinstance(value, str):
            return ctx.error(path, f"expected text, got {describe(value)}", kinds.WRONG_TYPE)
        value = value.strip()
        if not value:
            return ctx.error(path, "must not be empty")
        if (bad := CONTROL.search(value)) is not None:
            return ctx.error(path, control_message(bad.group()))
        if self.single_line and "\n" in value:
            return ctx.error(path, "must be a single line")
        if self.max_length and len(value) > self.max_length:
            return ctx.error(path, f"is {len(value)} characters long; at most "
                                   f"{self.max_length} are allowed")
        if self.pattern and not self.pattern.fullmatch(value):
            return ctx.error(path, f"{value!r} is not {self.pattern_hint}")
        return value

    def _json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_length:
            schema["maxLength"] = self.max_length
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern.pattern})$"
        elif self.single_line:
            schema["pattern"] = "^[^\\n]*$"
        return schema


class Identifier(Text):
    """A stable id: used in file names, manifests and SCORM interaction ids."""

    def __init__(self, **kw: Any):
        super().__init__(single_line=True, max_length=64, pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*",
                         pattern_hint="a valid id (lowercase letters, digits and single hyphens, "
                                      "for example 'action-in-30-days')", **kw)


class Version(Option):
    PATTERN = re.compile(r"[0-9]+(?:\.[0-9]+)*(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?")

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, float | int) and not isinstance(value, bool):
            return ctx.error(path, f"write the version in quotes (YAML read {value} as a number), "
                                   f"for example \"1.0.0\"", kinds.WRONG_TYPE)
        if not isinstance(value, str) or not self.PATTERN.fullmatch(value.strip()):
            return ctx.error(path, f"{describe(value)} is not a version such as 1.0.0")
        return value.strip()

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{self.PATTERN.pattern}$"}


class Language(Text):
    def __init__(self, **kw: Any):
        super().__init__(single_line=True, pattern=r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*",
                         pattern_hint="a language tag such as en-GB or cy", **kw)


class URL(Option):
    """An absolute http or https address with a host."""

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, str) or not value.strip():
            return ctx.error(path, f"expected a web address, got {describe(value)}",
                             kinds.WRONG_TYPE)
        problem = url_problem(value.strip())
        return ctx.error(path, problem) if problem else value.strip()

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https?://[^\\s/]+\\.[^\\s]*$"}


class Email(Option):
    """An email address, offered to learners as a mailto: link."""

    # Stricter than RFC 5322 allows: no ?, &, = or # that would add to a mailto: link.
    PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, str) or not self.PATTERN.fullmatch(value.strip()):
            return ctx.error(path, f"{describe(value)} is not an email address such as "
                                   "learning@example.nhs.uk")
        return value.strip()

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email", "pattern": f"^{self.PATTERN.pattern}$"}


class Date(Option):
    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return ctx.error(path, f"expected a date such as 2024-02-05, got {describe(value)}",
                         kinds.WRONG_TYPE)

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class Time(Option):
    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 13:00 as the base-60 number 780.
            return ctx.error(path, "write the time in quotes, for example \"13:00\"",
                             kinds.WRONG_TYPE)
        if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
            return value.strip()
        return ctx.error(path, f"expected a 24-hour time such as \"13:00\", got {describe(value)}",
                         kinds.WRONG_TYPE)

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}


class Integer(Option):
    def __init__(self, *, minimum: int | None = None, maximum: int | None = None, **kw: Any):
        super().__init__(**kw)
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return ctx.error(path, f"expected a whole number, got {describe(value)}",
                             kinds.WRONG_TYPE)
        too_low = self.minimum is not None and value < self.minimum
        too_high = self.maximum is not None and value > self.maximum
        if too_low and self.maximum is None:
            return ctx.error(path, f"must be at least {self.minimum}, got {value}")
        if too_low or too_high:
            return ctx.error(path, f"must be between {self.minimum} and {self.maximum}, "
                                   f"got {value}")
        return value

    def _json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


class Boolean(Option):
    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, bool):
            return ctx.error(path, f"expected true or false, got {describe(value)}",
                             kinds.WRONG_TYPE)
        return value

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class SourceFile(Option):
    """A file inside the course folder, named relative to it."""

    def __init__(self, *, suffixes: tuple[str, ...], **kw: Any):
        super().__init__(**kw)
        self.suffixes = suffixes

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, str) or not value.strip():
            return ctx.error(path, f"expected a file name, got {describe(value)}", kinds.WRONG_TYPE)
        name = value.strip()
        if CONTROL.search(name):  # NUL among them
            return ctx.error(path, f"{name!r} is not a usable file name")
        if "\\" in name or Path(name).is_absolute():
            return ctx.error(path, f"'{name}' must be a relative path with forward slashes")
        root = ctx.course_dir.resolve()
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            return ctx.error(path, f"'{name}' lies outside the course folder", kinds.BAD_FILE)
        if not target.is_file():
            return ctx.error(path, f"file '{name}' does not exist in {ctx.course_dir}",
                             kinds.BAD_FILE)
        if self.suffixes and target.suffix.lower() not in self.suffixes:
            return ctx.error(path, f"'{name}' must be a {' or '.join(self.suffixes)} file")
        return target

    def _json_schema(self) -> dict[str, Any]:
        # ECMA-262 regexes (what editors run) have no inline (?i): spell the cases out.
        ends = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c)
                                for c in suffix[1:]) for suffix in self.suffixes)
        return {"type": "string", "pattern": f"^[^\\\\]+\\.(?:{ends})$"}

