"""Read a package someone else made, a zip or an unpacked folder, without trusting it.

Nothing is extracted. Listing a zip checks every entry's name, type and sizes;
only the files `validate` needs (the manifest) are read, and never more than a
limit, whatever the headers claim. Entries that are unsafe are reported and left
out of the listing.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lmspack.validate.report import Report, some_names
from lmspack.validate.zipentry import (
    HeaderMismatch,
    SizeMismatch,
    Span,
    UnknownMethod,
    inflate,
    locate,
)

# Limits for a package from anywhere. Learning Hub's upload limit is 2 GB
# (lms-platform-facts.md); the largest package lmspack expects is a few GiB.
MAX_ENTRIES = 100_000
MAX_TOTAL_SIZE = 16 * 2**30
# Deflate can reach about 1032:1 on runs of one byte. Real media stays far below
# 100:1, but a page of repetitive text does not (a course's own page may reach
# 300:1), and unpacking a few MiB harms no one: the ratio matters only at sizes
# that could fill a server's disk, for one entry or for the package as a whole.
MAX_RATIO = 100
RATIO_FLOOR = 64 * 2**20  # smaller entries cannot do harm whatever their ratio
TOTAL_RATIO_FLOOR = 256 * 2**20
MAX_READ = 32 * 2**20  # the most `validate` reads of any one file (the manifest)
CHUNK = 2**20
_DRIVE = re.compile(r"^[A-Za-z]:")


class Unreadable(Exception):
    """The package cannot be opened at all (exit code 2)."""


class TooLarge(Exception):
    pass


def unsafe_name(name: str) -> str | None:
    """Why a path inside a package could escape its folder or break on a server, or None."""
    if "\\" in name:
        return ("contains a backslash (a Windows path separator): Linux servers read it as "
                "part of the name")
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the package folder with '..'"
    if "\0" in name:
        return "contains a NUL character"
    return None


class Contents:
    """The files of a package by their path inside it ('a/b.html')."""

    kind = ""
    names: list[str]

    def verify(self, report: Report) -> None:
        """Check that every file's data can be read back (a zip's CRCs)."""

    def size(self, name: str) -> int:
        raise NotImplementedError

    def fingerprint(self, name: str) -> tuple[int, ...] | None:
        """What names a file's bytes without reading them, where the package says (a
        zip entry's CRC, sizes and method); None where only its bytes tell."""
        return None

    def read(self, name: str) -> bytes:
        """The file's bytes; TooLarge beyond MAX_READ, whatever its size claims."""
        raise NotImplementedError

    @property
    def total_size(self) -> int:
        return sum(self.size(n) for n in self.names)

    def close(self) -> None:
        pass


