"""Jinja environments: autoescaped HTML for the player, autoescaped XML for manifests.

Compiling the player's page template costs more than rendering it many times, so
compiled templates are kept between runs in the user's cache folder (lmspack/cachedir.py),
as Jinja's FileSystemBytecodeCache keeps them: each is checked against its template's
source and the Python and Jinja versions before use.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket


class _Cache(FileSystemBytecodeCache):
    """A cache: a folder that cannot be read or written costs only the time."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def bytecode_cache() -> BytecodeCache | None:
    from lmspack.cachedir import folder

    found = folder("templates")
    return _Cache(str(found)) if found else None


@cache
def manifest_environment(root: str) -> Environment:
    return Environment(loader=FileSystemLoader(root), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=False,
                       bytecode_cache=bytecode_cache())


@cache
def player_environment(root: str) -> Environment:
    return Environment(loader=FileSystemLoader(root), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       bytecode_cache=bytecode_cache())
