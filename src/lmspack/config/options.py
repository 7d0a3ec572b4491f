"""Declarative field types for course files, in the manner of MkDocs' config options.

Each option checks one value and returns it normalised, or reports what is wrong
through the Context and returns INVALID. Containers (Fields, ListOf) pass a longer
field path down, so every message names the exact field and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmspack.characters import CONTROL, control_message
from lmspack.config.yamlsource import UNREADABLE, Path_, YamlDocument, dotted
from lmspack.errors import Problem
from lmspack.urls import url_problem

if TYPE_CHECKING:
    from lmspack.config.model import Model

INVALID: Any = object()
MISSING: Any = object()


@dataclass
class Context:
    """Where values come from, and where problems go."""

    filename: str
    doc: YamlDocument
    course_dir: Path
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Path_, message: str) -> Any:
        self.problems.append(Problem(self.filename, self.doc.line(path), dotted(path), message))
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
                                   "on, off, true and false as true/false; put the text in quotes")
        if not isinstance(value, str):
            return ctx.error(path, f"expected text, got {describe(value)}")
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
                                   f"for example \"1.0.0\"")
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
            return ctx.error(path, f"expected a web address, got {describe(value)}")
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
        return ctx.error(path, f"expected a date such as 2024-02-05, got {describe(value)}")

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class Time(Option):
    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 13:00 as the base-60 number 780.
            return ctx.error(path, "write the time in quotes, for example \"13:00\"")
        if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
            return value.strip()
        return ctx.error(path, f"expected a 24-hour time such as \"13:00\", got {describe(value)}")

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}


class Integer(Option):
    def __init__(self, *, minimum: int | None = None, maximum: int | None = None, **kw: Any):
        super().__init__(**kw)
        self.minimum, self.maximum = minimum, maximum

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return ctx.error(path, f"expected a whole number, got {describe(value)}")
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
            return ctx.error(path, f"expected true or false, got {describe(value)}")
        return value

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class ListOf(Option):
    def __init__(self, item: Option, *, min_items: int = 0, max_items: int | None = None,
                 single_ok: bool = False, **kw: Any):
        super().__init__(**kw)
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.single_ok = single_ok  # accept one value written without a list

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if self.single_ok and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            return ctx.error(path, f"expected a list, got {describe(value)}")
        if len(value) < self.min_items:
            return ctx.error(path, f"has {len(value)} item{'s' * (len(value) != 1)}; "
                                   f"at least {self.min_items} are needed")
        if self.max_items is not None and len(value) > self.max_items:
            return ctx.error(path, f"has {len(value)} items; at most {self.max_items} are allowed")
        out = [self.item.check_read(v, ctx, path + (i,)) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in out) else out

    def build(self, value: Any) -> Any:
        if value is None:  # an optional field not given
            return None
        return tuple(self.item.build(v) for v in value)

    def _json_schema(self) -> dict[str, Any]:
        item = self.item.json_schema()
        schema: dict[str, Any] = {"type": "array", "items": item}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return {"anyOf": [item, schema]} if self.single_ok else schema


class Fields(Option):
    """A mapping with declared fields; unknown fields are errors (with a suggestion).

    With a `model` (a Model class), the model's validate() checks the rules that join
    its fields, and build() makes the model from the checked values."""

    def __init__(self, fields: dict[str, Option], *, model: type[Model] | None = None,
                 **kw: Any):
        super().__init__(**kw)
        self.fields = fields
        self.model = model

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, dict):
            return ctx.error(path, f"expected a group of fields, got {describe(value)}")
        out: dict[str, Any] = {}
        for key in value:
            if key not in self.fields:
                near = difflib.get_close_matches(str(key), self.fields, n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                ctx.error(path + (key,), f"unknown field{hint}")
        for name, option in self.fields.items():
            if name in value and value[name] is not None:
                out[name] = option.check_read(value[name], ctx, path + (name,))
            elif option.required:
                out[name] = ctx.error(path + (name,), "is required")
            else:
                out[name] = option.default
        if self.model is not None:
            self.model.validate(out, value, ctx, path)
        return out

    def build(self, value: Any) -> Any:
        if value is None:  # not given: a group of optional fields only is there, empty
            if self.model is None or any(o.required for o in self.fields.values()):
                return None
            value = {name: o.default for name, o in self.fields.items()}
        if self.model is None:
            return {name: o.build(value[name]) for name, o in self.fields.items()}
        return self.model.from_checked(value)

    def _json_schema(self) -> dict[str, Any]:
        return {"type": "object",
                "properties": {name: o.json_schema() for name, o in self.fields.items()},
                "required": [name for name, o in self.fields.items() if o.required],
                "additionalProperties": False}


class Mapping(Option):
    """A mapping from keys checked by `key` to values checked by `value`."""

    def __init__(self, key: Option, value: Option, **kw: Any):
        super().__init__(**kw)
        self.key, self.value = key, value

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, dict) or not value:
            return ctx.error(path, f"expected a group of fields, got {describe(value)}")
        out = {}
        for k, v in value.items():
            key = self.key.check(k, ctx, path + (k,))
            out[key] = self.value.check_read(v, ctx, path + (k,))
        return out

    def build(self, value: Any) -> Any:
        if value is None:  # an optional field not given
            return None
        return {k: self.value.build(v) for k, v in sorted(value.items())}

    def _json_schema(self) -> dict[str, Any]:
        # JSON object keys are text: say what the YAML keys (numbers, true/false) look like.
        keys: dict[str, Any] = {"pattern": "^[0-9]+$"}
        if isinstance(self.key, Boolean):
            keys = {"enum": ["true", "false"]}
        return {"type": "object", "minProperties": 1, "propertyNames": keys,
                "additionalProperties": self.value.json_schema()}


class Answer(Option):
    """The correct answer: an option id, a list of them, or true/false.

    Which form is right depends on the question type, checked with the quiz."""

    def __init__(self, **kw: Any):
        super().__init__(**kw)
        self.ids = ListOf(Identifier(), single_ok=True, min_items=1)  # one id or a list

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if isinstance(value, bool):
            return value
        return self.ids.check(value, ctx, path)

    def build(self, value: Any) -> Any:
        if value is None:  # an optional field not given
            return None
        return value if isinstance(value, bool) else tuple(value)

    def _json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "boolean"}, self.ids.json_schema()]}


class SourceFile(Option):
    """A file inside the course folder, named relative to it."""

    def __init__(self, *, suffixes: tuple[str, ...], **kw: Any):
        super().__init__(**kw)
        self.suffixes = suffixes

    def check(self, value: Any, ctx: Context, path: Path_) -> Any:
        if not isinstance(value, str) or not value.strip():
            return ctx.error(path, f"expected a file name, got {describe(value)}")
        name = value.strip()
        if CONTROL.search(name):  # NUL among them
            return ctx.error(path, f"{name!r} is not a usable file name")
        if "\\" in name or Path(name).is_absolute():
            return ctx.error(path, f"'{name}' must be a relative path with forward slashes")
        root = ctx.course_dir.resolve()
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            return ctx.error(path, f"'{name}' lies outside the course folder")
        if not target.is_file():
            return ctx.error(path, f"file '{name}' does not exist in {ctx.course_dir}")
        if self.suffixes and target.suffix.lower() not in self.suffixes:
            return ctx.error(path, f"'{name}' must be a {' or '.join(self.suffixes)} file")
        return target

    def _json_schema(self) -> dict[str, Any]:
        # ECMA-262 regexes (what editors run) have no inline (?i): spell the cases out.
        ends = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c)
                                for c in suffix[1:]) for suffix in self.suffixes)
        return {"type": "string", "pattern": f"^[^\\\\]+\\.(?:{ends})$"}

