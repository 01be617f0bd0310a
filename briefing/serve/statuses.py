"""The HTTP status for each of the CLI's exit codes (the table in docs/serve.md)."""

from __future__ import annotations

from ..errors import BriefingError, ExitCode, NotTextError, TooLargeError

STATUS_OF_CODE = {
    ExitCode.INTERNAL: 500,
    ExitCode.USAGE: 422,
    ExitCode.INPUT: 400,
    ExitCode.OUTPUT: 500,
    ExitCode.MODEL: 503,
    ExitCode.PARTIAL: 200,
    ExitCode.BUSY: 503,
    ExitCode.NETWORK: 502,
}


def http_status(exc: BriefingError) -> int:
    """Return the HTTP status for an error with the CLI's exit code."""
    if isinstance(exc, TooLargeError):
        return 413
    if isinstance(exc, NotTextError):
        return 415
    return STATUS_OF_CODE.get(exc.exit_code, 500)
