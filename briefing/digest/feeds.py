"""Feeds: read the feeds file, fetch a feed conditionally, and turn its entries into items."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.sax import SAXException

from ..config import MAX_SETTINGS_FILE_BYTES
from ..errors import BriefingError, InputError
from ..fetch import Fetcher, is_url
from ..io import one_line, read_text_bounded
from ..models import FeedEntry
from .state import Item

FeedStatus = Literal["ok", "not-modified", "warning", "error"]


@dataclass(frozen=True)
class FeedSpec:
    """A feed to follow: its URL and an optional display name."""

    url: str
    name: str | None = None


@dataclass
class FeedFetch:
    """The outcome of fetching one feed."""

    spec: FeedSpec
    status: FeedStatus
    error: str | None = None
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    items: list[Item] = field(default_factory=list)
    new: int = 0  # items recorded as new by this run

    @property
    def name(self) -> str:
        return self.spec.name or self.title or self.spec.url

    @property
    def failed(self) -> bool:
        return self.status == "error"


def load_feeds(path: Path) -> list[FeedSpec]:
    """Read a feeds file: a TOML list of `[[feed]]` tables with `url` and optional `name`."""
    if not Path(path).exists():
        raise InputError(f"{path}: no such feeds file")
    try:
        data = tomllib.loads(read_text_bounded(path, MAX_SETTINGS_FILE_BYTES))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: cannot read feeds file: {exc}") from None
    tables = data.get("feed")
    if not isinstance(tables, list) or not tables:
        raise InputError(f"{path}: no feeds; add [[feed]] tables with a url")
    specs: list[FeedSpec] = []
    for i, table in enumerate(tables, 1):
        url = table.get("url") if isinstance(table, dict) else None
        if not isinstance(url, str) or not is_url(url):
            raise InputError(f"{path}: feed {i} needs an http(s) url")
        name = table.get("name")
        specs.append(FeedSpec(url=url, name=str(name) if name else None))
    return specs


def fetch_feed(
    spec: FeedSpec, fetcher: Fetcher, *, etag: str | None = None, last_modified: str | None = None
) -> FeedFetch:
    """Fetch and parse one feed with a conditional GET; never raises for a broken feed."""
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    headers["Accept"] = (
        "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
        "*/*;q=0.5"
    )
    try:
        response = fetcher.get(spec.url, headers)
    except BriefingError as exc:
        return FeedFetch(spec, "error", error=_short(str(exc), spec.url))
    if response.not_modified:
        return FeedFetch(spec, "not-modified", etag=etag, last_modified=last_modified)
    return parse_feed(
        spec,
        response.content,
        url=response.url,
        content_type=response.headers.get("content-type"),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )


def parse_feed(
    spec: FeedSpec,
    content: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedFetch:
    """Parse RSS or Atom bytes into items; malformed XML that still yields entries is a warning."""
    import feedparser

    headers = {"content-location": url or spec.url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    malformed = isinstance(problem, SAXException)
    title = one_line(parsed.feed.get("title") or "") or None
    if not parsed.entries:
        if malformed:
            return FeedFetch(
                spec, "error", error=f"malformed XML: {_sax_message(problem)}", title=title
            )
        if not parsed.version:
            return FeedFetch(spec, "error", error="not an RSS or Atom feed", title=title)
    result = FeedFetch(spec, "ok", title=title, etag=etag, last_modified=last_modified)
    if malformed:
        result.status = "warning"
        result.error = (
            f"malformed XML ({_sax_message(problem)}); {len(parsed.entries)} items recovered"
        )
    source = spec.name or title
    seen: set[str] = set()
    for entry in parsed.entries:
        item = item_from_entry(entry, feed_url=spec.url, source=source)
        if item.key in seen:  # a feed that repeats a GUID lists one story
            continue
        seen.add(item.key)
        result.items.append(item)
    return result


def item_from_entry(entry: Any, *, feed_url: str, source: str | None) -> Item:
    """Turn a feedparser entry into an item keyed by GUID, else canonical URL, else content hash."""
    link = entry.get("link") or None
    url = canonical_url(link) if link and is_url(link) else None
    guid = (entry.get("id") or "").strip() or None
    content, content_type = _best_content(entry)
    published = _entry_time(entry)
    title = one_line(entry.get("title") or "") or None
    snapshot: FeedEntry = {
        "title": title,
        "link": link,
        "content": content,
        "content_type": content_type,
        "published": published.isoformat() if published else None,
        "author": one_line(entry.get("author") or "") or None,
        "source": source,
    }
    content_hash = _hash(title or "", content)
    if guid:
        key = f"guid:{feed_url} {guid}"
    elif url:
        key = f"url:{url}"
    else:
        key = f"hash:{feed_url} {content_hash}"
    return Item(
        key=key,
        feed_url=feed_url,
        guid=guid,
        url=url,
        title=title,
        published=snapshot["published"],
        entry=snapshot,
        content_hash=content_hash,
    )


def canonical_url(url: str) -> str:
    """Normalise case, default ports, tracking parameters and fragment so a story has one URL."""
    from urllib.parse import urlsplit, urlunsplit

    from courlan import normalize_url

    try:
        normal = normalize_url(url)
    except ValueError:
        normal = url
    parts = urlsplit(normal)
    return urlunsplit(parts._replace(fragment=""))


def _best_content(entry: Any) -> tuple[str, str]:
    """Return the fullest text the entry carries (content, else summary) and its MIME type."""
    candidates: list[tuple[str, str]] = [
        (c.get("value") or "", c.get("type") or "text/html") for c in entry.get("content") or []
    ]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    if not candidates:
        return "", "text/plain"
    return max(candidates, key=lambda c: len(c[0]))


def _entry_time(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
    return None


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(" ".join(part.split()).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _sax_message(exc: object) -> str:
    text = str(exc).strip()
    return text.split("\n", 1)[0][:120] or type(exc).__name__


def _short(message: str, url: str) -> str:
    """Drop the URL prefix of a fetch error: the digest already names the feed."""
    prefix = f"{url}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
