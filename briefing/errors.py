"""Errors a user can cause, each with a documented exit code."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class ExitCode(IntEnum):
    """Process exit codes; documented in the README ("Exit codes")."""

    OK = 0
    INTERNAL = 1  # a bug: one line on stderr, the traceback only with --debug
    USAGE = 2  # bad command line (click's own code)
    INPUT = 3  # missing, empty, binary, oversized or sentence-less article; bad facts JSON;
    # a bad model archive; a link from a feed refused by the address policy
    OUTPUT = 4  # output directory or file, or the digest state, cannot be written
    MODEL = 5  # a required model (spaCy or translation) is not installed
    PARTIAL = 6  # some outputs were written, some languages or items failed (or time ran out)
    BUSY = 7  # another digest run holds the lock, or another program the state database
    NETWORK = 8  # a URL, feed or model index could not be fetched


class BriefingError(Exception):
    """An error with a one-line message for the user and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(BriefingError):
    exit_code = ExitCode.INPUT


class TooLargeError(InputError):
    """Input over the size limit (the web desk answers 413)."""


class NotTextError(InputError):
    """Input that is binary data, not text (the web desk answers 415)."""


class OutputError(BriefingError):
    exit_code = ExitCode.OUTPUT


class ModelMissingError(BriefingError):
    exit_code = ExitCode.MODEL


class NetworkError(BriefingError):
    exit_code = ExitCode.NETWORK


class BusyError(BriefingError):
    exit_code = ExitCode.BUSY


def first_problem(exc: ValidationError, whole: str = "document") -> str:
    """Say where and what the first problem of a pydantic validation error is, in one line.

    "sentences.0.start: Input should be greater than or equal to 0"; `whole` names the place
    when the problem is with the whole value (a missing or extra field has a location).
    """
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"]) or whole
    return f"{where}: {err['msg']}"
