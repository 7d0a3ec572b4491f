"""lmspack new: start a course folder, blank or drafted from a saved webinar event page."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import click

from lmspack.errors import LmspackError

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@click.command("new")
@click.argument("slug")
@click.option("--from", "page", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A saved event page (.txt or .html) to draft the course from.")
@click.option("-d", "--dir", "parent", type=click.Path(file_okay=False, path_type=Path),
              default=Path("course"), show_default=True, help="Where course folders live.")
def command(slug: str, page: Path | None, parent: Path) -> None:
    """Create the course folder SLUG: course.yml, description.md and quiz.yml, each
    field with a comment saying what it holds.

    With --from PAGE, the fields are drafted from the page: title, summary, date and
    time, audience, organisers, description, what it covered (as draft objectives)
    and the recording. Nothing is invented: a field the page does not give stays
    empty. Every drafted or empty field carries a "# REVIEW:" marker, and `lmspack
    build` refuses the course until the author has checked each and deleted it.
    """
    from lmspack.draft.facts import blank_facts, find_facts
    from lmspack.draft.page import read_page
    from lmspack.draft.writer import render_files
    from lmspack.paths import display
    from lmspack.structure.review import find_markers

    if not SLUG.fullmatch(slug) or len(slug) > 64:
        raise click.BadParameter(f"{slug!r} is not a valid id (lowercase letters, digits and "
                                 "single hyphens, for example 'race-equality-accountability')",
                                 param_hint="SLUG")
    target = parent / slug
    if target.exists():
        raise click.UsageError(f"{display(target)} already exists; choose another SLUG, or "
                               "delete the folder first")
    try:
        facts = find_facts(read_page(page, display(page))) if page else blank_facts()
        files = render_files(slug, facts, display(page) if page else None)
        parent.mkdir(parents=True, exist_ok=True)
        # Written in full beside the target, then moved into place (mkdir, not mkdtemp:
        # the folder gets the user's usual permissions).
        tmp = parent / f".{slug}-{os.getpid()}.tmp"
        tmp.mkdir()
        try:
            for name, text in files.items():
                (tmp / name).write_text(text, encoding="utf-8")
            tmp.rename(target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except LmspackError as exc:
        for problem in exc.diagnostics:
            click.echo(str(problem), err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"lmspack: cannot write {exc.filename or target}: {exc.strerror}", err=True)
        sys.exit(1)
    markers = find_markers(target)
    click.echo(f"Created {display(target)}/ with {', '.join(files)}.")
    click.echo(f"{len(markers)} places are marked for review:")
    for marker in markers:
        click.echo(f"  {marker}")
    # A fresh draft has required fields still empty: preview could only list them.
    click.echo("Next:\n"
               "  1. Check or write each field marked REVIEW, then delete its marker.\n"
               f"  2. Run `lmspack check {display(target)}` and fix what it lists, until it "
               "reports no errors.\n"
               f"  3. Then `lmspack preview {display(target)}` shows the module as a learner "
               "sees it.")
