"""Fetch URLs for feeds and articles: timeouts, a size cap, http(s)-only redirects, retries.

Only HTTP: what a page means (its article text) is `ingest.html`'s job. Bodies are hostile:
the size cap holds for the decoded body and is checked while decoding, never after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__
from .errors import InputError, NetworkError

if TYPE_CHECKING:
    from .config import Settings

USER_AGENT = f"briefing/{__version__} (news digest and analyst briefs; python-httpx)"
MAX_REDIRECTS = 5
# Statuses worth another try: the server or a proxy is briefly unwell, or asks us to slow down.
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_CAP = 30.0
# Only codings we can decode with a bound on the output. httpx would ask for br and zstd too and
# decode them whole, chunk by chunk, before any cap could look: a 6.5 KB br body asked for 4 GiB.
ACCEPT_ENCODING = "gzip"
_ZLIB_CODINGS = {"gzip": zlib.MAX_WBITS | 32, "x-gzip": zlib.MAX_WBITS | 32, "deflate": 0}


def is_url(value: object) -> bool:
    """Return True when `value` is an http(s) URL (the sources we fetch)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


@dataclass
class Response:
    """A fully read response (the body is already under the size cap)."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        value: str = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower()


class _TransientError(Exception):
    """An attempt failed in a way that may succeed later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Fetcher:
    """An HTTP client with the limits every briefing download needs.

    Each attempt at a URL has one deadline, `timeout` seconds for everything: connecting,
    the headers, the body and every redirect. A URL gets `timeout` × attempts in all, backoff
    included, and nothing runs past `deadline` (a time.monotonic() value: the digest run's end).
    `max_bytes` caps the decoded body; transient failures are retried `retries` times with
    exponential backoff starting at `backoff` seconds.
    """

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 1.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    deadline: float | None = None
    allowed_networks: Sequence[str] = ()
    resolve: Callable[[str, int], list[str]] = field(
        default=lambda host, port: _resolve(host, port)
    )
    _ssl: ssl.SSLContext | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release what the fetcher holds (connections live for one request, so nothing)."""

    def _client(self, timeout: float) -> httpx.Client:
        # A client per hop, so each request has a connection of its own that its watchdog can
        # shut down (see _Watchdog). The TLS context, the costly part, is shared.
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()
        return httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,  # followed by hand, so that each hop can be checked
            headers={"User-Agent": self.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            trust_env=True,
            verify=self._ssl,
        )

    def get(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        *,
        source: str | None = None,
        trusted: bool = True,
    ) -> Response:
        """GET `url`, retrying transient failures; raise NetworkError when it cannot be had.

        `source` is the operator's URL that `url` was found in (a feed, for an item's link);
        without it `url` is the operator's own. Either way that URL's origin is trusted, and
        every hop to another origin must resolve to public addresses only (or to networks in
        `allowed_networks`), else InputError. With `trusted` false no origin is (a URL that a
        web desk user typed): every hop is checked. A 304 answer to a conditional request is
        returned, not raised.
        """
        _check_scheme(url, url)
        trusted_origin = _origin(source or url) if trusted else _NO_ORIGIN
        budget = time.monotonic() + self.timeout * (self.retries + 1)
        if self.deadline is not None:
            budget = min(budget, self.deadline)
        attempt = 0
        while True:
            try:
                if time.monotonic() >= budget:
                    raise _TransientError("not fetched: the run's deadline has passed")
                return self._get_once(
                    url, headers or {}, trusted_origin, min(time.monotonic() + self.timeout, budget)
                )
            except _TransientError as exc:
                delay = self.backoff * (2**attempt)
                if exc.retry_after is not None:
                    delay = max(delay, min(exc.retry_after, _RETRY_AFTER_CAP))
                if attempt >= self.retries or time.monotonic() + delay >= budget:
                    tries = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise NetworkError(f"{url}: {exc}{tries}") from None
                self.sleep(delay)
                attempt += 1

    def _get_once(
        self, url: str, headers: dict[str, str], trusted: Origin, deadline: float
    ) -> Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _TransientError(f"timed out after {self.timeout:g} s")
            target, pinned, extensions = self._hop(url, current, trusted)
            with _Watchdog(deadline) as watchdog, self._client(remaining) as client:
                try:
                    with client.stream(
                        "GET",
                        target,
                        headers=headers | pinned,
                        extensions=extensions | {"trace": watchdog.trace},
                    ) as resp:
                        if resp.status_code in REDIRECT_STATUS and "location" in resp.headers:
                            following = urljoin(current, resp.headers["location"])
                            _check_scheme(following, url)
                            current = following
                            continue
                        return self._response(url, current, resp, deadline)
                except httpx.TimeoutException:
                    raise _TransientError(f"timed out after {self.timeout:g} s") from None
                except httpx.TransportError as exc:
                    if watchdog.fired:
                        raise _TransientError(f"timed out after {self.timeout:g} s") from None
                    raise _TransientError(_transport_message(exc)) from None
        raise NetworkError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _hop(
        self, url: str, current: str, trusted: Origin
    ) -> tuple[str, dict[str, str], dict[str, Any]]:
        """Return what to request for `current`: the URL, extra headers, httpx extensions.

        A hop to the trusted origin goes as it is. Any other is checked by the addresses its
        host resolves to, every one of them, and then pinned to the address checked: the
        request goes to that IP, with the name in the Host header and as the TLS server name
        (httpx's documented `sni_hostname` extension), so the certificate is still checked
        against the name. Letting httpx resolve the name again would open a window for DNS
        rebinding: a name that answers a public address to us, then 127.0.0.1 to httpx.
        """
        origin = _origin(current)
        if origin == trusted:
            return current, {}, {}
        what = "link" if current == url else f"redirect to {current}"
        scheme, host, port = origin
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        try:
            addresses = [str(literal)] if literal else self.resolve(host, port)
        except OSError as exc:
            raise _TransientError(f"cannot resolve {host}: {exc.strerror or exc}") from None
        if not addresses:
            raise _TransientError(f"cannot resolve {host}: no address")
        policy = AddressPolicy(self.allowed_networks)
        for address in addresses:
            kind = policy.refusal(address)
            if kind is not None:
                raise InputError(
                    f"{url}: {what} refused: {host} is a {kind} address ({address}); "
                    "allow its network with the allowed_networks setting"
                )
        if literal:
            return current, {}, {}
        parsed = httpx.URL(current)
        default_port = {"http": 80, "https": 443}[scheme]
        host_header = host if port == default_port else f"{host}:{port}"
        ip = addresses[0]
        pinned = str(parsed.copy_with(host=ip))
        extensions = {"sni_hostname": host} if scheme == "https" else {}
        return pinned, {"Host": host_header}, extensions

    def _response(self, url: str, current: str, resp: httpx.Response, deadline: float) -> Response:
        # `current`, not resp.url: a pinned request's URL holds the IP, not the name.
        if resp.status_code in TRANSIENT_STATUS:
            raise _TransientError(f"HTTP {resp.status_code}", _retry_after(resp.headers))
        if resp.status_code == 304:
            return Response(current, 304, resp.headers)
        if resp.status_code >= 400:
            raise NetworkError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
        body = self._read_body(url, resp, deadline)
        return Response(current, resp.status_code, resp.headers, body)

    def _read_body(self, url: str, resp: httpx.Response, deadline: float) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise NetworkError(
                f"{url}: response is {int(declared):,} bytes, "
                f"over the {self.max_bytes:,}-byte limit"
            )
        decoder = _BoundedDecoder.for_coding(url, resp.headers.get("content-encoding", ""))
        chunks: list[bytes] = []
        received = 0
        # Raw bytes, decoded here: the decoder never yields more than the cap (plus one byte).
        for raw in resp.iter_raw():
            received += len(raw)
            if received > self.max_bytes:
                raise NetworkError(f"{url}: response is over the {self.max_bytes:,}-byte limit")
            chunks.append(decoder.feed(raw, self.max_bytes))
            if time.monotonic() > deadline:
                raise _TransientError(f"timed out after {self.timeout:g} s")
        chunks.append(decoder.finish(self.max_bytes))
        return b"".join(chunks)


class _Watchdog:
    """Shut a request's connection down at its deadline, in whatever phase the request is.

    httpx's timeouts bound each socket operation, and a read timeout starts again with every
    byte: a server that sends its headers one byte every 1.5 s kept `--timeout 3` waiting for
    minutes. The watchdog learns the connection's socket from httpcore's documented `trace`
    extension (event connection.connect_tcp.complete) and keeps a duplicate of it; a timer
    shuts that down at the deadline, which ends the blocked read at once (the request fails
    with a transport error that `fired` turns into a timeout). A duplicate, because TLS takes
    the original socket over; shutdown acts on the connection behind every copy.
    """

    def __init__(self, deadline: float) -> None:
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """Keep the socket of the connection this request opens (an httpcore trace hook)."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sock = sock.dup()
                if self.fired:
                    self._shutdown()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)


