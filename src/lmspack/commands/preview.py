"""lmspack preview: a course in a small LMS of our own, with a live run-time log."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from lmspack.standards import STANDARDS


@click.command("preview")
@click.argument("course_dir", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-s", "--standard", type=click.Choice(list(STANDARDS)), default="scorm12",
              show_default=True, help="The standard to preview.")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def command(course_dir: Path | None, standard: str, port: int) -> None:
    """Build COURSE_DIR (default: the one course under ./course) to a temporary
    folder and serve it on 127.0.0.1 inside a small LMS page: the module in a frame
    and, beside it, every run-time call (name, arguments, return value, error code)
    and the data model. "Relaunch with stored data" shows resume at work; "Reset
    attempt" starts again. The course is rebuilt when one of its files changes, and
    review markers are allowed (shown as warnings). Stop with Ctrl-C.
    """
    from lmspack.courses import course_dirs_or_default
    from lmspack.paths import display
    from lmspack.preview.server import Preview
    from lmspack.terminal import report

    if course_dir is None:
        found = course_dirs_or_default(())
        if len(found) > 1:
            raise click.UsageError("./course holds several courses; name one: "
                                   + ", ".join(display(p) for p in found))
        course_dir = found[0]
    # Stopped by the system or a closed terminal, it cleans up as after Ctrl-C.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    preview = Preview(course_dir, STANDARDS[standard](),
                      log=lambda text: click.echo(text, err=True))
    try:
        _serve(preview, port, display(course_dir), report)
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        preview.close()


def _serve(preview, port: int, shown: str, report) -> None:  # noqa: ANN001
    from lmspack.preview.server import make_server

    if not preview.build():
        for text in preview.problems:
            report(text)
        click.echo("lmspack: the course does not build yet; the page shows why, and the "
                   "preview rebuilds when a file changes.", err=True)
    try:
        server = make_server(preview, port)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; "
                               "try --port 0") from exc
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    click.echo(f"Previewing {shown} as {preview.standard.label} at {url} "
               "(Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()

class _Stopped(Exception):
    """SIGTERM or SIGHUP arrived."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped
