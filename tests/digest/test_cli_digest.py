"""`briefing digest` as users run it: exit codes, --status, kill -9 and rerun, two runs at once."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import ExitCode
from briefing.models import Article

from .feedserver import FeedServer, Static, Status, article_page, entry_for, rss
from .test_runner import all_stories, stories, titles


def serve_teasers(
    server: FeedServer, articles: list[Article], *, page_delay: float = 0.0, feed_delay: float = 0.0
) -> None:
    """Serve a feed of teasers whose pages answer after `page_delay` seconds."""
    entries = []
    for i, a in enumerate(articles):
        server.routes[f"/story/{i}"] = Static(article_page(a), delay=page_delay)
        entries.append(entry_for(a, server.url(f"/story/{i}"), guid=f"urn:story:{i}"))
    server.routes["/feed"] = Static(rss(entries), "application/rss+xml", delay=feed_delay)


def cli_args(tmp_path: Path, *extra: str) -> list[str]:
    workers = [] if "--workers" in extra else ["--workers", "1"]
    return [
        "digest",
        "--state",
        str(tmp_path / "state.sqlite3"),
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "en",
        "--format",
        "md",
        "--timeout",
        "5",
        *workers,
        *extra,
    ]


def env(tmp_path: Path) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    values["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no user config file leaks in
    return values


def start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", *cli_args(tmp_path, *args)],
        env=env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(
    condition: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(
                f"digest ended (exit {proc.returncode}) before the kill point:\n{out}\n{err}"
            )
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("kill point not reached in time")
        time.sleep(0.02)


def brief_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "out").glob("*/*.en.md"))


def children(pid: int) -> list[int]:
    """Return the child processes of `pid` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(x) for x in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie left for init to reap counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


KILL_POINTS: dict[str, Callable[[FeedServer, Path], bool]] = {
    # while the feed is being fetched (its answer is delayed)
    "fetching": lambda server, tmp: bool(server.hits("/feed")),
    # after the first full brief is on disk, the others not yet
    "briefing": lambda server, tmp: len(brief_files(tmp)) >= 1,
    # with most briefs written, before or while the digest is written
    "late": lambda server, tmp: len(brief_files(tmp)) >= 4,
}


@pytest.mark.parametrize(
    ("point", "workers"), [*((p, "1") for p in KILL_POINTS), ("briefing", "2")]
)
def test_kill_9_then_rerun_lists_every_story_exactly_once(
    server: FeedServer, articles: list[Article], tmp_path: Path, point: str, workers: str
) -> None:
    serve_teasers(server, articles, page_delay=0.3, feed_delay=0.5 if point == "fetching" else 0.0)
    feed = server.url("/feed")
    proc = start(tmp_path, feed, "--workers", workers)
    wait_for(lambda: KILL_POINTS[point](server, tmp_path), proc)
    workers_alive = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    # wait(), not communicate(): a worker left running would keep the output pipes open.
    assert proc.wait(timeout=30) == -signal.SIGKILL
    # With a pool, the orphaned workers notice and exit instead of waiting for work forever.
    assert len(workers_alive) >= (2 if workers == "2" else 0)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers_alive) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers_alive)
    for pipe in (proc.stdout, proc.stderr):
        assert pipe is not None
        pipe.close()

    rerun = start(tmp_path, feed)
    out, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err
    assert all_stories(tmp_path / "out") == titles(articles)  # each story once, none lost
    assert len(brief_files(tmp_path)) == len(articles)
    written = [Path(line) for line in out.splitlines()]
    assert written and all(p.name.startswith("digest-") for p in written)

    third = start(tmp_path, feed)
    out, err = third.communicate(timeout=180)
    assert third.returncode == 0 and out == ""
    assert "nothing new in 1 feed; no digest written" in err


@pytest.mark.parametrize("point", ["fetching", "one story written"])
def test_kill_9_then_rerun_puts_every_item_in_exactly_one_story(
    server: FeedServer, tmp_path: Path, point: str
) -> None:
    from .test_stories import SEVEN, entries, sources, story_briefs

    server.routes["/feed"] = Static(
        rss(entries(server, SEVEN, full=False)),
        "application/rss+xml",
        delay=0.5 if point == "fetching" else 0.0,
    )
    for name in SEVEN:  # pages that answer slowly, so that the kill comes mid-run
        page = server.routes[f"/story/{name}"]
        assert isinstance(page, Static)
        page.delay = 0.3
    feed = server.url("/feed")

    def one_story_written() -> bool:
        return any((tmp_path / "out").glob("*/*.en.md"))

    kill_points: dict[str, Callable[[], bool]] = {
        "fetching": lambda: bool(server.hits("/feed")),
        "one story written": one_story_written,
    }
    proc = start(tmp_path, feed, "--since", "5000w")
    wait_for(kill_points[point], proc)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    for pipe in (proc.stdout, proc.stderr):
        assert pipe is not None
        pipe.close()

    rerun = start(tmp_path, feed, "--since", "5000w")
    out, err = rerun.communicate(timeout=240)
    assert rerun.returncode == 0, err
    (digest,) = (tmp_path / "out").glob("digest-*.en.md")
    assert len(stories(digest)) == 3
    (day,) = [d for d in (tmp_path / "out").iterdir() if d.is_dir()]
    briefs = story_briefs(tmp_path / "out", dt.date.fromisoformat(day.name))
    assert len(briefs) == 3  # no story written twice under two names
    listed = [url for brief in briefs.values() for url in sources(brief)]
    assert sorted(listed) == sorted(server.url(f"/story/{n}") for n in SEVEN)

    third = start(tmp_path, feed, "--since", "5000w")
    out, err = third.communicate(timeout=180)
    assert third.returncode == 0 and out == "" and "nothing new" in err


