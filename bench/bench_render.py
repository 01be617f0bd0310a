"""PDF size and render time per layout × language for the sample article.

Usage: python bench/bench_render.py [--runs 5] [--models auto|tiny|installed]
                                    [--subsetter both|auto]

Extracts and translates the sample once (translation with the installed Argos models, or the
tiny test models of tests/translate/tinyargos.py where none are installed: their prose is not
a real translation, but its script and length drive the layout the same way), then times
`render_document` (Markdown + PDF, the handout's fit-to-page loop included) for every layout ×
language. Prints a Markdown table: median and min over the runs, pages, layouts tried,
size, and the time as a ratio to the English brief measured in the same run.

`--subsetter both` also times every case with WeasyPrint's fontTools subsetter instead of
HarfBuzz's (libharfbuzz-subset0), to show what that system library buys.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "vostochny-summit.txt"
CASES = [
    ("brief", "en"),
    ("brief", "ko"),
    ("brief", "ru"),
    ("handout", "en"),
    ("handout", "ko"),
    ("handout", "ru"),
    ("bilingual", "ko"),
    ("bilingual", "ru"),
]


def briefs(models: str, work: Path):  # type: ignore[no-untyped-def]
    """Compose the sample brief and translate it into ko and ru; say which models did it."""
    from briefing import pipeline
    from briefing.compose import compose
    from briefing.config import Settings
    from briefing.translate import translate_brief
    from briefing.translate.packages import find_model

    tiny = models == "tiny" or (models == "auto" and not all(find_model(x) for x in ("ko", "ru")))
    if tiny:
        sys.path.insert(0, str(ROOT / "tests"))
        from translate.tinyargos import install_tiny_packages

        install_tiny_packages(work / "argos")
    settings = Settings(cache_dir=work / "cache")
    english = compose(pipeline.facts_for(pipeline.read(SAMPLE, settings), settings))
    out = {
        "en": english,
        **{lang: translate_brief(english, lang, settings) for lang in ("ko", "ru")},
    }
    return out, ("tiny test models" if tiny else "installed Argos models")


def subsetter(name: str) -> None:
    """Make WeasyPrint subset fonts with HarfBuzz (if the library is there) or fontTools."""
    from weasyprint.pdf import fonts
    from weasyprint.text import ffi

    fonts.harfbuzz_subset = ffi.harfbuzz_subset if name == "harfbuzz" else None


def measure(briefs_by_lang, runs: int) -> dict[tuple[str, str], dict[str, float]]:  # type: ignore[no-untyped-def]
    from briefing.render import render_document

    render_document(briefs_by_lang["en"], layout="brief")  # warm: fonts, templates, catalogs
    results = {}
    for layout, lang in CASES:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            doc = render_document(briefs_by_lang[lang], layout=layout)
            times.append((time.perf_counter() - start) * 1000)
        results[layout, lang] = {
            "median": statistics.median(times),
            "min": min(times),
            "pages": doc.pages,
            "renders": doc.renders,
            "bytes": len(doc.pdf),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", choices=("auto", "tiny", "installed"), default="auto")
    parser.add_argument("--subsetter", choices=("auto", "both"), default="auto")
    args = parser.parse_args()

    import weasyprint
    from weasyprint.text import ffi

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        by_lang, models = briefs(args.models, Path(tmp))
        names = ["harfbuzz" if ffi.harfbuzz_subset is not None else "fonttools"]
        if args.subsetter == "both" and names == ["harfbuzz"]:
            names.append("fonttools")
        tables = {}
        for name in names:
            subsetter(name)
            tables[name] = measure(by_lang, args.runs)

    print(
        f"WeasyPrint {weasyprint.__version__}; translation: {models}; "
        f"median and min of {args.runs} runs "
        "(Markdown + PDF, in memory).\n"
    )
    base = tables[names[0]]["brief", "en"]["median"]
    head = "| layout | lang | pages | layouts tried | PDF size | median ms | min ms | × en brief |"
    if len(names) > 1:
        head += " median ms, fontTools subsetter |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for case in CASES:
        r = tables[names[0]][case]
        layout, lang = case
        tag = f"en-{lang}" if layout == "bilingual" else lang
        row = (
            f"| {layout} | {tag} | {r['pages']} | {r['renders']} | {r['bytes'] / 1024:.0f} KB | "
            f"{r['median']:.0f} | {r['min']:.0f} | {r['median'] / base:.2f} |"
        )
        if len(names) > 1:
            row += f" {tables[names[1]][case]['median']:.0f} |"
        print(row)


if __name__ == "__main__":
    main()
