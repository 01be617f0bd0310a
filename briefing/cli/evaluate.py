"""`briefing eval`: score extraction against gold facts, beside the spaCy + textacy peer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ExitCode
from . import config_option, echo, handle_errors, main


@main.command("eval")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--peer/--no-peer",
    default=True,
    show_default=True,
    help="Also run the peer (spaCy NER + textacy direct_quotations) and print its row.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--misses", is_flag=True, help="Also list what our extractor missed, per article.")
@click.option("--model", help="spaCy pipeline to evaluate [default: the spacy_model setting].")
@click.option("--check", is_flag=True, help="Exit 1 when a target is not reached.")
@config_option
@handle_errors
def eval_command(
    directory: Path,
    peer: bool,
    as_json: bool,
    misses: bool,
    model: str | None,
    check: bool,
    config_path: Path | None,
) -> None:
    """Score extraction on DIRECTORY (NAME.txt + NAME.gold.json pairs) and print the table.

    Prints per-article rows and totals: precision/recall/F1 for people, organisations and
    places; quote recall and precision; speaker, role and event-date accuracy; stakes recall;
    seconds per article (after the model is loaded).
    """
    from ..config import load_settings
    from ..evaluate import evaluate, format_misses, format_table, unmet_targets

    settings = load_settings(config_path, spacy_model=model)
    if peer:
        try:
            import textacy.extract.triples  # noqa: F401 - only to know that the peer can run
        except ImportError as exc:
            echo(
                f"briefing: warning: the spaCy + textacy peer needs textacy ({exc}); install "
                "it with pip install 'briefing[eval]'; scoring without the peer",
                err=True,
            )
            peer = False
    report = evaluate(directory, model=settings.spacy_model, peer=peer)
    if as_json:
        echo(json.dumps(report.to_dict(), indent=2))
    else:
        echo(format_table(report))
        if misses:
            echo("")
            echo(format_misses(report))
    unmet = unmet_targets(report.total)
    if check and unmet:
        echo(f"briefing: targets not reached: {', '.join(unmet)}", err=True)
        sys.exit(int(ExitCode.INTERNAL))
