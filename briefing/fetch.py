"""Fetch URLs for feeds and articles: timeouts, a size cap, http(s)-only redirects, retries.

Only HTTP: what a page means (its article text) is `ingest.html`'s job.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING
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

    `timeout` bounds each network operation and, separately, the transfer of one body;
    `max_bytes` caps the (decoded) body; transient failures are retried `retries` times
    with exponential backoff starting at `backoff` seconds.
    """

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 1.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            # Redirects are followed by hand so that each hop's scheme can be checked.
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,
                headers={"User-Agent": self.user_agent},
                trust_env=True,
            )
        return self._client

    def close(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET `url`, retrying transient failures; raise NetworkError when it cannot be had.

        A 304 answer to a conditional request is returned, not raised.
        """
        _check_scheme(url, url)
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers or {})
            except _TransientError as exc:
                if attempt >= self.retries:
                    tries = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise NetworkError(f"{url}: {exc}{tries}") from None
                delay = self.backoff * (2**attempt)
                if exc.retry_after is not None:
                    delay = max(delay, min(exc.retry_after, _RETRY_AFTER_CAP))
                self.sleep(delay)
                attempt += 1

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with self.client.stream("GET", current, headers=headers) as resp:
                    if resp.status_code in REDIRECT_STATUS and "location" in resp.headers:
                        target = urljoin(current, resp.headers["location"])
                        _check_scheme(target, url)
                        current = target
                        continue
                    if resp.status_code in TRANSIENT_STATUS:
                        raise _TransientError(
                            f"HTTP {resp.status_code}", _retry_after(resp.headers)
                        )
                    if resp.status_code == 304:
                        return Response(str(resp.url), 304, resp.headers)
                    if resp.status_code >= 400:
                        raise NetworkError(
                            f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
                        )
                    return Response(
                        str(resp.url), resp.status_code, resp.headers, self._read_body(url, resp)
                    )
            except httpx.TimeoutException:
                raise _TransientError(f"timed out after {self.timeout:g} s") from None
            except httpx.TransportError as exc:
                raise _TransientError(_transport_message(exc)) from None
        raise NetworkError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _read_body(self, url: str, resp: httpx.Response) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise NetworkError(
                f"{url}: response is {int(declared):,} bytes, "
                f"over the {self.max_bytes:,}-byte limit"
            )
        deadline = time.monotonic() + self.timeout
        chunks: list[bytes] = []
        size = 0
        # iter_bytes decodes gzip/deflate, so the cap also stops a compression bomb.
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise NetworkError(f"{url}: response is over the {self.max_bytes:,}-byte limit")
            if time.monotonic() > deadline:
                # The read timeout resets with every chunk; a server that trickles must still stop.
                raise _TransientError(f"transfer took longer than {self.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


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


def fetcher_for(settings: Settings, *, retries: int = 2, backoff: float = 1.0) -> Fetcher:
    """Make a Fetcher with the timeout and size cap from `settings`."""
    return Fetcher(
        timeout=settings.timeout, max_bytes=settings.max_bytes, retries=retries, backoff=backoff
    )
