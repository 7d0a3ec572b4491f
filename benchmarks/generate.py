"""Generate N varied course folders for the catalogue benchmark (never committed).

Each course is plainly synthetic ("Benchmark module 17"): it says nothing about a
real webinar. The courses vary where a real catalogue does: how many objectives,
reflections and questions, question types, a confidence rating or not, the kind of
recording (a page link, YouTube, Vimeo), description length and Markdown features.
The same seed and count give the same folders.

    python benchmarks/generate.py OUT_DIR [--count 500] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

VERBS = ("Describe", "Explain", "Identify", "Apply", "Compare", "Summarise", "Plan",
         "Recognise", "Evaluate", "Outline")
TOPICS = ("shared decision making", "inclusive recruitment", "speaking up", "board reporting",
          "staff networks", "patient feedback", "workforce data", "team huddles",
          "reasonable adjustments", "handover practice", "peer review", "reverse mentoring")
WORDS = ("team", "service", "learning", "practice", "colleagues", "patients", "data",
         "leaders", "evidence", "culture", "support", "care", "partners", "review", "actions")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def description(rng: random.Random, n: int) -> str:
    parts = [f"# About benchmark module {n}", "",
             "This module was generated to measure lmspack; it describes no real event.", ""]
    for p in range(rng.randint(1, 6)):
        parts += [" ".join(sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(2, 5))),
                  ""]
        if rng.random() < 0.5:
            parts += [f"## Part {p + 1}", ""]
        if rng.random() < 0.4:
            parts += [f"- {sentence(rng, rng.randint(3, 9))}" for _ in range(rng.randint(2, 6))]
            parts.append("")
        if rng.random() < 0.3:
            parts += [f"Read more on [the example page](https://example.org/modules/{n}/{p}) "
                      "and *think* about **your** team.", ""]
    return "\n".join(parts)


def recording(rng: random.Random, n: int) -> list[str]:
    kind = rng.choice(("page", "youtube", "vimeo"))
    if kind == "youtube":
        ident = "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789_-")
                        for _ in range(11))
        url, extra = f"https://www.youtube.com/watch?v={ident}", ["  provider_captions: true"]
    elif kind == "vimeo":
        url, extra = f"https://vimeo.com/{rng.randint(10**7, 10**9)}", []
    else:
        url, extra = f"https://example.org/webinars/{n}/recording", []
    return ["recording:", f"  url: {url}", f"  title: Recording of benchmark module {n}",
            f"  duration_minutes: {rng.choice((30, 45, 60, 90))}", *extra]


def course_yml(rng: random.Random, n: int) -> str:
    objectives = [f"  - {rng.choice(VERBS)} how {rng.choice(TOPICS)} supports "
                  f"{rng.choice(WORDS)} in your {rng.choice(('team', 'service', 'system'))}."
                  for _ in range(rng.randint(1, 8))]
    keywords = [f"  - {t}" for t in rng.sample(TOPICS, rng.randint(1, 5))]
    return "\n".join([
        f"id: benchmark-module-{n:04d}",
        f"version: 1.{rng.randint(0, 9)}.0",
        f"title: Benchmark module {n} on {rng.choice(TOPICS)}",
        f"summary: A generated module about {rng.choice(TOPICS)}, for measuring lmspack.",
        "language: en-GB",
        "organisers:",
        *[f"  - Example Organisation {chr(65 + i)}" for i in range(rng.randint(1, 3))],
        "event:",
        f"  date: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        '  start: "13:00"',
        '  end: "14:30"',
        "  timezone: GMT",
        f"  page: https://example.org/events/{n}",
        "audience: Open to all",
        "keywords:",
        *keywords,
        "licence: Generated for benchmarking; no rights are claimed.",
        f"learning_time_minutes: {rng.randint(100, 150)}",
        "description: description.md",
        "objectives:",
        *objectives,
        *recording(rng, n),
        "completion:",
        f"  recording_required: {str(rng.random() < 0.8).lower()}",
        f"  reflections_required: {str(rng.random() < 0.8).lower()}",
        f"  pass_mark: {rng.choice((50, 70, 80, 100))}",
        "quiz: quiz.yml",
        "",
    ])


def question(rng: random.Random, q: int) -> list[str]:
    kind = rng.choice(("single-choice", "multiple-choice", "true-false"))
    lines = [f"  - id: question-{q}", f"    type: {kind}",
             f"    question: Which statement about {rng.choice(TOPICS)} matches the module?"]
    if kind == "true-false":
        answer = rng.random() < 0.5
        return lines + [f"    correct: {str(answer).lower()}", "    feedback:",
                        f"      true: {'Correct' if answer else 'Not quite'}. "
                        f"{sentence(rng, 8)}",
                        f"      false: {'Not quite' if answer else 'Correct'}. "
                        f"{sentence(rng, 8)}"]
    count = rng.randint(2, 5)
    right = sorted(rng.sample(range(count), 1 if kind == "single-choice"
                              else rng.randint(1, count)))
    lines.append("    options:")
    for o in range(count):
        verdict = "Correct" if o in right else "Not quite"
        lines += [f"      - id: option-{o}", f"        text: {sentence(rng, rng.randint(2, 8))}",
                  f"        feedback: {verdict}. Option {o} {sentence(rng, 7).lower()}"]
    ids = [f"option-{o}" for o in right]
    lines.append(f"    correct: {ids[0]}" if kind == "single-choice"
                 else f"    correct: [{', '.join(ids)}]")
    return lines


def quiz_yml(rng: random.Random) -> str:
    lines = ["reflections:"]
    count = rng.randint(1, 4)
    for r in range(count):
        lines += [f"  - id: reflection-{r}",
                  f"    prompt: How will you apply {rng.choice(TOPICS)} in your own work?",
                  f"    hint: {sentence(rng, 10)}"]
        if r == count - 1:
            lines.append("    action: true")
    if rng.random() < 0.6:
        lines += ["confidence:", "  id: confidence", "  prompt: How confident do you feel "
                  "about acting on what you learned?", "  scale:",
                  "    1: Not confident", "    2: Fairly confident", "    3: Very confident"]
    lines.append("knowledge_check:")
    for q in range(rng.randint(1, 6)):
        lines += question(rng, q)
    return "\n".join(lines) + "\n"


def generate(out: Path, count: int, seed: int = 1) -> list[Path]:
    """Write `count` course folders under `out` (emptied first); return them in order."""
    if out.exists():
        shutil.rmtree(out)
    folders = []
    for n in range(1, count + 1):
        rng = random.Random(seed * 1_000_003 + n)
        folder = out / f"benchmark-module-{n:04d}"
        folder.mkdir(parents=True)
        (folder / "course.yml").write_text(course_yml(rng, n), encoding="utf-8")
        (folder / "quiz.yml").write_text(quiz_yml(rng), encoding="utf-8")
        (folder / "description.md").write_text(description(rng, n), encoding="utf-8")
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)
    print(f"{args.count} courses in {args.out}")


if __name__ == "__main__":
    main()
