"""Hostile input: files made to exhaust time or memory, or to smuggle something in. Each
runs lmspack in a subprocess bounded in time and memory, and must end with a clear
`file:line:` message, a non-zero exit, no traceback and nothing written."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED

MEMORY = 1 << 30  # bytes of address space: a normal build needs well under half
SECONDS = 60


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(args: list[str], cwd: Path, timeout: float = SECONDS,
        **kwargs) -> subprocess.CompletedProcess:  # noqa: ANN003
    """lmspack ARGS in CWD, killed past TIMEOUT seconds or MEMORY bytes."""
    return subprocess.run([sys.executable, "-m", "lmspack", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_bounded, **kwargs)


def refused(result: subprocess.CompletedProcess, pattern: str) -> None:
    """A non-zero exit whose message matches PATTERN, with no traceback."""
    assert result.returncode not in (0, -9), result.stderr  # -9: killed
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert re.search(pattern, result.stderr), result.stderr


def alias_bomb(levels: int = 10) -> str:
    """Under 3 kB: each level a list of nine aliases of the one below (9**9 values)."""
    lines = ["a0: &a0 [lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course" / SEED.name
    shutil.copytree(SEED, target)
    return target


def test_a_normal_build_fits_the_bounds(course: Path) -> None:
    result = run(["build", "--standard", "scorm12"], course.parent.parent)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["course.yml", "quiz.yml"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_an_alias_bomb_is_refused_quickly(course: Path, name: str, command: str) -> None:
    path = course / name
    bomb = alias_bomb()
    assert len(bomb) < 3000
    path.write_text(bomb + path.read_text())
    result = run([command], course.parent.parent, timeout=30)
    severity, code = ("error: ", r" \[S103\]") if command == "check" else ("", "")
    refused(result, rf"course/{SEED.name}/{name}:\d+: {severity}a\d: holds more than 100,000 "
                    r"values \(a YAML alias, \*name, counts as every value it repeats\); a "
                    rf"course needs far fewer{code}\n")
    assert not (course.parent.parent / "dist").exists()


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "pure-python"])
def test_both_yaml_readers_are_bounded(fast: bool) -> None:
    from lmspack.config import yamlsource

    saved = yamlsource._FAST
    yamlsource._FAST = ... if fast else None
    try:
        doc, problems = yamlsource.load_yaml(alias_bomb(), "quiz.yml")
        assert doc is None and len(problems) == 1
        assert str(problems[0]).startswith("quiz.yml:")
        assert "holds more than 100,000 values" in str(problems[0])
        for depth in (60, 5000):  # libyaml refuses 5000 levels; PyYAML would recurse
            doc, problems = yamlsource.load_yaml("a: " + "[" * depth + "]" * depth, "x.yml")
            assert doc is None
            assert [str(p) for p in problems] == [
                "x.yml:1: a: nested more than 50 levels deep; a course needs far fewer"
                if depth == 60 else
                "x.yml:1: nested more than 50 levels deep; a course needs far fewer"]
    finally:
        yamlsource._FAST = saved


def test_preview_of_an_alias_bomb_says_why_and_keeps_serving(course: Path, tmp_path: Path
                                                              ) -> None:
    path = course / "course.yml"
    path.write_text(alias_bomb() + path.read_text())
    proc = subprocess.Popen([sys.executable, "-m", "lmspack", "preview", str(course),
                             "--port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, preexec_fn=_bounded)
    try:
        lines = []
        while "Ctrl-C to stop" not in (line := proc.stderr.readline()):
            assert line, "".join(lines)
            lines.append(line)
    finally:
        proc.terminate()
        proc.wait(10)
    text = "".join(lines)
    assert "course.yml:1: a5: holds more than 100,000 values" in text, text
    assert "Traceback" not in text


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system ['echo hi']",
    "!!python/object/new:list [[a, b]]",
    "!shout {a: b}",
    "!!set {race equality}",
    "!!str 2024",  # a tag naming what YAML reads anyway (!!str text) changes nothing
])
def test_every_yaml_tag_is_refused(course: Path, value: str) -> None:
    path = course / "course.yml"
    text = path.read_text()
    line = text[:text.index("\nkeywords:\n")].count("\n") + 2
    path.write_text(re.sub(r"\nkeywords:\n(  - .*\n)+", f"\nkeywords: {value}\n", text))
    result = run(["check"], course.parent.parent)
    refused(result, rf"course.yml:{line}: error: keywords: cannot read value: YAML tags such "
                    r"as '!\S+' are not allowed; write the value without it \[S102\]\n")
    assert "hi" not in result.stdout


def _fifo_or_skip(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(path)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-null", "directory-link"])
def test_new_from_a_special_file_is_refused(kind: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    if kind == "fifo":
        _fifo_or_skip(page)
    elif kind == "directory-link":
        page.symlink_to(tmp_path)
    else:
        page.symlink_to("/dev/zero" if kind == "dev-zero" else "/dev/null")
    result = run(["new", "webinar", "--from", "page.html"], tmp_path, timeout=20)
    if kind == "directory-link":  # click's own check, before lmspack reads anything
        refused(result, r"'page.html' is a directory")
        assert result.returncode == 2
    else:
        refused(result, r"^page\.html: is not a regular file \(it is a device, a FIFO or a "
                        r"socket\); save the event page as a file and name that\n$")
        assert result.returncode == 1
    assert not (tmp_path / "course").exists()


def test_new_from_a_page_too_big_is_refused(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("Title\n\n" + "A sentence about the webinar. " * 200_000)
    result = run(["new", "webinar", "--from", "page.txt"], tmp_path)
    refused(result, r"^page\.txt: is larger than 5 MB; save the event page alone\n$")
    assert not (tmp_path / "course").exists()


def test_read_limited_counts_bytes_read_not_the_size_claimed(tmp_path: Path,
                                                             monkeypatch) -> None:  # noqa: ANN001
    from lmspack.draft import page as page_module
    from lmspack.errors import LmspackError

    path = tmp_path / "page.txt"
    path.write_bytes(b"x" * 2000)
    monkeypatch.setattr(page_module, "MAX_PAGE_BYTES", 1000)
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:  # a file that grows after it is looked at
        st = list(real_fstat(fd))
        st[6] = 10  # st_size
        return os.stat_result(st)

    monkeypatch.setattr(page_module.os, "fstat", small)
    with pytest.raises(LmspackError, match="is larger than"):
        page_module.read_limited(path, "page.txt")


@pytest.mark.parametrize("where", ["canonical", "og:url", "frame", "link"])
def test_new_drafts_only_http_addresses(where: str, tmp_path: Path) -> None:
    bad = "javascript:alert(document.domain)//https://www.youtube.com/watch?v=aBcDeFgHiJ1"
    head = {"canonical": f'<link rel="canonical" href="{bad}">',
            "og:url": f'<meta property="og:url" content="{bad}">'}.get(where, "")
    body = {"frame": f'<iframe src="{bad}"></iframe>',
            "link": f'<p><a href="{bad}">Watch the recording</a></p>'}.get(where, "")
    (tmp_path / "page.html").write_text(
        f"<!doctype html><html lang=en><head>{head}</head><body><main><h1>A webinar</h1>"
        f"<p>It was about something.</p>{body}</main></body></html>")
    result = run(["new", "webinar", "--from", "page.html"], tmp_path)
    assert result.returncode == 0, result.stderr
    written = "".join(p.read_text() for p in (tmp_path / "course" / "webinar").iterdir())
    assert "javascript:" not in written
    course = (tmp_path / "course" / "webinar" / "course.yml").read_text()
    assert re.search(r"\n  page: *(#.*)?\n", course), course  # left empty, for review


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org",
                                 "HTTPS://Example.org/x?y=1"])
def test_http_url_keeps_web_addresses(url: str) -> None:
    from lmspack.draft.page import http_url

    assert http_url(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                 "https://", "http:///x", "//example.org/x",
                                 "https://exa mple.org", "https://example.org/\x00"])
def test_http_url_refuses_everything_else(url: str) -> None:
    from lmspack.draft.page import http_url

    assert http_url(url) is None


def test_a_long_repetitive_description_is_not_taken_for_a_zip_bomb(course: Path) -> None:
    """10 MB of one sentence deflates past 300:1. The build's own read-back must accept
    the page it wrote, or (where course text has a size limit) refuse the description
    plainly; never "zip bomb", never "launch-missing", never a folder left behind."""
    with (course / "description.md").open("a") as f:
        f.write("\n\n" + "The same sentence about the webinar, again and again. " * 190_000)
    result = run(["build", "--standard", "scorm12", "-o", "out"], course.parent.parent)
    assert "zip bomb" not in result.stderr and "missing" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert (course.parent.parent / "out" / f"{SEED.name}-1.0.0-scorm12.zip").is_file()
    else:
        refused(result, rf"course/{SEED.name}/description\.md")
        assert not (course.parent.parent / "out").exists()


@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_build_leaves_no_folder_behind(course: Path, existing: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from lmspack import builder
    from lmspack.cli import cli
    from lmspack.errors import PackageError

    def fails(path: Path, standard: object, shown: str) -> None:
        raise PackageError(f"{shown}: fails its checks (on purpose)")

    monkeypatch.setattr(builder, "check", fails)
    monkeypatch.chdir(course.parent.parent)
    monkeypatch.setenv("LMSPACK_CACHE_DIR", "")
    if existing:
        Path("out").mkdir()  # the user's own folder stays, empty as it was
    result = CliRunner().invoke(cli, ["build", "-o", "out/packages/new"])
    assert result.exit_code == 1, result.output
    assert "fails its checks (on purpose)" in result.output
    assert "nothing was written" in result.output
    assert [str(p) for p in Path(".").rglob("out*")] == (["out"] if existing else [])
