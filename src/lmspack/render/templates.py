"""Jinja environments: autoescaped HTML for the player, autoescaped XML for manifests."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined


@cache
def manifest_environment(root: str) -> Environment:
    return Environment(loader=FileSystemLoader(root), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=False)
