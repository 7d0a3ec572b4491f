"""What one build keeps for the next, in the user's cache folder.

- `templates/`: Jinja's compiled templates (render/templates.py).
- `courses/`: each course as loaded and checked (BuildCache.loading memoises the
  loading it is given), the files rendered from it for each
  standard (the page, the accessibility statement, the standard's own), and the digests of
  its packages that passed validation; and lmspack's own files (the player, the
  schemas) compressed as packages store them. A course that has not changed since it was
  last built is not read, checked or rendered again; its packages are zipped every
  time, and a package is validated unless the same bytes passed before.

An entry is found by a SHA-256 of everything its result depends on:
- every file in the course folder, by its bytes (media over BY_STAT_FROM by size,
  modification time and inode, as make and ninja know files: they are copied into
  the package as they are, read afresh each time);
- where the folder is and the folder the command runs in (messages name files
  relative to it), and the options that change loading (--draft);
- lmspack itself: each of its files and of the libraries it reads and renders with,
  by size and modification time, and the Python and zlib versions; and each standard
  another package registers (standards/__init__.py): its entry point and its module's
  files (the whole package folder, where it is a package), by size and time.

So an entry is never out of date: a change to any of these is a different key. An
entry that cannot be read is made again, and a folder that cannot be used costs only
time. LMSPACK_CACHE_DIR names another cache folder; set it empty to keep nothing.
Entries are pickles: the folder must be the user's own (as Python trusts its
__pycache__), and a folder that others may write to is not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import zlib
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmspack.builder import Stages
from lmspack.cachedir import folder
from lmspack.package.zipwriter import STORED, Packed, method_for, pack_shared
from lmspack.resources import HERE, manifests_root

if TYPE_CHECKING:
    from lmspack.errors import Diagnostic
    from lmspack.standards import Standard
    from lmspack.structure.course import Course

# A course folder and --draft to the course and what `lmspack check` finds in it.
Load = Callable[[Path, bool], "tuple[Course, list[Diagnostic]]"]

__all__ = ["BuildCache", "CachedStages", "course_key", "folder"]

FORMAT = b"lmspack-cache-1"
BY_STAT_FROM = 1 << 20
# Libraries whose code shapes a course or its files. A new version is a new key.
LIBRARIES = ("yaml", "_yaml", "markdown_it", "mdurl", "jinja2", "markupsafe", "lxml")


@cache
def _lmspack_key() -> bytes:
    """lmspack's own files, the standards registered from other packages, its
    libraries' and the Python version, hashed."""
    from lmspack import standards

    # zlib's version too: the compressed player and schemas are kept.
    h = hashlib.sha256(FORMAT + f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}".encode())
    outside = standards.outside_sources()
    h.update(repr(sorted(outside)).encode())
    roots = [HERE] + [m for m in [manifests_root()] if not m.is_relative_to(HERE)]
    for root in roots + [Path(p) for p in outside.values() if p]:
        walked = os.walk(root) if root.is_dir() else [(str(root.parent), [], [root.name])]
        for dirpath, dirnames, files in walked:
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                try:
                    info = os.stat(path)
                except OSError:  # a link to nowhere (an editor's lock file): not code
                    continue
                h.update(os.fsencode(path) + f"\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    for library in LIBRARIES:
        spec = find_spec(library)
        origin = spec.origin if spec else None
        info = os.stat(origin) if origin and os.path.exists(origin) else None
        h.update(f"{library}\0{origin}\0{info and (info.st_size, info.st_mtime_ns)}\n".encode())
    return h.digest()


def course_key(course_dir: Path, *options: object) -> str | None:
    """The key of a course folder's entry: `<where>-<what>`, the first half naming the
    folder and options (a course has one entry, the newest), the second its contents.
    None where its files cannot all be known (no course.yml, a file that cannot be
    read, a folder reached through a link): such a course is always loaded afresh."""
    if not (course_dir / "course.yml").is_file():
        return None
    where = repr((os.getcwd(), str(course_dir), str(course_dir.resolve()), options)).encode()
    h = hashlib.sha256(_lmspack_key() + where)
    try:
        for dirpath, dirnames, files in os.walk(course_dir, onerror=_raise):
            dirnames.sort()
            for name in dirnames:
                if os.path.islink(os.path.join(dirpath, name)):
                    return None
            h.update(b"D\0" + os.fsencode(os.path.relpath(dirpath, course_dir)) + b"\n")
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                info = os.stat(path)
                if not stat.S_ISREG(info.st_mode):
                    return None
                h.update(b"F\0" + os.fsencode(name) + f"\0{info.st_size}\0".encode())
                if info.st_size > BY_STAT_FROM and method_for(name) == STORED:
                    h.update(f"{info.st_mtime_ns}\0{info.st_ino}\n".encode())
                else:
                    with open(path, "rb") as f:
                        h.update(f.read())
    except OSError:
        return None
    return f"{hashlib.sha256(where).hexdigest()[:16]}-{h.hexdigest()[:40]}"


def _raise(error: OSError) -> None:
    raise error


class BuildCache:
    """The courses of one build that the cache knows, and their rendered files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.keys: dict[Path, str] = {}  # by course source folder
        self._listing: list[str] | None = None
        self._shipped: dict[str, Packed] | None = None
        self._shipped_changed = False

    @classmethod
    def open(cls) -> BuildCache | None:
        root = folder("courses")
        return cls(root) if root else None

    def course(self, course_dir: Path, draft: bool) -> tuple[Course, list[Diagnostic]] | None:
        """The course and its check findings as last loaded, if nothing has changed."""
        from lmspack.structure.course import Course

        key = course_key(course_dir, draft)
        if key is None:
            return None
        self.keys[course_dir] = key
        found = self._read(key)
        if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Course)
                and isinstance(found[1], list)):
            return None
        self.keys[found[0].source_dir] = key
        return found

    def keep_course(self, course_dir: Path, draft: bool, course: Course,
                    findings: list[Diagnostic]) -> None:
        """Keep a course just loaded, unless its folder changed while it was read (the
        entry would hold what the key no longer names); then nothing of it is kept."""
        key = self.keys.pop(course_dir, None)
        if key is None or course_key(course_dir, draft) != key:
            return
        self.keys[course_dir] = self.keys[course.source_dir] = key
        self._forget_older(key)
        self._write(key, (course, findings))

    def loading(self, load: Load) -> Load:
        """`load` (a course folder and --draft to the course and its check findings, as
        lmspack/courses.py loads them) memoised: a course unchanged since it was last
        loaded is taken from here, and one loaded afresh is kept."""
        def cached(course_dir: Path, draft: bool) -> tuple[Course, list[Diagnostic]]:
            known = self.course(course_dir, draft)
            if known:
                return known
            course, findings = load(course_dir, draft)
            self.keep_course(course_dir, draft, course, findings)
            return course, findings

        return cached

    def _entry(self, course: Course, standard: Standard) -> str | None:
        """The name of this course's entry for one standard, if the cache knows it."""
        key = self.keys.get(course.source_dir)
        return f"{key}-{standard.name}" if key else None

    def rendered(self, course: Course, standard: Standard,
                 needed: set[str]) -> dict[str, bytes] | None:
        """The files rendered for this course and standard before, `needed` among them."""
        entry = self._entry(course, standard)
        found = self._read(entry) if entry else None
        if not (isinstance(found, dict) and needed <= found.keys()
                and all(isinstance(k, str) and isinstance(v, bytes) for k, v in found.items())):
            return None
        return found

    def keep_rendered(self, course: Course, standard: Standard, files: dict[str, bytes]) -> None:
        entry = self._entry(course, standard)
        if entry:
            self._write(entry, files)

    def passed(self, course: Course, standard: Standard, digest: str) -> bool:
        """Whether a package with this digest (PackageWriter.digest) has passed its
        checks before: the same bytes checked by the same lmspack pass again."""
        entry = self._entry(course, standard)
        return bool(entry) and os.path.exists(self.root / f"{entry}-{digest}.passed")

    def keep_passed(self, course: Course, standard: Standard, digest: str) -> None:
        entry = self._entry(course, standard)
        if entry:
            with suppress(OSError):
                (self.root / f"{entry}-{digest}.passed").touch()

    def shipped(self, source: Path, name: str, data: Callable[[], bytes]) -> Packed:
        """One of lmspack's own files (the player, the schemas), at `source`, as
        packages store it under `name`: compressed by an earlier build of this same
        lmspack, or now."""
        if self._shipped is None:
            found = self._read(self._shipped_name())
            self._shipped = found if isinstance(found, dict) else {}
        key = f"{source}\0{name}"
        packed = self._shipped.get(key)
        if not isinstance(packed, Packed):
            packed = self._shipped[key] = pack_shared(data(), method_for(name))
            self._shipped_changed = True
        return packed

    def save(self) -> None:
        """Keep what this build compressed of lmspack's own files."""
        if self._shipped and self._shipped_changed:
            name = self._shipped_name()
            for old in self._names():
                if old.startswith("shipped-") and not old.startswith(name):
                    with suppress(OSError):
                        os.unlink(self.root / old)
            self._write(name, self._shipped)
            self._shipped_changed = False

    def stages(self) -> CachedStages:
        return CachedStages(self)

    def _shipped_name(self) -> str:
        return f"shipped-{_lmspack_key().hex()[:40]}"

    def _forget_older(self, key: str) -> None:
        """Delete the entries of this course folder made from older contents."""
        where = key.split("-", 1)[0]
        for name in self._names():
            if name.startswith(f"{where}-") and not name.startswith(key):
                with suppress(OSError):
                    os.unlink(self.root / name)

    def _names(self) -> list[str]:
        if self._listing is None:  # once per build: the entries it adds are its own
            try:
                self._listing = os.listdir(self.root)
            except OSError:
                self._listing = []
        return self._listing

    def _read(self, name: str) -> Any:
        try:
            with open(self.root / f"{name}.pickle", "rb") as f:
                return pickle.load(f)
        except Exception:  # missing, cut short, or from code that has since changed
            return None

    def _write(self, name: str, value: Any) -> None:
        target = self.root / f"{name}.pickle"
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)  # readers see the whole entry or none
        except Exception:  # a full disk, an unpicklable value: it costs only time
            with suppress(OSError):
                tmp.unlink()


