"""CommonMark for course text: raw HTML is shown as text, links must be http(s)."""

from __future__ import annotations

import re
from functools import cache

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
    md.validateLink = lambda url: url_problem(url) is None  # anything else stays plain text

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

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("link_open", link_open)
    return md


# A comment on a line of its own is the author's (review markers among them): with raw
# HTML off it would show as text, so it is left out instead.
_COMMENT_LINE = re.compile(r"^[ \t]*<!--.*?-->[ \t]*$", re.M)


def render(text: str, heading_shift: int = HEADING_SHIFT) -> str:
    return _parser().render(_COMMENT_LINE.sub("", text), {"shift": heading_shift})


def problems(text: str, filename: str) -> list[Problem]:
    """Links that are not http(s), and images (not supported yet), with their lines."""
    found: list[Problem] = []
    for block in _parser().parse(text):
        line = block.map[0] + 1 if block.map else None
        if any(tok.type == "image" for tok in block.children or ()):
            found.append(Problem(filename, line, "", "images are not supported in course text "
                                                     "yet; describe the image in words"))
    # A link whose address fails validateLink never becomes a link token (it stays
    # text), so find link targets in the source: [text](target), [ref]: target, <target>.
    for i, src_line in enumerate(text.splitlines(), 1):
        for pattern in _LINK_TARGETS:
            for m in pattern.finditer(src_line):
                if (why := url_problem(m.group(1))) is not None:
                    found.append(Problem(filename, i, "", f"link {why}"))
    return sorted(set(found))


_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)>?[^)]*\)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"),
    re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>"),
)
