"""The web desk's locks: the access token, CSRF tokens for forms, which hosts are local.

With a token set, every request must carry it: API clients as `Authorization: Bearer <token>`,
browsers through a session cookie set by the sign-in form. Both are compared in constant time
(hmac.compare_digest). Forms carry a CSRF token tied to a random cookie of the browser, so a
page on another site cannot post to the desk in the user's name.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from pathlib import Path

SESSION_COOKIE = "briefing_session"
CSRF_COOKIE = "briefing_csrf"
CSRF_FIELD = "csrf"
SECRET_BYTES = 32


def is_loopback(host: str) -> bool:
    """Tell whether `host` only listens on this machine: localhost, 127.0.0.0/8 or ::1."""
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_secret(path: Path) -> bytes:
    """Return the server's signing key, created (readable by the owner only) on first use.

    Kept on disk so that open forms and signed-in browsers survive a restart.
    """
    try:
        data = path.read_bytes()
        if len(data) >= SECRET_BYTES:
            return data
    except FileNotFoundError:
        pass
    data = secrets.token_bytes(SECRET_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return data


def _sign(secret: bytes, purpose: str, value: str) -> str:
    return hmac.new(secret, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()


class Guard:
    """Checks tokens, session cookies and CSRF tokens against the server's secret."""

    def __init__(self, secret: bytes, token: str | None) -> None:
        self.secret = secret
        self.token = token or None

    @property
    def required(self) -> bool:
        """Tell whether requests must carry the token."""
        return self.token is not None

    def token_ok(self, given: str | None) -> bool:
        """Compare a token given by a client with ours, in constant time."""
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def session_value(self) -> str:
        """Return the session cookie a signed-in browser holds (derived from the token)."""
        return _sign(self.secret, "session", self.token or "")

    def session_ok(self, cookie: str | None) -> bool:
        if self.token is None:
            return True
        return cookie is not None and hmac.compare_digest(cookie, self.session_value())

    def allowed(self, authorization: str | None, cookie: str | None) -> bool:
        """Tell whether a request may pass: no token needed, the bearer token, or the cookie."""
        if self.token is None:
            return True
        if authorization and authorization[:7].lower() == "bearer ":
            return self.token_ok(authorization[7:].strip())
        return self.session_ok(cookie)

    def csrf_token(self, browser: str) -> str:
        """Return the CSRF token for forms shown to the browser holding the cookie `browser`."""
        return _sign(self.secret, "csrf", browser)

    def csrf_ok(self, browser: str | None, given: str | None) -> bool:
        if not browser or not given:
            return False
        return hmac.compare_digest(given, self.csrf_token(browser))


def new_browser_id() -> str:
    """Make the random value of a browser's CSRF cookie."""
    return secrets.token_urlsafe(24)
