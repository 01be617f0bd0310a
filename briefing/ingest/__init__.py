"""Ingest stage: article files, stdin, web pages and feed entries → `Article`.

`text` reads article text (header block, legacy encodings, refusal of what is not an article),
`html` takes the main text of a web page (trafilatura), `feed` the text a feed entry carries or,
when it carries only a teaser, its page's.
"""

from __future__ import annotations

from .feed import article_from_entry, feed_text
from .html import article_from_page, extract_html
from .text import decode, parse_article, read_article

__all__ = [
    "article_from_entry",
    "article_from_page",
    "decode",
    "extract_html",
    "feed_text",
    "parse_article",
    "read_article",
]
