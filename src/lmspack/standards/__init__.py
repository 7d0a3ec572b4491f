"""The packaging standards lmspack builds and reads, found by name in the
`lmspack.standards` entry point group (as pytest and MkDocs find their plugins).

lmspack declares its own three in pyproject.toml; any installed package may add one:

    [project.entry-points."lmspack.standards"]
    cmi5 = "lmspack_cmi5:Cmi5"

naming a subclass of `Standard` (standards/base.py). The built-in ones come first, in
BUILT_IN's order (the order `validate` breaks ties in), then the others by name; a
name lmspack uses already stays lmspack's. Names are read without importing any
standard; a standard's module is imported when it is first used.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

from lmspack.standards.base import Standard

GROUP = "lmspack.standards"
# As pyproject.toml declares them (a test checks): used where lmspack runs from a
# source tree that is not installed, so has no entry points of its own.
BUILT_IN = (("scorm12", "lmspack.standards.scorm12:Scorm12"),
            ("scorm2004", "lmspack.standards.scorm2004:Scorm2004"),
            ("imscp", "lmspack.standards.imscp:ImsCp"))


class StandardError(Exception):
    """A registered standard cannot be loaded, or a name is not registered."""


@dataclass(frozen=True)
class Entry:
    name: str
    value: str  # "module:attribute"
    dist: str  # the distribution that declares it, normalised: "lmspack", "lmspack_cmi5"

    @property
    def module(self) -> str:
        return self.value.split(":", 1)[0].strip()

    def load(self) -> Any:
        import importlib

        target = importlib.import_module(self.module)
        for attr in self.value.split("[", 1)[0].partition(":")[2].strip().split("."):
            target = getattr(target, attr) if attr else target
        return target


def declared() -> list[Entry]:
    """Every entry point of GROUP, as importlib.metadata.entry_points(group=GROUP) finds
    them (a test checks): in the *.dist-info and *.egg-info folders on sys.path, the
    first distribution of a name winning. Read here because importing
    importlib.metadata would cost a build of an unchanged course a quarter of its time."""
    seen: set[str] = set()
    found = []
    for entry in sys.path:
        try:
            listing = sorted(os.listdir(entry or "."))
        except OSError:  # not a folder (a zip), or gone
            continue
        for folder in listing:
            if not folder.endswith((".dist-info", ".egg-info")):
                continue
            dist = re.sub(r"[-_.]+", "_", folder.rsplit(".", 1)[0].split("-", 1)[0]).lower()
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(entry or ".", folder, "entry_points.txt"),
                          encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            found += [Entry(name, value, dist) for name, value in _section(text, GROUP)]
    return found


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The `name = value` lines of one [section] of an entry_points.txt."""
    current, out = None, []
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            name, value = line.split("=", 1)
            out.append((name.strip(), value.strip()))
    return out


@cache
def _entry_points() -> dict[str, Entry]:
    found = declared()
    if not any(ep.dist == "lmspack" for ep in found):
        found = [Entry(name, value, "lmspack") for name, value in BUILT_IN] + found
    order = [name for name, _ in BUILT_IN]

    def rank(ep: Entry) -> tuple[int, int, str]:
        own = ep.dist == "lmspack" and ep.name in order
        return (0, order.index(ep.name), "") if own else (1, 0, ep.name)

    registry: dict[str, Entry] = {}
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
        if ep.dist == "lmspack":
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


__all__ = ["BUILT_IN", "GROUP", "Entry", "Standard", "StandardError", "declared", "every",
           "get", "names", "outside_sources", "standard_class", "taken_as"]
