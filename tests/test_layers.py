"""Data flows one way: source, model, render, package, validate (docs/architecture.md).

Every import in src/lmspack, at the top of a module or inside a function, type-only
imports included, is checked against the layer it comes from: a module may import its
own layer and the layers that layer is allowed to use, never one above it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "lmspack"

# Each layer, by module prefix (the longest matching prefix wins), and the layers it
# may import besides itself. Read bottom up, this is the flow of a build.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": (),
    "source": ("base",),  # reading YAML, declarative fields
    "model": ("base", "source"),  # the course as lmspack knows it
    "lint": ("base", "source", "model"),
    "render": ("base", "model"),  # the page, the statement: from the model only
    "package": ("base",),  # the reproducible zip writer
    "reading": ("base",),  # guarded zip reading, schema compilation, findings
    "standards": ("base", "model", "render", "package", "reading"),
    "validate": ("base", "reading", "standards"),
    "build": ("base", "model", "render", "package", "reading", "standards", "validate"),
    "app": ("base", "source", "model", "lint", "render", "package", "reading", "standards",
            "validate", "build"),
}
MODULES: dict[str, str] = {
    "lmspack": "base",  # lmspack/__init__.py: the version
    "lmspack.errors": "base",
    "lmspack.paths": "base",
    "lmspack.resources": "base",
    "lmspack.urls": "base",
    "lmspack.characters": "base",
    "lmspack.video_sites": "base",
    "lmspack.cachedir": "base",
    "lmspack.forking": "base",
    "lmspack.config": "source",
    "lmspack.structure": "model",
    "lmspack.lint": "lint",
    "lmspack.render": "render",
    "lmspack.package": "package",
    "lmspack.validate.reader": "reading",
    "lmspack.validate.report": "reading",
    "lmspack.validate.schemas": "reading",
    "lmspack.validate.zipentry": "reading",
    "lmspack.standards": "standards",
    "lmspack.validate": "validate",
    "lmspack.builder": "build",
    "lmspack.cache": "build",
    "lmspack.courses": "app",
    "lmspack.terminal": "app",
    "lmspack.draft": "app",
    "lmspack.preview": "app",
    "lmspack.commands": "app",
    "lmspack.cli": "app",
    "lmspack.__main__": "app",
}


def layer_of(module: str) -> str:
    # "lmspack" itself names the package's __init__ only, not everything under it.
    prefixes = [p for p in MODULES if module == p or p != "lmspack" and module.startswith(p + ".")]
    if not prefixes:
        raise AssertionError(f"{module} is in no layer: add it to MODULES in {__file__}")
    return MODULES[max(prefixes, key=len)]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, here: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) of every lmspack module that the module `here` imports."""
    tree = ast.parse(source)
    package = here if is_package else here.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from lmspack.render import markdown` imports lmspack.render.markdown.
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                module = candidate if _is_module(candidate) else base
                found.append((node.lineno, module))
    return [(line, m) for line, m in found if m == "lmspack" or m.startswith("lmspack.")]


def _is_module(name: str) -> bool:
    path = SRC.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for path in SOURCES:
        layer_of(module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_flow(path: Path) -> None:
    here = module_name(path)
    mine = layer_of(here)
    allowed = {mine, *LAYERS[mine]}
    found = imports(path.read_text(encoding="utf-8"), here, path.name == "__init__.py")
    wrong = [f"{path.relative_to(SRC)}:{line}: {here} ({mine}) imports {target} "
             f"({layer_of(target)})" for line, target in found
             if layer_of(target) not in allowed]
    assert not wrong, "imports against the flow:\n" + "\n".join(wrong)


def test_the_checker_sees_a_wrong_import() -> None:
    """The test above can fail: a render module importing the build cache, inside a
    function and relatively, is caught."""
    source = "def f():\n    from ..cache import folder\n    from lmspack.render import markdown\n"
    found = imports(source, "lmspack.render.probe")
    assert found == [(2, "lmspack.cache"), (3, "lmspack.render.markdown")]
    assert layer_of("lmspack.cache") not in LAYERS[layer_of("lmspack.render.probe")]
