"""`briefing digest`: one-shot daily digest from news feeds (schedule it with cron or systemd)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import ExitCode, InputError
from . import echo, handle_errors, main, output_options


@main.command()
@click.argument("feed_urls", nargs=-1, metavar="[FEED_URL]...")
@output_options
@click.option(
    "--feeds",
    "feeds_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Feeds file (TOML, [[feed]] tables with url and name) [default: the feeds setting].",
)
@click.option(
    "--since",
    help="Brief only items published within this window, e.g. 24h, 2d "
    "[default: 24h on a feed's first fetch, then everything not seen before].",
)
@click.option(
    "--max-items", type=int, help="Most new items briefed in this run; the rest wait [default: 50]."
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="State database [default: state.sqlite3 in the user data directory].",
)
@click.option("--workers", type=int, help="Worker processes [default: one per core].")
@click.option(
    "--timeout",
    type=float,
    help="Seconds for one request, all of it: connect, headers, body [default: 20].",
)
@click.option(
    "--deadline",
    type=float,
    help="Seconds the whole run may take; what is left waits for the next run [default: 3600].",
)
@click.option(
    "--wait", is_flag=True, help="Wait for a running digest to finish instead of exiting 7."
)
@click.option(
    "--status",
    "show_status",
    is_flag=True,
    help="Show feeds, the last run and pending items; change nothing.",
)
@handle_errors
def digest(
    feed_urls: tuple[str, ...],
    config_path: Path | None,
    feeds_file: Path | None,
    since: str | None,
    wait: bool,
    show_status: bool,
    **flags: Any,
) -> None:
    """Fetch feeds, brief every new item, write DIR/digest-YYYY-MM-DD.<lang>.md and .pdf.

    One shot: run it from cron or a systemd timer. Each story's full document goes to
    DIR/YYYY-MM-DD/ in the chosen --layout (brief, a one-page handout, or English beside the
    translation), and the digest links to it; with --layout bilingual there is a digest per
    target language and none in English. Every story appears in exactly one day's digest: a
    later run on the same day rewrites that day's file with all of the day's stories. Prints
    the path of every digest file written; a run with nothing new writes nothing and says so.

    Exits 0 when all went well, 6 when some feed, item or language failed (the rest went
    out), 7 when another run holds the lock, 8 when every feed failed.
    """
    from ..config import load_settings
    from ..digest import DigestOptions, load_feeds, parse_since, run_digest
    from ..digest.feeds import FeedSpec
    from ..fetch import is_url

    settings = load_settings(config_path, feeds=feeds_file, **flags)
    if show_status:
        _print_status(settings.state)
        return
    specs: list[FeedSpec] = []
    bad = [u for u in feed_urls if not is_url(u)]
    if bad:
        raise InputError(f"{bad[0]}: a feed must be an http(s) URL (use --feeds for a feeds file)")
    if settings.feeds and (feeds_file or not feed_urls):
        specs += load_feeds(settings.feeds)
    specs += [FeedSpec(url=u) for u in feed_urls if u not in {s.url for s in specs}]
    if not specs:
        raise click.UsageError(
            "no feeds: give FEED_URL arguments, --feeds FILE, or the feeds setting"
        )
    options = DigestOptions(feeds=specs, since=parse_since(since) if since else None, wait=wait)

    with _hard_stop(settings.deadline):
        result = _run_with_progress(run_digest, settings, options)
    for path in result.written:
        echo(str(path))
    for failure in result.failures:
        echo(f"briefing: warning: {failure.what}: {failure.error}", err=True)
    for feed in result.feeds:
        if feed.status == "warning":
            echo(f"briefing: warning: {feed.name}: {feed.error}", err=True)
    for lang, reason in result.missing.items():
        echo(f"briefing: warning: {lang} digest not built: {reason}", err=True)
    if not result.written:
        checked = len(result.feeds)
        if result.new_items or len(result.failures) > len(result.feed_failures):
            echo("no digest written: no story could be briefed", err=True)
        else:
            echo(
                f"nothing new in {checked} feed{'s' if checked != 1 else ''}; no digest written",
                err=True,
            )
    if result.out_of_time:
        echo(
            f"briefing: warning: the run reached its deadline ({settings.deadline:g} s); "
            f"{result.pending} item(s) wait for the next run",
            err=True,
        )
    elif result.written and result.pending:
        echo(f"{result.pending} item(s) wait for the next run (--max-items)", err=True)
    code = result.exit_code
    if code == ExitCode.NETWORK:
        echo("briefing: error: every feed failed", err=True)
    sys.exit(int(code))


def hard_stop_grace(deadline: float) -> float:
    """Return how long past its deadline a run may take before it is stopped outright.

    At its deadline a run stops fetching and starts no item; if something still holds it this
    much later (a pathological article in the parser, say), the process ends itself.
    """
    return min(60.0, max(5.0, deadline / 10))


@contextlib.contextmanager
def _hard_stop(deadline: float) -> Iterator[None]:
    """End the process if the run outlives its deadline by the grace period.

    A timer run must always end, or it holds the run lock and every later run exits 7. Ending
    the process is safe: the lock is an OS lock that goes with it, every state change was
    committed only after its files were written, and the next run finishes what is left.
    """

    def stop() -> None:
        echo(
            f"briefing: error: the run passed its deadline ({deadline:g} s) and was stopped; "
            "the next run goes on from here",
            err=True,
        )
        sys.stderr.flush()
        os._exit(int(ExitCode.PARTIAL))

    timer = threading.Timer(deadline + hard_stop_grace(deadline), stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _run_with_progress(run: Any, settings: Any, options: Any) -> Any:
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not console.is_terminal:
        return run(settings, options)
    with Progress(transient=True, console=console) as progress:
        task = progress.add_task("Briefing new items", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return run(settings, options, report)


def _print_status(state_path: Path) -> None:
    from ..digest.state import State, state_errors

    if not state_path.exists():
        echo(f"state: {state_path} (no digest has run yet)")
        return
    with state_errors(state_path), State.open(state_path) as state:
        echo(f"state: {state_path}")
        run = state.last_run()
        if run is None:
            echo("last run: never")
        else:
            ended = run["finished"] or "did not finish"
            echo(
                f"last run: started {run['started']}, finished {ended}, "
                f"{run['status'] or 'interrupted'}"
            )
        counts = state.counts()
        order = ("pending", "briefed", "done", "failed", "skipped")
        echo("items: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in order))
        feeds = state.feeds()
        echo(f"feeds: {len(feeds)}")
        for row in feeds:
            line = (
                f"  {row['name'] or row['url']} <{row['url']}>: "
                f"{row['last_status'] or 'never fetched'}"
            )
            if row["last_fetched"]:
                line += f" at {row['last_fetched']}"
            if row["last_error"]:
                line += f" ({row['last_error']})"
            echo(line)
        digests = state.last_digests()
        if digests:
            echo("last digests:")
            for row in digests:
                echo(f"  {row['path']} ({row['items']} stories, {row['written_at']})")


__all__ = ["digest"]
