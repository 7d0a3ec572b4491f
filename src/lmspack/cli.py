"""The lmspack command line. Commands live in lmspack.commands and load only when used."""

from __future__ import annotations

import importlib

import click

from lmspack import __version__

COMMANDS = {
    "build": ("lmspack.commands.build", "Build LMS packages from course folders."),
    "validate": ("lmspack.commands.validate", "Check a SCORM or IMS content package."),
    "check": ("lmspack.commands.check", "Lint courses: what a schema cannot see."),
    "new": ("lmspack.commands.new", "Start a course, blank or drafted from an event page."),
    "preview": ("lmspack.commands.preview", "Try a course in a local LMS with a live SCORM log."),
    "schema": ("lmspack.commands.schema", "Print the course files' JSON Schema, for editors."),
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (keeps --help fast)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return importlib.import_module(COMMANDS[name][0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in sorted(COMMANDS)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="lmspack")
def cli() -> None:
    """lmspack turns a webinar's description, learning objectives and recording
    into an LMS content package with a reflection quiz."""
