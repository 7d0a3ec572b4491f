"""lmspack preview's server: builds a course into a temporary folder, serves it on
127.0.0.1 inside the preview LMS page (static/), and rebuilds when a course file
changes. The page polls /__lmspack/state and relaunches after each rebuild."""

from __future__ import annotations

import json
import mimetypes
import shutil
import tempfile
import threading
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
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
        self.state: dict = {"course": course_dir.name, "title": course_dir.name,
                            "standard": standard.name, "label": standard.label,
                            "launch": standard.launch, "passMark": 80,
                            "runtime": standard.runtime != "none"}
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def build(self) -> bool:
        """Build and unpack the package; on failure keep serving the last good one."""
        from lmspack.builder import build_all
        from lmspack.courses import load_all
        from lmspack.errors import LmspackError

        checked = load_all((self.course_dir,), draft=True)
        problems = [e.format() if hasattr(e, "fix") else str(e) for e in checked.errors]
        if not problems:
            out = self.workdir / f"build-{self.version + 1}"
            try:
                built = build_all(checked.courses, [self.standard], out)
            except (LmspackError, OSError) as exc:
                problems = [str(p) for p in getattr(exc, "problems", [exc])]
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
            self.state = {"course": course.id, "title": course.title,
                          "standard": self.standard.name, "label": self.standard.label,
                          "launch": self.standard.launch, "passMark": course.completion.pass_mark,
                          "runtime": self.standard.runtime != "none"}
        if old is not None:
            shutil.rmtree(old.parent, ignore_errors=True)
        return True

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
                ok = self.build()
                self.log(f"{', '.join(names)} changed: "
                         + ("rebuilt" if ok else "not rebuilt:\n" + "\n".join(self.problems)))

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: ANN002
            pass  # the terminal shows builds, not every request

        def do_GET(self) -> None:  # noqa: N802
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
            if path.startswith("/sco/") and preview.root is not None:
                root = preview.root.resolve()
                target = (root / path[len("/sco/"):]).resolve()
                if target.is_relative_to(root) and target.is_file():
                    return self.send_file(target)
            self.send_error(HTTPStatus.NOT_FOUND)

        def send_file(self, path: Path) -> None:
            data = path.read_bytes()
            kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            self.send_bytes(data, kind or "application/octet-stream")

        def send_bytes(self, data: bytes, kind: str) -> None:
            start, end, status = 0, len(data) - 1, HTTPStatus.OK
            ranged = self.headers.get("Range", "")
            if ranged.startswith("bytes=") and "," not in ranged and data:
                first, _, last = ranged[6:].partition("-")
                try:  # a video seeks with byte ranges, as an LMS's file server allows
                    start = int(first) if first else max(len(data) - int(last), 0)
                    end = min(int(last), len(data) - 1) if first and last else len(data) - 1
                except ValueError:
                    start, end = 0, len(data) - 1
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
                self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
            self.end_headers()
            self.wfile.write(data[start:end + 1])

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
