"""validate's zip guards cannot be talked round by a zip's headers: each hostile zip
here is written byte by byte (struct), so that its local header, central directory
and data can say different things, as Python's zipfile would never write them."""

from __future__ import annotations

import resource
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lmspack.validate.package import validate_path
from tests.test_validate import FILES, findings

LIE = 64 * 2**20  # the 64 MiB behind a 10-byte claim
MEMORY = 512 * 2**20


@dataclass
class Entry:
    name: str
    data: bytes
    method: int = 8
    flags: int = 0
    # What the headers declare, if not the truth: {"crc", "csize", "usize", "name",
    # "method", "flags"}, in the central record and (local_*) in the local header.
    central: dict = field(default_factory=dict)
    local: dict = field(default_factory=dict)
    extra: bytes = b""
    descriptor: bytes | None = None  # written after the data
    payload: bytes | None = None  # the bytes after the local header, if not compressed data


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def raw_zip(path: Path, entries: list[Entry]) -> Path:
    out, central = bytearray(), bytearray()
    for e in entries:
        body = deflate(e.data) if e.method == 8 else e.data
        truth = {"crc": zlib.crc32(e.data), "csize": len(body), "usize": len(e.data),
                 "name": e.name, "method": e.method, "flags": e.flags}
        cen, loc = {**truth, **e.central}, {**truth, **e.central, **e.local}
        offset = len(out)
        name = loc["name"].encode()
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, loc["flags"], loc["method"], 0,
                           0x21, loc["crc"], loc["csize"], loc["usize"], len(name), len(e.extra))
        out += name + e.extra + (body if e.payload is None else e.payload)
        out += e.descriptor or b""
        cname = cen["name"].encode()
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, cen["flags"],
                               cen["method"], 0, 0x21, cen["crc"], cen["csize"], cen["usize"],
                               len(cname), len(e.extra), 0, 0, 0, 0, offset)
        central += cname + e.extra
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def package_with(tmp_path: Path, *hostile: Entry) -> Path:
    plain = [Entry(n, v.encode()) for n, v in FILES.items()]
    return raw_zip(tmp_path / "hostile.zip", plain + list(hostile))


def messages(path: Path, rule: str) -> list[str]:
    return [m for _, m, _ in findings(path).get(rule, [])]


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def validate_bounded(path: Path, seconds: float = 30) -> subprocess.CompletedProcess:
    """`lmspack validate` in a process of at most 512 MiB of address space."""
    return subprocess.run([sys.executable, "-m", "lmspack", "validate", str(path)],
                          capture_output=True, text=True, timeout=seconds,
                          preexec_fn=_bounded)


def test_the_hand_written_zip_itself_is_valid(tmp_path: Path) -> None:
    assert findings(package_with(tmp_path)) == {}


def test_64_mib_behind_a_10_byte_claim_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    data = bytes(LIE)
    lie = Entry("video.bin", data, central={"usize": 10, "crc": zlib.crc32(data[:10])})
    path = package_with(tmp_path, lie)
    assert path.stat().st_size < 2**20  # the deflate data is there, about 64 KiB of it
    assert messages(path, "zip-size-mismatch") == [
        "entry 'video.bin' inflates to more than the 10 bytes its headers declare: an LMS "
        "unpacking it may write far more than that; it was refused"]
    result = validate_bounded(path)
    assert result.returncode == 1, result.stderr
    assert "hostile.zip!video.bin: error: zip-size-mismatch: entry 'video.bin' inflates to " \
        "more than the 10 bytes its headers declare" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_over_declared_size_is_refused(tmp_path: Path) -> None:
    path = package_with(tmp_path, Entry("notes.txt", b"short", central={"usize": 500}))
    assert messages(path, "zip-size-mismatch") == [
        "entry 'notes.txt' inflates to 5 bytes, not the 500 its headers declare: an LMS "
        "unpacking it may write far more than that; it was refused"]


def test_a_compressed_size_that_lies_is_refused(tmp_path: Path) -> None:
    data = bytes(range(256)) * 400
    body = deflate(data)
    short = Entry("short.bin", data, central={"csize": len(body) - 10})
    long = Entry("long.bin", data, central={"csize": len(body) + 6},
                 payload=body + b"TRAILS")
    path = package_with(tmp_path, short, long)
    assert messages(path, "zip-size-mismatch") == [
        f"entry 'long.bin' has a deflate stream that ends before the {len(body) + 6:,} "
        "compressed bytes it declares: an LMS unpacking it may write far more than that; "
        "it was refused",
        f"entry 'short.bin' has a deflate stream that runs past the {len(body) - 10:,} "
        "compressed bytes it declares: an LMS unpacking it may write far more than that; "
        "it was refused"]


def test_a_stored_entry_whose_sizes_differ(tmp_path: Path) -> None:
    path = package_with(tmp_path, Entry("a.txt", b"abcdef", method=0, central={"usize": 3}))
    assert messages(path, "zip-size-mismatch")[0].startswith(
        "entry 'a.txt' is stored (not compressed) in 6 bytes but declares 3")


