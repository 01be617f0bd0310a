"""Feed entries → `Article`: the full text an entry carries, else its page's main text."""

from __future__ import annotations

import html as html_lib
import re

from ..errors import InputError
from ..fetch import Fetcher
from ..models import Article, FeedEntry
from .html import article_from_page, extract_html
from .text import parse_article

# Feeds often carry only a teaser; below this many words the page is fetched instead.
FULL_TEXT_WORDS = 150


def article_from_entry(
    entry: FeedEntry, *, url: str | None, feed_url: str, fetcher: Fetcher
) -> Article:
    """Return the Article for a feed entry; fetch `url` only when the entry lacks the full text.

    `url` is the entry's canonical link; `feed_url` names the article when it has no link.
    The link comes from the feed, so it is fetched as content: off the feed's own origin it
    must lead to public addresses (see `Fetcher.get`).
    """
    published = entry.get("published") or ""
    header = {
        "title": entry.get("title"),
        "source": entry.get("source"),
        "date": published[:10] or None,
    }
    origin = entry.get("link") or url or feed_url
    text = feed_text(entry.get("content") or "", entry.get("content_type") or "text/html")
    if text and word_count(text) >= FULL_TEXT_WORDS:
        return parse_article(text, origin=origin, url=url, **header)
    if not url:
        if text:
            return parse_article(text, origin=origin, **header)
        raise InputError(f"{origin}: item has no text and no link")
    return article_from_page(fetcher.get(url, source=feed_url), origin=origin, **header)


def feed_text(content: str, content_type: str) -> str:
    """Return the plain text of an entry's content, paragraphs separated by blank lines."""
    if not content.strip():
        return ""
    if "html" not in content_type:
        return html_lib.unescape(content) if "xml" in content_type else content
    found = extract_html(f"<html><body><article>{content}</article></body></html>", recall=True)
    return found[0] if found else ""


def word_count(text: str) -> int:
    """Count the words of `text`."""
    return len(re.findall(r"\w+", text))
