"""Web pages → `Article`: the main text and metadata of an HTML page, by trafilatura."""

from __future__ import annotations

import datetime as dt

from ..errors import InputError
from ..fetch import Response
from ..models import Article
from .text import decode, parse_article

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_TEXT_TYPES = ("text/plain", "text/markdown")


def article_from_page(
    response: Response,
    *,
    origin: str | None = None,
    title: str | None = None,
    source: str | None = None,
    date: dt.date | str | None = None,
) -> Article:
    """Turn a fetched page into an Article: main text and metadata by trafilatura.

    Plain-text pages are read like article files (header block included). Options win over
    what the page says.
    """
    origin = origin or response.url
    kind = response.content_type
    if kind in _TEXT_TYPES:
        return parse_article(
            decode(response.content, origin),
            origin=origin,
            title=title,
            source=source,
            date=date,
            url=response.url,
        )
    if kind not in _HTML_TYPES:
        raise InputError(f"{origin}: not an article page (content type {kind})")
    found = extract_html(response.content, url=response.url)
    if found is None:
        raise InputError(f"{origin}: no article text found on the page")
    text, meta = found
    return parse_article(
        text,
        origin=origin,
        title=title or meta.get("title"),
        source=source or meta.get("source"),
        date=date if date is not None else meta.get("date"),
        url=meta.get("url") or response.url,
    )


def extract_html(
    html: bytes | str, *, url: str | None = None, recall: bool = False
) -> tuple[str, dict[str, str]] | None:
    """Return an HTML document's main text (paragraphs split by blank lines) and its metadata."""
    import trafilatura
    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=recall,
    )
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        return None
    # trafilatura puts one paragraph per line; our articles separate paragraphs by a blank line.
    lines = [line.strip() for line in (doc.text or "").splitlines() if line.strip()]
    if lines and doc.title and _same_text(lines[0], doc.title):
        lines = lines[1:]  # the page's own headline, kept by trafilatura as the first paragraph
    if not lines:
        return None
    text = "\n\n".join(lines)
    meta = {
        "title": doc.title or "",
        "source": doc.sitename or "",
        "date": doc.date or "",
        "url": doc.url or "",
    }
    return text, {k: v for k, v in meta.items() if v}


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
