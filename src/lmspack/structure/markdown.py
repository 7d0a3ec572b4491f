"""Course Markdown, parsed once when the course is loaded.

A Document keeps markdown-it's token stream (as plain data, so that a cached course
unpickles without markdown-it) and every link and image in it with its line. The
parse accepts every link target, so that a `javascript:` or `ftp:` link is found by
the parser like any other and reported with its line; the checks here refuse what
is not http(s), so the renderer only ever sees links it may show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from lmspack.config import kinds
from lmspack.errors import Diagnostic, made
from lmspack.urls import IMAGE_PATH, url_problem

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(frozen=True)
class Link:
    line: int | None
    target: str  # as markdown-it normalises it: what the page would link to
    image: bool
    alt: str = ""  # an image's alternative text


@dataclass(frozen=True, eq=False)  # compared by identity: the renderer caches by document
class Document:
    file: str  # as messages name it
    text: str
    tokens: tuple[dict[str, Any], ...]  # markdown-it's block tokens, Token.as_dict()
    links: tuple[Link, ...]  # links and images, in source order

    @property
    def images(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.image)

    @property
    def first_heading(self) -> tuple[int | None, str] | None:
        """The line and words of the document's first heading (its inline markup of
        emphasis and code left out), or None where it has none."""
        for tok, following in zip(self.tokens, self.tokens[1:], strict=False):
            if tok["type"] == "heading_open":
                line = tok["map"][0] + 1 if tok.get("map") else None
                return line, re.sub(r"[*_`]", "", following.get("content", "")).strip()
        return None


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # every target becomes a token; check() judges it
    return md


# A comment on lines of its own is the author's (review markers among them): with raw
# HTML off it would show as text, so it is left out. Its line breaks stay, so that
# every later line keeps its number.
_COMMENT_LINE = re.compile(r"^[ \t]*<!--(?:(?!-->).)*-->[ \t]*$", re.M | re.S)


def parse(text: str, file: str) -> Document:
    env: dict[str, Any] = {}
    source = _COMMENT_LINE.sub(lambda m: "\n" * m.group().count("\n"), text)
    blocks = _parser().parse(source, env)
    links: list[Link] = []
    for block in blocks:
        if block.type == "inline" and block.children:
            links += _inline_links(block.children, block.map[0] + 1 if block.map else None)
    # A reference definition ([name]: target) is a link where it is written, used or not.
    defined = [Link(ref["map"][0] + 1, ref["href"], False)
               for ref in env.get("references", {}).values()]
    hrefs = {d.target for d in defined}
    links = [link for link in links if link.image or link.target not in hrefs] + defined
    links.sort(key=lambda link: link.line or 0)
    return Document(file, text, tuple(b.as_dict() for b in blocks), tuple(links))


def _inline_links(children: list[Token], first_line: int | None) -> list[Link]:
    found = []
    line = first_line
    for tok in children:
        if tok.type in ("softbreak", "hardbreak") and line is not None:
            line += 1
        elif tok.type == "link_open":
            found.append(Link(line, str(tok.attrGet("href") or ""), False))
        elif tok.type == "image":
            found.append(Link(line, str(tok.attrGet("src") or ""), True, tok.content.strip()))
            found += _inline_links(tok.children or [], line)  # a link in its alt text
    return found


def problems(doc: Document) -> list[Diagnostic]:
    """Links that are not http(s), and images that are not files, with their lines."""
    found: list[Diagnostic] = []
    for link in doc.links:
        if link.image:
            if not IMAGE_PATH.fullmatch(link.target):
                found.append(made(doc.file, link.line, "", f"image '{link.target}' is not a "
                                  "picture file in the course folder (.png, .jpg, .gif or "
                                  ".webp): the module loads nothing from other sites",
                                  kind=kinds.BAD_FILE))
        elif (why := url_problem(link.target)) is not None:
            found.append(made(doc.file, link.line, "", f"link {why}", kind=kinds.of_text(doc.file)))
    return sorted(set(found))
