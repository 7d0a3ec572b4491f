"""HTML for course Markdown, from the document the loader parsed (structure/markdown.py).

Raw HTML was never parsed (it shows as text) and every link left in a loaded course
is http(s). Links open in a new tab without an opener, headings move under the
page's own, and images take their names in the package.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from lmspack.structure.markdown import Document, parse

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Course text sits under the page's h1, the section's h2 and an h3 ("About the
# webinar"): its ## becomes h4. A transcript sits right under its section's h2.
HEADING_SHIFT = 2


@cache
def _renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})

    def heading_open(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        level = min(int(tokens[idx].tag[1]) + env["shift"], 6)
        return f"<h{level}>"

    def heading_close(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        level = min(int(tokens[idx].tag[1]) + env["shift"], 6)
        return f"</h{level}>\n"

    def link_open(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        # Links leave the LMS frame: open them in a new tab, without an opener.
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    def image(renderer, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
        # The image as the package stores it; alt comes from the Markdown's [text].
        src = tokens[idx].attrGet("src")
        tokens[idx].attrSet("src", env["images"].get(src, ""))
        return renderer.image(tokens, idx, options, env)

    md.add_render_rule("image", image)
    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("link_open", link_open)
    return md


def render(doc: Document | str, heading_shift: int = HEADING_SHIFT,
           images: dict[str, str] | None = None) -> str:
    """HTML for a parsed document (or for text, parsed here: a course's documents come
    parsed and checked from the loader); `images` maps each image's source to its
    package path."""
    if isinstance(doc, str):
        doc = parse(doc, "")
    return _render(doc, heading_shift, tuple(sorted((images or {}).items())))


@lru_cache(maxsize=32)  # each standard's package renders the same documents
def _render(doc: Document, heading_shift: int, images: tuple[tuple[str, str], ...]) -> str:
    from markdown_it.token import Token

    md = _renderer()
    tokens = [Token.from_dict(dict(t)) for t in doc.tokens]  # fresh: the rules set attributes
    return md.renderer.render(tokens, md.options, {"shift": heading_shift,
                                                   "images": dict(images)})
