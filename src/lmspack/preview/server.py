"""lmspack preview's server: builds a course into a temporary folder, serves it on
127.0.0.1 inside the preview LMS page (static/), and rebuilds when a course file
changes. The page polls /__lmspack/state and relaunches after each rebuild."""

from __future__ import annotations

import io
import json
import mimetypes
import shutil
import tempfile
import threading
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from lmspack.standards import Standard

STATIC = Path(__file__).parent / "static"
POLL_SECONDS = 0.5
_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html",
          ".vtt": "text/vtt", ".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm",
          ".xml": "application/xml", ".xsd": "application/xml", ".json": "application/json"}


class Preview:
    """The current build of one course in one standard, and what went wrong last."""

    def __init__(self, course_dir: Path, standard: Standard, log=print):  # noqa: ANN001
        self.course_dir = course_dir
        self.standard = standard
        self.log = log
        self.workdir = Path(tempfile.mkdtemp(prefix="lmspack-preview-"))
        self.root: Path | None = None  # the unpacked package being served
        self.version = 0
        # Until a build succeeds, the page shows the problems under the folder's name.
        self.state = self._state(course_dir.name, course_dir.name, 80)
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def build(self) -> bool:
        """Build and unpack the package; on failure keep serving the last good one."""
        from lmspack.builder import build_all
        from lmspack.courses import as_text, load_all
        from lmspack.errors import LmspackError

        checked = load_all((self.course_dir,), draft=True)
        problems = [as_text(e, advice=e not in checked.loading) for e in checked.errors]
        if not problems:
            out = self.workdir / f"build-{self.version + 1}"
            try:
                built = build_all(checked.courses, [self.standard], out)
            except (LmspackError, OSError) as exc:
                problems = [str(p) for p in getattr(exc, "diagnostics", [exc])]
        with self.lock:
            self.problems = problems
            if problems:
                return False
            root = out / "package"
            with zipfile.ZipFile(built[0].path) as zf:  # our own package: names are checked
                zf.extractall(root)
            old, self.root = self.root, root
            self.version += 1
            course = checked.courses[0]
            self.state = self._state(course.id, course.title, course.completion.pass_mark)
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
        return True

    def _state(self, course: str, title: str, pass_mark: int) -> dict:
        """What the preview page needs to launch the module."""
        return {"course": course, "title": title, "standard": self.standard.name,
                "label": self.standard.label, "launch": self.standard.launch,
                "passMark": pass_mark, "runtime": self.standard.runtime != "none"}

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """What the course folder holds now: each file's change time and size."""
        out = {}
        for p in sorted(self.course_dir.rglob("*")):
            try:
                if p.is_file():
                    st = p.stat()
                    out[str(p)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                continue
        return out

    def watch(self, stop: threading.Event) -> None:
        seen = self.snapshot()
        while not stop.wait(POLL_SECONDS):
            now = self.snapshot()
            if now != seen:
                changed = sorted(set(now.items()) ^ set(seen.items()))
                seen = now
                names = sorted({Path(name).name for name, _ in changed})
                try:
                    ok = self.build()
                except Exception as exc:  # noqa: BLE001 - keep watching whatever went wrong
                    self.problems = [f"lmspack: the rebuild failed: {exc!r}"]
                    ok = False
                self.log(f"{', '.join(names)} changed: "
                         + ("rebuilt" if ok else "not rebuilt:\n" + "\n".join(self.problems)))

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: ANN002
            pass  # the terminal shows builds, not every request

        def do_GET(self) -> None:  # noqa: N802
            # A page on another site can point its own name at 127.0.0.1 (DNS rebinding)
            # and read what we serve; its requests carry its name, never ours.
            if self.headers.get("Host", "").lower() not in hosts:
                self.send_error(HTTPStatus.MISDIRECTED_REQUEST,
                                explain="lmspack preview answers only requests for "
                                        + " or ".join(sorted(hosts)))
                return
            path = unquote(urlsplit(self.path).path)
            if path == "/":
                return self.send_file(STATIC / "lms.html")
            if path in ("/__lmspack/lms.js", "/__lmspack/lms.css"):
                return self.send_file(STATIC / path.rsplit("/", 1)[1])
            if path == "/__lmspack/state":
                with preview.lock:
                    body = json.dumps({**preview.state, "version": preview.version,
                                       "problems": preview.problems}).encode()
                return self.send_bytes(body, "application/json")
            with preview.lock:
                root = preview.root
            if path.startswith("/sco/") and root is not None and "\x00" not in path:
                root = root.resolve()
                target = (root / path[len("/sco/"):]).resolve()
                if target.is_relative_to(root) and target.is_file():
                    return self.send_file(target)
            self.send_error(HTTPStatus.NOT_FOUND)

        def send_file(self, path: Path) -> None:
            kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            try:
                with path.open("rb") as f:
                    self.send_ranged(f, path.stat().st_size, kind or "application/octet-stream")
            except OSError:  # a rebuild removed it: the page relaunches on the new build
                self.send_error(HTTPStatus.NOT_FOUND)

        def send_bytes(self, data: bytes, kind: str) -> None:
            self.send_ranged(io.BytesIO(data), len(data), kind)

        def send_ranged(self, f: BinaryIO, size: int, kind: str) -> None:
            """The whole file, or the one byte range asked for (a video seeks so, as an
            LMS's file server allows), read from disk only as far as it is sent."""
            start, end, status = 0, size - 1, HTTPStatus.OK
            ranged = self.headers.get("Range", "")
            if ranged.startswith("bytes=") and "," not in ranged and size:
                first, _, last = ranged[6:].partition("-")
                try:
                    start = int(first) if first else max(size - int(last), 0)
                    end = min(int(last), size - 1) if first and last else size - 1
                except ValueError:
                    start, end = 0, size - 1
                else:
                    status = HTTPStatus.PARTIAL_CONTENT
                if start > end:
                    self.send_error(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    return
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(
                ("text/", "application/json", "application/xml")) else ""))
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Cache-Control", "no-store")
            if status == HTTPStatus.PARTIAL_CONTENT:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            f.seek(start)
            left = end - start + 1
            while left > 0 and (chunk := f.read(min(left, 1 << 20))):
                self.wfile.write(chunk)
                left -= len(chunk)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    port = server.server_address[1]
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    return server
