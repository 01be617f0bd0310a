"""Articles for feed items: the full text the item carries, else the linked page's main text."""

from __future__ import annotations

import html as html_lib
import re

from ..errors import InputError
from ..fetch import Fetcher, article_from_page, extract_html
from ..ingest import parse_article
from ..models import Article
from .state import Item

# Feeds often carry only a teaser; below this many words the page is fetched instead.
FULL_TEXT_WORDS = 150


def article_for(item: Item, fetcher: Fetcher) -> Article:
    """Return the Article for a feed item, fetching its page only when the feed lacks the full text."""
    entry = item.entry
    header = {
        "title": entry.get("title"),
        "source": entry.get("source"),
        "date": (entry.get("published") or "")[:10] or None,
    }
    origin = entry.get("link") or item.url or item.feed_url
    text = feed_text(entry.get("content") or "", entry.get("content_type") or "text/html")
    if text and word_count(text) >= FULL_TEXT_WORDS:
        return parse_article(text, origin=origin, url=item.url, **header)
    if not item.url:
        if text:
            return parse_article(text, origin=origin, **header)
        raise InputError(f"{origin}: item has no text and no link")
    return article_from_page(fetcher.get(item.url), origin=origin, **header)


def feed_text(content: str, content_type: str) -> str:
    """Return the plain text of an entry's content, paragraphs separated by blank lines."""
    if not content.strip():
        return ""
    if "html" not in content_type:
        return html_lib.unescape(content) if "xml" in content_type else content
    found = extract_html(f"<html><body><article>{content}</article></body></html>", recall=True)
    return found[0] if found else ""


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
