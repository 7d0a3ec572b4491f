"""CommonMark for course text: raw HTML is shown as text, links must be http(s)."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lmspack.config.options import url_problem
from lmspack.errors import Problem

HEADING_SHIFT = 2  # course text sits under the page's h1, the section h2 and an h3


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: url_problem(url) is None  # anything else stays plain text

    def heading_open(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        level = min(int(tokens[idx].tag[1]) + HEADING_SHIFT, 6)
        return f"<h{level}>"

    def heading_close(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        level = min(int(tokens[idx].tag[1]) + HEADING_SHIFT, 6)
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


def render(text: str) -> str:
    return _parser().render(text)


def problems(text: str, filename: str) -> list[Problem]:
    """Links that are not http(s), and images (not supported yet), with their lines."""
    found: list[Problem] = []
    for block in _parser().parse(text):
        line = block.map[0] + 1 if block.map else None
        for tok in block.children or ():
            if tok.type == "image":
                found.append(Problem(filename, line, "", "images are not supported in course "
                                                         "text yet; describe the image in words"))
            elif tok.type == "link_open":
                href = str(tok.attrGet("href") or "")
                if (why := url_problem(href)) is not None:
                    found.append(Problem(filename, line, "", f"link {why}"))
    # Links that failed validateLink are left as text: find their [text](target) form.
    for i, src_line in enumerate(text.splitlines(), 1):
        for target in _unlinked_targets(src_line):
            if (why := url_problem(target)) is not None:
                found.append(Problem(filename, i, "", f"link {why}"))
    return sorted(set(found))


def _unlinked_targets(src_line: str) -> list[str]:
    import re

    return [m.group(1) for m in re.finditer(r"\]\(\s*<?([^)\s>]+)>?[^)]*\)", src_line)]
