"""lmspack schema: the course files' JSON Schema, for editors that check YAML as it is typed."""

from __future__ import annotations

import json

import click


@click.command("schema")
@click.argument("kind", type=click.Choice(["course", "quiz"]), default="course")
def command(kind: str) -> None:
    """Print the JSON Schema of course.yml (KIND course) or of a quiz file (KIND quiz).

    Point an editor at it (docs/course-format.md shows how, for VS Code's YAML
    extension) and it checks and completes fields as you type. `lmspack build`
    stays the authority: it also reads the files a course names and checks
    rules that join fields.
    """
    from lmspack.config.schema import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
