"""Digest runs end to end (real extraction and rendering) against a local feed server."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefing.config import Settings
from briefing.digest import DigestOptions, FeedSpec, run_digest
from briefing.digest.state import ItemStatus, State
from briefing.errors import ExitCode, ModelMissingError
from briefing.models import Article
from briefing.render.markdown import markdown_to_html

from .feedserver import Entry, FeedServer, Slow, Static, Status, article_page, atom, entry_for, rss

DAY = dt.date(2026, 3, 2)


def serve(
    server: FeedServer,
    articles: list[Article],
    path: str = "/feed",
    *,
    full: bool = True,
    build: Callable[..., bytes] = rss,
    etag: str | None = None,
) -> list[Entry]:
    """Serve `articles` in a feed (full text in it, or teasers with pages); return its entries."""
    entries = []
    for a in articles:
        slug = re.sub(r"\W+", "-", (a.title or a.text[:30]).lower())
        link = server.url(f"/story/{slug}")
        server.routes[f"/story/{slug}"] = Static(article_page(a))
        entries.append(entry_for(a, link, guid=f"urn:{slug}", full=full))
    server.routes[path] = Static(build(entries), "application/rss+xml", etag=etag)
    return entries


def options(server: FeedServer, *paths: str, day: dt.date = DAY, **kw: object) -> DigestOptions:
    feeds = [FeedSpec(server.url(p), f"Feed {p}") for p in (paths or ("/feed",))]
    return DigestOptions(feeds=feeds, day=day, retries=1, backoff=0.01, **kw)  # type: ignore[arg-type]


def stories(path: Path) -> list[str]:
    """Return the story headings of a digest Markdown file, in order."""
    return re.findall(r"^### \d+\. (.+?)(?: · \*new\*)?$", path.read_text(encoding="utf-8"), re.M)


def all_stories(out: Path, lang: str = "en") -> list[str]:
    return [s for p in sorted(out.glob(f"digest-*.{lang}.md")) for s in stories(p)]


def titles(articles: list[Article]) -> list[str]:
    from briefing.render.environment import escape_markdown

    return [escape_markdown(a.title or a.text[:60]) for a in articles]


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_first_run_writes_digest_and_full_briefs_second_run_writes_nothing(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:3], etag='"v1"')
    result = run_digest(settings, options(server))
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    assert result.written == [digest]
    assert result.exit_code == ExitCode.OK and (result.new_items, result.briefed) == (3, 3)
    assert stories(digest) == titles(articles[:3])
    briefs = sorted((settings.out_dir / DAY.isoformat()).glob("*.en.md"))
    assert len(briefs) == 3
    # Each story links to its full brief, written beside the digest.
    links = re.findall(r"\[Full brief\]\(([^)]+)\)", digest.read_text())
    assert sorted(settings.out_dir / link for link in links) == briefs
    before = snapshot(settings.out_dir)

    again = run_digest(settings, options(server))
    assert again.written == [] and again.new_items == 0 and again.exit_code == ExitCode.OK
    assert snapshot(settings.out_dir) == before
    # The second fetch was conditional and answered 304.
    assert server.hits("/feed")[-1].headers["if-none-match"] == '"v1"'
    assert again.feeds[0].status == "not-modified"


def test_later_runs_of_the_day_rewrite_the_days_digest_with_every_story_once(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:2])
    run_digest(settings, options(server))
    serve(server, articles[:3])  # a new story arrives, the old ones are still in the feed
    result = run_digest(settings, options(server))
    assert (result.new_items, result.briefed) == (1, 1)
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    assert result.written == [digest]
    assert stories(digest) == titles(articles[:3])  # nothing vanished, nothing doubled
    text = digest.read_text()
    assert "1 new in this update" in text and text.count("· *new*") == 1


def test_a_new_day_gets_its_own_file_and_only_its_own_stories(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:2])
    run_digest(settings, options(server, day=DAY))
    serve(server, articles[:4])
    run_digest(settings, options(server, day=DAY + dt.timedelta(days=1)))
    assert stories(settings.out_dir / f"digest-{DAY}.en.md") == titles(articles[:2])
    assert stories(settings.out_dir / f"digest-{DAY + dt.timedelta(days=1)}.en.md") == titles(
        articles[2:4]
    )


def test_broken_feeds_are_reported_and_the_others_go_out(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(timeout=0.5)
    serve(server, articles[:1], "/good")
    serve(server, articles[1:2], "/atom", build=atom)
    server.routes["/e500"] = Status(500)
    server.routes["/slow"] = Slow(2.0)
    server.routes["/malformed"] = Static(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</<<&&', "application/rss+xml"
    )
    server.routes["/page"] = Static(b"<html><body><p>Not a feed at all.</p></body></html>")
    result = run_digest(
        settings,
        options(server, "/good", "/atom", "/e500", "/slow", "/malformed", "/missing", "/page"),
    )
    assert result.exit_code == ExitCode.PARTIAL
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    assert stories(digest) == titles(articles[:2])
    failed = {f.name: f.error for f in result.feed_failures}
    assert failed == {
        "Feed /e500": "HTTP 500 (after 2 attempts)",
        "Feed /slow": "timed out after 0.5 s (after 2 attempts)",
        "Feed /malformed": failed["Feed /malformed"],
        "Feed /missing": "HTTP 404 Not Found",
        "Feed /page": "not an RSS or Atom feed",
    }
    assert failed["Feed /malformed"].startswith("malformed XML")
    cover = digest.read_text().split("## Index")[0]
    for name in failed:
        assert f"**{name}** — failed" in cover
    assert "## What failed" in cover


def test_every_feed_failing_is_a_network_error(
    server: FeedServer, make_settings: Callable[..., Settings]
) -> None:
    server.routes["/a"] = Status(503)
    result = run_digest(make_settings(), options(server, "/a", "/b"))
    assert result.exit_code == ExitCode.NETWORK and result.written == []


def test_teaser_items_are_briefed_from_their_pages(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:2], full=False)
    result = run_digest(settings, options(server))
    assert result.briefed == 2
    assert all(len(server.hits(p)) == 1 for p in server.routes if p.startswith("/story/"))
    brief = next((settings.out_dir / DAY.isoformat()).glob("somali*.en.md")).read_text()
    assert "Hassan Sheikh Mohamud" in brief


def test_an_item_edited_in_place_is_not_briefed_twice(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    entries = serve(server, articles[:2])
    run_digest(settings, options(server))
    entries[0].title += " (updated)"
    entries[0].content = (entries[0].content or "") + "<p>An editor's note was added later.</p>"
    server.routes["/feed"] = Static(rss(entries), "application/rss+xml")
    result = run_digest(settings, options(server))
    assert result.briefed == 0 and result.written == []
    with State.open(settings.state) as state:
        edited = [i for i in state.day_items(DAY) if i.edits]
    assert [i.title for i in edited] == [titles(articles)[0]]
    # The next story of the day rewrites the digest: the edited one is still listed once, noted.
    serve(server, articles[:3])
    run_digest(settings, options(server))
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    assert all_stories(settings.out_dir) == titles(articles[:3])
    note = (
        f"Edited at the source after they were briefed (not briefed again): {titles(articles)[0]}\n"
    )
    assert digest.read_text().count(note) == 1
    # Rewritten again later that day, the day's file keeps the note, once.
    serve(server, articles[:4])
    run_digest(settings, options(server))
    assert digest.read_text().count(note) == 1
    # The next day's digest does not repeat it.
    serve(server, articles[:5])
    run_digest(settings, options(server, day=DAY + dt.timedelta(days=1)))
    assert (
        "Edited at the source"
        not in (settings.out_dir / f"digest-{DAY + dt.timedelta(days=1)}.en.md").read_text()
    )


def test_an_item_edited_before_it_is_briefed_is_briefed_in_its_latest_form(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(max_items=1)
    entries = serve(server, articles[:2])
    run_digest(settings, options(server))  # the second item waits
    entries[1].title = "Corrected headline"
    server.routes["/feed"] = Static(rss(entries), "application/rss+xml")
    run_digest(settings, options(server))
    assert all_stories(settings.out_dir) == [titles(articles)[0], "Corrected headline"]


def test_an_item_that_disappears_from_the_feed_is_not_lost(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(max_items=2)
    serve(server, articles[:4])
    first = run_digest(settings, options(server))
    assert first.briefed == 2 and first.pending == 2
    serve(server, articles[:1])  # three items drop out of the feed before they were briefed
    second = run_digest(settings, options(server))
    assert second.briefed == 2
    assert all_stories(settings.out_dir) == titles(articles[:4])


def test_one_story_in_two_feeds_is_listed_once(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:2], "/one")
    serve(server, articles[1:3], "/two", build=atom)  # same links, other GUIDs
    result = run_digest(settings, options(server, "/one", "/two"))
    assert result.briefed == 3
    assert sorted(all_stories(settings.out_dir)) == sorted(titles(articles[:3]))


def test_old_items_are_skipped_on_a_feeds_first_fetch(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    old = entry_for(
        articles[0], server.url("/old"), guid="urn:old", full=True, age=dt.timedelta(days=3)
    )
    new = entry_for(articles[1], server.url("/new"), guid="urn:new", full=True)
    server.routes["/feed"] = Static(rss([old, new]), "application/rss+xml")
    result = run_digest(settings, options(server))
    assert result.new_items == 1 and all_stories(settings.out_dir) == titles(articles[1:2])
    # Seen once as too old, it is not picked up by a later run either.
    assert run_digest(settings, options(server)).written == []
    with State.open(settings.state) as state:
        assert state.counts() == {"done": 1, "skipped": 1}


def test_since_limits_what_is_briefed(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    entries = [
        entry_for(a, server.url(f"/s{i}"), guid=f"urn:{i}", full=True, age=dt.timedelta(hours=h))
        for i, (a, h) in enumerate(zip(articles[:3], (1, 5, 30), strict=True))
    ]
    server.routes["/feed"] = Static(rss(entries), "application/rss+xml")
    result = run_digest(make_settings(), options(server, since=dt.timedelta(hours=6)))
    assert result.briefed == 2


def test_feed_text_is_data_not_markup(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    entry = entry_for(articles[0], server.url("/x"), guid="urn:x", full=True)
    entry.title = "# Breaking <script>alert(1)</script> [click](javascript:alert(1))"
    server.routes["/feed"] = Static(rss([entry]), "application/rss+xml")
    run_digest(settings, options(server))
    text = (settings.out_dir / f"digest-{DAY}.en.md").read_text()
    html = markdown_to_html(text)
    assert (
        "<script" not in html
        and "javascript:alert(1)</a>" not in html
        and 'href="javascript' not in html
    )
    assert (
        r"### 1. \# Breaking &lt;script&gt;alert(1)&lt;/script&gt; \[click\](javascript:alert(1))"
        in text
    )


def test_status_counts_survive_in_state(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(max_items=1)
    serve(server, articles[:3])
    run_digest(settings, options(server))
    with State.open(settings.state) as state:
        assert state.counts() == {"done": 1, "pending": 2}
        assert [r["last_status"] for r in state.feeds()] == ["ok"]
        assert state.last_run()["status"] == "ok"
        assert [r["items"] for r in state.last_digests()] == [1]


@pytest.mark.parametrize("workers", [2])
def test_a_process_pool_briefs_the_same_stories(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    workers: int,
) -> None:
    settings = make_settings(workers=workers)
    serve(server, articles)
    result = run_digest(settings, options(server))
    assert result.briefed == len(articles)
    assert sorted(all_stories(settings.out_dir)) == sorted(titles(articles))


def test_a_missing_spacy_model_stops_the_run_and_loses_nothing(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:2], etag='"v1"')
    with pytest.raises(ModelMissingError, match="spaCy model 'no_such_pipeline' is not installed"):
        run_digest(settings.model_copy(update={"spacy_model": "no_such_pipeline"}), options(server))
    with State.open(settings.state) as state:
        assert state.counts() == {"pending": 2}
        assert state.last_run()["status"] == "failed"
    assert not settings.out_dir.exists()
    result = run_digest(settings, options(server))
    assert result.feeds[0].status == "not-modified"  # the items were kept from the first fetch
    assert result.briefed == 2 and all_stories(settings.out_dir) == titles(articles[:2])


def test_a_feed_listed_twice_is_fetched_once(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    serve(server, articles[:1])
    result = run_digest(make_settings(), options(server, "/feed", "/feed"))
    assert len(result.feeds) == 1 and len(server.hits("/feed")) == 1


def test_malformed_feed_with_recoverable_items_is_used_and_noted(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    body = rss([entry_for(articles[0], server.url("/s"), guid="urn:s", full=True)])
    body = body.replace(
        b"<title>Test feed</title>", b"<title>News & Views</title>"
    )  # an unescaped &
    server.routes["/feed"] = Static(body, "application/rss+xml")
    result = run_digest(settings, options(server))
    assert result.exit_code == ExitCode.OK and result.briefed == 1
    assert result.feeds[0].status == "warning"
    cover = (settings.out_dir / f"digest-{DAY}.en.md").read_text()
    assert re.search(
        r"- \*\*Feed /feed\*\* — 1 new item \(malformed XML \(.+\); 1 items recovered\)", cover
    )


def test_a_story_whose_translation_fails_is_reported_alone_and_retried(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    tiny_argos: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefing.translate import stage

    real = stage._assemble
    broken = articles[1].title or ""

    def fragile(plan, *args):  # type: ignore[no-untyped-def]
        if plan.out.title.text == broken:  # still the English: _assemble translates it
            raise ValueError("a text the post-editor cannot take")
        return real(plan, *args)

    monkeypatch.setattr(stage, "_assemble", fragile)
    settings = make_settings(langs=["en", "ko"])
    serve(server, articles[:3])
    result = run_digest(settings, options(server))
    # The other two stories went out, in both languages, from one translation pass.
    assert result.briefed == 2 and result.exit_code == ExitCode.PARTIAL
    assert stories(settings.out_dir / f"digest-{DAY}.en.md") == titles([articles[0], articles[2]])
    (failure,) = result.failures
    assert failure.what == broken and "cannot translate into ko" in failure.error
    assert "will retry next run" in failure.error
    monkeypatch.setattr(stage, "_assemble", real)
    again = run_digest(settings, options(server))
    assert again.briefed == 1 and again.exit_code == ExitCode.OK
    # The day's file now lists all three stories, in both languages, each once.
    assert sorted(all_stories(settings.out_dir)) == sorted(titles(articles[:3]))
    assert len(stories(settings.out_dir / f"digest-{DAY}.ko.md")) == 3


@pytest.mark.parametrize("workers", [1, 2])
def test_the_run_ends_at_its_deadline_and_the_rest_waits_for_the_next_run(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    workers: int,
) -> None:
    # Pages that answer after 30 s with a 60 s timeout: only the run's deadline can end this.
    entries = serve(server, articles[:4], full=False)
    for path in [p for p in server.routes if p.startswith("/story/")]:
        server.routes[path] = Slow(30.0, body=b"<html><body><p>late</p></body></html>")
    deadline = 2.0 if workers == 1 else 6.0
    settings = make_settings(timeout=60.0, deadline=deadline, workers=workers)
    start = time.monotonic()
    result = run_digest(settings, options(server))
    elapsed = time.monotonic() - start
    assert elapsed < deadline + 5, f"{elapsed:.1f} s"
    assert result.out_of_time and result.exit_code == ExitCode.PARTIAL
    assert multiprocessing.active_children() == []  # no worker outlives the run
    with State.open(settings.state) as state:
        items = state.pending()
        # Nothing was briefed; what never started carries no failure against it.
        assert len(items) == len(entries) and state.count(ItemStatus.BRIEFED) == 0
        assert sum(item.attempts for item in items) <= workers
    # The lock is free and the next run (with time enough) picks the items up.
    for i, a in enumerate(articles[:4]):
        server.routes[urlsplit(entries[i].link or "").path] = Static(article_page(a))
    again = run_digest(
        settings.model_copy(update={"deadline": 600.0, "timeout": 5.0}), options(server)
    )
    assert again.briefed == 4 and not again.out_of_time
