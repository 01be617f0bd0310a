"""The `briefing` command line: parses arguments, calls the library, prints results.

Each command family lives in its own module and is registered here. Heavy libraries (spaCy,
WeasyPrint, CTranslate2) are imported inside commands, so `briefing --help` stays fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import BriefingError, ExitCode
from ..io import one_line, printable
from ..vocabulary import FORMATS, LANGS, LAYOUTS, PAPERS, PDF_VARIANTS

F = TypeVar("F", bound=Callable[..., Any])


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print `message` without control characters; on stderr (`err`) as one line.

    Messages carry text from feeds and articles: an ESC ] 0;... BEL in a feed title would
    retitle the operator's terminal, ESC c reset it, and both end up in the cron log. When
    the reader of stdout has gone (`briefing digest --status | head -1`), the rest of the
    output is dropped quietly and the command ends as it would have.
    """
    try:
        click.echo(one_line(message) if err else printable(message), err=err, nl=nl)
    except BrokenPipeError:
        if err:
            raise
        # Point stdout at /dev/null: later output, and the flush at exit, then go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def fail(message: str, code: int) -> None:
    """Print one line on stderr and exit with `code`."""
    echo(f"briefing: error: {message}", err=True)
    sys.exit(int(code))


def handle_errors(func: F) -> F:
    """Turn BriefingError and unexpected exceptions into one stderr line and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: keep the user's terminal clean unless asked
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            fail(
                f"internal error: {type(exc).__name__}: {exc} (set BRIEFING_DEBUG=1 for details)",
                ExitCode.INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (TOML). Default: $BRIEFING_CONFIG, else the user config directory.",
)


LANG_HELP = f"Comma-separated languages: {', '.join(LANGS)}."


def output_options(func: Any) -> Any:
    """Add the options shared by every command that writes briefs."""
    options = [
        config_option,
        click.option(
            "--out",
            "out_dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Output directory [default: out].",
        ),
        click.option("--lang", "langs", help=f"{LANG_HELP} [default: {','.join(LANGS)}]"),
        click.option(
            "--format",
            "formats",
            help=f"Comma-separated formats: {', '.join(FORMATS)} [default: {','.join(FORMATS)}].",
        ),
        click.option("--paper", type=click.Choice(PAPERS), help="PDF paper size [default: a4]."),
        click.option("--layout", type=click.Choice(LAYOUTS), help="Page layout [default: brief]."),
        click.option(
            "--pdf-variant",
            type=click.Choice(PDF_VARIANTS),
            help="Write PDF/UA-1 (tagged, for screen readers) or PDF/A-3u (archival) "
            "[default: plain PDF].",
        ),
        click.option(
            "--strict",
            is_flag=True,
            default=None,
            help="Fail (exit 5) when a language cannot be built, instead of a partial build.",
        ),
        click.option(
            "--glossary",
            type=click.Path(dir_okay=False, path_type=Path),
            help="User glossary (TOML) that adds or overrides translated names.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Turn news articles into analyst briefs in English, Korean and Russian (Markdown and PDF).

    Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input, 4 output not writable,
    5 model missing, 6 partial build, 7 another run busy, 8 network.
    """


# Each module adds its commands to `main` on import; add new command families here.
from . import brief, config, digest, evaluate, packages, serve, stories  # noqa: E402,F401
