"""The zip writer gives the bytes Python's zipfile would, ZIP64 included."""

from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

import pytest

from lmspack.package import zipwriter
from lmspack.package.zipwriter import PackageWriter, method_for
from tests.conftest import ROOT

STAMP = (1980, 1, 1, 0, 0, 0)


def reference(entries: dict[str, bytes], force_zip64: set[str] = frozenset()) -> bytes:
    """The archive Python's zipfile writes with our settings."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = method_for(name)
            with zf.open(info, "w", force_zip64=name in force_zip64) as dst:
                dst._compressor = (zipfile.zlib.compressobj(9, zipfile.zlib.DEFLATED, -15)
                                   if info.compress_type == zipfile.ZIP_DEFLATED else None)
                dst.write(entries[name])
    return buf.getvalue()


def written(writer: PackageWriter, tmp_path: Path) -> bytes:
    out = tmp_path / "out.zip"
    writer._write_zip(out, STAMP)
    return out.read_bytes()


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004", "imscp"])
def test_the_committed_packages_are_what_zipfile_writes(standard: str) -> None:
    path = next((ROOT / "dist").glob(f"*-{standard}.zip"))
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        entries = {name: zf.read(name) for name in zf.namelist()}
    assert reference(entries) == path.read_bytes()


def test_shared_and_file_entries_give_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "v.mp4").write_bytes(b"\0\1" * 50_000)
    (tmp_path / "c.vtt").write_bytes(b"WEBVTT\n\n" * 5000)
    (tmp_path / "empty.txt").write_bytes(b"")
    entries = {"player/p.js": b"var x = 1;\n" * 999,
               "caf\u00e9/\u00e0.html": "<p>\u00e9</p>".encode()}  # a UTF-8 name
    writer = PackageWriter()
    writer.add_bytes("player/p.js", entries["player/p.js"], shared=True)
    writer.add_bytes("caf\u00e9/\u00e0.html", entries["caf\u00e9/\u00e0.html"])
    for name in ("v.mp4", "c.vtt", "empty.txt"):
        writer.add_file(f"media/{name}", tmp_path / name)
    entries |= {f"media/{n}": (tmp_path / n).read_bytes() for n in ("v.mp4", "c.vtt", "empty.txt")}
    data = written(writer, tmp_path)
    assert data == reference(entries)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("media/v.mp4").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("media/c.vtt").compress_type == zipfile.ZIP_DEFLATED
        assert zf.getinfo("caf\u00e9/\u00e0.html").flag_bits & 0x800


def test_zip64_when_sizes_and_offsets_pass_the_limit(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With the 4 GiB limit lowered to 4 kB in both writers, a 10 kB video takes ZIP64
    sizes, later entries ZIP64 offsets, and the central directory a ZIP64 end record;
    the bytes are still zipfile's, and zipfile reads them back."""
    monkeypatch.setattr(zipwriter, "ZIP64_LIMIT", 4000)
    monkeypatch.setattr(zipwriter, "ZIP64_FROM", 2000)
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 4000)
    video = bytes(range(256)) * 40
    (tmp_path / "v.mp4").write_bytes(video)
    writer = PackageWriter()
    writer.add_file("media/v.mp4", tmp_path / "v.mp4")
    writer.add_bytes("z/late.html", b"<p>after the video</p>")
    data = written(writer, tmp_path)
    assert data == reference({"media/v.mp4": video, "z/late.html": b"<p>after the video</p>"},
                             force_zip64={"media/v.mp4"})
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert zf.read("media/v.mp4") == video


def test_a_file_that_grows_past_its_header_is_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipwriter, "ZIP64_LIMIT", 100)
    (tmp_path / "v.mp4").write_bytes(b"x" * 150)  # below ZIP64_FROM: no ZIP64 header
    writer = PackageWriter()
    writer.add_file("v.mp4", tmp_path / "v.mp4")
    with pytest.raises(zipwriter.LmspackError, match="grew past 4 GiB"):
        written(writer, tmp_path)


def _video_package(tmp_path: Path) -> tuple[PackageWriter, dict[str, bytes]]:
    video = bytes(range(256)) * 9000  # 2.3 MB: several kernel copies of 1 MiB
    (tmp_path / "v.mp4").write_bytes(video)
    writer = PackageWriter()
    writer.add_bytes("index.html", b"<p>before</p>")
    writer.add_file("media/v.mp4", tmp_path / "v.mp4")
    writer.add_bytes("z.html", b"<p>after</p>")
    return writer, {"index.html": b"<p>before</p>", "media/v.mp4": video,
                    "z.html": b"<p>after</p>"}


def test_a_video_copied_inside_the_kernel_gives_zipfiles_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """copy_file_range copies the video while a thread reads it for its CRC."""
    monkeypatch.setattr(zipwriter, "KERNEL_COPY_FROM", 0)
    calls = []
    real = os.copy_file_range
    monkeypatch.setattr(os, "copy_file_range", lambda *a: calls.append(a) or real(*a))
    writer, entries = _video_package(tmp_path)
    assert written(writer, tmp_path) == reference(entries)
    assert len(calls) >= 2  # the first MiB, then the rest


def test_where_the_kernel_cannot_copy_the_video_passes_through_python(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipwriter, "KERNEL_COPY_FROM", 0)

    def refuse(*args: object) -> int:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse)
    writer, entries = _video_package(tmp_path)
    assert written(writer, tmp_path) == reference(entries)


@pytest.mark.parametrize("change", ["grows", "is cut short"])
def test_a_video_that_changes_while_it_is_copied_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    monkeypatch.setattr(zipwriter, "KERNEL_COPY_FROM", 0)
    real = os.copy_file_range

    def and_change(src: int, dst: int, count: int, *offsets: int) -> int:
        n = real(src, dst, count, *offsets)
        if offsets[0] == 0:  # after the first chunk, another program rewrites the file
            with open(tmp_path / "v.mp4", "ab") as f:
                f.write(b"more") if change == "grows" else f.truncate(1000)
        return n

    monkeypatch.setattr(os, "copy_file_range", and_change)
    writer, _ = _video_package(tmp_path)
    with pytest.raises(zipwriter.LmspackError, match="changed while it was being packaged"):
        written(writer, tmp_path)


def test_where_the_kernel_copies_nothing_the_video_passes_through_python(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipwriter, "KERNEL_COPY_FROM", 0)
    monkeypatch.setattr(os, "copy_file_range", lambda *args: 0)
    writer, entries = _video_package(tmp_path)
    assert written(writer, tmp_path) == reference(entries)
