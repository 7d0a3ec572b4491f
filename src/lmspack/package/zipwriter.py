"""A reproducible zip: sorted entries, fixed timestamps and permissions, no data descriptors.

Modelled on flit_core's wheel writer. The archive is written to a temporary file
beside the target and moved into place only when complete, so a failed build
never leaves a half-written package.

We write the zip records ourselves (APPNOTE.TXT 6.3: local header, data, central
directory, end record, and the ZIP64 forms) rather than through `zipfile`, for two
reasons: the player and the schemas are the same in every package, so a catalogue
build compresses them once and copies the compressed bytes; and a large video can be
copied inside the kernel, never passing through Python. Every field is the
one Python's `zipfile` writes, so the bytes are those `zipfile` would give
(tests/test_zipwriter.py compares them).
"""

from __future__ import annotations

import errno
import hashlib
import os
import struct
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from lmspack.errors import LmspackError

# 1980-01-01, the earliest time a zip can hold, unless SOURCE_DATE_EPOCH says otherwise.
DEFAULT_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# The latest time a zip can hold.
LATEST_TIMESTAMP = (2107, 12, 31, 23, 59, 58)
# Stored media would only cost time to deflate for nothing.
STORED_SUFFIXES = {".mp4", ".m4v", ".webm", ".mp3", ".m4a", ".ogg", ".png", ".jpg", ".jpeg",
                   ".gif", ".webp", ".woff", ".woff2", ".zip"}
STORED, DEFLATED = 0, 8
LEVEL = 9
CHUNK = 1 << 20
# Sizes and offsets from here on need ZIP64 fields; a file this large or larger
# gets a ZIP64 local header from the start, as zipfile's force_zip64 gives.
ZIP64_LIMIT = 0xFFFFFFFF
IN_ZIP64 = 0xFFFFFFFF  # what a field says when its value is in the ZIP64 extra
ZIP64_FROM = 2**31
MAX_ENTRIES = 0xFFFF
VERSION, ZIP64_VERSION = 20, 45
UNIX, MODE = 3, 0o644 << 16
UTF8_NAME = 0x800

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR64 = struct.Struct("<4sLQL")


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return DEFAULT_TIMESTAMP
    try:
        stamp = time.gmtime(int(epoch))[:6]
    except (ValueError, OverflowError, OSError):
        raise LmspackError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                           f"1970-01-01, not {epoch!r}") from None
    # Zip holds 1980 to 2107; clamp as reproducible-builds tools do.
    return min(max(DEFAULT_TIMESTAMP, stamp), LATEST_TIMESTAMP)


def method_for(name: str) -> int:
    return STORED if os.path.splitext(name)[1].lower() in STORED_SUFFIXES else DEFLATED


@dataclass(frozen=True)
class Packed:
    """A file's data as the zip stores it."""

    method: int
    crc: int
    size: int
    data: bytes


def pack(data: bytes, method: int) -> Packed:
    stored = data
    if method == DEFLATED:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        stored = compressor.compress(data) + compressor.flush()
    return Packed(method, zlib.crc32(data), len(data), stored)


# Files every package carries (the player, the schemas): compressed once per process.
pack_shared = cache(pack)


@dataclass
class _Record:
    """What the central directory says of one entry."""

    name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    offset: int