class CachedStages(Stages):
    """A build's stages memoised by a BuildCache: rendering an unchanged course,
    checking bytes that passed before and compressing lmspack's own files are done
    once. What was rendered is kept only once its package has passed its checks."""

    def __init__(self, store: BuildCache) -> None:
        self.store = store
        self._unchecked: dict[tuple[Path, str], dict[str, bytes]] = {}

    def render(self, course: Course, standard: Standard, scripts: list[str],
               names: list[str]) -> dict[str, bytes]:
        from lmspack.render.player import STATEMENT

        kept = self.store.rendered(course, standard, {standard.launch, STATEMENT})
        if kept:
            return kept
        made = super().render(course, standard, scripts, names)
        self._unchecked[course.source_dir, standard.name] = made
        return made

    def check(self, course: Course, standard: Standard, package: Path, where: str,
              digest: str) -> None:
        if not self.store.passed(course, standard, digest):
            super().check(course, standard, package, where, digest)
            self.store.keep_passed(course, standard, digest)
        made = self._unchecked.pop((course.source_dir, standard.name), None)
        if made:
            self.store.keep_rendered(course, standard, made)

    def shipped(self, name: str, source: Path, data: Callable[[], bytes]) -> Packed:
        return self.store.shipped(source, name, data)

    def finish(self) -> None:
        self.store.save()
