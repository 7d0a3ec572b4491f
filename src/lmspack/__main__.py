from lmspack.cli import cli

cli()
