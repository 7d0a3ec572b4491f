"""`lmspack check`: what a schema cannot see in a course that loads.

Each rule is a function of the loaded course that yields findings; each finding has
a code, a severity, the file and line, and a one-line fix. `lmspack build` fails on
errors and shows warnings. docs/course-format.md#lmspack-check lists the codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lmspack.config.yamlsource import dotted
from lmspack.errors import Diagnostic, Diagnostics
from lmspack.structure.course import Course
from lmspack.structure.markdown import Document
from lmspack.urls import is_plain_http

Rule = Callable[[Course], Iterator[Diagnostic]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def lint(course: Course) -> list[Diagnostic]:
    found = Diagnostics()
    for r in RULES:
        found.extend(r(course))
    return sorted(found)


def _at(course: Course, kind: str, path: tuple, severity: str, code: str, message: str,
        fix: str) -> Diagnostic:
    file, line = course.places.at(kind, path)
    return Diagnostic(file, line, dotted(path), message, severity, code, fix)


# --- objectives ---------------------------------------------------------------

# Verbs whose result a learner can show (after Bloom's taxonomy, as NHS curricula use it).
_MEASURABLE = """
    analyse apply assess build calculate carry challenge choose classify compare complete
    construct contrast create critique decide define demonstrate describe design develop
    discuss distinguish evaluate examine explain formulate give identify illustrate implement
    interpret justify list name outline plan practise prepare prioritise produce propose
    recall recognise recommend reflect report review select share show solve state summarise
    use write agree commit model
