"""Read a saved webinar event page (plain text or HTML) into blocks of text.

A page is a list of blocks (headings, paragraphs, list items) with their links.
HTML loses its chrome first (navigation, header, footer, cookie banners, scripts),
so what is left is the event's own content. Nothing here interprets the text:
draft/facts.py finds the event's facts in the blocks.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lmspack.errors import Diagnostic, LmspackError

# A saved event page is a few kB to a few hundred; refuse what cannot be one.
MAX_PAGE_BYTES = 5_000_000


@dataclass(frozen=True)
class Block:
    kind: str  # heading | para | item
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (link text, absolute http(s) address)


@dataclass
class Page:
    source: str  # the file, as the author named it
    blocks: list[Block]
    lang: str | None = None  # as the page declares it (HTML only)
    meta: dict[str, str] = field(default_factory=dict)  # description, keywords, site, url
    embeds: list[str] = field(default_factory=list)  # frame addresses (YouTube, Vimeo ...)

    def text(self) -> str:
        """Everything the page says, one block per line (for tests and language guesses)."""
        return "\n".join([b.text for b in self.blocks] + list(self.meta.values()))


def read_page(path: Path, shown: str) -> Page:
    raw = read_limited(path, shown)
    head = raw[:1024].lstrip().lower()
    html = path.suffix.lower() in (".html", ".htm", ".xhtml") or head.startswith(
        (b"<!doctype", b"<html"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(shown, f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save the "
                            "page as UTF-8") from exc
    if (bad := _BINARY.search(text)) is not None:
        raise _error(shown, f"is not a saved web page: it contains the control character "
                            f"U+{ord(bad.group()):04X}")
    page = _read_html(text, shown) if html else Page(shown, _text_blocks(text))
    if not page.blocks:
        raise _error(shown, "has no text to draft a course from")
    return page


_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_limited(path: Path, shown: str) -> bytes:
    """The bytes of a regular file (after links), at most MAX_PAGE_BYTES of them. The
    opened descriptor is what is checked, not the name, and the limit counts bytes read,
    not the size the file claims: a FIFO would wait for ever, /dev/zero never ends."""
    too_big = (f"is larger than {MAX_PAGE_BYTES // 1_000_000} MB; save the event page "
               "alone")
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once, to be refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(
            os, "O_BINARY", 0))
    except OSError as exc:
        raise _error(shown, f"cannot be read: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _error(shown, "is not a regular file (it is a device, a FIFO or a socket); "
                                "save the event page as a file and name that")
        if info.st_size > MAX_PAGE_BYTES:
            raise _error(shown, too_big)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks, left = [], MAX_PAGE_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _error(shown, f"cannot be read: {exc.strerror}") from exc
    finally:
        os.close(fd)
    if left <= 0:  # it grew while being read
        raise _error(shown, too_big)
    return b"".join(chunks)


def http_url(url: str) -> str | None:
    """URL if it is an http(s) address with a host and nothing hidden in it, else None:
    the drafter writes no other kind (javascript:, data:, file:)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if re.search(r"[\x00-\x20\x7f]", url):
        return None
    return url


def _error(shown: str, message: str) -> LmspackError:
    return LmspackError([Diagnostic(shown, None, "", message)])


# --- plain text -------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•●▪◦·*\-–]|\d{1,2}[.)])\s+(.*)$")
WRAPPED = 50  # a line at least this long may have been wrapped
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def _text_blocks(text: str) -> list[Block]:
    """Blank lines end a paragraph and a bulleted line starts an item. A line joins the
    one before only if that was long (wrapped prose) and neither holds an address, so
    lines such as one recording per line stay apart. A short line that is not a sentence, alone,
    is a heading ("General information")."""
    blocks: list[Block] = []
    lines: list[str] = []
    kind = "para"

    def flush() -> None:
        nonlocal lines
        joined = _clean(" ".join(lines))
        if joined:
            links = tuple((joined, u) for found in _URL.findall(joined)
                          if (u := http_url(found.rstrip(".,;"))))
            heading = (kind == "para" and len(lines) == 1 and len(joined) < 60 and not links
                       and not joined.endswith((".", "!", "?", ":", ";", ",")))
            blocks.append(Block("heading" if heading else kind, joined, links))
        lines = []

    for raw in text.splitlines():
        if not raw.strip():
            flush()
            kind = "para"
            continue
        if m := _BULLET.match(raw):
            flush()
            kind = "item"
            lines = [m.group(1)]
            continue
        if lines and (len(lines[-1].strip()) < WRAPPED or _URL.search(lines[-1])
                      or _URL.search(raw)):
            flush()
            kind = "para"
        lines.append(raw)
    flush()
    return blocks


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