class ZipContents(Contents):
    kind = "zip"

    def __init__(self, path: Path, report: Report):
        try:
            self.zf = zipfile.ZipFile(path)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
            raise Unreadable(f"not a readable zip file ({exc})") from None
        except OSError as exc:
            raise Unreadable(f"cannot read it: {exc.strerror or exc}") from None
        self._raw = path.open("rb")  # the local headers, read from the bytes themselves
        self._file_size = os.fstat(self._raw.fileno()).st_size
        self._infos: dict[str, zipfile.ZipInfo] = {}
        # Entries reported and never read (links, encrypted, bombs). They stay listed, so
        # that a manifest naming one is not also told that it is missing.
        self._refused: set[str] = set()
        self._bomb = False
        self._check(infos, report)
        self.names = sorted(self._infos)

    def _check(self, infos: list[zipfile.ZipInfo], report: Report) -> None:
        if len(infos) > MAX_ENTRIES:
            report.add("error", "zip-too-many-entries", f"the zip has {len(infos):,} entries; "
                       f"lmspack reads at most {MAX_ENTRIES:,}")
            infos = infos[:MAX_ENTRIES]
        total, compressed, descriptors = 0, 0, []
        for info in infos:
            name = info.filename
            why = unsafe_name(name)
            if why:
                report.add("error", "zip-unsafe-path", f"entry '{name}' {why}; it was not read",
                           name)
                continue
            if info.is_dir():
                continue
            if name in self._infos:
                report.add("error", "zip-duplicate", f"the zip holds '{name}' twice: which one "
                           "an LMS keeps is unpredictable", name)
                continue
            self._infos[name] = info
            if self._refused_entry(info, report):
                self._refused.add(name)
                continue
            total += info.file_size
            compressed += info.compress_size
            if info.flag_bits & 0x8:
                descriptors.append(name)
        if total > TOTAL_RATIO_FLOOR and total > MAX_RATIO * max(compressed, 1):
            self._bomb = True
            report.add("error", "zip-bomb", f"the entries claim {total:,} bytes from "
                       f"{compressed:,} compressed (more than {MAX_RATIO}:1): refused as a "
                       "possible zip bomb")
        if total > MAX_TOTAL_SIZE:
            report.add("error", "zip-too-large", f"the entries add up to {total:,} bytes "
                       f"unpacked, more than the {MAX_TOTAL_SIZE:,} lmspack accepts")
        if descriptors:
            # SCORM Cloud rejected zips whose entries put their sizes after the data
            # ("IO Error processing zip"; missing-elements/h5p-offline-player release
            # notes, embed 1.3.1, in lms-platform-facts.md), though Moodle took them.
            report.add("warning", "zip-data-descriptor", f"{some_names(descriptors)} store their "
                       "sizes after the data (data descriptors), which some LMSs reject: "
                       "re-zip the package with a tool that writes sizes in the headers")

    @staticmethod
    def _refused_entry(info: zipfile.ZipInfo, report: Report) -> bool:
        """Report an entry whose data is not to be read, and say whether it was."""
        name = info.filename
        if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
            report.add("error", "zip-symlink", f"entry '{name}' is a symbolic link: an LMS "
                       "unpacking it could be sent outside the package; it was not read", name)
        elif info.flag_bits & 0x1:
            report.add("error", "zip-encrypted", f"entry '{name}' is encrypted: no LMS can "
                       "unpack it", name)
        elif info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            report.add("error", "zip-bomb", f"entry '{name}' claims {info.file_size:,} bytes "
                       f"from {info.compress_size:,} compressed (more than {MAX_RATIO}:1): "
                       "refused as a possible zip bomb", name)
        else:
            return False
        return True

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def fingerprint(self, name: str) -> tuple[int, ...] | None:
        # Sound once verify() has matched each entry's data to its CRC, or for a zip
        # lmspack has just written (build's own check).
        info = self._infos[name]
        return info.CRC, info.file_size, info.compress_size, info.compress_type

    def read(self, name: str) -> bytes:
        if name in self._refused or self._bomb:
            raise OSError(f"entry '{name}' was refused")
        # Any entry, as `verify` reads it (headers compared, never past its declared
        # size), and at most MAX_READ bytes of it.
        data = bytearray()
        for chunk in self._entry_data(name):
            data += chunk
            if len(data) > MAX_READ:
                raise TooLarge()
        return bytes(data)

    def _entry_data(self, name: str) -> Iterator[bytes]:
        info = self._infos[name]
        try:
            span = locate(self._raw, info, self._file_size)
        except HeaderMismatch as exc:
            raise OSError(f"entry '{name}' {exc}") from None
        try:
            yield from inflate(self._raw, info, span)
        except SizeMismatch as exc:
            raise OSError(f"entry '{name}' {exc}") from None
        except UnknownMethod:
            raise OSError(f"entry '{name}' uses compression method {info.compress_type}, "
                          "which lmspack does not read") from None

    def verify(self, report: Report) -> None:
        """Read every entry through, as an LMS unpacking it will, in chunks: its local
        header must agree with the central directory, no two entries may share bytes,
        and its data must inflate to its declared size (never further: one byte past
        it is enough to tell) and match its CRC. Nothing is held in memory or written."""
        if self._bomb:
            return  # already refused: inflating it is the harm
        spans = self._check_headers(report)
        for name in self.names:
            if name in self._refused:
                continue
            try:
                self._inflate_as_declared(name, spans[name], report)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                self._refused.add(name)
                report.add("error", "zip-corrupt", f"entry '{name}' cannot be unpacked ({exc}): "
                           "an LMS would refuse the package; zip it again", name)

    def _check_headers(self, report: Report) -> dict[str, Span]:
        """Each entry's local header (and data descriptor) against its central record,
        and no two entries sharing bytes; the spans of those that pass."""
        spans: dict[str, Span] = {}
        for name in self.names:
            if name in self._refused:
                continue
            try:
                spans[name] = locate(self._raw, self._infos[name], self._file_size)
            except HeaderMismatch as exc:
                self._refused.add(name)
                report.add("error", "zip-header-mismatch", f"entry '{name}' {exc}: unzip tools "
                           "disagree on what it holds; it was not read", name)
        ordered = sorted(spans.items(), key=lambda item: item[1].start)
        for (first, a), (second, b) in zip(ordered, ordered[1:], strict=False):
            if b.start < a.end:
                self._refused.update((first, second))
                # Fifield's "better zip bomb" makes many entries of one compressed
                # stream: the ratio of each looks harmless, their sum is not.
                report.add("error", "zip-overlap", f"entries '{first}' and '{second}' share "
                           "bytes in the zip, as no zip tool writes them (a zip bomb does); "
                           "they were not read", second)
        start_dir = getattr(self.zf, "start_dir", None)
        for name, span in ordered:
            if start_dir is not None and span.end > start_dir and name not in self._refused:
                self._refused.add(name)
                report.add("error", "zip-overlap", f"entry '{name}' runs into the zip's central "
                           "directory; it was not read", name)
        return spans

    def _inflate_as_declared(self, name: str, span: Span, report: Report) -> None:
        """Inflate the entry (never past its declared size plus one byte), reporting a
        size or method that is not what it declares; raises if it is corrupt."""
        info = self._infos[name]
        try:
            for _ in inflate(self._raw, info, span):
                pass
        except SizeMismatch as exc:
            self._refused.add(name)
            report.add("error", "zip-size-mismatch", f"entry '{name}' {exc}: an LMS unpacking "
                       "it may write far more than that; it was refused", name)
        except UnknownMethod:
            self._refused.add(name)
            report.add("error", "zip-method", f"entry '{name}' uses compression method "
                       f"{info.compress_type}, not deflate or stored: LMSs' unzip tools may "
                       "not unpack it (Java's ZipInputStream reads only those two), and "
                       "lmspack cannot check it", name)

    def close(self) -> None:
        self.zf.close()
        self._raw.close()


