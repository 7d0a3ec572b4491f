"""The options that hold other options: lists, groups of fields (each a Model's, with
its rules) and mappings, and the quiz's answer. Each passes a longer field path down,
so every message names the exact field and line."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from lmspack.config import kinds
from lmspack.config.options import INVALID, Boolean, Context, Identifier, Option, describe
from lmspack.config.yamlsource import Path_

if TYPE_CHECKING:
    from lmspack.config.model import Model


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
            return ctx.error(path, f"expected a list, got {describe(value)}", kinds.WRONG_TYPE)
        if len(value) < self.min_items:
            return ctx.error(path, f"has {len(value)} item{'s' * (len(value) != 1)}; "
                                   f"at least {self.min_items} are needed", kinds.REQUIRED)
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
            return ctx.error(path, f"expected a group of fields, got {describe(value)}",
                             kinds.WRONG_TYPE)
        out: dict[str, Any] = {}
        for key in value:
            if key not in self.fields:
                near = difflib.get_close_matches(str(key), self.fields, n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                ctx.error(path + (key,), f"unknown field{hint}", kinds.UNKNOWN_FIELD)
        for name, option in self.fields.items():
            if name in value and value[name] is not None:
                out[name] = option.check_read(value[name], ctx, path + (name,))
            elif option.required:
                out[name] = ctx.error(path + (name,), "is required", kinds.REQUIRED)
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
            return ctx.error(path, f"expected a group of fields, got {describe(value)}",
                             kinds.WRONG_TYPE)
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
