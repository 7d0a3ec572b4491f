"""A reproducible zip: sorted entries, fixed timestamps and permissions, no data descriptors.

Modelled on flit_core's wheel writer. The archive is written to a temporary file
beside the target and moved into place only when complete, so a failed build
never leaves a half-written package.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from lmspack.errors import LmspackError

# 1980-01-01, the earliest time a zip can hold, unless SOURCE_DATE_EPOCH says otherwise.
DEFAULT_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# Stored media would only cost time to deflate for nothing.
STORED_SUFFIXES = {".mp4", ".m4v", ".webm", ".mp3", ".m4a", ".ogg", ".png", ".jpg", ".jpeg",
                   ".gif", ".webp", ".woff", ".woff2", ".zip"}


# The latest time a zip can hold.
LATEST_TIMESTAMP = (2107, 12, 31, 23, 59, 58)


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


class PackageWriter:
    """Collects files by archive name, then writes them all in sorted order."""

    def __init__(self) -> None:
        self._entries: dict[str, bytes | Path] = {}

    def add_bytes(self, name: str, data: bytes) -> None:
        self._add(name, data)

    def add_file(self, name: str, path: Path) -> None:
        self._add(name, path)

    def _add(self, name: str, content: bytes | Path) -> None:
        if name in self._entries:
            raise ValueError(f"two files would be stored as {name}")
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise ValueError(f"unsafe name in package: {name}")
        self._entries[name] = content

    @property
    def names(self) -> list[str]:
        return sorted(self._entries)

    def read(self, name: str) -> bytes:
        content = self._entries[name]
        return content.read_bytes() if isinstance(content, Path) else content

    def write_temporary(self, target: Path) -> Path:
        """Write the archive to a temporary file beside `target` and return its path."""
        stamp = zip_timestamp()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(name)
        try:
            self._write_zip(tmp, stamp)
            os.chmod(tmp, 0o644)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def _write_zip(self, tmp: Path, stamp: tuple[int, ...]) -> None:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name in self.names:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3  # Unix, so the permissions below are read
                info.external_attr = 0o644 << 16
                suffix = os.path.splitext(name)[1].lower()
                info.compress_type = (zipfile.ZIP_STORED if suffix in STORED_SUFFIXES
                                      else zipfile.ZIP_DEFLATED)
                content = self._entries[name]
                # Writing to a seekable file, zipfile goes back and fills the sizes into
                # the local header: no data descriptors, which some LMSs reject.
                if isinstance(content, Path):
                    large = content.stat().st_size > 2**31
                    with content.open("rb") as src, zf.open(info, "w", force_zip64=large) as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                else:
                    # compresslevel here: zipfile ignores the ZipFile's own for a ZipInfo.
                    zf.writestr(info, content, compresslevel=9)


def commit_all(jobs: Iterable[tuple[PackageWriter, Path]],
               verify: Callable[[Path, Path], None] | None = None) -> list[int]:
    """Write every archive to a temporary file, check each with `verify(temporary,
    target)`, then move them all into place.

    Nothing reaches a target unless every archive was written and passed; the
    sizes are returned.
    """
    done: list[tuple[Path, Path]] = []
    try:
        for writer, target in jobs:
            done.append((writer.write_temporary(target), target))
            if verify:
                verify(*done[-1])
    except BaseException:
        for tmp, _ in done:
            tmp.unlink(missing_ok=True)
        raise
    sizes = []
    for tmp, target in done:
        os.replace(tmp, target)
        sizes.append(target.stat().st_size)
    return sizes
