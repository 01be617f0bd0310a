"""Articles for feed items: full text from the feed, else the page's main text."""

from __future__ import annotations

import re

import pytest

from briefing.digest.feeds import FeedSpec, parse_feed
from briefing.errors import InputError, NetworkError
from briefing.fetch import Fetcher
from briefing.models import Article
from briefing.pipeline import read_entry

from .feedserver import FeedServer, Static, article_page, entry_for, rss


def _item(server: FeedServer, article: Article, *, full: bool, path: str = "/story"):  # type: ignore[no-untyped-def]
    entry = entry_for(article, server.url(path), guid="g", full=full)
    return parse_feed(FeedSpec(server.url("/feed"), "Fixture"), rss([entry])).items[0]


def test_full_text_in_the_feed_is_used_without_fetching(
    server: FeedServer, articles: list[Article]
) -> None:
    item = _item(server, articles[0], full=True)
    with Fetcher(timeout=1) as f:
        article = read_entry(item.entry, url=item.url, feed_url=item.feed_url, fetcher=f)
    assert article.text == articles[0].text
    assert article.title == articles[0].title and article.source == "Fixture"
    assert article.url == server.url("/story")
    assert server.hits("/story") == []


def test_teaser_item_reads_the_page_main_text(server: FeedServer, articles: list[Article]) -> None:
    server.routes["/story"] = Static(article_page(articles[1]))
    item = _item(server, articles[1], full=False)
    with Fetcher(timeout=1) as f:
        article = read_entry(item.entry, url=item.url, feed_url=item.feed_url, fetcher=f)
    assert len(server.hits("/story")) == 1
    # The article body, paragraph by paragraph; no headline, navigation or footer.
    assert article.text == articles[1].text
    assert article.title == articles[1].title
    assert article.published is not None


@pytest.mark.parametrize(
    ("route", "error", "message"),
    [
        (None, NetworkError, "HTTP 404"),
        (
            Static(b"%PDF-1.7 binary", "application/pdf"),
            InputError,
            "not an article page (content type application/pdf)",
        ),
        (
            Static(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            InputError,
            "no sentences found",
        ),
    ],
    ids=["404", "pdf", "empty-page"],
)
def test_unreadable_pages_raise_one_clear_error(
    server: FeedServer, articles: list[Article], route: object, error: type[Exception], message: str
) -> None:
    if route is not None:
        server.routes["/story"] = route  # type: ignore[assignment]
    item = _item(server, articles[1], full=False)
    with Fetcher(timeout=1, retries=0) as f, pytest.raises(error, match=re.escape(message)):
        read_entry(item.entry, url=item.url, feed_url=item.feed_url, fetcher=f)
