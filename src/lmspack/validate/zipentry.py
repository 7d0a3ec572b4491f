"""One zip entry read from the raw bytes, without trusting zipfile's view of it.

Python's zipfile believes the central directory: it reads compressed data up to the
size the central record declares and stops inflating at the size it claims, so an
entry declaring 10 bytes passes with 64 MiB of deflate data behind it, which an LMS
unzipping it (PHP's ZipArchive for Moodle, a streaming reader that follows the local
header) writes in full. Here the local header is read from the file itself and
compared with the central record, and the data is inflated at most to the declared
size plus one byte, so a lie in either direction is found in bounded memory and time.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

LOCAL = struct.Struct("<4sHHHHHIIIHH")
DESCRIPTOR_SIG = b"PK\x07\x08"
ZIP64_EXTRA = 0x0001
UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP's: unzip and libzip use its name instead
STORED, DEFLATED = 0, 8
IN_CHUNK = 64 * 2**10
OUT_CHUNK = 2**20
FULL = 0xFFFFFFFF


class HeaderMismatch(Exception):
    """The local header, a data descriptor or an extra field disagrees with the central
    record (the message says how)."""


class SizeMismatch(Exception):
    """The data inflates to another size, or its stream ends elsewhere, than declared."""


class UnknownMethod(Exception):
    pass


@dataclass(frozen=True)
class Span:
    """Where an entry lies in the zip file: its local header to the end of its data
    (and data descriptor)."""

    start: int
    data: int
    end: int


def _extras(extra: bytes) -> Iterator[tuple[int, bytes]]:
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        yield kind, extra[at + 4:at + 4 + size]
        at += 4 + size


def _unicode_names(extra: bytes) -> list[str]:
    names = []
    for kind, body in _extras(extra):
        if kind == UNICODE_PATH_EXTRA and len(body) >= 5:
            names.append(body[5:].decode("utf-8", "replace"))
    return names


def _raw_name(info: zipfile.ZipInfo) -> bytes:
    return info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")


def locate(raw: BinaryIO, info: zipfile.ZipInfo, file_size: int) -> Span:
    """The entry's span, after checking that its local header (and data descriptor)
    says what the central record says. Raises HeaderMismatch."""
    raw.seek(info.header_offset)
    head = raw.read(LOCAL.size)
    if len(head) < LOCAL.size or head[:4] != b"PK\x03\x04":
        raise HeaderMismatch("has no local header where the central directory puts it")
    (_sig, _version, flags, method, _time, _date, crc, csize, usize, name_len,
     extra_len) = LOCAL.unpack(head)
    name = raw.read(name_len)
    extra = raw.read(extra_len)
    differ = []
    if name != _raw_name(info):
        differ.append(f"name '{name.decode('utf-8', 'replace')}'")
    if flags != info.flag_bits:
        differ.append(f"flags {flags:#06x} (the central directory says {info.flag_bits:#06x})")
    if method != info.compress_type:
        differ.append(f"compression method {method} (the central directory says "
                      f"{info.compress_type})")
    if csize == FULL or usize == FULL:
        for kind, body in _extras(extra):
            if kind == ZIP64_EXTRA and len(body) >= 16:
                usize, csize = struct.unpack_from("<QQ", body)
                break
    if not flags & 0x8 or (crc, csize, usize) != (0, 0, 0):
        # With a data descriptor the local values may be zero; if not, they must agree.
        if crc != info.CRC:
            differ.append(f"CRC {crc:08x} (the central directory says {info.CRC:08x})")
        if (csize, usize) != (info.compress_size, info.file_size):
            differ.append(f"sizes {csize:,} compressed, {usize:,} unpacked (the central "
                          f"directory says {info.compress_size:,} and {info.file_size:,})")
    for other in _unicode_names(extra) + _unicode_names(info.extra):
        if other != info.filename:
            differ.append(f"a Unicode path field naming '{other}', which unzip and PHP's "
                          "ZipArchive use instead")
    if differ:
        raise HeaderMismatch("has a local header that says " + "; ".join(differ))
    data = info.header_offset + LOCAL.size + name_len + extra_len
    end = data + info.compress_size
    if end > file_size:
        raise HeaderMismatch(f"declares {info.compress_size:,} compressed bytes, which run "
                             "past the end of the zip")
    if flags & 0x8:
        end = _check_descriptor(raw, info, end)
    return Span(info.header_offset, data, end)


def _check_descriptor(raw: BinaryIO, info: zipfile.ZipInfo, at: int) -> int:
    """The data descriptor after the data must repeat the central CRC and sizes (a
    streaming reader believes it); returns where it ends."""
    raw.seek(at)
    block = raw.read(24)
    sig = block[:4] == DESCRIPTOR_SIG
    body = block[4:] if sig else block
    wide = info.compress_size >= FULL or info.file_size >= FULL or len(body) >= 20 and \
        struct.unpack_from("<IQQ", body) == (info.CRC, info.compress_size, info.file_size)
    fmt = "<IQQ" if wide else "<III"
    if len(body) < struct.calcsize(fmt):
        raise HeaderMismatch("has no data descriptor after its data, though its flags say so")
    crc, csize, usize = struct.unpack_from(fmt, body)
    if (crc, csize, usize) != (info.CRC, info.compress_size, info.file_size):
        raise HeaderMismatch(f"has a data descriptor that says CRC {crc:08x}, {csize:,} "
                             f"compressed, {usize:,} unpacked (the central directory says "
                             f"{info.CRC:08x}, {info.compress_size:,} and {info.file_size:,})")
    return at + (4 if sig else 0) + struct.calcsize(fmt)


def inflate(raw: BinaryIO, info: zipfile.ZipInfo, span: Span) -> Iterator[bytes]:
    """The entry's data in chunks of at most 1 MiB, never more than its declared size
    plus one byte in all; SizeMismatch when it inflates to another size or its stream
    does not end at its declared compressed size, BadZipFile on a bad CRC."""
    declared, left = info.file_size, info.compress_size
    if info.compress_type not in (STORED, DEFLATED):
        raise UnknownMethod(info.compress_type)
    if info.compress_type == STORED and info.compress_size != declared:
        raise SizeMismatch(f"is stored (not compressed) in {info.compress_size:,} bytes but "
                           f"declares {declared:,}")
    inflater = zlib.decompressobj(-15) if info.compress_type == DEFLATED else None
    raw.seek(span.data)
    produced, crc = 0, 0
    while left > 0 or inflater is not None and not inflater.eof:
        data = raw.read(min(IN_CHUNK, left)) if left else b""
        if left and not data:
            raise EOFError("the zip ends inside the entry's data")
        left -= len(data)
        drained = not data  # all input read: take what zlib still holds, then stop
        while data or drained:
            if inflater is None:
                out, data = data, b""
            else:
                out = inflater.decompress(data, min(OUT_CHUNK, declared + 1 - produced))
                data = inflater.unconsumed_tail
            produced += len(out)
            if produced > declared:
                raise SizeMismatch(f"inflates to more than the {declared:,} bytes its headers "
                                   "declare")
            crc = zlib.crc32(out, crc)
            if out:
                yield out
            elif drained:
                break
            if inflater is not None and inflater.eof:
                if data or left or inflater.unused_data:
                    raise SizeMismatch(f"has a deflate stream that ends before the "
                                       f"{info.compress_size:,} compressed bytes it declares")
                break
        if drained:
            break
    if inflater is not None and not inflater.eof:
        raise SizeMismatch(f"has a deflate stream that runs past the {info.compress_size:,} "
                           "compressed bytes it declares")
    if produced != declared:
        raise SizeMismatch(f"inflates to {produced:,} bytes, not the {declared:,} its headers "
                           "declare")
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
