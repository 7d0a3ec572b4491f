"""Models: groups of fields declared once, from which come the checks (containers.Fields)
and the typed, frozen values the rest of lmspack reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from lmspack.config.containers import Fields
from lmspack.config.options import INVALID, Context, Option
from lmspack.config.yamlsource import Path_


class Model:
    """A group of fields declared once, as class attributes, in the manner of MkDocs'
    Config: `name: type = Option(...)` gives the field's type, whether it is required,
    its default and its help. Each subclass becomes a frozen dataclass of the checked
    values; an attribute annotated without an Option is the model's own, given when it
    is built or worked out by finish().

    fields() is the Option that checks a mapping against the declaration; validate()
    adds the rules that join fields; from_checked() makes the model, all at once."""

    declared: ClassVar[dict[str, Option]] = {}  # the fields, by name

    def __init_subclass__(cls, **kw: Any):
        super().__init_subclass__(**kw)
        options = dict(cls.declared)
        for name in cls.__dict__.get("__annotations__", {}):
            option = cls.__dict__.get(name)
            if isinstance(option, Option):
                options[name] = option
                if option.required:
                    delattr(cls, name)
                else:
                    setattr(cls, name, option.default)
        cls.declared = options
        dataclass(frozen=True, kw_only=True)(cls)

    @classmethod
    def fields(cls, **kw: Any) -> Fields:
        return Fields(cls.declared, model=cls, **kw)

    @classmethod
    def validate(cls, values: dict[str, Any], given: dict[Any, Any], ctx: Context,
                 path: Path_) -> None:
        """Report what breaks a rule joining fields; `values` are checked (some may be
        INVALID), `given` is the mapping as written."""

    @classmethod
    def finish(cls, values: dict[str, Any]) -> dict[str, Any]:
        """The values the model is made from: the built fields, and what follows from them."""
        return values

    @classmethod
    def from_checked(cls, values: dict[str, Any], **extra: Any) -> Any:
        built = {name: option.build(values[name]) for name, option in cls.declared.items()}
        return cls(**cls.finish(built | extra))


def has_invalid(value: Any) -> bool:
    """Whether a checked value holds INVALID anywhere."""
    if value is INVALID:
        return True
    if isinstance(value, dict):
        return any(has_invalid(v) for v in value.values())
    if isinstance(value, list):
        return any(has_invalid(v) for v in value)
    return False
