"""Time grouping articles into stories, after their extraction: 500 articles, target ≤ 5 s.

Usage: python bench/bench_stories.py [--articles 500] [--runs 7]

Extracts the labelled story articles (tests/stories/data) and the dev articles (../shared/eval,
when present) once, then makes ARTICLES articles from their facts: copies of each, dated ten
days apart per copy (a different event each time, as a month of feeds would bring) and with a
copy number in the title, so no two copies are the same text. Prints a Markdown table: the
first grouping in the process (it imports scikit-learn), then the median and min of RUNS more,
next to the extraction those articles took (measured per article, times ARTICLES), and the
pairwise precision/recall of the grouping on the copies (each copy of a labelled story is a
story of its own). Timing is reported, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "stories" / "data"
EVAL = ROOT.parent / "shared" / "eval"
TARGET_S = 5.0
SPACING = dt.timedelta(days=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from briefing import pipeline
    from briefing.config import Settings
    from briefing.evaluate import score_grouping
    from briefing.models import Facts

    settings = Settings()
    labels: dict[str, str] = json.loads((DATA / "groups.json").read_text(encoding="utf-8"))
    paths = sorted(DATA.glob("*.txt")) + (sorted(EVAL.glob("*.txt")) if EVAL.is_dir() else [])
    labels |= {p.name: p.stem for p in paths if p.name not in labels}
    pipeline.facts_for(pipeline.read(paths[0], settings), settings)  # load the model first
    base: list[tuple[str, Facts]] = []
    extract_s: list[float] = []
    for path in paths:
        start = time.perf_counter()
        facts = pipeline.facts_for(pipeline.read(path, settings), settings)
        extract_s.append(time.perf_counter() - start)
        base.append((path.name, facts))

    def shifted(facts: Facts, copy: int) -> Facts:
        def move(day: dt.date | None) -> dt.date | None:
            return day + copy * SPACING if day else None

        article = facts.article.model_copy(
            update={
                "published": move(facts.article.published),
                "title": f"{facts.article.title or ''} ({copy})",
            }
        )
        dates = [d.model_copy(update={"date": move(d.date)}) for d in facts.dates]
        return facts.model_copy(
            update={"article": article, "event_date": move(facts.event_date), "dates": dates}
        )

    articles: list[tuple[str, Facts]] = []
    copy = 0
    while len(articles) < args.articles:
        articles += [(f"{name}#{copy}", shifted(f, copy)) for name, f in base]
        copy += 1
    articles = articles[: args.articles]
    facts = [f for _, f in articles]
    gold = {name: f"{labels[name.split('#')[0]]}#{name.split('#')[1]}" for name, _ in articles}

    start = time.perf_counter()
    stories = pipeline.group_stories(facts)
    first_s = time.perf_counter() - start
    runs: list[float] = []
    for _ in range(args.runs):
        start = time.perf_counter()
        again = pipeline.group_stories(facts)
        runs.append(time.perf_counter() - start)
        assert again == stories  # deterministic
    counts = score_grouping([[articles[i][0] for i in s] for s in stories], gold)

    per_article = statistics.median(extract_s)
    print(
        f"{len(facts)} articles ({len(base)} extracted, {copy} copies), "
        f"{len(stories)} stories, {args.runs} runs\n"
    )
    print("| step | median s | min s |")
    print("|---|---:|---:|")
    print(
        f"| extraction, per article (median of {len(base)}) | {per_article:.3f} | "
        f"{min(extract_s):.3f} |"
    )
    print(
        f"| extraction of {len(facts)} articles (per article × {len(facts)}) | "
        f"{per_article * len(facts):.1f} | |"
    )
    print(f"| grouping, first in the process (imports scikit-learn) | {first_s:.2f} | |")
    print(f"| grouping {len(facts)} articles | {statistics.median(runs):.2f} | {min(runs):.2f} |")
    print(
        f"\ngrouping / extraction = {statistics.median(runs) / (per_article * len(facts)):.4f}; "
        f"target ≤ {TARGET_S:g} s: {'met' if statistics.median(runs) <= TARGET_S else 'NOT met'}"
    )
    print(
        f"pairwise precision {counts.precision:.3f}, recall {counts.recall:.3f} "
        f"({counts.tp} of {counts.tp + counts.fn} pairs, {counts.fp} wrong)"
    )


if __name__ == "__main__":
    main()
