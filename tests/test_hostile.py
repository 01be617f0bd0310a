"""Hostile input files: devices, FIFOs and oversized files; each a one-line error and its code."""

from __future__ import annotations

import json
import os
import re
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
    """A FIFO whose writer never stops (until the reader hangs up)."""
    path = tmp_path / "endless.fifo"
    os.mkfifo(path)

    def write() -> None:
        try:
            with open(path, "wb") as fh:
                while True:
                    fh.write(b"words " * 10_000)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    yield path
    # A reader that never came would leave the writer blocked in open(): release it.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.close(fd)
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
