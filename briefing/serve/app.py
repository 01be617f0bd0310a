"""The web desk application: FastAPI app, access check, body size limit, errors as one line.

Every error a client sees is one line of JSON, {"error": "...", "code": N}, where N is the exit
code the CLI gives for the same failure (a browser asking for a page gets the same line on
an HTML page). The HTTP status follows the code (docs/serve.md has the table).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Settings
from ..errors import BriefingError, ExitCode
from . import api, pages
from .desk import Desk
from .security import SESSION_COOKIE
from .statuses import http_status
from .views import render_page

log = logging.getLogger("briefing.serve")

# Room in a request beyond the article itself: the form's other fields, multipart boundaries,
# JSON quoting (a JSON body escapes some characters, so the article may take more bytes there).
BODY_SLACK = 64 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def one_line(message: str) -> str:
    """Return `message` on one line (a validation message may span several)."""
    return " ".join(str(message).split())


def wants_html(scope: Scope) -> bool:
    """Tell whether the request is a browser's page request rather than an API call."""
    path: str = scope.get("path", "")
    if path.startswith("/api/") or path in ("/openapi.json", "/docs"):
        return False
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    return b"text/html" in accept


def error_response(scope: Scope, status: int, message: str, code: int) -> Response:
    """Answer an error: the one line of JSON, inside a page for a browser."""
    body = {"error": one_line(message), "code": int(code)}
    if wants_html(scope):
        page = render_page("error.html.j2", status=status, error=body["error"], code=code)
        return HTMLResponse(page, status_code=status)
    return JSONResponse(body, status_code=status)


class Guarded:
    """Refuse requests without the token (401) and bodies over the size limit (413).

    The body is counted while it is read, so an oversized upload is cut off at the limit rather
    than read whole first, and a Content-Length over the limit is refused before any of it.
    (Starlette's own RequestBodyLimitMiddleware answers that case in plain text, not our JSON.)
    """

    def __init__(self, app: ASGIApp, desk: Desk, limit: int) -> None:
        self.app = app
        self.desk = desk
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response: Response | None = None
        if not self._allowed(scope):
            if wants_html(scope) and scope["method"] == "GET":
                # A browser signs in with the form, then comes back here.
                login = f"/login?next={quote(scope['path'])}"
                response = RedirectResponse(login, status_code=303)
            else:
                response = error_response(scope, 401, "a token is required", ExitCode.USAGE)
                response.headers["WWW-Authenticate"] = "Bearer"
        elif self._declared(scope) > self.limit:
            response = error_response(scope, 413, self.too_large(), ExitCode.INPUT)
        if response is not None:
            await response(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # An HTTPException: FastAPI passes it on while parsing a body (any other
                    # error there becomes a 400), and our handler answers it in one line.
                    raise StarletteHTTPException(413, self.too_large())
            return message

        await self.app(scope, counted_receive, send)

    def too_large(self) -> str:
        limit = self.desk.settings.max_bytes
        return f"the request is over the {limit:,}-byte limit for an article (max_bytes)"

    @staticmethod
    def _declared(scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit():
                return int(value)
        return 0

    def _allowed(self, scope: Scope) -> bool:
        if not self.desk.guard.required or scope["path"] == "/login":
            return True
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        session = None
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == SESSION_COOKIE:
                session = value
        return self.desk.guard.allowed(headers.get("authorization"), session)


def create_app(
    settings: Settings, *, token: str | None = None, workers: int | None = None
) -> FastAPI:
    """Make the web desk for `settings`; with `token`, every request must carry it."""
    desk = Desk(settings, token=token, workers=workers)
    app = FastAPI(
        title="briefing web desk",
        version=__version__,
        summary="Turn news articles into analyst briefs; the JSON API beside the pages.",
        lifespan=desk.lifespan,
        redoc_url=None,
    )
    app.state.desk = desk
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(BriefingError)
    async def briefing_error(request: Request, exc: BriefingError) -> Response:
        return error_response(request.scope, http_status(exc), str(exc), exc.exit_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.scope, 422, validation_message(exc), ExitCode.USAGE)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = ExitCode.INPUT if exc.status_code in (413, 415) else ExitCode.USAGE
        response = error_response(request.scope, exc.status_code, str(exc.detail), code)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s", request.url.path, exc_info=exc)
        message = f"internal error: {type(exc).__name__}: {exc}"
        return error_response(request.scope, 500, message, ExitCode.INTERNAL)

    app.add_middleware(Guarded, desk=desk, limit=settings.max_bytes + BODY_SLACK)
    return app


def validation_message(exc: RequestValidationError) -> str:
    """Say in one line what is wrong with a request: the first error, where it is."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    err = errors[0]
    loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path")]
    where = ".".join(loc)
    if err.get("type") == "extra_forbidden":
        return f"unknown option {where!r}"
    if err.get("type") == "json_invalid":
        return "the body is not valid JSON"
    message = err.get("msg", "invalid")
    return f"{where}: {message}" if where else str(message)
