"""The build cache (lmspack/cache.py): an unchanged course is not read, rendered or
validated again, and gives the same bytes; any change to it, to where it is built
from or to lmspack is seen; a damaged or unsafe cache costs only time."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from lmspack import builder, cache
from lmspack.cache import BuildCache, course_key
from lmspack.cli import cli
from lmspack.courses import load_all, load_and_lint
from lmspack.standards import every
from lmspack.structure import loader
from tests.conftest import SEED


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shutil.copytree(SEED, tmp_path / "course" / SEED.name)
    return Path("course") / SEED.name


class Calls:
    """Counts the loads, renders and checks a build makes, still doing each."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loads = self.renders = self.checks = 0
        load, render, check = loader.load_course, builder.render, builder.check

        def counted_load(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.loads += 1
            return load(*args, **kwargs)

        def counted_render(*args):  # noqa: ANN002, ANN202
            self.renders += 1
            return render(*args)

        def counted_check(*args):  # noqa: ANN002, ANN202
            self.checks += 1
            return check(*args)

        monkeypatch.setattr(loader, "load_course", counted_load)
        monkeypatch.setattr(builder, "render", counted_render)
        monkeypatch.setattr(builder, "check", counted_check)

    def take(self) -> tuple[int, int, int]:
        counts = self.loads, self.renders, self.checks
        self.loads = self.renders = self.checks = 0
        return counts


def build(course: Path, out: str, root: Path | None) -> dict[str, bytes]:
    """Build every standard of `course` as `lmspack build` does, each time with a new
    BuildCache on `root` (as a new process would open it); the packages' bytes."""
    if root:
        root.mkdir(exist_ok=True)
    store = BuildCache(root) if root else None
    checked = load_all((course,), load=store.loading(load_and_lint) if store else load_and_lint)
    assert not checked.errors, checked.errors
    built = builder.build_all(checked.courses, every(), Path(out),
                              stages=store.stages() if store else None)
    return {b.path.name: b.path.read_bytes() for b in built}


def test_an_unchanged_course_is_not_read_rendered_or_validated_again(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = Calls(monkeypatch)
    first = build(course, "one", tmp_path / "cache")
    assert calls.take() == (1, 3, 3)
    again = build(course, "two", tmp_path / "cache")
    assert calls.take() == (0, 0, 0)
    uncached = build(course, "three", None)
    assert calls.take() == (1, 3, 3)
    assert again == first == uncached


@pytest.mark.parametrize("edit", ["description", "quiz", "new file", "removed file"])
def test_any_change_in_the_course_folder_is_built_afresh(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    build(course, "one", tmp_path / "cache")
    if edit == "description":
        path = course / "description.md"
        path.write_text(path.read_text() + "\nA sentence added by an author.\n")
    elif edit == "quiz":
        path = course / "quiz.yml"
        path.write_text(path.read_text().replace("All leaders", "Every leader", 1))
    elif edit == "new file":
        (course / "notes.txt").write_text("an author's note\n")
    else:
        (course / "notes.txt").write_text("an author's note\n")
        build(course, "one", tmp_path / "cache")
        (course / "notes.txt").unlink()
    calls = Calls(monkeypatch)
    after = build(course, "two", tmp_path / "cache")
    assert calls.take() == (1, 3, 3)
    assert after == build(course, "three", None)
    page = zipfile.ZipFile(f"two/{SEED.name}-1.0.0-scorm12.zip").read("index.html").decode()
    if edit == "description":
        assert "A sentence added by an author." in page
    if edit == "quiz":
        assert "Every leader" in page


def test_the_key_names_the_folder_the_place_and_the_options(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = course_key(course, False)
    assert key == course_key(course, False)
    assert key != course_key(course, True)  # --draft
    assert key != course_key(course.resolve(), False)  # messages would name it otherwise
    monkeypatch.chdir(tmp_path / "course")
    assert key != course_key(Path(SEED.name), False)
    # Where and options, then contents: an edit changes only the second half.
    monkeypatch.chdir(tmp_path)
    (course / "extra.md").write_text("more\n")
    edited = course_key(course, False)
    assert edited.split("-")[0] == key.split("-")[0] and edited != key


def test_large_files_are_known_by_size_and_time(course: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "BY_STAT_FROM", 100)
    video = course / "recording.mp4"
    video.write_bytes(b"\0" * 1000)
    key = course_key(course, False)
    os.utime(video, ns=(0, 10**9))
    assert course_key(course, False) != key


def test_a_folder_reached_through_a_link_is_always_read(course: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (course / "images").symlink_to(tmp_path / "elsewhere")
    assert course_key(course, False) is None


@contextmanager
def lmspack_in(folder: Path) -> Iterator[None]:
    """lmspack's own files, for the cache key, taken from `folder`."""
    real = cache.HERE
    cache.HERE = folder
    cache._lmspack_key.cache_clear()
    try:
        yield
    finally:
        cache.HERE = real
        cache._lmspack_key.cache_clear()


def test_lmspack_itself_is_in_the_key(course: Path, tmp_path: Path) -> None:
    fake = tmp_path / "lmspack"
    (fake / "player").mkdir(parents=True)
    (fake / "player" / "player.js").write_text("// one\n")
    with lmspack_in(fake):
        key = course_key(course, False)
        os.utime(fake / "player" / "player.js", ns=(0, 10**9))
        cache._lmspack_key.cache_clear()
        assert course_key(course, False) != key


@pytest.mark.parametrize("damage", ["cut short", "of the wrong shape"])
def test_damaged_entries_are_made_again(course: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    import pickle

    root = tmp_path / "cache"
    first = build(course, "one", root)
    for entry in root.iterdir():
        if entry.suffix == ".pickle":
            entry.write_bytes(entry.read_bytes()[:20] if damage == "cut short"
                              else pickle.dumps(("x", "y")))
    calls = Calls(monkeypatch)
    assert build(course, "two", root) == first
    assert calls.take()[:2] == (1, 3)
    assert build(course, "three", root) == first
    assert calls.take() == (0, 0, 0)


def test_a_course_keeps_one_entry_whatever_its_edits(course: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    build(course, "one", root)
    entries = sorted(p.name for p in root.iterdir())
    for n in range(3):
        (course / "description.md").write_text(f"Edit {n}.\n")
        build(course, "one", root)
    after = sorted(p.name for p in root.iterdir())
    assert len(after) == len(entries) and after != entries


def test_a_package_that_fails_its_checks_is_checked_again(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack.errors import Diagnostic, PackageError

    real = builder.check

    def refusing(package: Path, standard, where: str) -> None:  # noqa: ANN001
        if standard.name == "imscp":
            raise PackageError([Diagnostic(where, None, "", "refused")])
        real(package, standard, where)

    monkeypatch.setattr(builder, "check", refusing)
    with pytest.raises(PackageError):
        build(course, "one", tmp_path / "cache")
    monkeypatch.setattr(builder, "check", real)
    calls = Calls(monkeypatch)
    build(course, "one", tmp_path / "cache")
    assert calls.take() == (0, 1, 1)  # only the IMS package: the others passed


def test_a_new_timestamp_is_a_new_package_and_checked(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(course, "one", tmp_path / "cache")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    calls = Calls(monkeypatch)
    stamped = build(course, "two", tmp_path / "cache")
    assert calls.take() == (0, 0, 3)
    assert stamped.keys() == first.keys() and stamped != first


def test_a_cache_folder_others_can_write_to_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMSPACK_CACHE_DIR", str(tmp_path))
    cache.folder.cache_clear()
    try:
        assert cache.folder("courses") == tmp_path / "courses"
        (tmp_path / "open").mkdir(mode=0o777)
        os.chmod(tmp_path / "open", 0o777)
        assert cache.folder("open") is None
        monkeypatch.setenv("LMSPACK_CACHE_DIR", "")
        cache.folder.cache_clear()
        assert cache.folder("courses") is None and BuildCache.open() is None
    finally:
        monkeypatch.undo()
        cache.folder.cache_clear()


def test_the_command_says_the_same_from_the_cache(course: Path) -> None:
    """Warnings, packages and what each standard keeps: printed alike by a build that
    read the course and one that took it from the cache."""
    runs = [CliRunner().invoke(cli, ["build", str(course)]) for _ in range(2)]
    assert [r.exit_code for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr
    assert "warning" in runs[1].stderr and "keeps" in runs[1].stdout


def test_only_media_are_known_by_size_and_time(course: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A large text file the loader reads is hashed like any other: an edit of the
    same size with its time kept back is still seen."""
    monkeypatch.setattr(cache, "BY_STAT_FROM", 100)
    path = course / "description.md"
    text = path.read_text()
    key = course_key(course, False)
    stamp = path.stat()
    path.write_text(text.replace("a", "b", 1))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert course_key(course, False) != key


def test_a_name_that_is_not_utf8_is_no_trouble(course: Path, tmp_path: Path) -> None:
    name = os.fsencode(course / "notes-") + b"\xe9.txt"
    os.close(os.open(name, os.O_WRONLY | os.O_CREAT, 0o644))
    first = build(course, "one", tmp_path / "cache")
    assert build(course, "two", tmp_path / "cache") == first


def test_a_link_to_nowhere_in_lmspack_is_passed_over(course: Path, tmp_path: Path) -> None:
    fake = tmp_path / "lmspack"
    fake.mkdir()
    (fake / ".#builder.py").symlink_to(tmp_path / "gone")  # an editor's lock file
    with lmspack_in(fake):
        assert course_key(course, False)


def test_a_course_changed_while_it_is_read_is_not_kept(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load = loader.load_course
    path = course / "description.md"
    original = path.read_text()

    def edited_meanwhile(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        # Saved after the build made its key, before it read the file.
        path.write_text(original + "\nSaved while the build read the course.\n")
        return load(*args, **kwargs)

    monkeypatch.setattr(loader, "load_course", edited_meanwhile)
    build(course, "one", tmp_path / "cache")
    monkeypatch.setattr(loader, "load_course", load)
    path.write_text(original)  # the author undoes the edit: the first build's course
    calls = Calls(monkeypatch)
    assert build(course, "two", tmp_path / "cache") == build(course, "three", None)
    assert calls.take()[0] == 2  # read again both times: nothing was kept of it


def test_files_of_the_same_name_are_kept_apart(tmp_path: Path) -> None:
    """Two standards ship schema files of the same name: each package gets its own."""
    store = BuildCache(tmp_path)
    a = store.shipped(tmp_path / "a" / "xml.xsd", "xml.xsd", lambda: b"<a/>")
    b = store.shipped(tmp_path / "b" / "xml.xsd", "xml.xsd", lambda: b"<b/>")
    assert a != b
    store.save()
    again = BuildCache(tmp_path)
    assert again.shipped(tmp_path / "b" / "xml.xsd", "xml.xsd", lambda: b"") == b
