"""`briefing stories`: which articles tell the same story, as the digest groups them."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import BriefingError, ExitCode, InputError, ModelMissingError
from . import config_option, echo, handle_errors, main

# The files of a folder that are articles (plain text or Markdown, as `build` reads them).
ARTICLE_SUFFIXES = (".txt", ".md")


def article_paths(sources: tuple[str, ...]) -> list[str]:
    """Return the articles named: files and URLs as given, a folder's *.txt and *.md sorted."""
    paths: list[str] = []
    for source in sources:
        folder = Path(source)
        if folder.is_dir():
            found = sorted(
                str(p) for p in folder.iterdir() if p.suffix in ARTICLE_SUFFIXES and p.is_file()
            )
            if not found:
                raise InputError(f"{source}: no .txt or .md articles in this folder")
            paths += found
        else:
            paths.append(source)
    return paths


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="DIR_OR_FILE...")
@click.option("--json", "as_json", is_flag=True, help="Print the grouping as JSON.")
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A labelled grouping (JSON: file name → story name): also score the grouping "
    "pairwise (precision, recall).",
)
@config_option
@handle_errors
def stories(
    sources: tuple[str, ...], as_json: bool, gold: Path | None, config_path: Path | None
) -> None:
    """Print which articles tell the same story: the grouping the digest makes.

    Reads every article (a folder: its .txt and .md files), extracts its facts and groups
    them: articles tell one story when their titles and leads say much the same, they name
    the same people, organisations and places, and their events lie on close days (see the
    README, "Stories"). Each story lists its articles by the letters a story brief gives them.
    An article that cannot be read is left out (exit 6).
    """
    from ..config import load_settings
    from ..models import Facts, article_letter
    from ..pipeline import facts_for, group_stories, read

    settings = load_settings(config_path)
    facts: list[Facts] = []
    names: list[str] = []
    failed = False
    for path in article_paths(sources):
        try:
            facts.append(facts_for(read(path, settings), settings))
        except ModelMissingError:
            raise
        except BriefingError as exc:
            echo(f"briefing: error: {exc}", err=True)
            failed = True
            continue
        names.append(path)
    if not facts:
        raise InputError("no article could be read")
    groups = group_stories(facts)
    found: list[dict[str, Any]] = [
        {
            "title": facts[members[0]].article.title,
            "articles": [
                {
                    "letter": article_letter(n),
                    "file": names[i],
                    "title": facts[i].article.title,
                    "source": facts[i].article.source,
                    "date": _iso(facts[i].article.published),
                    "event_date": _iso(facts[i].event_date),
                }
                for n, i in enumerate(members)
            ],
        }
        for members in groups
    ]
    result: dict[str, Any] = {"articles": len(facts), "stories": found}
    if gold is not None:
        from ..evaluate import load_grouping, score_grouping

        counts = score_grouping(
            [[Path(names[i]).name for i in members] for members in groups], load_grouping(gold)
        )
        result["score"] = {
            "pairs": counts.tp + counts.fn,
            "tp": counts.tp,
            "fp": counts.fp,
            "fn": counts.fn,
            "precision": counts.precision,
            "recall": counts.recall,
        }
    echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else _text(result))
    sys.exit(ExitCode.PARTIAL if failed else ExitCode.OK)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _text(result: dict[str, Any]) -> str:
    count = len(result["stories"])
    lines = [f"{count} {'story' if count == 1 else 'stories'} from {result['articles']} articles"]
    for n, story in enumerate(result["stories"], 1):
        articles = story["articles"]
        size = f"{len(articles)} article{'s' if len(articles) != 1 else ''}"
        lines += ["", f"{n}. {story['title'] or Path(articles[0]['file']).name} ({size})"]
        for a in articles:
            about = ", ".join(x for x in (a["source"], a["date"]) if x)
            lines.append(f"   {a['letter']}  {a['file']}" + (f" — {about}" if about else ""))
    score = result.get("score")
    if score:

        def cell(value: float | None, hits: int, of: int) -> str:
            return f"{'n/a' if value is None else f'{value:.2f}'} ({hits}/{of})"

        lines += [
            "",
            f"pairwise precision {cell(score['precision'], score['tp'], score['tp'] + score['fp'])}"
            f", recall {cell(score['recall'], score['tp'], score['pairs'])}",
        ]
    return "\n".join(lines)