class FolderContents(Contents):
    kind = "folder"

    def __init__(self, path: Path, report: Report):
        self.root = path
        self._sizes: dict[str, int] = {}
        # Iterative, so that no depth of folders can exhaust the stack; lstat, so
        # that links are never followed and pipes or devices never opened.
        stack = [""]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(self.root / folder), key=lambda e: e.name)
            except OSError as exc:
                raise Unreadable(f"cannot read {exc.filename}: {exc.strerror}") from None
            if len(self._sizes) + len(entries) > MAX_ENTRIES:
                raise Unreadable(f"it holds more than {MAX_ENTRIES:,} files")
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    report.add("error", "symlink", f"'{rel}' is a symbolic link: packages must "
                               "hold the files themselves; it was not followed", rel)
                elif stat.S_ISDIR(mode):
                    stack.append(rel)
                elif not stat.S_ISREG(mode):
                    report.add("error", "special-file", f"'{rel}' is not a regular file (a "
                               "pipe, socket or device); it was not read", rel)
                else:
                    if "\\" in entry.name:
                        report.add("error", "zip-unsafe-path", f"'{rel}' {unsafe_name(rel)}",
                                   rel)
                    self._sizes[rel] = entry.stat(follow_symlinks=False).st_size
        self.names = sorted(self._sizes)

    def size(self, name: str) -> int:
        return self._sizes[name]

    def read(self, name: str) -> bytes:
        # O_NOFOLLOW and a regular-file check: the file may have changed since listing.
        fd = os.open(self.root / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(f"{name} is no longer a regular file")
            return _bounded(f)


def _bounded(f: BinaryIO) -> bytes:
    # Read at most MAX_READ + 1 bytes: a zip header's size may lie.
    data = f.read(MAX_READ + 1)
    if len(data) > MAX_READ:
        raise TooLarge()
    return data


def open_package(path: Path, report: Report) -> Contents:
    """The contents of the zip or folder at `path`; safety problems go into `report`."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise Unreadable("no such file or folder") from None
    except (OSError, ValueError) as exc:
        raise Unreadable(f"cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    if stat.S_ISDIR(mode):
        return FolderContents(path, report)
    if not stat.S_ISREG(mode):
        raise Unreadable("not a file or folder")
    return ZipContents(path, report)

