"""`briefing serve`: the web desk, for people who brief articles in a browser."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from ..errors import BriefingError, ExitCode
from . import config_option, handle_errors, main


def listen(host: str, port: int) -> socket.socket:
    """Bind the server's socket (port 0: any free port), or refuse in one line (exit 2)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BriefingError(f"cannot listen on {host}:{port}: {reason}", ExitCode.USAGE) from None


@main.command()
@config_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any address beyond loopback requires a token.",
)
@click.option("--port", type=int, default=8080, show_default=True, help="Port (0: any free one).")
@click.option(
    "--token",
    help="Access token every request must carry [default: the serve_token setting; "
    "prefer BRIEFING_SERVE_TOKEN, which other users cannot see in the process list].",
)
@click.option(
    "--workers",
    type=int,
    help="Briefs built at a time [default: the serve_workers setting; 0: one per core].",
)
@handle_errors
def serve(
    config_path: Path | None, host: str, port: int, token: str | None, workers: int | None
) -> None:
    """Run the web desk: paste, upload or link an article, get its brief; correct the facts;
    read the digests. Also a JSON API, documented at /docs and /openapi.json.

    Listens on 127.0.0.1:8080 by default, so only this machine can reach it; with --host
    0.0.0.0 (or any other non-loopback address) it refuses to start without a token (exit 2).
    Jobs and their files are kept under the jobs_dir setting for jobs_retention days. Stop it
    with Ctrl-C or SIGTERM; builds in progress are finished first (up to 30 s), and a server
    killed outright picks its unfinished jobs up again when it restarts.
    """
    from ..config import load_settings
    from ..serve.security import is_loopback

    settings = load_settings(config_path, serve_workers=workers)
    secret = settings.serve_token.get_secret_value() if settings.serve_token else None
    token = token or secret or None
    if not is_loopback(host) and not token:
        raise BriefingError(
            f"--host {host} can be reached from other machines: give a token "
            "(BRIEFING_SERVE_TOKEN, the serve_token setting, or --token)",
            ExitCode.USAGE,
        )
    sock = listen(host, port)
    import uvicorn

    from ..serve import create_app

    app = create_app(settings, token=token, workers=workers or None)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"briefing serve: http://{shown}:{bound}/ (jobs in {settings.jobs_dir})", err=True)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=30)
    uvicorn.Server(config).run(sockets=[sock])


__all__ = ["serve"]
