"""CommonMark for course text: raw HTML is shown as text, links must be http(s)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lmspack.config.options import url_problem
from lmspack.errors import Problem

# Course text sits under the page's h1, the section's h2 and an h3 ("About the
# webinar"): its ## becomes h4. A transcript sits right under its section's h2.
HEADING_SHIFT = 2


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Links must be http(s); images must be files in the course folder. Anything else
    # stays plain text (problems() reports it).
    md.validateLink = lambda url: url_problem(url) is None or bool(IMAGE_PATH.fullmatch(url))

    def heading_open(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        level = min(int(tokens[idx].tag[1]) + env.get("shift", HEADING_SHIFT), 6)
        return f"<h{level}>"

    def heading_close(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        level = min(int(tokens[idx].tag[1]) + env.get("shift", HEADING_SHIFT), 6)
        return f"</h{level}>\n"

    def link_open(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        # Links leave the LMS frame: open them in a new tab, without an opener.
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    def image(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        # The image as the package stores it; alt comes from the Markdown's [text].
        src = tokens[idx].attrGet("src")
        tokens[idx].attrSet("src", env.get("images", {}).get(src, ""))
        return renderer.image(tokens, idx, options, env)

    md.add_render_rule("image", image)
    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("link_open", link_open)
    return md


# A comment on lines of its own is the author's (review markers among them): with raw
# HTML off it would show as text, so it is left out instead.
_COMMENT_LINE = re.compile(r"^[ \t]*<!--(?:(?!-->).)*-->[ \t]*$", re.M | re.S)


def render(text: str, heading_shift: int = HEADING_SHIFT,
           images: dict[str, str] | None = None) -> str:
    """HTML for course text; `images` maps each image's source to its package path."""
    return _render(text, heading_shift, tuple(sorted((images or {}).items())))


@lru_cache(maxsize=32)  # each standard's package renders the same course text
def _render(text: str, heading_shift: int, images: tuple[tuple[str, str], ...]) -> str:
    return _parser().render(_COMMENT_LINE.sub("", text), {"shift": heading_shift,
                                                          "images": dict(images)})


# An image is a file in the course folder: a relative path to a picture.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_PATH = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^\s?#]+\.(?:png|jpe?g|gif|webp)",
                        re.IGNORECASE)


@lru_cache(maxsize=32)  # the loader and `check` both ask
def images(text: str) -> tuple[tuple[int | None, str, str], ...]:
    """(line, source, alternative text) of every image in the text."""
    if "![" not in text:  # every image, inline or by reference, starts so
        return ()
    found = []
    for block in _parser().parse(_COMMENT_LINE.sub("", text)):
        for tok in block.children or ():
            if tok.type == "image":
                found.append((block.map[0] + 1 if block.map else None, tok.attrGet("src"),
                              tok.content.strip()))
    return tuple(found)


def problems(text: str, filename: str) -> list[Problem]:
    """Links that are not http(s), and images that are not files, with their lines."""
    found: list[Problem] = []
    for i, target, image in link_targets(text):
        if image:
            if not IMAGE_PATH.fullmatch(target):
                found.append(Problem(filename, i, "", f"image '{target}' is not a picture file "
                                     "in the course folder (.png, .jpg, .gif or .webp): the "
                                     "module loads nothing from other sites"))
        elif (why := url_problem(target)) is not None:
            found.append(Problem(filename, i, "", f"link {why}"))
    return sorted(set(found))


def link_targets(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line, target, is an image) of every link and image written in the source.

    A link whose address fails validateLink never becomes a link token (it stays
    text), so targets are found in the source: [text](target), [ref]: target, <target>."""
    for i, src_line in enumerate(text.splitlines(), 1):
        for pattern in _LINK_TARGETS:
            for m in pattern.finditer(src_line):
                yield i, m.group("target"), bool(m.re is _LINK_TARGETS[0] and m.group("image"))


_LINK_TARGETS = (
    re.compile(r"(?P<image>!)?\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)>?[^)]*\)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)"),
    re.compile(r"<(?P<target>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>"),
)
