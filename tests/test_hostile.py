"""Hostile input files: devices, FIFOs and oversized files; each a one-line error and its code."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.errors import ExitCode, InputError
from briefing.io import read_bounded


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for key in list(os.environ):
        if key.startswith("BRIEFING_"):
            monkeypatch.delenv(key)


def one_error_line(result: Result, code: int, message: str) -> None:
    """Assert the exit code and one stderr line, starting as errors do and holding `message`."""
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("briefing: error: ") and message in lines[0], lines[0]
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- bounded reads


@pytest.fixture
def endless_fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO whose writer never stops (until the last reader hangs up)."""
    path = tmp_path / "endless.fifo"
    os.mkfifo(path)
    # A reader of our own, so that the writer's open() returns at once: the reader under test
    # then always finds a writer (one that had not opened yet would read as an empty file).
    keeper = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    opened = threading.Event()

    def write() -> None:
        try:
            with open(path, "wb") as fh:
                opened.set()
                while True:
                    fh.write(b"words " * 10_000)
        except OSError:  # BrokenPipeError once every reader is gone
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert opened.wait(5)
    yield path
    os.close(keeper)
    writer.join(timeout=5)


@pytest.mark.parametrize("source", ["/dev/zero", "fifo", "big"])
def test_the_bounded_reader_stops_at_the_limit_whatever_the_file(
    source: str, endless_fifo: Path, tmp_path: Path
) -> None:
    path = {"/dev/zero": Path("/dev/zero"), "fifo": endless_fifo, "big": tmp_path / "big"}[source]
    if source == "big":
        path.write_bytes(b"x" * 2_000)
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read_bounded(path, 1_000)


def test_the_bounded_reader_reads_a_fifo_nobody_writes_as_empty(tmp_path: Path) -> None:
    fifo = tmp_path / "quiet.fifo"
    os.mkfifo(fifo)
    start = time.monotonic()
    assert read_bounded(fifo, 1_000) == b""  # no waiting for a writer that never comes
    assert time.monotonic() - start < 2


def test_dev_zero_as_an_article_is_refused_at_once() -> None:
    start = time.monotonic()
    result = run("build", "/dev/zero", "--lang", "en")
    elapsed = time.monotonic() - start
    one_error_line(result, ExitCode.INPUT, "/dev/zero: input is over the 5,000,000-byte limit")
    assert elapsed < 2, f"took {elapsed:.1f} s"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "{fifo}", "--lang", "en"], ExitCode.INPUT, "over the 5,000,000-byte limit"),
        (["render", "/dev/zero", "--lang", "en"], ExitCode.INPUT, "over the 20,000,000-byte"),
        (["render", "{fifo}", "--lang", "en"], ExitCode.INPUT, "over the 20,000,000-byte"),
        (["config", "show", "--config", "/dev/zero"], ExitCode.USAGE, "cannot read config"),
        (["config", "show", "--config", "{fifo}"], ExitCode.USAGE, "over the 1,000,000-byte"),
        (
            ["digest", "--feeds", "/dev/zero", "--state", "{tmp}/s.db", "--out", "{tmp}/o"],
            ExitCode.INPUT,
            "/dev/zero: input is over the 1,000,000-byte limit",
        ),
        (["build", "{article}", "--lang", "en", "--max-bytes", "100"], ExitCode.INPUT, "100-byte"),
    ],
    ids=["build-fifo", "render-zero", "render-fifo", "config-zero", "config-fifo", "feeds", "max"],
)
def test_every_input_file_goes_through_the_bounded_reader(
    args: list[str],
    code: int,
    message: str,
    endless_fifo: Path,
    tmp_path: Path,
    sample_path: Path,
) -> None:
    values = {"fifo": str(endless_fifo), "tmp": str(tmp_path), "article": str(sample_path)}
    result = run(*[a.format(**values) for a in args])
    one_error_line(result, code, message)
    assert not (tmp_path / "o").exists()


def test_a_glossary_that_never_ends_is_refused(tiny_argos: Path, tmp_path: Path) -> None:
    article = tmp_path / "talks.txt"
    article.write_text("Title: Talks\n\nThe minister said the talks in Seoul were useful.\n")
    result = run(
        "build",
        str(article),
        "--lang",
        "en,ko",
        "--format",
        "md",
        "--out",
        str(tmp_path / "out"),
        "--glossary",
        "/dev/zero",
    )
    one_error_line(result, ExitCode.INPUT, "/dev/zero: input is over the 1,000,000-byte limit")
    assert not (tmp_path / "out").exists()


