"""Write a new course folder: the fields of course.yml and quiz.yml, each with its
one-line help from config/schema.py, and a review marker on every drafted field."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from functools import cache
from typing import Any

import yaml

from lmspack.config import schema
from lmspack.config.containers import Fields, ListOf
from lmspack.config.options import Option
from lmspack.draft.facts import Fact, Facts
from lmspack.draft.page import Block

MARKER = "REVIEW:"
WIDTH = 88


@cache
def _environment():  # noqa: ANN202
    from jinja2 import Environment, PackageLoader, StrictUndefined

    # YAML, not HTML: values are quoted by yaml_value() below, so HTML escaping
    # (autoescape) would corrupt them.
    return Environment(loader=PackageLoader("lmspack.draft", "templates"), autoescape=False,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render_files(slug: str, facts: Facts, source: str | None) -> dict[str, str]:
    """course.yml, quiz.yml and description.md for a new course."""
    env = _environment()
    label, url = facts.recording.value or (None, None)
    values = {
        "slug": slug, "source": source, "f": facts,
        "licence": Fact(None, "who holds the rights in the webinar and its page, and how this "
                              "module may use them"),
        "learning_time": Fact(None, "how long the whole module takes: the recording, plus time "
                                    "to reflect and answer"),
        "recording_url": Fact(url, facts.recording.note),
        "recording_title": Fact(label or None, "the link's words on the page" if label else ""),
        "pass_mark": Fact(80, "lmspack's suggestion: use your organisation's pass mark"),
        "field": lambda path, value: _field(schema.COURSE, path, value),
        "help": lambda path, prefix=None: _comment(_option(schema.COURSE, path).help,
                                                   prefix or "# ", 0 if prefix else
                                                   path.count(".")),
        "qhelp": lambda path: _comment(_option(schema.QUIZ, path).help, "# ", 0),
    }
    return {"course.yml": env.get_template("course.yml.j2").render(values),
            "quiz.yml": env.get_template("quiz.yml.j2").render(values),
            "description.md": description_markdown(facts.description, source)}


def _option(fields: Fields, path: str) -> Option:
    option: Option = fields
    for part in path.split("."):
        assert isinstance(option, Fields), path
        option = option.fields[part]
    return option


def _comment(text: str, prefix: str, depth: int) -> str:
    return "\n".join("  " * depth + prefix + line
                     for line in textwrap.wrap(text, WIDTH - len(prefix) - 2 * depth))


def _field(fields: Fields, path: str, value: Any) -> str:
    """`# help`, `# REVIEW: note` when the value is drafted or missing, then `key: value`."""
    depth = path.count(".")
    option = _option(fields, path)
    fact = value if isinstance(value, Fact) else Fact(value, "")
    lines = [_comment(option.help, "# ", depth)]
    if fact.note:
        lines.append("  " * depth + f"# {MARKER} {fact.note}")
    key = "  " * depth + path.rsplit(".", 1)[-1] + ":"
    lines.append(key + yaml_value(fact.value, depth, isinstance(option, ListOf)))
    return "\n".join(lines)


def yaml_value(value: Any, depth: int, is_list: bool = False) -> str:
    """A value as it follows `key:` in block style; nothing for a missing one."""
    indent = "  " * (depth + 1)
    if value is None or value == [] or value == "":
        return ""
    if is_list or isinstance(value, list):
        return "".join(f"\n{indent}- " + _scalar(v, indent + "  ").lstrip(" ") for v in value)
    return " " + _scalar(value, indent)


_TIME = re.compile(r"\d{2}:\d{2}")


def _scalar(value: Any, indent: str) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | dt.date):
        return str(value)
    text = str(value)
    if _TIME.fullmatch(text) or re.fullmatch(r"[\d.]+", text):
        return f'"{text}"'  # YAML would read 13:00 and 1.0 as numbers
    if (len(text) + len(indent) > WIDTH - 20 and text.isprintable() and text == text.strip()):
        wrapped = textwrap.wrap(text, WIDTH - len(indent), break_long_words=False,
                                break_on_hyphens=False)
        return ">-\n" + "\n".join(indent + line for line in wrapped)
    if _plain_is_safe(text):
        return text
    # A JSON string is a YAML double-quoted one; characters YAML cannot hold raw are escaped.
    printable = all(c.isprintable() or c in "\t" for c in text)
    return json.dumps(text, ensure_ascii=not printable)


def _plain_is_safe(text: str) -> bool:
    if (not text or not text.isprintable() or text != text.strip() or ": " in text
            or " #" in text or text.endswith(":")):
        return False
    if text[0] in "!&*-?[]{}|>'\"%@`#,:":
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


# Characters that would start Markdown syntax inside a line of page text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def md_escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\\\1", text)


def description_markdown(blocks: list[Block], source: str | None) -> str:
    if source is None:
        return (f"<!-- {MARKER} write the webinar's description from its event page: what it "
                "covered and who held it. Only what the page says. -->\n")
    out = [f"<!-- {MARKER} the event page's text, as it was saved: keep what learners need, "
           "and use headings (##) for its parts -->", ""]
    previous = None
    for b in blocks:
        if previous == "item" and b.kind != "item":
            out.append("")
        if b.kind == "heading":
            out += [f"## {md_escape(b.text)}", ""]
        elif b.kind == "item":
            out.append(f"- {md_escape(b.text)}")
        else:
            out += [md_escape(b.text), ""]
        previous = b.kind
    return "\n".join(out).rstrip("\n") + "\n"