class PackageWriter:
    """Collects files by archive name, then writes them all in sorted order."""

    def __init__(self) -> None:
        self._entries: dict[str, Packed | Path] = {}
        # Once written: a SHA-256 of the archive's central directory and of every entry
        # made from bytes. With the CRC and size the directory holds for each file
        # entry (media, copied as they are), it tells one archive from another.
        self.digest = ""

    def add_bytes(self, name: str, data: bytes, shared: bool = False) -> None:
        """Add `data` as `name`; `shared` data (the same in every package) is compressed
        once per process."""
        self._add(name, (pack_shared if shared else pack)(data, method_for(name)))

    def add_packed(self, name: str, packed: Packed) -> None:
        """Add data already compressed for `name` (by pack())."""
        self._add(name, packed)

    def add_file(self, name: str, path: Path) -> None:
        """Add the file at `path`, read in chunks when the archive is written."""
        self._add(name, path)

    def _add(self, name: str, content: Packed | Path) -> None:
        if name in self._entries:
            raise ValueError(f"two files would be stored as {name}")
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise ValueError(f"unsafe name in package: {name}")
        self._entries[name] = content

    @property
    def names(self) -> list[str]:
        return sorted(self._entries)

    def write_temporary(self, target: Path, tag: str = "") -> Path:
        """Write the archive to a temporary file beside `target` and return its path;
        `tag` goes in its name, so that `discard` can find it."""
        stamp = zip_timestamp()
        _make_folder(target.parent, tag)
        tmp = _new_file(target.parent / f".{target.name}.{tag}.", ".tmp")
        try:
            self._write_zip(tmp, stamp)
            os.chmod(tmp, 0o644)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def _write_zip(self, tmp: Path, stamp: tuple[int, ...]) -> None:
        when = _dos_time(stamp)
        if len(self._entries) > MAX_ENTRIES:
            raise LmspackError(f"a package holds at most {MAX_ENTRIES:,} files")
        digest = hashlib.sha256()
        # Not "wb": truncating a file makes ext4 flush it to disk on close (its
        # replace-by-truncate safeguard), a second or more for a large video. The
        # temporary file is new and empty.
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as out:
            records = []
            for name in self.names:
                content = self._entries[name]
                encoded, flags = _encode(name)
                record = _Record(encoded, flags, 0, 0, 0, 0, out.tell())
                if isinstance(content, Path):
                    _write_file(out, record, content, when)
                else:
                    record.method, record.crc = content.method, content.crc
                    record.compressed, record.size = len(content.data), content.size
                    out.write(_local_header(record, when, zip64=False))
                    out.write(content.data)
                    digest.update(content.data)
                records.append(record)
            directory = _central_directory(records, when, out.tell())
            out.write(directory)
            digest.update(directory)
        self.digest = digest.hexdigest()


def _new_file(prefix: Path, suffix: str) -> Path:
    """A new empty file named prefix + random + suffix, as tempfile.mkstemp makes one
    (importing tempfile would cost a small build more than writing its zip)."""
    for _ in range(100):
        path = Path(f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name beside {prefix.parent}")


def _dos_time(stamp: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def _encode(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), UTF8_NAME


def _local_header(r: _Record, when: tuple[int, int], zip64: bool) -> bytes:
    compressed, size, extra, version = r.compressed, r.size, b"", VERSION
    if zip64:
        extra = struct.pack("<2H2Q", 1, 16, size, compressed)
    if max(size, compressed) > ZIP64_LIMIT:
        compressed = size = IN_ZIP64
        version = ZIP64_VERSION
    return _LOCAL.pack(b"PK\x03\x04", version, 0, r.flags, r.method, *when, r.crc, compressed,
                       size, len(r.name), len(extra)) + r.name + extra


def _write_file(out: BinaryIO, r: _Record, path: Path, when: tuple[int, int]) -> None:
    """Copy a file in chunks: the local header goes first with blank sizes and is
    written again once they are known (the file is seekable, so there are no data
    descriptors, which some LMSs reject)."""
    r.method = method_for(path.name)
    with path.open("rb") as src:
        before = os.fstat(src.fileno())
        zip64 = before.st_size > ZIP64_FROM
        out.write(_local_header(r, when, zip64))
        copied = (r.method == STORED and before.st_size >= KERNEL_COPY_FROM
                  and _copy_in_kernel(src, out, path, before))
        if copied:
            r.crc, r.size = copied
            r.compressed = r.size
        else:
            _copy_through(src, out, r)
    if not zip64 and max(r.size, r.compressed) > ZIP64_LIMIT:
        raise LmspackError(f"{path} grew past 4 GiB while it was being packaged")
    end = out.tell()
    out.seek(r.offset)
    out.write(_local_header(r, when, zip64))
    out.seek(end)


def _copy_through(src: BinaryIO, out: BinaryIO, r: _Record) -> None:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15) if r.method == DEFLATED else None
    while chunk := src.read(CHUNK):
        r.crc = zlib.crc32(chunk, r.crc)
        r.size += len(chunk)
        if compressor:
            chunk = compressor.compress(chunk)
        out.write(chunk)
        r.compressed += len(chunk)
    if compressor:
        tail = compressor.flush()
        out.write(tail)
        r.compressed += len(tail)


# A video is copied inside the kernel (copy_file_range, as cp does) while a second
# thread reads it for its CRC-32: the data never passes through Python on its way
# into the zip, and the two run on two cores.
KERNEL_COPY_FROM = 16 * CHUNK
CRC_READ = 4 * CHUNK
_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM,
                   errno.EBADF}


