"""Quiz rules that join fields: unique ids, and answers that match the question type.
The models in config/schema.py call them from validate()."""

from __future__ import annotations

from typing import Any

from lmspack.config.options import INVALID, Context
from lmspack.config.yamlsource import Path_


def check_unique_ids(quiz: dict[str, Any], ctx: Context) -> None:
    """Every reflection, rating and question id differs (each is a SCORM interaction)."""
    seen: dict[str, str] = {}

    def unique(value: Any, path: tuple) -> None:
        if isinstance(value, str):
            if value in seen:
                ctx.error(path, f"id '{value}' is already used by {seen[value]}")
            else:
                seen[value] = ".".join(str(p) for p in path[:-1]) or "the quiz"

    for i, r in enumerate(quiz["reflections"] if isinstance(quiz["reflections"], list) else []):
        if isinstance(r, dict):
            unique(r["id"], ("reflections", i, "id"))
    if isinstance(quiz["confidence"], dict):
        unique(quiz["confidence"]["id"], ("confidence", "id"))
    questions = quiz["knowledge_check"] if isinstance(quiz["knowledge_check"], list) else []
    for i, q in enumerate(questions):
        if isinstance(q, dict):
            unique(q["id"], ("knowledge_check", i, "id"))


def check_question(q: dict[str, Any], ctx: Context, path: Path_) -> None:
    kind, options, correct, feedback = q["type"], q["options"], q["correct"], q["feedback"]
    if kind is INVALID or correct is INVALID:
        return
    if kind == "true-false":
        if options:
            ctx.error(path + ("options",), "a true-false question has no options; give "
                                           "'feedback' for true and for false instead")
        if not isinstance(correct, bool):
            ctx.error(path + ("correct",), "must be true or false for a true-false question")
        if feedback is None:
            ctx.error(path + ("feedback",), "is required: a text for true and one for false")
        elif feedback is not INVALID and set(feedback) != {True, False}:
            ctx.error(path + ("feedback",), "must have exactly two entries, true and false")
        return
    if feedback is not None:
        ctx.error(path + ("feedback",), f"a {kind} question gives feedback on each option")
    if options is None:
        ctx.error(path + ("options",), f"is required for a {kind} question")
        return
    if options is INVALID:
        return
    ids: dict[str, int] = {}
    for j, opt in enumerate(options):
        if opt["id"] in ids and opt["id"] is not INVALID:
            ctx.error(path + ("options", j, "id"), f"option id '{opt['id']}' is used twice")
        ids[opt["id"]] = j
    if isinstance(correct, bool):
        ctx.error(path + ("correct",), f"must name the correct option id(s), not {correct}")
        return
    for answer in correct:
        if answer not in ids:
            ctx.error(path + ("correct",), f"'{answer}' is not one of the options "
                                           f"({', '.join(o for o in ids if o is not INVALID)})")
    if len(set(correct)) != len(correct):
        ctx.error(path + ("correct",), "names the same option twice")
    if kind == "single-choice" and len(correct) != 1:
        ctx.error(path + ("correct",), "a single-choice question has exactly one correct option")
