"""Find a webinar's facts in the blocks of its event page, inventing nothing.

Each fact found is kept with a note saying where it came from; a fact the page
does not give stays None with a note saying so. draft/writer.py turns both into
the review markers the author clears. English and Welsh pages are understood.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from lmspack.draft.page import Block, Page


@dataclass(frozen=True)
class Fact:
    value: Any  # None (or empty) when the page does not say
    note: str  # the review marker: where it came from, or what to write


@dataclass
class Facts:
    title: Fact
    summary: Fact
    language: Fact
    date: Fact
    start: Fact
    end: Fact
    timezone: Fact
    page: Fact
    audience: Fact
    organisers: Fact
    credits: Fact
    keywords: Fact
    objectives: Fact
    recording: Fact  # (label, url) or None
    recordings: list[tuple[str, str]] = field(default_factory=list)
    duration_minutes: Fact = Fact(None, "")
    description: list[Block] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return text.split()


_MONTHS = {name: i % 12 + 1 for i, name in enumerate(_words(
    "january february march april may june july august september october november december "
    # Welsh: after a number the month keeps its radical form ("14 Mawrth 2024").
    "ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi hydref tachwedd rhagfyr"
))}
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b",
                   re.I)
_CLOCK = r"(\d{1,2})(?:([:.])(\d{2}))?\s*([ap]\.?m\.?)?"
_TIMES = re.compile(rf"(?<![\d:.]){_CLOCK}\s*(?:-|–|—|to|until|tan|i)\s*{_CLOCK}(?![\d:])",
                    re.I)
_ZONE = re.compile(r"\b(GMT|BST|UTC)\b")
_AUDIENCE = re.compile(r"^(?:audience|who should attend|who (?:it|this) is for|who is it for|"
                       r"intended for|cynulleidfa|ar gyfer pwy)\s*[:–-]\s*(.+)$", re.I)
_OPEN_TO = re.compile(r"^(open to (?:all|[^.]{1,80})|agored i bawb)\.?$", re.I)
_TITLE_LABEL = re.compile(r"^(?:watch|webinar|event|recording|gwylio|gweminar|digwyddiad)\s*:\s*",
                          re.I)
_BY = re.compile(r"\b(?:organi[sz]ed|hosted|run|held|delivered|presented|facilitated) by\s+"
                 r"(.+?)(?=\s+(?:in partnership|as part of|on behalf of|with support|and funded)"
                 r"\b|[.;]|$)", re.I)
_PARTNERS = re.compile(r"\b(?:in partnership with|mewn partneriaeth (?:â|ag))\s+(.+?)"
                       r"(?=\s+(?:as part of|on behalf of|fel rhan o)\b|[.;]|$)", re.I)
_COVERED = re.compile(r"\b(?:covered|will cover|covers|topics|agenda|you will learn|"
                      r"you'll learn|key points|ymdrin|trafod)\b", re.I)
_RECORDING_WORDS = re.compile(r"\b(?:watch|recording|replay|catch up|video|gwylio|gwyliwch|"
                              r"recordiad)\b", re.I)
_SENTENCE_END = (".", "!", "?", ":")
# Short words common in each language, to tell a Welsh text page from an English one.
_WORDS = {"cy": frozenset(_words("yn y yr a ac i o ar mae gan gyda ein eich sut pam hwn hon "
                                 "bod neu roedd")),
          "en": frozenset(_words("the and of to in is for with on how this that was are be "
                                 "it"))}


def find_facts(page: Page) -> Facts:
    blocks = list(page.blocks)
    used: set[int] = set()  # blocks that became fields rather than description

    title, title_at = _title(page, blocks)
    if title_at is not None:
        used.add(title_at)
    summary, summary_at, summary_whole = _summary(page, blocks,
                                                  0 if title_at is None else title_at + 1)
    if summary_at is not None and summary_whole:
        used.add(summary_at)

    date = start = end = zone = None
    for i, b in enumerate(blocks):
        if date is None and (m := _DATE.search(b.text)):
            date = _date(m)
            used.update([i] if len(b.text) < 100 else [])
        if start is None and (t := _times(b.text)):
            start, end = t
            zone = (_ZONE.search(b.text) or [None, None])[1]
            used.update([i] if len(b.text) < 100 else [])
    duration = None
    if start and end:
        h1, m1, h2, m2 = *map(int, start.split(":")), *map(int, end.split(":"))
        duration = (h2 * 60 + m2) - (h1 * 60 + m1)

    audience = None
    for i, b in enumerate(blocks):
        if m := (_AUDIENCE.match(b.text) or _OPEN_TO.match(b.text)):
            audience = m.group(1).rstrip(".")
            used.add(i)
            break

    organisers, credits, partners_only = _organisers(blocks)
    site = page.meta.get("site")
    org_note = ("from the page's 'held by' and 'in partnership with' wording, split at "
                "commas and 'and': check each name")
    if not organisers and site:
        organisers = [site]
        org_note = "the site that published the page; add every organisation that held it"
    elif partners_only and site and site not in organisers:
        # "In partnership with X": the partner of whoever published the page.
        organisers = [site, *organisers]
        org_note = ("the site that published the page, then the partners it names ('in "
                    "partnership with'), split at commas and 'and': check each name")
    elif partners_only:
        org_note = ("the partners the page names ('in partnership with'), split at commas "
                    "and 'and'; the organisation they partnered, the page's publisher, is not "
                    "named in the saved text: add it, and check each name")

    objectives, statements = _covered(blocks)
    recordings, mentioned = _recordings(page, blocks, used)
    lang, lang_note = _language(page)

    # Description: what is left, minus labels before the first sentence and headings
    # left with nothing under them.
    rest = [b for i, b in enumerate(blocks) if i not in used]
    while rest and rest[0].kind != "item" and not rest[0].text.endswith(_SENTENCE_END):
        rest.pop(0)
    rest = [b for j, b in enumerate(rest)
            if b.kind != "heading" or (j + 1 < len(rest) and rest[j + 1].kind != "heading")]

    none = "the page does not say"
    return Facts(
        title=Fact(title, "from the page's heading" if title else none + " (no heading found)"),
        summary=Fact(summary, "the page's first sentence under its title" if summary else
                     none + ": write one or two sentences from it"),
        language=Fact(lang, lang_note),
        date=Fact(date, "from the page" if date else none + " when the webinar was held"),
        start=Fact(start, "from the page" if start else none + " what time it started"),
        end=Fact(end, "from the page" if end else none + " what time it ended"),
        timezone=Fact(zone, "from the page" if zone else none + " (GMT or BST?)"),
        page=Fact(page.meta.get("url"), "the page's own address" if page.meta.get("url") else
                  "add the public address of the event page this course comes from"),
        audience=Fact(audience, "from the page" if audience else
                      none + " who the webinar was for"),
        organisers=Fact(organisers, org_note if organisers else
                        none + " who held the webinar"),
        credits=Fact(credits, "the page's sentence about who held the webinar" if credits else
                     "optional: who made the webinar possible, from the page"),
        keywords=Fact([k.strip() for k in page.meta.get("keywords", "").split(",")
                       if k.strip()], "from the page's keywords" if page.meta.get("keywords") else
                      "write 3-6 keywords for LMS catalogues, from the page's own words"),
        objectives=Fact(objectives, ("drafted from the points the page says were covered: "
                        "rewrite each to start with a measurable verb (lmspack check)"
                        if objectives else none + " what was covered: write 3-5 objectives, "
                        "each starting with a measurable verb, from the description")
                        + _left_out(statements)),
        recording=Fact(recordings[0] if recordings else None, _recording_note(
            recordings, mentioned)),
        recordings=recordings,
        duration_minutes=Fact(duration, "the webinar's length from its start and end times: "
                              "check the recording's" if duration else
                              none + " how long the recording is"),
        description=rest,
    )


def _title(page: Page, blocks: list[Block]) -> tuple[str | None, int | None]:
    for i, b in enumerate(blocks):
        if b.kind == "heading" or not page.meta:  # a text page starts with its title
            return _TITLE_LABEL.sub("", b.text), i
    if page.meta.get("title"):
        return page.meta["title"].split(" | ")[0], None
    return None, None


def _summary(page: Page, blocks: list[Block], after: int) -> tuple[str | None, int | None, bool]:
    """The first sentence-like paragraph after the title; its first sentence if long."""
    for i in range(after, len(blocks)):
        b = blocks[i]
        if b.kind == "heading" and page.meta.get("description"):
            break
        if b.kind == "para" and b.text.endswith(_SENTENCE_END[:3]) and not b.links:
            if len(b.text) <= 300:
                return b.text, i, True
            return _first_sentence(b.text), i, False
    if page.meta.get("description"):
        return page.meta["description"], None, False
    return None, None, False


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)[0]


def _date(m: re.Match) -> dt.date | None:
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None


def _times(text: str) -> tuple[str, str] | None:
    for m in _TIMES.finditer(text):
        h1, sep1, m1, ap1, h2, sep2, m2, ap2 = m.groups()
        # 13:00, or 10am and 11.30am; not "2022-2023" or "sections 1.15 - 2.30".
        if not (sep1 == ":" or ap1 or ap2) or not (sep2 == ":" or ap2):
            continue
        start = _clock(int(h1), int(m1 or 0), ap1 or ap2)
        end = _clock(int(h2), int(m2 or 0), ap2)
        if start and end and start < end:
            return start, end
    return None


def _clock(hour: int, minute: int, ampm: str | None) -> str | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _organisers(blocks: list[Block]) -> tuple[list[str], str | None, bool]:
    """The names the page gives as holding the webinar, the sentence that gives them,
    and whether every name came from 'in partnership with' (so the host is unnamed)."""
    names: list[str] = []
    credits = None
    hosts = False
    for b in blocks:
        by = [m.group(1) for m in _BY.finditer(b.text)]
        phrases = by + [m.group(1) for m in _PARTNERS.finditer(b.text)]
        found = False
        for n, phrase in enumerate(phrases):
            for name in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+a(?:c)?\s+(?=[A-Z])", phrase):
                name = re.sub(r"^(?:the|y|yr)\s+", "", name.strip(), flags=re.I)
                # A proper name starts with a capital: "the trust's team" is not one.
                if name[:1].isupper():
                    found = True
                    hosts = hosts or n < len(by)
                    names += [name] if name not in names else []
        if found and credits is None and b.kind != "heading" and len(b.text) <= 1000:
            credits = b.text
    return names, credits, bool(names) and not hosts


# A point that says something (a verb such as "is"), rather than naming what was
# covered ("how to ...", "what ... looks like", "the barriers that ..."), is no objective:
# "Taking a whole systems approach ... is important on multiple levels."
_STATEMENT = re.compile(r"^(?!(?:how|what|why|when|where|who|which)\b).*?"
                        r"\b(?:is|are|was|were|will|has|have|had)\b", re.I)


def _covered(blocks: list[Block]) -> tuple[list[str], list[str]]:
    """The list items after a lead-in such as 'This webinar covered:' that name what was
    covered, and those that are statements instead (left in the description only)."""
    for i, b in enumerate(blocks):
        if not (_COVERED.search(b.text) and (b.kind == "heading" or b.text.endswith(":"))):
            continue
        points, statements = [], []
        for item in blocks[i + 1:]:
            if item.kind != "item":
                break
            if _BY.search(item.text) or _PARTNERS.search(item.text):
                continue  # who held it, not what it covered
            first = _first_sentence(item.text)
            if _STATEMENT.search(first):
                statements.append(first)
                continue
            points.append(first[:1].upper() + first[1:])
        if points or statements:
            return points, statements
    return [], []


def _left_out(statements: list[str]) -> str:
    if not statements:
        return ""
    quoted = "; ".join(f"'{s[:60].rstrip()}{'...' if len(s) > 60 else ''}'"
                       for s in statements)
    one = len(statements) == 1
    return (f"; {len(statements)} point{'' if one else 's'} the page lists "
            + ("is a statement, not an objective, and was" if one else
               "are statements, not objectives, and were") + f" left out: {quoted}")


def _recordings(page: Page, blocks: list[Block],
                used: set[int]) -> tuple[list[tuple[str, str]], bool]:
    """Every recording the page links or embeds, as (label, address), each once; and
    whether the page mentions a recording without giving its address."""
    from lmspack.video_sites import recording_view

    found: dict[str, tuple[str, str]] = {}
    mentioned = False
    for i, b in enumerate(blocks):
        is_about = bool(_RECORDING_WORDS.search(b.text))
        for text, url in b.links:
            # A YouTube or Vimeo video (not a channel), or a link about the recording.
            if (recording_view(url).kind != "link"
                    or is_about and _RECORDING_WORDS.search(text)):
                label = text if text != b.text else _label(b.text, url)
                found.setdefault(_video_key(recording_view, url), (label, url))
                if len(b.text) < 200:
                    used.add(i)
        if is_about and not b.links and len(b.text) < 80:
            mentioned = True
            used.add(i)
    for src in page.embeds:
        if recording_view(src).kind != "link":
            found.setdefault(_video_key(recording_view, src), ("", src))
    return list(found.values()), mentioned


def _video_key(recording_view, url: str) -> str:  # noqa: ANN001
    view = recording_view(url)
    return view.embed_url or url


def _label(text: str, url: str) -> str:
    return re.sub(r"\s*[-–:]?\s*$", "", text.replace(url, "")).strip()


def _recording_note(recordings: list[tuple[str, str]], mentioned: bool) -> str:
    if len(recordings) > 1:
        listed = "; ".join(f"{label or 'untitled'} {url}" for label, url in recordings)
        return (f"the page has {len(recordings)} recordings and a module has one: the first is "
                f"drafted; keep one, or make a module for each ({listed})")
    if recordings:
        return "the recording the page links or embeds"
    if mentioned:
        return ("the page mentions a recording but the saved page does not give its address: "
                "add it as url, or a video file as file")
    return "the page gives no recording: add its address as url, or a video file as file"


def _language(page: Page) -> tuple[str, str]:
    if page.lang:
        return page.lang, "as the page declares it"
    words = re.findall(r"[a-zA-Z']+", page.text().lower())
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    if counts["cy"] > counts["en"]:
        return "cy", "guessed from the page's words (Welsh)"
    return "en-GB", "guessed from the page's words (English)"


def blank_facts() -> Facts:
    """The fields of a course with no page to draft from: each says what to write."""
    def write(what: str) -> Fact:
        return Fact(None, f"write {what}, from the webinar's event page")

    return Facts(
        title=write("the webinar's title"), summary=write("one or two sentences"),
        language=Fact("en-GB", "the language the course is written in"),
        date=write("the date it was held"), start=write("the time it started"),
        end=write("the time it ended"), timezone=write("GMT or BST"),
        page=write("the page's address"), audience=write("who it was for"),
        organisers=write("who held it"), credits=Fact(None, ""),
        keywords=Fact([], "write 3-6 keywords for LMS catalogues"),
        objectives=write("3-5 learning objectives, each starting with a measurable verb,"),
        recording=Fact(None, "add the recording's address as url, or a video file as file"),
        duration_minutes=write("the recording's length in minutes"),
    )