def test_a_second_concurrent_run_refuses_and_wait_waits(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    serve_teasers(server, articles[:2], page_delay=1.0)
    feed = server.url("/feed")
    first = start(tmp_path, feed)
    wait_for(lambda: bool(server.hits("/feed")), first)
    second = start(tmp_path, feed)
    _out, err = second.communicate(timeout=60)
    assert second.returncode == ExitCode.BUSY
    assert re.fullmatch(
        r"briefing: error: another digest run is in progress \(lock .+\); try again later or "
        r"use --wait\n",
        err,
    )
    waiting = start(tmp_path, feed, "--wait")
    assert first.wait(timeout=180) == 0
    _out, err = waiting.communicate(timeout=180)
    assert waiting.returncode == 0 and "nothing new" in err
    assert all_stories(tmp_path / "out") == titles(articles[:2])


def invoke(tmp_path: Path, *args: str) -> object:
    return CliRunner().invoke(
        main, cli_args(tmp_path, *args), env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    )


def test_partial_and_network_exit_codes(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    serve_teasers(server, articles[:1])
    server.routes["/down"] = Status(500)
    result = invoke(tmp_path, server.url("/feed"), server.url("/down"))
    assert result.exit_code == ExitCode.PARTIAL, result.output  # type: ignore[attr-defined]
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and re.fullmatch(r".*/digest-\d{4}-\d\d-\d\d\.en\.md", lines[0])
    assert f"briefing: warning: {server.url('/down')}: HTTP 500 (after 3 attempts)" in result.stderr  # type: ignore[attr-defined]

    result = invoke(tmp_path, server.url("/down"), server.url("/gone"))
    assert result.exit_code == ExitCode.NETWORK  # type: ignore[attr-defined]
    assert "briefing: error: every feed failed" in result.stderr  # type: ignore[attr-defined]


def test_feeds_file_and_status(server: FeedServer, articles: list[Article], tmp_path: Path) -> None:
    serve_teasers(server, articles[:2])
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feed]]\nurl = "{server.url("/feed")}"\nname = "Local news"\n')
    assert invoke(tmp_path, "--feeds", str(feeds), "--max-items", "1").exit_code == 0  # type: ignore[attr-defined]
    status = invoke(tmp_path, "--status")
    assert status.exit_code == 0  # type: ignore[attr-defined]
    text = status.stdout  # type: ignore[attr-defined]
    assert "items: 1 pending, 0 briefed, 1 done, 0 failed, 0 skipped" in text
    assert re.search(rf"  Local news <{re.escape(server.url('/feed'))}>: ok at \S+", text)
    assert re.search(r"last run: started \S+, finished \S+, ok", text)
    assert re.search(r"digest-\d{4}-\d\d-\d\d\.en\.md \(1 stories", text)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), ExitCode.USAGE, "no feeds: give FEED_URL arguments"),
        (("not-a-url",), ExitCode.INPUT, "not-a-url: a feed must be an http(s) URL"),
        (
            ("http://127.0.0.1:9/feed", "--since", "yesterday"),
            ExitCode.INPUT,
            "cannot read --since 'yesterday'",
        ),
        (("--feeds", "/nonexistent/feeds.toml"), ExitCode.INPUT, "no such feeds file"),
        (
            ("http://127.0.0.1:9/feed", "--layout", "bilingual"),
            ExitCode.USAGE,
            "the bilingual layout needs a target language",
        ),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], code: int, message: str) -> None:
    result = invoke(tmp_path, *args)
    assert result.exit_code == code  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]


def test_items_that_all_fail_are_not_called_nothing_new(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    serve_teasers(server, articles[:1])
    del server.routes["/story/0"]  # the teaser's page is gone
    result = invoke(tmp_path, server.url("/feed"))
    assert result.exit_code == ExitCode.PARTIAL  # type: ignore[attr-defined]
    assert result.stderr.splitlines()[-1] == "no digest written: no story could be briefed"  # type: ignore[attr-defined]
    assert "HTTP 404 Not Found (will retry next run)" in result.stderr  # type: ignore[attr-defined]
