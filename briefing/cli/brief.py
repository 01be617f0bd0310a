"""`briefing build`, `extract`, `render` and `schema`: the single-article commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import BriefingError, ExitCode
from . import config_option, echo, handle_errors, main, output_options

if TYPE_CHECKING:
    from rich.console import Console

    from ..config import Settings
    from ..models import Header
    from ..pipeline import BuildResult


def _settings(config_path: Path | None, **flags: Any) -> Settings:
    from ..config import load_settings

    return load_settings(config_path, **flags)


def _report(result: BuildResult) -> int:
    for path in result.outputs:
        echo(str(path))
    for lang, reason in result.missing.items():
        echo(f"briefing: warning: {lang} not built: {reason}", err=True)
    return ExitCode.PARTIAL if result.partial else ExitCode.OK


@main.command()
@click.argument("articles", nargs=-1, required=True)
@output_options
@click.option("--title", help="Headline (overrides the article's Title: header).")
@click.option("--source", help="Publisher (overrides the Source: header).")
@click.option("--date", help="Publication date, e.g. 2023-09-13 (overrides the Date: header).")
@click.option("--max-bytes", type=int, help="Largest article accepted [default: 5000000].")
@click.option(
    "--story",
    is_flag=True,
    help="Write one story brief from all the ARTICLES (one event told by several outlets).",
)
@handle_errors
def build(
    articles: tuple[str, ...],
    config_path: Path | None,
    title: str | None,
    source: str | None,
    date: str | None,
    max_bytes: int | None,
    story: bool,
    **flags: Any,
) -> None:
    """Build briefs for ARTICLE files ('-' reads stdin): DIR/<slug>.<lang>.md and .pdf.

    Prints the path of every file written. Articles whose slugs agree (a/news.txt and
    b/news.txt) are written as <slug> and <slug>-2, never over each other. Exits 6 when some
    language or article could not be built (a missing translation model, a bad article among
    several).

    With --story, the articles tell one event and make one brief, named after its headline:
    their people, places and quotes merged, each fact marked with a sentence of every article
    that says it ([A3] [B7]: article A, sentence 3) and how many of them do, where the sources
    differ, and the list of sources. Article A, the first given, gives the headline and the
    bottom line. An article that cannot be read is left out (exit 6).
    """
    from ..pipeline import build as build_one

    settings = _settings(config_path, max_bytes=max_bytes, **flags)
    header: Header = {"title": title, "source": source, "date": date}
    if story:
        sys.exit(_build_story(articles, settings, header))
    if len(articles) == 1:
        sys.exit(_report(build_one(articles[0], settings, **header)))
    taken: set[str] = set()  # a slug two articles share is written as slug and slug-2

    from rich.markup import escape
    from rich.progress import Progress

    from ..io import printable

    codes: list[int] = []
    failures: list[int] = []
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("Building briefs", total=len(articles))
        for article in articles:
            name = escape(printable(Path(article).name))  # rich reads [brackets] as markup
            progress.update(task, description=f"Building {name}")
            try:
                codes.append(_report(build_one(article, settings, taken=taken, **header)))
            except BriefingError as exc:
                if settings.strict:
                    raise
                echo(f"briefing: error: {exc}", err=True)
                failures.append(exc.exit_code)
            progress.advance(task)
    if failures and not codes:
        sys.exit(failures[0])
    sys.exit(ExitCode.PARTIAL if failures or any(codes) else ExitCode.OK)


def _build_story(articles: tuple[str, ...], settings: Settings, header: Header) -> int:
    from ..pipeline import build_story

    failed: list[int] = []

    def left_out(path: str | Path, exc: BriefingError) -> None:
        echo(f"briefing: error: {exc}", err=True)
        failed.append(exc.exit_code)

    code = _report(build_story(articles, settings, on_error=left_out, **header))
    return ExitCode.PARTIAL if failed else code


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


@main.command()
@click.argument("article")
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the facts JSON here instead of stdout.",
)
@click.option("--title", help="Headline (overrides the article's Title: header).")
@click.option("--source", help="Publisher (overrides the Source: header).")
@click.option("--date", help="Publication date (overrides the Date: header).")
@handle_errors
def extract(article: str, config_path: Path | None, output: Path | None, **header: Any) -> None:
    """Extract facts from ARTICLE and print them as JSON (see `briefing schema facts`).

    Edit the JSON by hand if needed, then turn it into briefs with `briefing render`.
    """
    from ..io import atomic_write
    from ..pipeline import facts_for, read

    settings = _settings(config_path)
    facts = facts_for(read(article, settings, **header), settings)
    text = facts.model_dump_json(indent=2) + "\n"
    if output:
        atomic_write(output, text)
        echo(str(output))
    else:
        echo(text, nl=False)


@main.command()
@click.argument("facts_file", type=click.Path(dir_okay=False, path_type=Path))
@output_options
@handle_errors
def render(facts_file: Path, config_path: Path | None, **flags: Any) -> None:
    """Render briefs from a FACTS_FILE written by `briefing extract` (and perhaps edited)."""
    from ..pipeline import load_facts, write_briefs

    settings = _settings(config_path, **flags)
    sys.exit(_report(write_briefs(load_facts(facts_file, settings), settings)))


@main.command()
@click.argument("model", type=click.Choice(["facts", "brief", "article"]))
@handle_errors
def schema(model: str) -> None:
    """Print the JSON Schema of a model: facts, brief or article."""
    from .. import models

    classes: dict[str, type[models.Model]] = {
        "facts": models.Facts,
        "brief": models.Brief,
        "article": models.Article,
    }
    cls = classes[model]
    echo(json.dumps(cls.model_json_schema(), indent=2, ensure_ascii=False))


__all__ = ["build", "extract", "render", "schema"]
