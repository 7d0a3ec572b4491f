"""lmspack build: course folders in, checked packages out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lmspack.errors import LmspackError
from lmspack.standards import names as standard_names


def _human_size(n: int) -> str:
    return f"{n / 1000:.1f} kB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"


@click.command("build")
@click.argument("course_dirs", nargs=-1,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("dist"), show_default=True, help="Folder to write packages to.")
@click.option("-s", "--standard", "standards", multiple=True,
              type=click.Choice([*standard_names(), "all"]), help="Standard to build (repeatable; "
              "default: all).")
@click.option("--draft", is_flag=True, help="Build even where review markers are left "
              "(`lmspack new` adds them); each is shown as a warning.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="0: "
              "every core, for builds big enough to gain", help="Processes that write packages "
              "at once; the packages are the same whatever the number.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary of "
              "what was built or what failed, and nothing else.")
def command(course_dirs: tuple[Path, ...], output: Path, standards: tuple[str, ...],
            draft: bool, jobs: int, as_json: bool) -> None:
    """Build a package of each COURSE_DIR (default: every course under ./course).

    Packages are named <course-id>-<version>-<standard>.zip. Every course is
    checked first (the errors `lmspack check` finds stop the build; its warnings
    are shown), and every package is checked against its standard's schemas
    before anything is written.
    """
    from lmspack import standards as registry
    from lmspack.builder import Stages, build_all, default_jobs
    from lmspack.cache import BuildCache
    from lmspack.courses import (
        as_dict,
        as_text,
        course_dirs_or_default,
        load_all,
        load_and_lint,
    )
    from lmspack.paths import display
    from lmspack.terminal import report, summary, watched

    course_dirs = course_dirs_or_default(course_dirs)
    names = registry.names() if not standards or "all" in standards else dict.fromkeys(standards)
    try:
        chosen = [registry.get(name) for name in names]
    except registry.StandardError as exc:
        raise click.UsageError(str(exc)) from None
    cache = BuildCache.open()
    stages = cache.stages() if cache else Stages()
    checked = load_all(course_dirs, draft=draft,
                       load=cache.loading(load_and_lint) if cache else load_and_lint)
    if not as_json:
        for finding in checked.warnings:
            report(finding.advice(), "warning")
    built, errors = [], list(checked.errors)
    # What the checks found shows its code and fix; what stopped loading or building
    # shows as compilers print it.
    shown_alone = checked.loading
    if not errors:
        count = len(checked.courses) * len(chosen)
        jobs = jobs or default_jobs(count)
        bar = None
        if not as_json and count > 1 and watched():
            bar = click.progressbar(length=count, label="Building", file=sys.stderr,
                                    show_pos=True, item_show_func=lambda p: p and p.name)
        try:
            if bar:
                with bar:
                    built = build_all(checked.courses, chosen, output, jobs=jobs, stages=stages,
                                      progress=lambda target: bar.update(1, target))
            else:
                built = build_all(checked.courses, chosen, output, jobs=jobs, stages=stages)
        except LmspackError as exc:
            errors = list(exc.diagnostics)
            shown_alone = set(errors)
        except OSError as exc:
            errors = LmspackError(f"cannot write {exc.filename or output}: "
                                  f"{exc.strerror}").diagnostics
            shown_alone = set(errors)

    if as_json:
        import json

        click.echo(json.dumps({
            "ok": not errors,
            "packages": [{"course": b.course.id, "version": b.course.version,
                          "standard": b.standard.name, "path": display(b.path),
                          "bytes": b.size} for b in built],
            "errors": [as_dict(e, advice=e not in shown_alone) for e in errors],
            "warnings": [as_dict(w) for w in checked.warnings],
        }, indent=2, ensure_ascii=False))
        sys.exit(1 if errors else 0)
    if errors:
        for error in errors:
            report(as_text(error, advice=error not in shown_alone))
        from lmspack.structure.review import MARKED

        count = len(errors)
        marked = sum(MARKED in str(e) for e in errors)
        why = (f" ({marked} {MARKED}: check each, then delete its REVIEW marker; or build "
               "with --draft)") if marked else ""
        summary(f"lmspack: {count} problem{'s' * (count != 1)}{why}; nothing was written.",
                ok=False)
        sys.exit(1)
    for b in built:
        click.echo(f"{display(b.path)}  {_human_size(b.size)}  {b.standard.label}")
        for line in b.standard.keeps(b.course):
            click.echo(f"    keeps {line}")
