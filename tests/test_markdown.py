"""Course Markdown: parsed once by the loader (structure/markdown.py), rendered from
that parse (render/markdown.py)."""

from __future__ import annotations

import pickle
import subprocess
import sys

from lmspack.render.markdown import render
from lmspack.structure.markdown import Link, parse, problems

WIKI = "https://en.wikipedia.org/wiki/Foo_(bar)"


def test_a_link_with_parentheses_is_found_and_rendered_whole() -> None:
    doc = parse(f"See [Foo]({WIKI}) now.\n", "d.md")
    assert doc.links == (Link(1, WIKI, False),)
    assert problems(doc) == []
    assert render(doc) == (f'<p>See <a href="{WIKI}" target="_blank" '
                           'rel="noopener noreferrer">Foo</a> now.</p>\n')


def test_every_kind_of_link_is_found_with_its_line() -> None:
    text = ("# Title\n\nOne line,\nthen [a](javascript:alert(1)) and <ftp://example.org/x>.\n\n"
            "> quoted [b][ref]\n\n[ref]: http://example.org/ref\n[unused]: mailto:a@b.org\n\n"
            "![A chart](images/chart.png)\n")
    doc = parse(text, "d.md")
    assert [(link.line, link.target, link.image) for link in doc.links] == [
        (4, "javascript:alert(1)", False), (4, "ftp://example.org/x", False),
        (8, "http://example.org/ref", False), (9, "mailto:a@b.org", False),
        (11, "images/chart.png", True)]
    assert doc.images[0].alt == "A chart"
    assert [p.line for p in problems(doc)] == [4, 4, 9]


def test_lines_after_an_authors_comment_keep_their_numbers() -> None:
    doc = parse("<!-- REVIEW: a note\nover two lines -->\nText [x](ftp://a.org).\n", "d.md")
    assert doc.links == (Link(3, "ftp://a.org", False),)
    assert "REVIEW" not in render(doc)


def test_rendering_shifts_headings_escapes_html_and_maps_images() -> None:
    doc = parse("## Part\n\n<script>x</script>\n\n![A chart](images/chart.png)\n", "d.md")
    html = render(doc, images={"images/chart.png": "media/images/images/chart.png"})
    assert "<h4>Part</h4>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<img src="media/images/images/chart.png" alt="A chart" />' in html
    assert "<h3>Part</h3>" in render(doc, heading_shift=1)
    # Each package renders the same document: rendering changes nothing in it.
    assert render(doc, images={"images/chart.png": "elsewhere.png"}).count("elsewhere.png") == 1


def test_a_parsed_document_unpickles_without_markdown_it() -> None:
    data = pickle.dumps(parse("Text [x](https://example.org).\n", "d.md"))
    code = ("import pickle, sys; doc = pickle.loads(sys.stdin.buffer.read()); "
            "print(doc.links[0].target, 'markdown_it' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                         check=True).stdout.decode().split()
    assert out == ["https://example.org", "False"]