# --- HTML -------------------------------------------------------------------

# Page chrome, never the event's content.
_CHROME_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "button",
                "svg", "select")
_PAGE_CHROME_TAGS = ("header", "footer")  # the site's, not an article's own
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search", "dialog")
# Whole class names only: "hero-banner" holds the event, "cookie-banner" does not.
_CHROME_CLASS = re.compile(r"(?:cookie|consent|gdpr)[\w-]*|breadcrumbs?|skip-?link|"
                           r"share(?:-[\w-]+)?|social[\w-]*|newsletter[\w-]*|site-(?:header|"
                           r"footer|nav)", re.I)
_BLOCK_TAGS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
               "h5": "heading", "h6": "heading", "p": "para", "li": "item", "dt": "para",
               "dd": "para", "figcaption": "para", "td": "para", "th": "para"}


def _read_html(text: str, shown: str) -> Page:
    import lxml.html
    from lxml import etree

    # Decoded here, as UTF-8: lxml guesses Latin-1 for a page without a charset line.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise _error(shown, f"cannot be read as HTML: {exc}") from exc
    meta = {}
    for name, key in (("description", "description"), ("keywords", "keywords"),
                      ("og:site_name", "site"), ("og:url", "url")):
        for el in doc.xpath(f'//meta[@name="{name}" or @property="{name}"]/@content'):
            if _clean(el):
                meta[key] = _clean(el)
                break
    if "url" in meta and http_url(meta["url"]) is None:
        del meta["url"]  # only an http(s) address is ever drafted
    for href in doc.xpath('//link[@rel="canonical"]/@href')[:1]:
        if url := http_url(href):
            meta["url"] = url
    title = doc.xpath("//title")
    if title and _clean(title[0].text_content()):
        meta["title"] = _clean(title[0].text_content())
    base = meta.get("url", "")
    lang = (doc.get("lang") or "").strip() or None

    for br in doc.iter("br"):
        br.tail = " " + (br.tail or "")
    for el in list(doc.iter(etree.Element)):
        if el.getparent() is None:
            continue
        if (el.tag in _CHROME_TAGS or el.get("role") in _CHROME_ROLES
                or el.tag in _PAGE_CHROME_TAGS and not _inside(el, ("article", "main"))
                or any(_CHROME_CLASS.fullmatch(c) for c in (el.get("class") or "").split())
                or el.get("hidden") is not None or el.get("aria-hidden") == "true"):
            el.drop_tree()
    main = (doc.xpath("//main//article") or doc.xpath("//main") or doc.xpath('//*[@role="main"]')
            or doc.xpath("//article") or doc.xpath("//body") or [doc])[0]

    # Frames left in the content: an event page embeds its recording.
    embeds = [u for src in main.xpath(".//iframe/@src")
              if (u := http_url(urljoin(base, src.strip())))]
    blocks: list[Block] = []
    for el in main.iter(*_BLOCK_TAGS):
        if el.tag in ("p", "dt", "dd") and _inside(el, ("li", "td", "th", "dd", "dt")):
            continue  # read with the item or cell that holds it
        if el.tag == "dt":
            dd = el.getnext()
            if dd is not None and dd.tag == "dd":
                text = f"{_clean(el.text_content())}: {_clean(dd.text_content())}"
                blocks.append(Block("para", text, _links(dd, base)))
            continue
        if el.tag == "dd" and el.getprevious() is not None and el.getprevious().tag == "dt":
            continue
        text = _clean(_own_text(el))
        if text:
            blocks.append(Block(_BLOCK_TAGS[el.tag], text, _links(el, base)))
    return Page(shown, blocks, lang, meta, embeds)


def _inside(el, tags: tuple[str, ...]) -> bool:  # noqa: ANN001
    return any(a.tag in tags for a in el.iterancestors())


def _own_text(el) -> str:  # noqa: ANN001
    """An element's text without its nested lists (each nested item is its own block)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in ("ul", "ol"):
            # Block children (two paragraphs in an item) are separate words.
            pad = " " if child.tag in _SPACED else ""
            parts.append(pad + child.text_content() + pad)
        parts.append(child.tail or "")
    return "".join(parts)


_SPACED = {"p", "div", "br", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
           "section", "blockquote", "figcaption", "td", "th", "tr"}


def _links(el, base: str) -> tuple[tuple[str, str], ...]:  # noqa: ANN001
    out = []
    for a in el.iter("a"):
        if href := http_url(urljoin(base, (a.get("href") or "").strip())):
            out.append((_clean(a.text_content()), href))
    return tuple(out)
