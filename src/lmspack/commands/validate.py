"""lmspack validate: check any SCORM or IMS content package before uploading it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

PLATFORM_NAMES = ("generic", "moodle", "moodle-app", "learning-hub", "esr")


@click.command("validate")
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-p", "--platform", type=click.Choice(PLATFORM_NAMES), default="generic",
              show_default=True, help="Also apply the known rules of this LMS.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (for CI).")
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
def command(packages: tuple[Path, ...], platform: str, as_json: bool, strict: bool) -> None:
    """Check each PACKAGE (a zip, or an unpacked folder) from any author.

    Recognises SCORM 1.2, SCORM 2004 and IMS Content Packaging from the manifest,
    validates it against the official schemas, then checks what schemas cannot:
    files, identifiers, paths and the zip itself. Nothing is extracted.

    Exit status: 0 valid, 1 not valid, 2 not readable.
    """
    from lmspack.validate.package import validate_path
    from lmspack.validate.reader import Unreadable

    results, status = [], 0
    for package in packages:
        try:
            report = validate_path(package, platform)
        except Exception as exc:  # hostile input must never end in a traceback
            status = 2
            reason = str(exc) if isinstance(exc, Unreadable) else \
                f"unexpected {type(exc).__name__}: {exc}"
            results.append({"package": str(package), "readable": False, "error": reason})
            if not as_json:
                click.echo(f"lmspack: {package}: cannot be read: {reason}", err=True)
            continue
        if not report.valid(strict):
            status = max(status, 1)
        results.append({"readable": True, **report.to_json(strict)})
        if not as_json:
            click.echo("\n".join(report.lines(strict)))
    if as_json:
        valid = all(r["readable"] and r["valid"] for r in results)
        click.echo(json.dumps({"valid": valid, "packages": results}, indent=2,
                              ensure_ascii=False))
    sys.exit(status)