"""
MEASURABLE = frozenset(_MEASURABLE.split())
# Verbs (and openings) that name a state of mind nobody can observe.
_VAGUE = ("understand know learn appreciate be become gain feel realise believe grasp see "
          "think explore consider")
VAGUE = frozenset(_VAGUE.split())


@rule
def objective_verbs(course: Course) -> Iterator[Diagnostic]:
    for i, objective in enumerate(course.objectives):
        first = re.match(r"[A-Za-z'-]*", objective).group().lower()
        if first in MEASURABLE:
            continue
        why = (f"starts with '{first}', which cannot be observed or assessed" if first in VAGUE
               else f"does not start with a measurable verb ('{objective.split()[0]}')")
        yield _at(course, "course", ("objectives", i), "warning", "O101", why,
                  "start with what the learner will be able to do, such as Describe, Explain, "
                  "Identify or Apply")


# --- knowledge check ------------------------------------------------------------

# The verdict that opens feedback: "Correct." or "Not quite," (not "No single team ...").
_SAYS_RIGHT = re.compile(r"^(?:correct|right|yes|well done|that's right|that is right)"
                         r"\s*[.,!:;—–-]", re.I)
_SAYS_WRONG = re.compile(r"^(?:not quite|incorrect|wrong|no|sorry|not correct)\s*[.,!:;—–-]",
                         re.I)


@rule
def feedback(course: Course) -> Iterator[Diagnostic]:
    for i, q in enumerate(course.questions):
        tf = q.type == "true-false"
        seen: dict[str, str] = {}
        for j, o in enumerate(q.options):
            # A true-false question's feedback is keyed by the answer, true or false.
            path = (("knowledge_check", i, "feedback", o.id == "true") if tf else
                    ("knowledge_check", i, "options", j, "feedback"))
            if o.correct and _SAYS_WRONG.match(o.feedback):
                yield _at(course, "quiz", path, "error", "Q101",
                          f"the feedback on the correct answer ('{o.text}') says it is wrong",
                          "make the feedback agree with `correct`, or correct `correct`")
            elif not o.correct and _SAYS_RIGHT.match(o.feedback):
                yield _at(course, "quiz", path, "error", "Q101",
                          f"the feedback on a wrong answer ('{o.text}') says it is right",
                          "make the feedback agree with `correct`, or correct `correct`")
            if o.feedback.strip().lower() in seen:
                yield _at(course, "quiz", path, "warning", "Q102",
                          f"has the same feedback as option '{seen[o.feedback.strip().lower()]}'",
                          "say why this answer is right or wrong, so each learner learns from "
                          "their own choice")
            seen.setdefault(o.feedback.strip().lower(), o.id)


# --- recording ------------------------------------------------------------------

@rule
def recording_alternatives(course: Course) -> Iterator[Diagnostic]:
    rec = course.recording
    here = ("recording",)
    if not rec.captioned and rec.transcript_md is None:
        yield _at(course, "course", here, "warning", "A101",
                  "has neither captions nor a transcript, so learners who cannot hear it "
                  "cannot follow it; the accessibility statement lists the gap",
                  "add a transcript (a Markdown file), " + (
                      "captions (a WebVTT file)" if rec.file else
                      "or write provider_captions: true if its player shows captions"))
    elif rec.file and rec.captions is None:
        yield _at(course, "course", here, "warning", "A102",
                  "the video has a transcript but no captions: WCAG 2.2 asks for captions on "
                  "recorded video (1.2.2)", "add captions as a WebVTT file (captions: x.vtt)")


@rule
def language(course: Course) -> Iterator[Diagnostic]:
    if course.language.lower().split("-")[0] != "en":
        yield _at(course, "course", ("language",), "warning", "L101",
                  "the player's own text (headings, buttons, messages and the accessibility "
                  f"statement) is in English; only the course's text is in '{course.language}'",
                  "tell learners in the description that the module's controls are in English")


# --- images ---------------------------------------------------------------------

_GENERIC_ALT = re.compile(r"^(?:an? )?(?:image|picture|photo|graphic|img|logo|diagram|chart|"
                          r"screenshot|icon)s?\.?$|\.(?:png|jpe?g|gif|webp)$", re.I)


def _documents(course: Course) -> Iterator[Document]:
    yield course.description_doc
    if course.recording.transcript_doc:
        yield course.recording.transcript_doc


@rule
def image_alternatives(course: Course) -> Iterator[Diagnostic]:
    for doc in _documents(course):
        for image in doc.images:
            file, line, src, alt = doc.file, image.line, image.target, image.alt
            if not alt:
                yield Diagnostic(file, line, "", f"image '{src}' has no alternative text",
                                 "error", "A103", f"say what the image shows in its brackets: "
                                 f"![what it shows]({src})")
            elif _GENERIC_ALT.search(alt):
                yield Diagnostic(file, line, "", f"image '{src}': its alternative text "
                                 f"'{alt}' does not say what it shows", "warning", "A104",
                                 "describe the image's content or purpose, as you would to "
                                 "someone on the phone")


# --- time -----------------------------------------------------------------------

# Minutes a learner needs, on average, beyond the recording.
MINUTES_PER_QUESTION = 1
MINUTES_PER_REFLECTION = 3


@rule
def learning_time(course: Course) -> Iterator[Diagnostic]:
    recording = course.recording.duration_minutes or 0
    quiz = (len(course.questions) * MINUTES_PER_QUESTION
            + len(course.reflections) * MINUTES_PER_REFLECTION + (1 if course.confidence else 0))
    stated = course.learning_time_minutes
    here = ("learning_time_minutes",)
    if recording > stated:
        yield _at(course, "course", here, "error", "T101",
                  f"is {stated} minutes, shorter than the {recording}-minute recording alone",
                  f"state at least {recording + quiz} minutes (the recording plus about {quiz} "
                  "to reflect and answer)")
    elif recording + quiz > stated:
        yield _at(course, "course", here, "warning", "T102",
                  f"is {stated} minutes, but the recording ({recording}) and the quiz (about "
                  f"{quiz}: {len(course.questions)} questions at {MINUTES_PER_QUESTION}, "
                  f"{len(course.reflections)} reflections at {MINUTES_PER_REFLECTION}) need "
                  f"about {recording + quiz}",
                  f"state about {recording + quiz} minutes, or shorten the quiz")


# --- links ----------------------------------------------------------------------

@rule
def plain_http(course: Course) -> Iterator[Diagnostic]:
    fix = "use the https:// address (most sites serve one); an http link may be blocked or " \
          "changed on the way"
    for path, url in (("event", "page"), course.event.page), (("recording", "url"),
                                                             course.recording.url), (
                         ("accessibility", "url"), course.accessibility.url):
        if url and is_plain_http(url):
            yield _at(course, "course", path, "warning", "H101",
                      f"'{url}' is not encrypted (http, not https)", fix)
    for doc in _documents(course):
        for link in doc.links:
            if not link.image and is_plain_http(link.target):
                yield Diagnostic(doc.file, link.line, "", f"link '{link.target}' is not "
                                 "encrypted (http, not https)", "warning", "H101", fix)


# --- reflection ------------------------------------------------------------------

_ADDRESSED = re.compile(r"\b(?:you|your|yours|yourself|I|my|me)\b", re.I)


@rule
def reflective_prompts(course: Course) -> Iterator[Diagnostic]:
    for i, r in enumerate(course.reflections):
        path = ("reflections", i, "prompt")
        if not r.prompt.rstrip().endswith("?"):
            yield _at(course, "quiz", path, "warning", "R101",
                      "is not a question", "ask the learner something, ending with '?'")
        elif not _ADDRESSED.search(r.prompt):
            yield _at(course, "quiz", path, "warning", "R102",
                      "does not ask about the learner's own practice (no 'you' or 'your')",
                      "ask about the learner's role, behaviour or next step")
    if not any(r.action for r in course.reflections):
        yield _at(course, "quiz", ("reflections",), "warning", "R103",
                  "no reflection is the learner's action, so the record has no 'My action'",
                  "add `action: true` to the prompt that asks what the learner will do")
    if not course.completion.reflections_required:
        yield _at(course, "course", ("completion", "reflections_required"), "warning", "R104",
                  "is false, so the module can be completed without reflecting",
                  "set reflections_required: true (the module is recorded as reflective CPD)")


# --- the player's own words --------------------------------------------------------

# The player adds "(select all that apply)" to a multiple-choice question unless it
# says "all that apply", "Your answer, which is correct:" unless the feedback opens
# with a verdict (_SAYS_RIGHT, _SAYS_WRONG), and an "About the webinar" heading unless
# the description's first heading is that. Wordings it cannot see as the same:
_SAYS_SELECT_ALL = re.compile(r"\b(?:select|choose|tick|pick|mark)\b[^.?!]*\b(?:all|every|each)\b"
                              r"|\b(?:more than one|one or more)\b", re.I)
_SAYS_VERDICT = re.compile(r"^(?:you(?:'re| are) (?:right|correct|wrong)|exactly|spot on|"
                           r"good answer|not right|that's (?:wrong|incorrect))\b", re.I)


@rule
def repeated_words(course: Course) -> Iterator[Diagnostic]:
    for i, q in enumerate(course.questions):
        text = q.question.lower()
        if q.type == "multiple-choice" and "all that apply" not in text \
                and _SAYS_SELECT_ALL.search(text):
            yield _at(course, "quiz", ("knowledge_check", i, "question"), "warning", "G101",
                      "says how many to choose, and the page adds '(select all that apply)'",
                      "leave the instruction out (the page gives it), or write 'Select all "
                      "that apply.'")
        tf = q.type == "true-false"
        for j, o in enumerate(q.options):
            fb = o.feedback.strip()
            if _SAYS_RIGHT.match(fb) or _SAYS_WRONG.match(fb) or not _SAYS_VERDICT.match(fb):
                continue
            path = (("knowledge_check", i, "feedback", o.id == "true") if tf else
                    ("knowledge_check", i, "options", j, "feedback"))
            yield _at(course, "quiz", path, "warning", "G101",
                      f"opens with a verdict the page does not recognise ('{fb.split()[0]}'), "
                      "so it also labels the option 'Your answer, which is correct'",
                      "open with 'Correct.' or 'Not quite.' (the page then adds no verdict of its "
                      "own), or leave the verdict out")
    heading = course.description_doc.first_heading
    if heading:
        line, words = heading
        if words.lower() != "about the webinar" and re.match(
                r"about (?:the|this) (?:webinar|event|session)\b", words, re.I):
            yield Diagnostic(course.description_doc.file, line, "",
                             f"the first heading, '{words}', repeats the page's own 'About "
                             "the webinar' above it", "warning", "G101",
                             "remove the heading, or write it as 'About the webinar' (the page "
                             "then leaves its own out)")
