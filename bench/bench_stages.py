"""Time each pipeline stage on the sample article, and `briefing --help` start-up.

Usage: python bench/bench_stages.py [--runs 7] [ARTICLE]

Prints a Markdown table: median and min over the runs, in milliseconds. Models (spaCy) are
loaded once before timing, as in a long-running process; the model load is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "vostochny-summit.txt"


def timed(func: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Run `func` `runs` times; return the durations in ms and the last result."""
    durations, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        durations.append((time.perf_counter() - start) * 1000)
    return durations, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default=str(SAMPLE))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from briefing.compose import compose
    from briefing.config import Settings
    from briefing.extract import extract
    from briefing.ingest import read_article
    from briefing.nlp import load_pipeline
    from briefing.render import render_html, render_markdown, render_pdf

    settings = Settings(langs=["en"])
    start = time.perf_counter()
    nlp = load_pipeline(settings.spacy_model)
    load_ms = (time.perf_counter() - start) * 1000

    rows: list[tuple[str, list[float]]] = []
    t, article = timed(lambda: read_article(args.article), args.runs)
    rows.append(("ingest", t))
    extract(article, nlp=nlp)  # warm-up: first call builds spaCy's lazy tables
    t, facts = timed(lambda: extract(article, nlp=nlp), args.runs)
    rows.append(("extract", t))
    t, brief = timed(lambda: compose(facts), args.runs)
    rows.append(("compose", t))
    t, md = timed(lambda: render_markdown(brief), args.runs)
    rows.append(("render-md", t))
    render_pdf(brief)  # warm-up: fontconfig and WeasyPrint caches
    t, _ = timed(lambda: render_pdf(brief, html=render_html(brief, markdown=md)), args.runs)
    rows.append(("render-pdf", t))
    cli = [sys.executable, "-m", "briefing", "--help"]
    t, _ = timed(lambda: subprocess.run(cli, check=True, capture_output=True), args.runs)
    rows.append(("`briefing --help` (process)", t))

    words = len(article.text.split())
    print(
        f"Article: {Path(args.article).name} ({words} words); runs: {args.runs}; "
        f"spaCy model load (once): {load_ms:.0f} ms\n"
    )
    print("| stage | median ms | min ms |")
    print("|---|---:|---:|")
    for stage, durations in rows:
        print(f"| {stage} | {statistics.median(durations):.1f} | {min(durations):.1f} |")


if __name__ == "__main__":
    main()