class _BoundedDecoder:
    """Decode a body (identity, gzip or deflate) whose decoded size may not pass a limit."""

    def __init__(self, url: str, coding: str) -> None:
        self.url = url
        self.coding = coding
        self.size = 0
        self._inflate: zlib._Decompress | None = None

    @classmethod
    def for_coding(cls, url: str, header: str) -> _BoundedDecoder:
        """Return a decoder for a Content-Encoding header; refuse what cannot be bounded."""
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            # gzip inside gzip multiplies the ratio; no server needs it, so it is refused.
            raise NetworkError(f"{url}: stacked content encodings refused ({header.strip()})")
        if codings and codings[0] not in _ZLIB_CODINGS:
            raise NetworkError(f"{url}: content encoding {codings[0]!r} not accepted")
        return cls(url, codings[0] if codings else "identity")

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode the next raw bytes; NetworkError once the decoded body passes `limit`."""
        if self.coding == "identity":
            return self._count(data, limit)
        out: list[bytes] = []
        while data:
            if self._inflate is None:
                self._inflate = zlib.decompressobj(self._wbits(data))
            try:
                # At most one byte past the limit, however much the input would expand to.
                piece = self._inflate.decompress(data, limit - self.size + 1)
            except zlib.error as exc:
                raise NetworkError(f"{self.url}: cannot decode {self.coding} body: {exc}") from None
            out.append(self._count(piece, limit))
            if self._inflate.eof:
                data = self._inflate.unused_data
                if not data.startswith(b"\x1f\x8b"):  # another gzip member, else trailing junk
                    break
                self._inflate = None
            else:
                data = self._inflate.unconsumed_tail
        return b"".join(out)

    def finish(self, limit: int) -> bytes:
        """Return what the decoder still holds (a few bytes at most: all input was fed).

        A compressed body cut short is an error, like a corrupt one.
        """
        if self._inflate is None:
            return b""
        rest = self._count(self._inflate.flush(), limit)
        if not self._inflate.eof:
            raise NetworkError(f"{self.url}: {self.coding} body ends before its end")
        return rest

    def _wbits(self, data: bytes) -> int:
        wbits = _ZLIB_CODINGS[self.coding]
        if wbits:
            return wbits
        # "deflate" is meant to be zlib-wrapped, but many servers send raw deflate.
        zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS

    def _count(self, data: bytes, limit: int) -> bytes:
        self.size += len(data)
        if self.size > limit:
            how = "" if self.coding == "identity" else " once decompressed"
            raise NetworkError(f"{self.url}: response is over the {limit:,}-byte limit{how}")
        return data


Origin = tuple[str, str, int]
"""A URL's origin: scheme, host (lower case, IDNA) and port."""
_NO_ORIGIN: Origin = ("", "", -1)  # matches no URL: nothing is trusted


