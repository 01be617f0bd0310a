"""A local HTTP server for digest tests and the digest benchmark: feeds and pages from fixtures.

Routes are plain objects in a dict the test may change while the server runs (an item edited
in place, an item that disappears). Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import html
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from briefing.ingest import read_article
from briefing.models import Article

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = FIXTURES / "articles"


def fixture_articles() -> list[Article]:
    """Return the fixture articles (eval articles and the sample), in file-name order."""
    return [read_article(p) for p in sorted(ARTICLES.glob("*.txt"))]


# --------------------------------------------------------------------------- routes


@dataclass
class Static:
    """A fixed body; answers conditional GETs with 304 when the validators match."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0


@dataclass
class Status:
    code: int
    body: bytes = b"error"


@dataclass
class Redirect:
    location: str
    code: int = 302


@dataclass
class Big:
    """A page of `size` bytes sent in chunks, with no Content-Length (so the cap must count)."""

    size: int
    chunk: int = 1 << 16


@dataclass
class Slow:
    """Send the headers only after `delay` seconds."""

    delay: float
    body: bytes = b"<rss version='2.0'><channel><title>slow</title></channel></rss>"


@dataclass
class Encoded:
    """A body sent as is with a Content-Encoding header (a compression bomb, say)."""

    body: bytes
    encoding: str
    content_type: str = "application/rss+xml"


@dataclass
class Trickle:
    """Send the response one byte every `interval` seconds: its headers, or only its body."""

    interval: float
    headers_too: bool = True
    body: bytes = b"<rss version='2.0'><channel><title>trickle</title></channel></rss>"


Route = Static | Status | Redirect | Big | Slow | Encoded | Trickle


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """A threaded HTTP server on 127.0.0.1 serving `routes`; records every request."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                server.requests.append(
                    Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                )
                route = server.routes.get(self.path)
                # the client may give up (size cap, timeout): that is the point of the test
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server.answer(self, route)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up early are part of the tests

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    @staticmethod
    def answer(h: BaseHTTPRequestHandler, route: Route | None) -> None:
        if route is None:
            _send(h, 404, b"not found", "text/plain")
        elif isinstance(route, Status):
            _send(h, route.code, route.body, "text/plain")
        elif isinstance(route, Redirect):
            h.send_response(route.code)
            h.send_header("Location", route.location)
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif isinstance(route, Slow):
            time.sleep(route.delay)
            _send(h, 200, route.body, "application/rss+xml")
        elif isinstance(route, Trickle):
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                f"Content-Length: {len(route.body)}\r\nX-Padding: {'x' * 2000}\r\n\r\n"
            ).encode()
            if not route.headers_too:
                h.wfile.write(head)
                h.wfile.flush()
            for byte in (head if route.headers_too else b"") + route.body:
                time.sleep(route.interval)
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
        elif isinstance(route, Encoded):
            _send(h, 200, route.body, route.content_type, {"Content-Encoding": route.encoding})
        elif isinstance(route, Big):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")
            h.end_headers()
            filler = (b"<p>" + b"lorem ipsum " * (route.chunk // 12) + b"</p>")[: route.chunk]
            sent = 0
            while sent < route.size:
                h.wfile.write(filler)
                sent += len(filler)
        else:
            if route.delay:
                time.sleep(route.delay)
            if (route.etag and h.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and h.headers.get("If-Modified-Since") == route.last_modified
            ):
                h.send_response(304)
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            extra = {}
            if route.etag:
                extra["ETag"] = route.etag
            if route.last_modified:
                extra["Last-Modified"] = route.last_modified
            _send(h, 200, route.body, route.content_type, extra)


def _send(
    h: BaseHTTPRequestHandler,
    code: int,
    body: bytes,
    content_type: str,
    extra: dict[str, str] | None = None,
) -> None:
    h.send_response(code)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (extra or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


# --------------------------------------------------------------------------- compression bombs

GIB = 1 << 30


def _zeros_deflated(size: int, wbits: int) -> tuple[bytes, bytes, bytes]:
    """Return (header and first MiB, one more MiB, the end) of `size` zeros deflated.

    After the first MiB the window holds only zeros, so the compressed form of every further
    MiB (flushed to a byte boundary) is the same bytes: a GiB bomb is built in milliseconds.
    """
    mib = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = c.compress(mib) + c.flush(zlib.Z_SYNC_FLUSH)
    more = c.compress(mib) + c.flush(zlib.Z_SYNC_FLUSH)
    assert size % len(mib) == 0
    return first, more, c.flush(zlib.Z_FINISH)


def gzip_bomb(size: int = GIB) -> bytes:
    """A valid gzip body that decodes to `size` zeros (1 GiB: about 1 MB)."""
    first, more, end = _zeros_deflated(size, 31)
    count = size >> 20
    crc = 0
    mib = bytes(1 << 20)
    for _ in range(count):
        crc = zlib.crc32(mib, crc)
    # The trailer that compressobj wrote counts two MiB; write the real CRC and size instead.
    return first + more * (count - 1) + end[:-8] + struct.pack("<II", crc, size & 0xFFFFFFFF)


def deflate_bomb(size: int = GIB) -> bytes:
    """A valid zlib ("deflate") body that decodes to `size` zeros."""
    first, more, end = _zeros_deflated(size, 15)
    count = size >> 20
    adler = 1
    mib = bytes(1 << 20)
    for _ in range(count):
        adler = zlib.adler32(mib, adler)
    return first + more * (count - 1) + end[:-4] + struct.pack(">I", adler)


def brotli_bomb(size: int = GIB) -> bytes:
    """A brotli body that decodes to `size` zeros (1 GiB: about 190 KB, in about a second)."""
    import brotli

    mib = bytes(1 << 20)
    c = brotli.Compressor(quality=1)
    return b"".join([c.process(mib) for _ in range(size >> 20)] + [c.finish()])


def double_gzip_bomb(size: int = GIB) -> bytes:
    """A body for `Content-Encoding: gzip, gzip`: the gzip bomb gzipped again (about 2 KB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return c.compress(gzip_bomb(size)) + c.flush()


# --------------------------------------------------------------------------- feed and page bodies


@dataclass
class Entry:
    """A feed entry to serve."""

    title: str
    link: str | None
    guid: str | None = None
    published: dt.datetime | None = None
    summary: str = ""
    content: str | None = None  # full text as HTML, when the feed carries it


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))


