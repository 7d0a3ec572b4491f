"""Read YAML into plain Python values and remember the line of every field.

PyYAML's composer keeps the position of each node; we walk the node tree once,
building dicts and lists and a map from field path (a tuple of keys and list
indexes) to its 1-based line, so that every error can say where it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lmspack.config import kinds
from lmspack.errors import Diagnostic, made

if TYPE_CHECKING:  # PyYAML loads only when a file is read: a cached course needs none of it
    import yaml

Path_ = tuple[str | int, ...]
# A value YAML could not construct; already reported, so checks pass over it quietly.
UNREADABLE: Any = type("Unreadable", (), {"__repr__": lambda self: "<unreadable>"})()

# The most values a course file may hold, an alias counting as every value it repeats, and
# the deepest it may nest. A real course has a few hundred values, five levels deep; the
# bounds stop a file of a few kB (an "alias bomb") from expanding to gigabytes.
MAX_VALUES = 100_000
MAX_DEPTH = 50
_DEFAULT_TAGS = {"MappingNode": "tag:yaml.org,2002:map", "SequenceNode": "tag:yaml.org,2002:seq"}


class _TooBig(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.problem = made("", line, field, message, kind=kinds.TOO_BIG)


class YamlDocument:
    def __init__(self, data: Any, lines: dict[Path_, int]):
        self.data = data
        self.lines = lines

    def line(self, path: Path_) -> int | None:
        # Fall back to the nearest parent that has a line (a missing field is
        # reported at the mapping that should hold it).
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


# libyaml's parser, where PyYAML was built with it, is some twenty times faster than
# the pure-Python one; the pure-Python one words its errors better, so it re-reads
# any file libyaml refuses.
_FAST: Any = ...  # libyaml's loader once looked up, or None


def _compose(text: str) -> tuple[yaml.Node | None, yaml.SafeLoader] | None:
    """The document's node tree read by libyaml, or None if libyaml is absent or refuses."""
    global _FAST
    import yaml

    if _FAST is ...:
        _FAST = getattr(yaml, "CSafeLoader", None)
    if _FAST is None:
        return None
    loader = _FAST(text)
    try:
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def load_yaml(text: str, filename: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    import yaml

    fast = _compose(text)
    if fast is not None:
        node, loader = fast
        return _document(node, loader, filename)
    try:
        loader = yaml.SafeLoader(text)  # its reader refuses some characters at once
    except yaml.YAMLError as exc:
        return None, [made(filename, None, "", f"not valid YAML: {exc}", kind=kinds.NOT_YAML)]
    try:
        node = loader.get_single_node()
    except RecursionError:  # the pure-Python composer recurses once per level
        return None, [made(filename, loader.line + 1, "", f"nested more than {MAX_DEPTH} "
                           "levels deep; a course needs far fewer", kind=kinds.TOO_BIG)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "cannot be read"
        if exc.context:
            what += f" ({exc.context})"
        if what.startswith("mapping values are not allowed"):
            what += "; put text that contains ': ' in quotes"
        return None, [made(filename, line, "", f"not valid YAML: {what}", kind=kinds.NOT_YAML)]
    except yaml.YAMLError as exc:  # pragma: no cover - other reader errors
        return None, [made(filename, None, "", f"not valid YAML: {exc}", kind=kinds.NOT_YAML)]
    finally:
        loader.dispose()
    return _document(node, loader, filename)


def _document(node: yaml.Node | None, loader: yaml.SafeLoader,
              filename: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Plain values and the line of every field, from a composed node tree."""
    import yaml

    if node is None:
        return YamlDocument({}, {(): 1}), []
    lines: dict[Path_, int] = {}
    problems: list[Diagnostic] = []
    open_nodes: set[int] = set()  # the nodes being built: an alias to one is a cycle

    count = 0

    def explicit_tag(n: yaml.Node) -> str | None:
        """The tag the file gives this node (`!!str 12`, `!shout`), if any. A composed
        node no longer says whether its tag was written, so a tag that names what YAML
        would read anyway (`!!str text`, `!!seq [a]`) passes; it changes nothing."""
        if isinstance(n, yaml.ScalarNode):
            plain = not n.style  # libyaml gives a plain scalar the style "", PyYAML None
            implicit = loader.resolve(yaml.ScalarNode, n.value, (plain, not plain))
            return None if n.tag == implicit else n.tag
        return None if n.tag == _DEFAULT_TAGS[type(n).__name__] else n.tag

    def scalar(n: yaml.Node, path: Path_) -> Any:
        try:
            return loader.construct_object(n)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # For example a date that does not exist (2024-02-30), or an unknown tag.
            why = getattr(exc, "problem", None) or str(exc)
            problems.append(made(filename, n.start_mark.line + 1, _dotted(path),
                                 f"cannot read value: {why}", kind=kinds.UNREADABLE_VALUE))
            return UNREADABLE

    def build(n: yaml.Node, path: Path_) -> Any:
        nonlocal count
        line = n.start_mark.line + 1
        lines.setdefault(path, line)
        count += 1
        if count > MAX_VALUES:
            raise _TooBig(line, _dotted(path[:1]), f"holds more than {MAX_VALUES:,} values "
                          "(a YAML alias, *name, counts as every value it repeats); a "
                          "course needs far fewer")
        if len(path) > MAX_DEPTH:
            raise _TooBig(line, _dotted(path[:1]), f"nested more than {MAX_DEPTH} levels deep; "
                          "a course needs far fewer")
        if (tag := explicit_tag(n)) is not None and not (
                isinstance(n, yaml.ScalarNode) and tag.startswith("!")):
            # Unknown local tags on text (!shout) fall through to the constructor's message.
            problems.append(made(filename, line, _dotted(path), "cannot read value: YAML "
                                 f"tags such as '{_shown_tag(tag)}' are not allowed; "
                                 "write the value without it", kind=kinds.UNREADABLE_VALUE))
            return UNREADABLE
        if id(n) in open_nodes:
            problems.append(made(filename, n.start_mark.line + 1, _dotted(path),
                                 "an alias refers to the value that contains it",
                                 kind=kinds.ALIAS))
            return UNREADABLE
        if isinstance(n, yaml.MappingNode | yaml.SequenceNode):
            open_nodes.add(id(n))
            try:
                return build_collection(n, path)
            finally:
                open_nodes.discard(id(n))
        return scalar(n, path)

    def build_collection(n: yaml.Node, path: Path_) -> Any:
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(made(filename, key_node.start_mark.line + 1, _dotted(path),
                                         "a field name must be plain text",
                                         kind=kinds.of_value(_dotted(path))))
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(made(filename, key_node.start_mark.line + 1, _dotted(path),
                                         "merge keys (<<) are not supported", kind=kinds.ALIAS))
                    continue
                key = scalar(key_node, path)
                if key is UNREADABLE or isinstance(key, list | dict):
                    continue
                if key in out:
                    problems.append(made(filename, key_node.start_mark.line + 1,
                                         _dotted(path + (key,)), "field given twice",
                                         kind=kinds.TWICE))
                # A field's line is its key's: a nested value starts on the next line.
                lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = build(value_node, path + (key,))
            return out
        return [build(item, path + (i,)) for i, item in enumerate(n.value)]

    try:
        data = build(node, ())
    except _TooBig as exc:
        return None, [replace(exc.problem, file=filename)]
    return YamlDocument(data, lines), problems


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, bool):  # a true/false key, as in a true-false question's feedback
            part = str(part).lower()
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