def _copy_in_kernel(src: BinaryIO, out: BinaryIO, path: Path,
                    before: os.stat_result) -> tuple[int, int] | None:
    """Copy all of `src` to `out` with copy_file_range; its (CRC-32, size), or None,
    with nothing written, where the kernel cannot copy between these files."""
    if not hasattr(os, "copy_file_range"):
        return None
    out.flush()
    start = out.tell()
    size, done = before.st_size, 0
    try:
        done = os.copy_file_range(src.fileno(), out.fileno(), min(size, CHUNK), 0, start)
    except OSError as exc:
        if exc.errno in _NO_KERNEL_COPY:
            return None
        raise
    if done == 0:  # some filesystems copy nothing rather than refuse
        return None
    import threading  # only here: a small package never needs it

    crc: list[tuple[int, int] | BaseException] = []
    stop = threading.Event()
    reader = threading.Thread(target=_crc_of, args=(src.fileno(), crc, stop), daemon=True)
    reader.start()
    try:
        while done < size:
            n = os.copy_file_range(src.fileno(), out.fileno(), min(size - done, 64 * CHUNK),
                                   done, start + done)
            if n == 0:
                break
            done += n
    except BaseException:
        stop.set()  # Ctrl-C or a full disk: the reader need not finish
        raise
    finally:
        reader.join()
    out.seek(start + done)
    if isinstance(crc[0], BaseException):
        raise crc[0]
    after = os.fstat(src.fileno())
    if (crc[0][1], after.st_size, after.st_mtime_ns) != (done, size, before.st_mtime_ns):
        raise LmspackError(f"{path} changed while it was being packaged")
    return crc[0]


def _crc_of(fd: int, result: list[tuple[int, int] | BaseException], stop: Any) -> None:
    """The CRC-32 and size of the open file `fd`, read with pread (the file the copy
    reads, not whatever its name points to by now; a truncated file reads short)."""
    try:
        crc, size = 0, 0
        buffer = bytearray(CRC_READ)
        view = memoryview(buffer)
        while not stop.is_set() and (n := os.preadv(fd, [buffer], size)):
            crc = zlib.crc32(view[:n], crc)
            size += n
        result.append((crc, size))
    except BaseException as exc:  # handed to the copying thread, which raises it
        result.append(exc)


def _central_directory(records: list[_Record], when: tuple[int, int], start: int) -> bytes:
    """The central directory and end records of entries written before `start`."""
    out = bytearray()
    for r in records:
        compressed, size, offset, wide = r.compressed, r.size, r.offset, []
        if max(size, compressed) > ZIP64_LIMIT:
            wide += [size, compressed]
            compressed = size = IN_ZIP64
        if offset > ZIP64_LIMIT:
            wide.append(offset)
            offset = IN_ZIP64
        extra = struct.pack(f"<2H{len(wide)}Q", 1, 8 * len(wide), *wide) if wide else b""
        version = ZIP64_VERSION if wide else VERSION
        out += _CENTRAL.pack(b"PK\x01\x02", version, UNIX, version, 0, r.flags, r.method,
                             *when, r.crc, compressed, size, len(r.name), len(extra), 0, 0,
                             0, MODE, offset) + r.name + extra
    end = start + len(out)
    count, size, offset = len(records), end - start, start
    if offset > ZIP64_LIMIT or size > ZIP64_LIMIT:
        out += _END64.pack(b"PK\x06\x06", 44, ZIP64_VERSION, ZIP64_VERSION, 0, 0, count,
                           count, size, offset)
        out += _LOCATOR64.pack(b"PK\x06\x07", 0, end, 1)
        size, offset = min(size, IN_ZIP64), min(offset, IN_ZIP64)
    out += _END.pack(b"PK\x05\x06", 0, 0, count, count, size, offset, 0)
    return bytes(out)


def commit(done: Iterable[tuple[Path, Path]]) -> list[int]:
    """Move each written temporary file onto its target; return the sizes."""
    sizes = []
    for tmp, target in done:
        os.replace(tmp, target)
        sizes.append(target.stat().st_size)
    return sizes


def discard(targets: Iterable[Path], tag: str) -> None:
    """Delete the temporary files written beside `targets` under `tag`, finished or not,
    and the folders made for them: a failed build leaves nothing behind."""
    for target in targets:
        for tmp in target.parent.glob(f".{target.name}.{tag}.*.tmp"):
            tmp.unlink(missing_ok=True)
    for folder in reversed(_MADE.pop(tag, [])):
        try:
            folder.rmdir()  # only if empty: another process may have written there since
        except OSError:
            break


# The folders each build (by its tag) made for its files, outermost first. The first
# packages are written in the main process, so it is there that a build's folders are made.
_MADE: dict[str, list[Path]] = {}


def _make_folder(folder: Path, tag: str) -> None:
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for made in reversed(missing):
        try:
            made.mkdir()
        except FileExistsError:
            continue  # made by another build meanwhile: not ours to remove
        _MADE.setdefault(tag, []).append(made)
