"""The URL fetcher against a local server: limits, redirects, retries, conditional GET."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from collections.abc import Callable

import pytest

from briefing.errors import InputError, NetworkError
from briefing.fetch import USER_AGENT, AddressPolicy, Fetcher

from .feedserver import (
    Big,
    Encoded,
    FeedServer,
    Redirect,
    Slow,
    Static,
    Status,
    Trickle,
    brotli_bomb,
    deflate_bomb,
    double_gzip_bomb,
    gzip_bomb,
)


def fetcher(**kw: object) -> Fetcher:
    values: dict[str, object] = {
        "timeout": 1.0,
        "max_bytes": 1_000_000,
        "retries": 2,
        "backoff": 0.01,
    }
    return Fetcher(**(values | kw))  # type: ignore[arg-type]


def test_plain_get_sends_our_user_agent(server: FeedServer) -> None:
    server.routes["/page"] = Static(b"<p>hello</p>")
    with fetcher() as f:
        resp = f.get(server.url("/page"))
    assert resp.status == 200 and resp.content == b"<p>hello</p>"
    assert server.hits("/page")[0].headers["user-agent"] == USER_AGENT


@pytest.mark.parametrize(
    ("route", "message", "attempts"),
    [
        (None, "HTTP 404 Not Found", 1),  # permanent: no retry
        (Status(410), "HTTP 410 Gone", 1),
        (Status(500), "HTTP 500 (after 3 attempts)", 3),  # transient: retried with backoff
        (Status(503), "HTTP 503 (after 3 attempts)", 3),
        (Slow(3.0), "timed out after 1 s (after 3 attempts)", 3),
        (Big(20_000_000), "response is over the 1,000,000-byte limit", 1),
        (Redirect("ftp://127.0.0.1/feed.xml"), "redirect to a non-http(s) URL refused (ftp)", 1),
        (Redirect("file:///etc/passwd"), "redirect to a non-http(s) URL refused (file)", 1),
        (Redirect("/loop"), "more than 5 redirects", 1),
    ],
    ids=["404", "410", "500", "503", "slow", "20MB", "to-ftp", "to-file", "loop"],
)
def test_failures_are_one_clear_network_error(
    server: FeedServer, route: object, message: str, attempts: int
) -> None:
    if route is not None:
        server.routes["/x"] = route  # type: ignore[assignment]
    server.routes["/loop"] = Redirect("/loop")
    with fetcher() as f, pytest.raises(NetworkError) as err:
        f.get(server.url("/x"))
    assert str(err.value) == f"{server.url('/x')}: {message}"
    assert len(server.hits("/x")) == attempts


def test_size_cap_holds_when_length_is_declared(server: FeedServer) -> None:
    server.routes["/big"] = Static(b"x" * 2_000_001)
    with (
        fetcher(max_bytes=2_000_000) as f,
        pytest.raises(NetworkError, match="2,000,001 bytes, over"),
    ):
        f.get(server.url("/big"))


def test_transient_error_then_success_is_retried(server: FeedServer) -> None:
    server.routes["/flaky"] = Status(503)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        server.routes["/flaky"] = Static(b"ok now")  # the server recovers while we back off

    with fetcher(sleep=sleep, backoff=0.5) as f:
        resp = f.get(server.url("/flaky"))
    assert resp.content == b"ok now"
    assert sleeps == [0.5]


def test_redirects_between_http_urls_are_followed(server: FeedServer) -> None:
    server.routes["/old"] = Redirect("/new", 301)
    server.routes["/new"] = Static(b"moved here")
    with fetcher() as f:
        resp = f.get(server.url("/old"))
    assert resp.content == b"moved here" and resp.url == server.url("/new")


def test_conditional_get_returns_not_modified(server: FeedServer) -> None:
    server.routes["/feed"] = Static(
        b"<rss/>", etag='"abc"', last_modified="Tue, 01 Oct 2024 10:00:00 GMT"
    )
    with fetcher() as f:
        first = f.get(server.url("/feed"))
        again = f.get(server.url("/feed"), {"If-None-Match": '"abc"'})
        by_date = f.get(server.url("/feed"), {"If-Modified-Since": "Tue, 01 Oct 2024 10:00:00 GMT"})
    assert first.status == 200 and not first.not_modified
    assert again.not_modified and again.content == b""
    assert by_date.not_modified


@pytest.mark.parametrize(
    "url", ["ftp://example.org/feed", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_only_http_urls_are_fetched(url: str) -> None:
    with fetcher() as f, pytest.raises(InputError, match="only http and https"):
        f.get(url)


# --------------------------------------------------------------------------- content encodings


def test_we_ask_only_for_codings_we_can_bound(server: FeedServer) -> None:
    server.routes["/page"] = Static(b"<p>hello</p>")
    with fetcher() as f:
        f.get(server.url("/page"))
    assert server.hits("/page")[0].headers["accept-encoding"] == "gzip"


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", lambda b: zlib.compress(b, wbits=31)),
        ("x-gzip", lambda b: zlib.compress(b, wbits=31)),
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC says
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw, as many servers send it
        ("identity", lambda b: b),
        ("gzip, identity", lambda b: zlib.compress(b, wbits=31)),
    ],
)
def test_compressed_bodies_are_decoded(
    server: FeedServer, encoding: str, compress: Callable[[bytes], bytes]
) -> None:
    body = b"<p>" + b"the talks went on " * 5000 + b"</p>"
    server.routes["/page"] = Encoded(compress(body), encoding, "text/html")
    with fetcher() as f:
        assert f.get(server.url("/page")).content == body


def test_two_gzip_members_are_one_body(server: FeedServer) -> None:
    body = zlib.compress(b"first, ", wbits=31) + zlib.compress(b"second", wbits=31)
    server.routes["/page"] = Encoded(body, "gzip", "text/plain")
    with fetcher() as f:
        assert f.get(server.url("/page")).content == b"first, second"


BOMBS = {
    "gzip": (gzip_bomb, "gzip", "over the 1,000,000-byte limit once decompressed"),
    "deflate": (deflate_bomb, "deflate", "over the 1,000,000-byte limit once decompressed"),
    "br": (brotli_bomb, "br", "content encoding 'br' not accepted"),
    "gzip-gzip": (double_gzip_bomb, "gzip, gzip", "stacked content encodings refused"),
    "zstd": (lambda size: b"\x28\xb5\x2f\xfd" + bytes(100), "zstd", "content encoding 'zstd'"),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_a_compression_bomb_stops_at_the_cap_while_decoding(server: FeedServer, kind: str) -> None:
    make, encoding, message = BOMBS[kind]
    server.routes["/bomb"] = Encoded(make(256 << 20), encoding)  # a quarter GiB, 260 KB sent
    tracemalloc.start()
    try:
        with fetcher() as f, pytest.raises(NetworkError, match=message):
            f.get(server.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The cap is 1 MB of decoded body; the GiB behind it is never held (nor retried).
    assert peak < 8_000_000, f"peak {peak:,} bytes"
    assert len(server.hits("/bomb")) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xffgarbage", "cannot decode gzip body"),
        (zlib.compress(b"the talks went on " * 100, wbits=31)[:40], "gzip body ends before"),
    ],
    ids=["corrupt", "cut-short"],
)
def test_a_broken_gzip_body_is_one_clear_error(
    server: FeedServer, body: bytes, message: str
) -> None:
    server.routes["/page"] = Encoded(body, "gzip", "text/html")
    with fetcher() as f, pytest.raises(NetworkError, match=message):
        f.get(server.url("/page"))


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize("headers_too", [True, False], ids=["headers", "body"])
def test_one_deadline_covers_headers_and_body_of_a_trickling_server(
    server: FeedServer, headers_too: bool
) -> None:
    # One byte every 0.2 s: each read is quick, so per-read timeouts alone never fire.
    server.routes["/trickle"] = Trickle(0.2, headers_too=headers_too)
    start = time.monotonic()
    with fetcher(retries=0) as f, pytest.raises(NetworkError, match=r"timed out after 1 s$"):
        f.get(server.url("/trickle"))
    assert time.monotonic() - start < 3  # the deadline is 1 s; the whole response takes 400 s


def test_every_attempt_and_the_backoff_fit_in_timeout_times_attempts(server: FeedServer) -> None:
    server.routes["/trickle"] = Trickle(0.2)
    start = time.monotonic()
    with fetcher(backoff=0.3) as f, pytest.raises(NetworkError, match=r"timed out after 1 s"):
        f.get(server.url("/trickle"))
    assert time.monotonic() - start < 3 + 1  # 1 s × 3 attempts, backoff included
    assert len(server.hits("/trickle")) in (2, 3)


def test_nothing_runs_past_the_run_deadline(server: FeedServer) -> None:
    server.routes["/slow"] = Slow(3.0)
    start = time.monotonic()
    with (
        fetcher(timeout=10, deadline=start + 0.5) as f,
        pytest.raises(NetworkError, match="timed out"),
    ):
        f.get(server.url("/slow"))
    assert time.monotonic() - start < 2
    with (
        fetcher(deadline=time.monotonic() - 1) as f,
        pytest.raises(NetworkError, match="not fetched: the run's deadline has passed"),
    ):
        f.get(server.url("/never"))
    assert server.hits("/never") == []


# --------------------------------------------------------------------------- address policy


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_content_urls_may_reach_public_addresses_only(address: str, kind: str | None) -> None:
    assert AddressPolicy().refusal(address) == kind


def test_allowed_networks_let_internal_addresses_through() -> None:
    policy = AddressPolicy(["10.1.0.0/16", "127.0.0.0/8"])
    assert policy.refusal("10.1.2.3") is None
    assert policy.refusal("10.2.0.1") == "private"
    assert policy.refusal("::ffff:127.0.0.1") is None
    assert policy.refusal("169.254.169.254") == "link-local"


def test_a_link_to_another_origin_on_loopback_is_refused(
    server: FeedServer, other_server: FeedServer
) -> None:
    other_server.routes["/secret"] = Static(b"internal only")
    server.routes["/hop"] = Redirect(other_server.url("/secret"))
    feed = server.url("/feed")
    with fetcher() as f:
        with pytest.raises(InputError, match=r"link refused: 127\.0\.0\.1 is a loopback address"):
            f.get(other_server.url("/secret"), source=feed)
        with pytest.raises(InputError, match=r"redirect to http://127\.0\.0\.1:\d+/secret refused"):
            f.get(server.url("/hop"), source=feed)
        with pytest.raises(InputError, match=r"redirect to .* refused"):
            f.get(server.url("/hop"))  # the operator's URL is trusted, not where it redirects
        # The feed's own origin, and the operator's own URL, are trusted.
        server.routes["/page"] = Static(b"same origin")
        assert f.get(server.url("/page"), source=feed).content == b"same origin"
        assert f.get(other_server.url("/secret")).content == b"internal only"
    assert len(other_server.hits("/secret")) == 1  # only the operator's own request


def test_allowed_networks_reach_an_internal_origin(
    server: FeedServer, other_server: FeedServer
) -> None:
    other_server.routes["/page"] = Static(b"intranet page")
    with fetcher(allowed_networks=["127.0.0.0/8"]) as f:
        assert f.get(other_server.url("/page"), source=server.url("/feed")).content == (
            b"intranet page"
        )


def test_every_address_a_name_resolves_to_is_checked(
    server: FeedServer, other_server: FeedServer
) -> None:
    other_server.routes["/page"] = Static(b"x")
    port = other_server.httpd.server_address[1]
    f = fetcher(allowed_networks=["127.0.0.0/8"], resolve=lambda host, p: ["127.0.0.1", "10.0.0.7"])
    with pytest.raises(InputError, match=r"news\.test is a private address \(10\.0\.0\.7\)"):
        f.get(f"http://news.test:{port}/page", source=server.url("/feed"))
    assert other_server.hits("/page") == []


def test_a_checked_name_is_pinned_to_the_address_checked(
    server: FeedServer, other_server: FeedServer
) -> None:
    # The name resolves once, to an allowed address; the request goes to that address with
    # the name in the Host header, so a second lookup (DNS rebinding) has nothing to change.
    other_server.routes["/page"] = Static(b"pinned")
    port = other_server.httpd.server_address[1]
    lookups: list[tuple[str, int]] = []

    def resolve(host: str, p: int) -> list[str]:
        lookups.append((host, p))
        return ["127.0.0.1"]

    f = fetcher(allowed_networks=["127.0.0.0/8"], resolve=resolve)
    response = f.get(f"http://news.test:{port}/page", source=server.url("/feed"))
    assert response.content == b"pinned" and response.url == f"http://news.test:{port}/page"
    assert lookups == [("news.test", port)]
    assert other_server.hits("/page")[0].headers["host"] == f"news.test:{port}"