def _origin(url: str) -> Origin:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InputError(f"{url}: not a valid URL ({exc})") from None
    if not parsed.host:
        raise InputError(f"{url}: not a valid URL (no host)")
    scheme = parsed.scheme.lower()
    host = parsed.raw_host.decode("ascii").lower()
    return scheme, host, parsed.port or {"http": 80, "https": 443}[scheme]


def _resolve(host: str, port: int) -> list[str]:
    """Return every address `host` resolves to (what the connection could end up using)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# IPv6 forms that carry an IPv4 address the traffic ends up at.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressPolicy:
    """Which addresses a URL from content may reach: public ones, and the allowed networks.

    Refused: loopback, private, link-local (169.254.169.254, the cloud metadata service),
    multicast, reserved, unspecified and every other address that is not globally routable
    (100.64.0.0/10, documentation ranges, ...), in IPv4 and IPv6 alike; an IPv6 address that
    carries an IPv4 one (mapped ::ffff:a.b.c.d, 6to4, NAT64) is judged by the IPv4 address.
    `allowed` networks (CIDRs from the `allowed_networks` setting) are let through.
    """

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed = [ipaddress.ip_network(n, strict=False) for n in allowed]

    def refusal(self, address: str) -> str | None:
        """Return why `address` is refused (e.g. "loopback"), or None when it may be reached."""
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]  # an IPv6 zone index (fe80::1%eth0) is not part of it
        )
        if isinstance(ip, ipaddress.IPv6Address):
            if ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            elif ip.sixtofour is not None:
                ip = ip.sixtofour
            elif ip in _NAT64:
                ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if any(ip in network for network in self.allowed):
            return None
        kinds = [  # most telling name first: 127.0.0.1 is loopback, and private too
            ("loopback", ip.is_loopback),
            ("unspecified", ip.is_unspecified),
            ("link-local", ip.is_link_local),
            ("multicast", ip.is_multicast),
            ("private", ip.is_private),
            ("reserved", ip.is_reserved),
            ("non-public", not ip.is_global),
        ]
        return next((kind for kind, refused in kinds if refused), None)


def _check_scheme(target: str, original: str) -> None:
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        if target == original:
            raise InputError(f"{target}: only http and https URLs can be fetched")
        raise NetworkError(
            f"{original}: redirect to a non-http(s) URL refused ({scheme or 'no scheme'})"
        )


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _transport_message(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {text}"
    return text


def fetcher_for(
    settings: Settings, *, retries: int = 2, backoff: float = 1.0, deadline: float | None = None
) -> Fetcher:
    """Make a Fetcher with the timeout, size cap and allowed networks from `settings`.

    `deadline` (a time.monotonic() value) is when the whole run must end.
    """
    return Fetcher(
        timeout=settings.timeout,
        max_bytes=settings.max_bytes,
        retries=retries,
        backoff=backoff,
        deadline=deadline,
        allowed_networks=tuple(settings.allowed_networks),
    )
