"""lmspack check: the course lints (lint.py) and review markers, without building."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("check")
@click.argument("course_dirs", nargs=-1,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too (exit status 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def command(course_dirs: tuple[Path, ...], strict: bool, as_json: bool) -> None:
    """Check each COURSE_DIR (default: every course under ./course) for what a schema
    cannot see: objectives without a measurable verb, feedback that contradicts the
    answer, a recording without captions or a transcript, a stated time the module
    cannot be done in, http links, reflective prompts that are not questions, and
    review markers left by `lmspack new`.

    Each finding has a code, its file and line, and a fix. Exit status: 0 when there
    are no errors (and, with --strict, no warnings), 1 otherwise.
    """
    from lmspack.courses import as_dict, as_text, course_dirs_or_default, load_all
    from lmspack.terminal import report, summary

    checked = load_all(course_dirs_or_default(course_dirs), markers_are_errors=True)
    # One form for every line: a loading problem shows its code and fix too.
    checked.errors.sort(key=lambda f: (f.file, f.line or 0, f.field, f.message))
    failed = bool(checked.errors) or strict and bool(checked.warnings)
    if as_json:
        click.echo(json.dumps({"ok": not failed,
                               "errors": [as_dict(e) for e in checked.errors],
                               "warnings": [as_dict(w) for w in checked.warnings]},
                              indent=2, ensure_ascii=False))
        sys.exit(1 if failed else 0)
    for item, severity in [(e, "error") for e in checked.errors] + [
            (w, "warning") for w in checked.warnings]:
        report(as_text(item), severity)
    e, w, n = len(checked.errors), len(checked.warnings), checked.read
    unloaded = n - len(checked.courses)
    summary(f"lmspack check: {n} course{'s' * (n != 1)} read"
            + (f" ({unloaded} cannot be loaded until its errors are fixed)" if unloaded else "")
            + f", {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}", ok=not failed)
    sys.exit(1 if failed else 0)