def test_facts_from_another_schema_version_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"schema_version": 99, "article": {"text": "Talks went on."}}))
    one_error_line(
        run("render", str(path), "--lang", "en", "--out", str(tmp_path / "out")),
        ExitCode.INPUT,
        "facts schema_version 99; this briefing reads version 1",
    )
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- output names


def test_articles_whose_slugs_collide_keep_both_briefs(tmp_path: Path) -> None:
    for folder, city in (("a", "Seoul"), ("b", "Tbilisi")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(
            f"The minister said the talks in {city} were useful and would go on next week.\n"
        )
    out = tmp_path / "out"
    result = run(
        "build",
        str(tmp_path / "a" / "news.txt"),
        str(tmp_path / "b" / "news.txt"),
        *("--lang", "en", "--format", "md", "--out", str(out)),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(out / "news.en.md"), str(out / "news-2.en.md")]
    assert "Seoul" in (out / "news.en.md").read_text()
    assert "Tbilisi" in (out / "news-2.en.md").read_text()


# --------------------------------------------------------------------------- control characters

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESCAPES = (
    "Title: Talks \x1b]0;pwned\x07in Seoul\x1bc\n"
    "Source: Wire\x9b31m service\n"
    "\n"
    "The minister said the talks in Seoul were \x1b[31museful\x1b[0m and would go on.\n"
    "\n"
    "Officials said the plan [s9042] was agreed, see [s 9007] too.\n"
    "\n"
    + "The delegations met again on Tuesday and on Wednesday in the capital.\n\n" * 130
    # A NUL in the first 8 KB marks a binary file; later, it is a stray byte in a text.
    + "A stray\x00 byte and a bell\x07 close the report.\n"
)


def test_control_characters_reach_no_output_and_no_terminal(tmp_path: Path) -> None:
    article = tmp_path / "escapes.txt"
    article.write_text(ESCAPES, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(article), "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not CONTROLS.search(result.stdout + result.stderr)
    md = (out / "escapes.en.md").read_text(encoding="utf-8")
    assert not CONTROLS.search(md)
    assert md.startswith("# Talks \\]0;pwnedin Seoulc\n")
    assert "useful" in md and "Wire31m service" in md  # the sequence is harmless without ESC/CSI
    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(out / "escapes.en.pdf").pages)
    assert not CONTROLS.search(text)


def test_evidence_marker_lookalikes_in_article_text_are_not_markers(tmp_path: Path) -> None:
    from briefing.render import markdown_to_html

    article = tmp_path / "markers.txt"
    article.write_text(ESCAPES, encoding="utf-8")
    result = run("build", str(article), "--lang", "en", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "markers.en.md").read_text(encoding="utf-8")
    assert "&#91;s9042&#93;" in md and "&#91;s 9007&#93;" in md  # written as text, not as a marker
    html = markdown_to_html(md)
    real = re.findall(r'<span class="ev">\[s(\d+)\]</span>', html)
    assert real and "9042" not in real  # the article has 140 sentences
    assert "&#91;s9042&#93;" in html  # shown as [s9042], but plain text, never styled as ours


# --------------------------------------------------------------------------- smaller items

ARTICLE = "Title: Talks\n\nThe minister said the talks in Seoul were useful and would go on.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark_is_read(tmp_path: Path, codec: str) -> None:
    article = tmp_path / "talks.txt"
    raw = ARTICLE.encode(codec)
    if codec.endswith("-be"):  # the -be codecs write no mark of their own
        raw = "\ufeff".encode(codec) + raw
    article.write_bytes(raw)
    result = run("build", str(article), "--lang", "en", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "talks.en.md").read_text(encoding="utf-8").startswith("# Talks\n")


def facts_with(tmp_path: Path, sample_path: Path, change: str) -> Path:
    """Write the sample's facts with one hand edit gone wrong."""
    facts = json.loads(run("extract", str(sample_path)).stdout)
    if change == "negative-start":
        facts["sentences"][0]["start"] = -5
    elif change == "span-past-the-text":
        facts["people"][0]["evidence"][0]["end"] = 10**6
    path = tmp_path / f"{change}.json"
    path.write_text(json.dumps(facts))
    return path


def read_only(path: Path) -> contextlib.AbstractContextManager[None]:
    """Make `path` a folder nobody may add files to; root ignores mode bits, so chattr +i."""

    @contextlib.contextmanager
    def manage() -> Iterator[None]:
        path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            path.chmod(0o555)
            try:
                yield
            finally:
                path.chmod(0o755)
            return
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"cannot make a read-only folder as root here: {made.stderr!r}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)

    return manage()


@pytest.mark.parametrize(
    ("case", "code", "message"),
    [
        ("utf-16-odd", ExitCode.INPUT, "starts with a UTF-16-LE byte order mark but is not"),
        ("negative-start", ExitCode.INPUT, "not valid facts JSON at sentences.0.start"),
        ("span-past-the-text", ExitCode.INPUT, "is not within the article text"),
        ("langs-json-broken", ExitCode.USAGE, "invalid setting langs: Value error, cannot read"),
        ("timeout-inf", ExitCode.USAGE, "invalid setting timeout: Input should be a finite"),
        ("deadline-nan", ExitCode.USAGE, "invalid setting deadline: Input should be a finite"),
        ("networks", ExitCode.USAGE, "'intranet' is not a network"),
        ("state-locked", ExitCode.BUSY, "is locked by another program (database is locked"),
        ("state-dir-read-only", ExitCode.OUTPUT, "cannot create the lock"),
        ("state-db-read-only", ExitCode.OUTPUT, "cannot use digest state"),
    ],
)
def test_smaller_hostile_inputs_get_their_code_and_one_line(
    case: str,
    code: int,
    message: str,
    tmp_path: Path,
    sample_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = tmp_path / "state" / "s.sqlite3"
    digest = ["digest", "http://127.0.0.1:9/feed", "--state", str(state), "--lang", "en"]
    guard: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    if case == "utf-16-odd":
        (tmp_path / "odd.txt").write_bytes(b"\xff\xfe" + ARTICLE.encode("utf-16-le")[:-1])
        args = ["build", str(tmp_path / "odd.txt"), "--lang", "en"]
    elif case in ("negative-start", "span-past-the-text"):
        args = ["render", str(facts_with(tmp_path, sample_path, case)), "--lang", "en"]
    elif case == "langs-json-broken":
        monkeypatch.setenv("BRIEFING_LANGS", '["en", "ko"')
        args = ["config", "show"]
    elif case == "timeout-inf":
        args = [*digest, "--timeout", "inf"]
    elif case == "deadline-nan":
        args = [*digest, "--deadline", "nan"]
    elif case == "networks":
        monkeypatch.setenv("BRIEFING_ALLOWED_NETWORKS", "10.0.0.0/8,intranet")
        args = ["config", "show"]
    elif case == "state-locked":
        from briefing.digest import state as state_module

        state_module.State.open(state).close()
        holder = sqlite3.connect(state, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another program writing, and not letting go
        monkeypatch.setattr(state_module, "BUSY_TIMEOUT", 0.5)
        guard = contextlib.closing(holder)
        args = digest
    elif case == "state-dir-read-only":
        guard = read_only(state.parent)
        args = digest
    else:  # the database and its lock exist; the folder then became read-only
        from briefing.digest.state import State, run_lock

        with run_lock(state):
            State.open(state).close()
        guard = read_only(state.parent)
        args = digest
    with guard:
        start = time.monotonic()
        result = run(*args, "--out", str(tmp_path / "out")) if args[0] != "config" else run(*args)
        elapsed = time.monotonic() - start
    one_error_line(result, code, message)
    assert elapsed < 10  # a bounded wait, never the network
    assert not (tmp_path / "out").exists()


def test_env_lists_take_the_comma_form_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_LANGS", "en,ko")
    monkeypatch.setenv("BRIEFING_FORMATS", '["md"]')
    monkeypatch.setenv("BRIEFING_ALLOWED_NETWORKS", "10.1.0.0/16, fd00::/8")
    data = json.loads(run("config", "show", "--json").stdout)
    assert data["langs"] == ["en", "ko"] and data["formats"] == ["md"]
    assert data["allowed_networks"] == ["10.1.0.0/16", "fd00::/8"]


def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path: Path) -> None:
    from briefing.digest.state import State

    state = tmp_path / "s.sqlite3"
    with State.open(state) as db:
        for i in range(200):
            db.record_feed(f"http://127.0.0.1:9/feed{i}", name=f"Feed {i}", status="ok")
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head -1` that has already gone
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "digest", "--status", "--state", str(state)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        check=False,
    )
    os.close(write_end)
    assert (proc.returncode, proc.stderr) == (0, b"")


def test_temporary_files_a_kill_left_behind_are_cleaned_up(
    tmp_path: Path, sample_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".vostochny-summit.en.md.k3j9x_2a.part"  # as atomic_open names them
    fresh = out / ".other.en.md.a1b2c3d4.part"  # a write in progress elsewhere, right now
    mine = out / ".notes.part"  # not ours
    for path in (stale, fresh, mine):
        path.write_text("half a brief")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(mine, (old, old))
    result = run("build", str(sample_path), "--lang", "en", "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not stale.exists() and fresh.exists() and mine.exists()
