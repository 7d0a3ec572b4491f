"""The packaging standards lmspack builds and reads, found by name in the
`lmspack.standards` entry point group (as pytest and MkDocs find their plugins).

lmspack declares its own three in pyproject.toml; any installed package may add one:

    [project.entry-points."lmspack.standards"]
    cmi5 = "lmspack_cmi5:Cmi5"

naming a subclass of `Standard` (standards/base.py). The built-in ones come first, in
BUILT_IN's order (the order `validate` breaks ties in), then the others by name.
Names are read without importing anything; a standard's module is imported when it
is first used.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from lmspack.standards.base import Standard

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "lmspack.standards"
# As pyproject.toml declares them (a test checks): used where lmspack runs from a
# source tree that is not installed, so has no entry points of its own.
BUILT_IN = (("scorm12", "lmspack.standards.scorm12:Scorm12"),
            ("scorm2004", "lmspack.standards.scorm2004:Scorm2004"),
            ("imscp", "lmspack.standards.imscp:ImsCp"))


class StandardError(Exception):
    """A registered standard cannot be loaded, or a name is not registered."""


@cache
def _entry_points() -> dict[str, EntryPoint]:
    from importlib.metadata import EntryPoint, entry_points

    found = list(entry_points(group=GROUP))
    if not any(ep.dist and ep.dist.name == "lmspack" for ep in found):
        found = [EntryPoint(name, value, GROUP) for name, value in BUILT_IN] + found
    order = [name for name, _ in BUILT_IN]

    def rank(ep: EntryPoint) -> tuple[int, int, str]:
        own = ep.value.startswith("lmspack.") and ep.name in order
        return (0, order.index(ep.name), "") if own else (1, 0, ep.name)

    registry: dict[str, EntryPoint] = {}
    for ep in sorted(found, key=rank):
        registry.setdefault(ep.name, ep)  # a name taken already (by lmspack) stays
    return registry


def names() -> list[str]:
    """Every registered standard's name, in order, without importing any of them."""
    return list(_entry_points())


@cache
def standard_class(name: str) -> type[Standard]:
    ep = _entry_points().get(name)
    if ep is None:
        raise StandardError(f"no standard is named '{name}'; the standards are "
                            f"{', '.join(names())}")
    try:
        cls = ep.load()
    except Exception as exc:  # an outside package's module: report it, no traceback
        raise StandardError(f"the standard '{name}' ({ep.value}) cannot be loaded: "
                            f"{type(exc).__name__}: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, Standard)) or cls.name != name:
        raise StandardError(f"the standard '{name}' ({ep.value}) is not a Standard "
                            f"subclass named '{name}'")
    return cls


def get(name: str) -> Standard:
    return standard_class(name)()


def every() -> list[Standard]:
    """One of each registered standard, in order."""
    return [get(name) for name in names()]


def taken_as(name: str) -> str:
    """How platforms name packages of this standard; its name if it is not installed."""
    try:
        cls = standard_class(name)
    except StandardError:
        return name
    return cls.taken_as or cls.short_label or cls.label


def outside_sources() -> dict[str, str]:
    """Each standard registered by another package ("name = module:attr") and where
    its code is: its package's folder, or its module's file ("" if not found). The
    build cache's key holds them (lmspack/cache.py)."""
    from importlib.util import find_spec

    out = {}
    for name, ep in _entry_points().items():
        if ep.value.startswith("lmspack."):
            continue
        try:
            spec = find_spec(ep.module)
        except (ImportError, ValueError):
            spec = None
        where = ""
        if spec and spec.submodule_search_locations:
            where = next(iter(spec.submodule_search_locations), "")
        elif spec and spec.origin and spec.has_location:
            where = spec.origin
        out[f"{name} = {ep.value}"] = where
    return out


def __getattr__(attr: str) -> Any:
    # STANDARDS: {name: class} of every registered standard, loaded when first asked for.
    if attr == "STANDARDS":
        return {name: standard_class(name) for name in names()}
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


__all__ = ["BUILT_IN", "GROUP", "Standard", "StandardError", "every", "get", "names",
           "standard_class", "taken_as"]