def entry_for(
    article: Article,
    link: str | None,
    *,
    guid: str | None = None,
    full: bool = False,
    age: dt.timedelta = dt.timedelta(hours=1),
) -> Entry:
    """Make a feed entry for an article: a teaser (page fetched) or the full text in the feed."""
    first = article.text.split("\n\n", 1)[0]
    return Entry(
        title=article.title or first[:60],
        link=link,
        guid=guid,
        published=dt.datetime.now(dt.UTC) - age,
        summary=html.escape(first[:200]),
        content=paragraphs_html(article.text) if full else None,
    )


def rss(entries: list[Entry], title: str = "Test feed") -> bytes:
    items = []
    for e in entries:
        parts = [f"<title>{escape(e.title)}</title>"]
        if e.link:
            parts.append(f"<link>{escape(e.link)}</link>")
        if e.guid:
            parts.append(f'<guid isPermaLink="false">{escape(e.guid)}</guid>')
        if e.published:
            parts.append(f"<pubDate>{email.utils.format_datetime(e.published)}</pubDate>")
        parts.append(f"<description>{escape(e.summary)}</description>")
        if e.content:
            parts.append(f"<content:encoded><![CDATA[{e.content}]]></content:encoded>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>test</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def atom(entries: list[Entry], title: str = "Test Atom feed") -> bytes:
    items = []
    for e in entries:
        parts = [f"<title>{escape(e.title)}</title>"]
        if e.link:
            parts.append(f'<link rel="alternate" href="{escape(e.link)}"/>')
        parts.append(f"<id>{escape(e.guid or e.link or e.title)}</id>")
        if e.published:
            parts.append(f"<updated>{e.published.isoformat()}</updated>")
        parts.append(f'<summary type="html">{escape(e.summary)}</summary>')
        if e.content:
            parts.append(f'<content type="html">{escape(e.content)}</content>')
        items.append("<entry>" + "".join(parts) + "</entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:atom</id>"
        f"<updated>{dt.datetime.now(dt.UTC).isoformat()}</updated>" + "".join(items) + "</feed>"
    ).encode("utf-8")


def article_page(article: Article) -> bytes:
    """An HTML page around the article, with the navigation and footer a real site has."""
    date = article.published.isoformat() if article.published else ""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(article.title or '')} | Test News</title>"
        f"<meta property='og:title' content=\"{html.escape(article.title or '')}\">"
        "<meta property='og:site_name' content='Test News'>"
        f"<meta property='article:published_time' content='{date}'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a> "
        "<a href='/asia'>Asia</a></nav>"
        f"<main><article><h1>{html.escape(article.title or '')}</h1>"
        f"{paragraphs_html(article.text)}</article></main>"
        "<footer><p>Copyright Test News. All rights reserved.</p></footer></body></html>"
    ).encode()
