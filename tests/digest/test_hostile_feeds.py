"""Hostile feeds against a real `briefing digest` process: bombs, internal links, trickles, escapes.

Each test serves good feeds beside the hostile one from servers on 127.0.0.1, runs the digest
as the timer would (a child process), and checks that the hostile input fails on its own while
the good stories go out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from briefing.config import Settings
from briefing.digest import DigestOptions, FeedSpec, run_digest
from briefing.digest.state import State
from briefing.errors import ExitCode
from briefing.models import Article

from .feedserver import (
    Encoded,
    FeedServer,
    Redirect,
    Static,
    Trickle,
    article_page,
    brotli_bomb,
    deflate_bomb,
    double_gzip_bomb,
    entry_for,
    gzip_bomb,
    rss,
)

# Runs the digest as its child and prints the child's peak RSS (KiB on Linux) last.
WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print('PEAK_RSS_KIB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_rss_kib: int


def run_digest_process(
    tmp_path: Path,
    *args: str,
    timeout: float = 300,
    python: tuple[str, ...] = ("-m", "briefing"),
    formats: str = "md",
) -> Run:
    """Run `briefing digest` in a child process (English Markdown, one worker) and measure it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, *python, "digest", *args]
    command += ["--state", str(tmp_path / "state.sqlite3"), "--out", str(tmp_path / "out")]
    command += ["--lang", "en", "--format", formats, "--workers", "1"]
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    *out, last = proc.stdout.splitlines() or [""]
    assert last.startswith("PEAK_RSS_KIB "), proc.stdout
    return Run(proc.returncode, "\n".join(out), proc.stderr, int(last.split()[1]))


def serve_good_feed(server: FeedServer, articles: list[Article], path: str = "/good") -> None:
    """A feed carrying the full text of two articles (no page to fetch)."""
    entries = [entry_for(a, server.url(f"{path}/{i}"), full=True) for i, a in enumerate(articles)]
    server.routes[path] = Static(rss(entries, title="Good feed"), "application/rss+xml")


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(path).pages)


def digest_text(tmp_path: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("digest-*.md"))


BOMBS = {
    "gzip": (gzip_bomb, "gzip", "over the 5,000,000-byte limit once decompressed"),
    "deflate": (deflate_bomb, "deflate", "over the 5,000,000-byte limit once decompressed"),
    "br": (brotli_bomb, "br", "content encoding 'br' not accepted"),
    "gzip, gzip": (double_gzip_bomb, "gzip, gzip", "stacked content encodings refused"),
}