@pytest.mark.parametrize(("local", "said"), [
    ({"name": "other.txt"}, "name 'other.txt'"),
    ({"flags": 0x800}, "flags 0x0800 (the central directory says 0x0000)"),
    ({"method": 0}, "compression method 0 (the central directory says 8)"),
    ({"crc": 1}, "CRC 00000001 (the central directory says 51530a9c)"),
    ({"usize": 99}, "sizes 11 compressed, 99 unpacked (the central directory says 11 and 9)"),
])
def test_a_local_header_that_disagrees_is_refused(tmp_path: Path, local: dict,
                                                   said: str) -> None:
    path = package_with(tmp_path, Entry("notes.txt", b"the notes", local=local))
    assert messages(path, "zip-header-mismatch") == [
        f"entry 'notes.txt' has a local header that says {said}: unzip tools disagree on "
        "what it holds; it was not read"]


def test_a_data_descriptor_must_agree(tmp_path: Path) -> None:
    data = b"the notes"
    zero = {"crc": 0, "csize": 0, "usize": 0}
    good = struct.pack("<4sIII", b"PK\x07\x08", zlib.crc32(data), len(deflate(data)), len(data))
    bad = struct.pack("<4sIII", b"PK\x07\x08", zlib.crc32(data), len(deflate(data)), 999)
    path = package_with(tmp_path, Entry("good.txt", data, flags=8, local=zero, descriptor=good),
                        Entry("bad.txt", data, flags=8, local=zero, descriptor=bad))
    found = findings(path)
    assert [m for _, m, _ in found["zip-header-mismatch"]] == [
        f"entry 'bad.txt' has a data descriptor that says CRC {zlib.crc32(data):08x}, 11 "
        f"compressed, 999 unpacked (the central directory says {zlib.crc32(data):08x}, 11 and "
        "9): unzip tools disagree on what it holds; it was not read"]
    assert "zip-data-descriptor" in found  # the warning, for both


def test_a_unicode_path_field_naming_another_file_is_refused(tmp_path: Path) -> None:
    other = b"../../evil.php"
    field_body = b"\x01" + struct.pack("<I", zlib.crc32(b"notes.txt")) + other
    extra = struct.pack("<HH", 0x7075, len(field_body)) + field_body
    path = package_with(tmp_path, Entry("notes.txt", b"the notes", extra=extra))
    assert messages(path, "zip-header-mismatch")[0] == (
        "entry 'notes.txt' has a local header that says a Unicode path field naming "
        "'../../evil.php', which unzip and PHP's ZipArchive use instead; a Unicode path field "
        "naming '../../evil.php', which unzip and PHP's ZipArchive use instead: unzip tools "
        "disagree on what it holds; it was not read")


def test_entries_sharing_bytes_are_refused(tmp_path: Path) -> None:
    inner = b"the notes"
    head = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0x21, zlib.crc32(inner),
                       len(inner), len(inner), 9, 0) + b"inner.txt" + inner
    outer = Entry("outer.bin", head, method=0)
    path = package_with(tmp_path, outer)
    # A second central record for the local header that sits inside outer.bin's data.
    data = bytearray(path.read_bytes())
    end_at = data.rindex(b"PK\x05\x06")
    count, size, start = struct.unpack_from("<HII", data, end_at + 10)
    local_at = data.index(head)
    record = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21,
                         zlib.crc32(inner), len(inner), len(inner), 9, 0, 0, 0, 0, 0,
                         local_at) + b"inner.txt"
    central = data[start:start + size] + record
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count + 1, count + 1, len(central),
                      start, 0)
    path.write_bytes(bytes(data[:start] + central + end))
    assert messages(path, "zip-overlap") == [
        "entries 'outer.bin' and 'inner.txt' share bytes in the zip, as no zip tool writes "
        "them (a zip bomb does); they were not read"]


def test_other_compression_methods_are_refused(tmp_path: Path) -> None:
    import bz2

    data = b"the notes"
    body = bz2.compress(data)
    entry = Entry("notes.txt", body, method=12,
                  central={"crc": zlib.crc32(data), "usize": len(data)})
    path = package_with(tmp_path, entry)
    assert messages(path, "zip-method") == [
        "entry 'notes.txt' uses compression method 12, not deflate or stored: LMSs' unzip "
        "tools may not unpack it (Java's ZipInputStream reads only those two), and lmspack "
        "cannot check it"]


def test_a_bad_crc_is_corrupt(tmp_path: Path) -> None:
    path = package_with(tmp_path, Entry("notes.txt", b"the notes", central={"crc": 5}))
    assert messages(path, "zip-corrupt") == [
        "entry 'notes.txt' cannot be unpacked (Bad CRC-32 for file 'notes.txt'): an LMS would "
        "refuse the package; zip it again"]


def test_builds_quick_check_still_reads_the_manifest_through_the_guards(tmp_path: Path) -> None:
    plain = [Entry(n, v.encode()) for n, v in FILES.items() if n != "imsmanifest.xml"]
    manifest = FILES["imsmanifest.xml"].encode()
    lie = Entry("imsmanifest.xml", manifest, central={"usize": 10,
                                                      "crc": zlib.crc32(manifest[:10])})
    path = raw_zip(tmp_path / "p.zip", [lie, *plain])
    found = [(f.code, f.message) for f in validate_path(path, read_data=False).findings]
    assert found == [("unreadable-file", "cannot read the manifest: entry 'imsmanifest.xml' "
                      "inflates to more than the 10 bytes its headers declare")]
