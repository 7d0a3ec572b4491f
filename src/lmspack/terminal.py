"""How commands talk to a person: colour only on a terminal, never with NO_COLOR, and
a progress bar only where someone is watching (a terminal, not CI)."""

from __future__ import annotations

import os
import sys
from typing import IO

import click

_SEVERITY = {"error": "red", "warning": "yellow"}


def wants_colour(stream: IO[str] | None = None) -> bool:
    """https://no-color.org: NO_COLOR set to anything but '' turns colour off."""
    stream = stream or sys.stderr
    return (bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def watched(stream: IO[str] | None = None) -> bool:
    """A person at a terminal, not a CI log (which would fill with bar redraws)."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


def say(line: str, severity: str = "error") -> None:
    """One report line on stderr: `place: [severity: ]field: message`, its place in
    bold and its severity in colour when colour is wanted."""
    colour = wants_colour()
    if colour:
        place, sep, rest = line.partition(": ")
        word = f"{severity}: "
        if rest.startswith(word):
            rest = click.style(word, fg=_SEVERITY.get(severity), bold=True) + rest[len(word):]
        elif severity == "error":
            rest = click.style(rest, fg="red")
        line = click.style(place, bold=True) + sep + rest
    click.echo(line, err=True, color=colour)


def summary(line: str, ok: bool) -> None:
    colour = wants_colour()
    click.echo(click.style(line, fg="green" if ok else "red", bold=True) if colour else line,
               err=True, color=colour)


def report(text: str, severity: str = "error") -> None:
    """A finding or problem: its first line through say(), any fix line after it plain."""
    first, *rest = text.splitlines()
    say(first, severity)
    for line in rest:
        click.echo(line, err=True)