def test_compression_bombs_of_every_encoding_fail_alone_in_bounded_memory(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    serve_good_feed(server, articles[:2])
    feeds = [server.url("/good")]
    for kind, (make, encoding, _) in BOMBS.items():
        path = "/bomb-" + re.sub(r"\W+", "-", kind)
        server.routes[path] = Encoded(make(1 << 30), encoding)  # each decodes to 1 GiB
        feeds.append(server.url(path))
    # A teaser whose page is a bomb: the page path decodes through the same fetcher.
    teaser = entry_for(articles[2], server.url("/page-bomb"), full=False)
    server.routes["/teasers"] = Static(rss([teaser], title="Teasers"), "application/rss+xml")
    server.routes["/page-bomb"] = Encoded(gzip_bomb(1 << 30), "gzip", "text/html")
    feeds.append(server.url("/teasers"))

    run = run_digest_process(tmp_path, *feeds)

    assert run.code == 6, run.stderr  # partial: the bombs failed, the rest went out
    assert run.peak_rss_kib < 300 * 1024, f"peak RSS {run.peak_rss_kib / 1024:.0f} MB"
    for kind, (_, _, message) in BOMBS.items():
        path = "/bomb-" + re.sub(r"\W+", "-", kind)
        line = next(x for x in run.stderr.splitlines() if server.url(path) in x)
        assert message in line, line
    line = next(x for x in run.stderr.splitlines() if server.url("/page-bomb") in x)
    assert "over the 5,000,000-byte limit once decompressed" in line, line
    digest = digest_text(tmp_path)
    for article in articles[:2]:
        assert (article.title or "")[:30] in digest.replace("\\", "")


def test_a_header_trickling_feed_ends_the_run_in_timeout_times_attempts(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    server.routes["/trickle"] = Trickle(1.5)  # headers, one byte every 1.5 s
    start = time.monotonic()
    run = run_digest_process(tmp_path, server.url("/trickle"), "--timeout", "3")
    elapsed = time.monotonic() - start
    assert elapsed < 3 * 3 + 5, f"{elapsed:.1f} s"  # --timeout × attempts + 5 s
    assert run.code == 8, run.stderr  # the only feed failed
    assert f"{server.url('/trickle')}: timed out after 3 s" in run.stderr
    # The lock went with the run: the next one is not refused with 7.
    serve_good_feed(server, articles[:1])
    again = run_digest_process(tmp_path, server.url("/good"))
    assert again.code == 0, again.stderr


# Runs the CLI with an endless wait in the digest process itself: where the run's stories are
# translated together, and, should reading the item outlast the 2 s deadline (a slow machine
# building its gazetteer cache), where the day's digest is written.
HANGING = (
    "import sys, time\n"
    "import briefing.pipeline, briefing.digest.runner\n"
    "briefing.pipeline.translate_all = lambda *a, **k: time.sleep(3600)\n"
    "briefing.digest.runner._write_digests = lambda *a, **k: time.sleep(3600)\n"
    "from briefing.cli import main\n"
    "sys.argv[0] = 'briefing'\n"
    "main()\n"
)


def test_a_run_stuck_past_its_deadline_ends_itself_and_frees_the_lock(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    from briefing.cli.digest import hard_stop_grace

    serve_good_feed(server, articles[:1])
    args = [server.url("/good"), "--deadline", "2"]
    start = time.monotonic()
    stuck = run_digest_process(tmp_path, *args, python=("-c", HANGING))
    elapsed = time.monotonic() - start
    assert elapsed < 2 + hard_stop_grace(2) + 5, f"{elapsed:.1f} s"
    assert stuck.code == 6
    assert stuck.stderr.strip().splitlines()[-1] == (
        "briefing: error: the run passed its deadline (2 s) and was stopped; "
        "the next run goes on from here"
    )
    again = run_digest_process(tmp_path, server.url("/good"))
    assert again.code == 0, again.stderr  # the lock is free; the item, still pending, goes out
    assert (articles[0].title or "")[:30] in digest_text(tmp_path).replace("\\", "")


def test_an_item_link_to_an_internal_service_is_refused_and_its_body_appears_nowhere(
    server: FeedServer,
    other_server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    tmp_path: Path,
) -> None:
    secret = "Zanzibar-7734 internal metadata token"
    page = Article(text=f"The secret is {secret}. " * 40, title="Internal status page")
    other_server.routes["/latest/meta-data"] = Static(article_page(page))
    server.routes["/hop"] = Redirect(other_server.url("/latest/meta-data"))
    entries = [
        entry_for(articles[0], server.url("/story/good"), full=True),
        entry_for(articles[1], other_server.url("/latest/meta-data"), full=False),  # direct
        entry_for(articles[2], server.url("/hop"), full=False),  # through the feed's own origin
    ]
    server.routes["/feed"] = Static(rss(entries), "application/rss+xml")
    settings = make_settings(formats=["md", "pdf"])

    result = run_digest(
        settings, DigestOptions(feeds=[FeedSpec(server.url("/feed"))], retries=0, backoff=0.01)
    )

    assert result.briefed == 1 and result.exit_code == ExitCode.PARTIAL
    errors = sorted(f.error for f in result.failures)
    assert len(errors) == 2 and all("loopback address (127.0.0.1)" in e for e in errors), errors
    assert other_server.requests == []  # never even asked
    with State.open(settings.state) as state:
        assert state.counts() == {"done": 1, "failed": 2}  # refused at once, never retried
    # Not in any file the run wrote or kept: digests, briefs (Markdown and PDF text), state.
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and settings.state in files
    for path in files:
        data = pdf_text(path) if path.suffix == ".pdf" else path.read_bytes().decode("latin-1")
        assert "Zanzibar" not in data, path


def test_terminal_escapes_in_a_feed_reach_neither_stderr_nor_any_file(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    good = entry_for(articles[0], server.url("/story/0"), full=True)
    good.title = "Talks \x1b]0;pwned\x07resume\x1bc in Seoul"
    good.content = (good.content or "").replace("</p>", " \x1b[2J\x00</p>", 1)
    broken = entry_for(articles[1], server.url("/gone"), full=False)  # 404: named on stderr
    broken.title = "Gone \x1b]2;owned\x07 story \x9b31m"
    feed = rss([good, broken], title="Evil \x1b]0;feed\x07 wire\x1bc")
    server.routes["/feed"] = Static(feed, "application/rss+xml")
    run = run_digest_process(tmp_path, server.url("/feed"), formats="md,pdf")
    assert run.code == 6, run.stderr
    assert "Gone ]2;owned story " in run.stderr  # named, without its escapes
    for stream in (run.stdout, run.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream
    state = str(tmp_path / "state.sqlite3")
    status = subprocess.run(
        [sys.executable, "-m", "briefing", "digest", "--status", "--state", state],
        capture_output=True,
        check=True,
    )
    assert b"\x1b" not in status.stdout + status.stderr and b"Evil" in status.stdout
    outputs = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in outputs) and any(p.suffix == ".md" for p in outputs)
    for path in outputs:
        text = pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), path
        if "digest-" in path.name:
            assert "Talks \\]0;pwnedresumec in Seoul" in text or path.suffix == ".pdf"
