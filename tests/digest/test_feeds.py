"""Feeds: RSS and Atom parsing, item keys, broken feeds, the feeds file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.digest.feeds import FeedSpec, canonical_url, fetch_feed, load_feeds, parse_feed
from briefing.errors import InputError
from briefing.fetch import Fetcher
from briefing.models import Article

from .feedserver import Entry, FeedServer, Slow, Static, Status, atom, entry_for, rss

SPEC = FeedSpec(url="http://127.0.0.1:1/feed", name="Fixture feed")


@pytest.mark.parametrize("build", [rss, atom], ids=["rss", "atom"])
def test_entries_become_items_keyed_by_guid(build, articles: list[Article]) -> None:  # type: ignore[no-untyped-def]
    entries = [
        entry_for(a, f"http://news.test/a/{i}", guid=f"urn:story:{i}", full=i == 0)
        for i, a in enumerate(articles)
    ]
    result = parse_feed(SPEC, build(entries))
    assert result.status == "ok" and result.error is None
    assert [i.key for i in result.items] == [
        f"guid:{SPEC.url} urn:story:{i}" for i in range(len(articles))
    ]
    assert [i.title for i in result.items] == [a.title or a.text[:60] for a in articles]
    assert [i.url for i in result.items] == [
        f"http://news.test/a/{i}" for i in range(len(articles))
    ]
    # The full text travels in the item (content:encoded / atom:content); a teaser stays short.
    assert "Al-Shabab quickly claimed responsibility" in result.items[0].entry["content"]
    assert len(result.items[1].entry["content"]) < 300
    assert all(i.published for i in result.items)


def test_duplicate_guids_in_one_feed_are_one_item(articles: list[Article]) -> None:
    a, b = articles[:2]
    entries = [
        entry_for(a, "http://news.test/1", guid="same"),
        entry_for(b, "http://news.test/2", guid="same"),
    ]
    result = parse_feed(SPEC, rss(entries))
    assert len(result.items) == 1 and result.items[0].url == "http://news.test/1"


def test_key_falls_back_to_canonical_url_then_content_hash() -> None:
    entries = [
        Entry(title="Linked", link="HTTP://News.Test:80/story?utm_source=rss&id=7#top"),
        Entry(title="Unlinked", link=None, summary="Only words here."),
    ]
    first, second = parse_feed(SPEC, rss(entries)).items
    assert first.key == "url:http://news.test/story?id=7"
    assert second.key.startswith(f"hash:{SPEC.url} ") and second.url is None
    edited = parse_feed(
        SPEC, rss([Entry(title="Unlinked", link=None, summary="Other words.")])
    ).items[0]
    assert edited.key != second.key  # without GUID or link, the content is the identity


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://Example.COM:443/a/b?utm_medium=x&id=3#frag", "https://example.com/a/b?id=3"),
        ("http://example.com/a/?b=2&a=1&fbclid=z", "http://example.com/a/?a=1&b=2"),
        ("https://www.voanews.com/a/7263110.html", "https://www.voanews.com/a/7263110.html"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</<<>>&&&',
            "error",
            "malformed XML",
        ),
        (
            b"<html><body><p>This is a web page.</p></body></html>",
            "error",
            "not an RSS or Atom feed",
        ),
        (b'{"items": []}', "error", "malformed XML"),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>A & B</title>'
            b"<item><title>One</title><link>http://news.test/1</link></item></channel></rss>",
            "warning",
            "1 items recovered",
        ),
        (
            b'<?xml version="1.0"?><rss version="2.0">'
            b"<channel><title>Empty</title></channel></rss>",
            "ok",
            None,
        ),
    ],
    ids=["garbage", "html-page", "json", "recoverable", "empty"],
)
def test_broken_feeds_are_reported(body: bytes, status: str, error: str | None) -> None:
    result = parse_feed(SPEC, body)
    assert result.status == status
    if error is None:
        assert result.error is None and result.items == []
    else:
        assert error in (result.error or "")


@pytest.mark.parametrize(
    ("route", "status", "error"),
    [
        (Status(500), "error", "HTTP 500 (after 2 attempts)"),
        (None, "error", "HTTP 404 Not Found"),
        (Slow(2.0), "error", "timed out after 0.5 s (after 2 attempts)"),
    ],
    ids=["500", "404", "timeout"],
)
def test_fetch_feed_never_raises(
    server: FeedServer, route: object, status: str, error: str
) -> None:
    if route is not None:
        server.routes["/feed"] = route  # type: ignore[assignment]
    with Fetcher(timeout=0.5, retries=1, backoff=0.01) as f:
        result = fetch_feed(FeedSpec(server.url("/feed")), f)
    assert (result.status, result.error) == (status, error)


def test_fetch_feed_is_conditional(server: FeedServer, articles: list[Article]) -> None:
    server.routes["/feed"] = Static(
        rss([entry_for(articles[0], "http://news.test/1", guid="1")]),
        "application/rss+xml",
        etag='"v1"',
        last_modified="Tue, 01 Oct 2024 10:00:00 GMT",
    )
    with Fetcher(timeout=1) as f:
        first = fetch_feed(FeedSpec(server.url("/feed")), f)
        second = fetch_feed(
            FeedSpec(server.url("/feed")), f, etag=first.etag, last_modified=first.last_modified
        )
    assert first.status == "ok" and len(first.items) == 1 and first.etag == '"v1"'
    assert second.status == "not-modified" and second.items == []
    sent = server.hits("/feed")[1].headers
    assert (
        sent["if-none-match"] == '"v1"'
        and sent["if-modified-since"] == "Tue, 01 Oct 2024 10:00:00 GMT"
    )


def test_load_feeds(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(
        '[[feed]]\nurl = "https://news.test/rss"\nname = "News"\n\n[[feed]]\nurl = "http://b.test/atom"\n'
    )
    assert load_feeds(path) == [
        FeedSpec("https://news.test/rss", "News"),
        FeedSpec("http://b.test/atom"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "no such feeds file"),
        ("[[feed]\n", "cannot read feeds file"),
        ("title = 'x'\n", "no feeds; add [[feed]] tables"),
        ("[[feed]]\nurl = 'file:///etc/passwd'\n", "feed 1 needs an http(s) url"),
        ("[[feed]]\nname = 'no url'\n", "feed 1 needs an http(s) url"),
    ],
)
def test_bad_feeds_file(tmp_path: Path, text: str | None, message: str) -> None:
    path = tmp_path / "feeds.toml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(InputError, match=re.escape(message)):
        load_feeds(path)
