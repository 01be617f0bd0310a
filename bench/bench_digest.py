"""Digest throughput: articles per minute, CPU and memory, by languages and workers.

Usage: python bench/bench_digest.py [--runs 3] [--articles 20] [--langs "en;en,ko,ru"]
                                    [--format md,pdf] [--model bench|tiny] [--baseline TREE]

Each run is a whole `briefing digest` process on a fresh state and output directory, as a
scheduled run is: start-up, feed fetch, page fetches (half the items are teasers whose pages
are fetched), extraction, composition, translation, rendering, the digest itself, and the
worker start-up with its model loading. For each language set and 1 and 2 workers it prints
the median wall time, articles per minute, CPU / wall, and the peak memory of the whole process
tree (the digest process and every descendant; RSS sampled every 0.1 s, PSS every second):
the sum of RSS, which counts a page shared by two processes twice, and the sum of PSS, which
shares it out and so adds up to the memory the tree really holds. The sampler's own CPU time
is printed too: it runs beside the digest on the same cores.

The floor of a translated digest is the English-only digest (same articles, 2 workers) plus
raw CTranslate2 on all of its stories' prose sentences, for each target language, in the best
layout of replicas × threads (bench/bench_translate.py's raw variants), measured in the same
run; the three-language digest should take at most 1.25 × that. `--baseline TREE` also runs
the three-language digest from another source tree (e.g. a worktree of an older commit), for
a before/after figure.

Translation runs on a model built offline: `bench` (default) uses the transformer-base-shaped
random model of bench/bench_translate.py, `tiny` the tiny copy model of the tests. Random
weights never stop, so every output is degenerate: the runs set translation_retry = false
(a real model's outputs rarely need the retry; the floor has none either).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from briefing.models import Article

ROOT = Path(__file__).resolve().parent.parent
# Copies of the fixture articles differ in most sentences, so the translation cache cannot
# turn 50 articles into 5.
_VARIANTS = [
    "recent",
    "latest",
    "new",
    "main",
    "key",
    "former",
    "current",
    "major",
    "first",
    "same",
]


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


EVAL_DIR = ROOT.parent / "shared" / "eval"
STORIES = ROOT / "tests" / "stories" / "data"


def distinct_articles(fs: ModuleType) -> list[Article]:
    """Return articles that each tell a story of their own.

    The digest groups articles into stories and briefs each story once, so copies of one
    article would make one brief, not several. These are the dev articles (17 different
    stories), else the feed-server fixtures, plus one article of each story of the labelled
    set in tests/stories/data.
    """
    from briefing.ingest import read_article

    paths = sorted(EVAL_DIR.glob("*.txt")) if EVAL_DIR.is_dir() else []
    base = [read_article(p) for p in paths] or fs.fixture_articles()
    labels: dict[str, str] = json.loads((STORIES / "groups.json").read_text(encoding="utf-8"))
    firsts = {story: name for name, story in sorted(labels.items(), reverse=True)}
    return base + [read_article(STORIES / name) for name in sorted(firsts.values())]


def serve_articles(count: int):  # type: ignore[no-untyped-def]
    """Start the feed server with `count` articles; return it and how many stories they tell.

    Half the articles have their full text in the feed, half are teasers whose page is
    fetched. Beyond the distinct articles there are, copies with a word changed fill the
    count; the digest makes one story of an article and its copies.
    """
    fs = _load(ROOT / "tests" / "digest" / "feedserver.py", "bench_feedserver")
    base = distinct_articles(fs)
    server = fs.FeedServer().start()
    entries = []
    for i in range(count):
        a = base[i % len(base)]
        variant = _VARIANTS[(i // len(base)) % len(_VARIANTS)]
        if i >= len(base):
            a = a.model_copy(update={"text": a.text.replace(" the ", f" the {variant} ")})
        copy = a.model_copy(update={"title": f"{a.title or a.text[:50]} ({i + 1})"})
        server.routes[f"/story/{i}"] = fs.Static(fs.article_page(copy))
        entries.append(
            fs.entry_for(copy, server.url(f"/story/{i}"), guid=f"urn:bench:{i}", full=i % 2 == 0)
        )
    server.routes["/feed"] = fs.Static(fs.rss(entries, "Benchmark feed"), "application/rss+xml")
    return server, min(count, len(base))


def install_model(kind: str, langs: list[str], root: Path) -> str:
    """Install a translation model for `langs` into a temporary Argos directory; describe it."""
    targets = tuple(lang for lang in langs if lang != "en")
    if kind == "bench":
        # Argos reads these at import; the digest subprocesses inherit them.
        os.environ.update(
            {
                "ARGOS_PACKAGES_DIR": str(root / "packages"),
                "XDG_DATA_HOME": str(root / "data"),
                "XDG_CACHE_HOME": str(root / "xdg-cache"),
                "XDG_CONFIG_HOME": str(root / "config"),
                "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
            }
        )
        bt = _load(ROOT / "bench" / "bench_translate.py", "bench_translate")
        from briefing.translate import packages

        for lang in targets:
            packages.install_file(bt.build_package(lang, root))
        return (
            "random-weight transformer-base model of bench/bench_translate.py "
            "(decodes every sentence to its length cap; retries off)"
        )
    sys.path.insert(0, str(ROOT / "tests"))
    from translate import tinyargos  # type: ignore[import-not-found]

    tinyargos.install_tiny_packages(root, targets)
    return "tiny copy model of tests/translate/tinyargos.py"


def _tree(pid: int) -> list[int]:
    """Return `pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(x) for x in (task / "children").read_text().split()]
    return found


def _rss(pids: list[int]) -> float:
    """Return the summed RSS of `pids`, in MB (processes that ended count 0)."""
    pages = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            pages += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * PAGE / 2**20


def _pss(pids: list[int]) -> float:
    """Return the summed PSS of `pids`, in MB (processes that ended count 0)."""
    kb = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            kb += int(rollup.split("\nPss:")[1].split()[0])
    return kb / 1024


PAGE = os.sysconf("SC_PAGE_SIZE")
# How often the sampler looks. Reading smaps_rollup walks a process's page tables under its
# memory lock: on one process holding a translation model a look took 12 ms of CPU, a quarter
# of a core when done every 50 ms, and a digest's tree holds up to five such processes on a
# 2-core machine, so the sampler slowed the very digest it timed. RSS (statm, a counter) is
# cheap; PSS and the process tree are read once a second, since the tree's memory grows in
# steps (a model load, a worker start) that last far longer than that.
RSS_EVERY = 0.1
PSS_EVERY = 1.0


@dataclass
class Run:
    """One digest run: its times, its peak memory, and the English briefs it wrote."""

    wall: float
    cpu: float
    briefed: int
    peak_rss: float
    peak_pss: float
    englishes: list[str]
    sampler: float  # CPU seconds the memory sampler took, beside the digest


def one_run(
    feed: str,
    workers: int,
    langs: list[str],
    formats: list[str],
    work: Path,
    tree: Path | None = None,
) -> Run:
    """Run `briefing digest` with `workers` on a fresh state, as a user would.

    `tree` runs the digest from another source tree (PYTHONPATH) instead of this one.
    """
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        cmd = [
            sys.executable,
            "-m",
            "briefing",
            "digest",
            feed,
            "--state",
            f"{tmp}/state.sqlite3",
            "--out",
            f"{tmp}/out",
            "--lang",
            ",".join(langs),
            "--format",
            ",".join(formats),
            "--workers",
            str(workers),
            "--max-items",
            "1000",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
        env["BRIEFING_CACHE_DIR"] = f"{tmp}/cache"  # a cold translation cache for every run
        env["BRIEFING_TRANSLATION_RETRY"] = "false"  # see the module docstring
        if tree is not None:
            env["PYTHONPATH"] = str(tree)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        peak_rss = peak_pss = 0.0
        sampler = time.process_time()
        pids, last_look = [proc.pid], 0.0
        while proc.poll() is None:
            if time.perf_counter() - last_look >= PSS_EVERY:
                pids, last_look = _tree(proc.pid), time.perf_counter()
                peak_pss = max(peak_pss, _pss(pids))
            peak_rss = max(peak_rss, _rss(pids))
            time.sleep(RSS_EVERY)
        elapsed = time.perf_counter() - start
        sampler = time.process_time() - sampler
        _, err = proc.communicate()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark run failed (exit {proc.returncode}): {err.strip()}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        briefed = len(list(Path(tmp, "out").glob(f"*/*.{langs[0]}.md")))
        with sqlite3.connect(f"{tmp}/state.sqlite3") as db:
            englishes = [r[0] for r in db.execute("SELECT brief FROM briefs WHERE lang = 'en'")]
        return Run(elapsed, cpu, briefed, peak_rss, peak_pss, englishes, sampler)


def _burn(n: int) -> float:
    start = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - start


def machine_scaling(n: int = 10_000_000) -> float:
    """Return how much faster two processes do two equal pure-CPU jobs than one process does.

    2.0 means both cores are free; on a shared machine other load shows here first, and the
    digest's speed-up cannot exceed it.
    """
    import multiprocessing

    start = time.perf_counter()
    _burn(n)
    _burn(n)
    one = time.perf_counter() - start
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [1000, 1000])  # start-up outside the timing
        start = time.perf_counter()
        pool.map(_burn, [n, n])
        two = time.perf_counter() - start
    return one / two


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument(
        "--langs", default="en;en,ko,ru", help="language sets, separated by ';' [en;en,ko,ru]"
    )
    parser.add_argument("--format", default="md,pdf")
    parser.add_argument("--model", choices=["tiny", "bench"], default="bench")
    parser.add_argument("--raw-runs", type=int, default=1, help="runs of each raw variant")
    parser.add_argument(
        "--baseline", type=Path, help="also run the last language set from this source tree"
    )
    args = parser.parse_args()
    sets = [x.split(",") for x in args.langs.split(";") if x]
    formats = args.format.split(",")

    work = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    try:
        measure(args, sets, formats, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def raw_floor(englishes: list[str], langs: list[str], runs: int) -> dict[str, tuple[float, str]]:
    """Time raw CTranslate2 on the stories' prose sentences; {lang: (best seconds, layout)}."""
    bt = _load(ROOT / "bench" / "bench_translate.py", "bench_translate")
    from briefing.config import Settings, usable_cores
    from briefing.models import Brief
    from briefing.translate.stage import engine_for

    briefs = [Brief.model_validate_json(text) for text in englishes]
    out = {}
    for lang in langs:
        engine = engine_for(lang, Settings())
        tokens = bt.prose_tokens(engine, briefs)
        raw = bt.raw_runs(engine.model.path / "model", tokens, usable_cores(), 2)
        # One call with one cap is always slower here than length sub-batches: time only those.
        best = min(
            (statistics.median(bt.timed(func, runs)), name)
            for name, func in raw.items()
            if name.startswith("sub-batches")
        )
        out[lang] = best
    return out


def measure(
    args: argparse.Namespace, sets: list[list[str]], formats: list[str], work: Path
) -> None:
    """Serve the articles, run the digests and print the tables."""
    targets = sorted({lang for langs in sets for lang in langs if lang != "en"})
    model = install_model(args.model, ["en", *targets], work / "argos") if targets else "none"
    server, stories = serve_articles(args.articles)
    feed = server.url("/feed")
    one_run(feed, 1, ["en"], formats, work)  # warm-up: fontconfig and disk caches
    load_before = os.getloadavg()[0]

    runs: dict[tuple[str, int], list[Run]] = {}
    scaling: list[float] = []
    for _ in range(args.runs):
        scaling.append(machine_scaling())
        for langs in sets:
            for workers in (1, 2):  # interleaved, so drift hits every variant alike
                run = one_run(feed, workers, langs, formats, work)
                assert run.briefed == stories, f"{run.briefed} briefs, {stories} stories"
                runs.setdefault((",".join(langs), workers), []).append(run)
    baseline = None
    if args.baseline is not None:
        try:
            baseline = one_run(feed, 2, sets[-1], formats, work, tree=args.baseline)
        except SystemExit as failed:  # keep the figures measured so far
            print(f"baseline from {args.baseline} failed: {failed}", file=sys.stderr)
    english = runs.get(("en", 2))
    floor = raw_floor(english[0].englishes, targets, args.raw_runs) if english and targets else {}
    server.stop()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"{args.articles} articles ({stories} stories), formats {','.join(formats)}, "
        f"translation model: {model}; "
        f"{cores} cores; median of {args.runs} runs; load average {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after"
    )
    print()
    print(
        "| languages | workers | median s | articles/min | CPU / wall "
        "| peak RSS, tree (MB) | peak PSS, tree (MB) | sampler CPU s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    med: dict[tuple[str, int], float] = {}
    rss: dict[tuple[str, int], float] = {}
    pss: dict[tuple[str, int], float] = {}
    for (named, workers), rs in runs.items():
        med[named, workers] = statistics.median(r.wall for r in rs)
        rss[named, workers] = statistics.median(r.peak_rss for r in rs)
        pss[named, workers] = statistics.median(r.peak_pss for r in rs)
        cpu = statistics.median(r.cpu / r.wall for r in rs)
        print(
            f"| {named} | {workers} | {med[named, workers]:.1f} "
            f"| {args.articles / med[named, workers] * 60:.1f} | {cpu:.2f} "
            f"| {rss[named, workers]:.0f} | {pss[named, workers]:.0f} "
            f"| {statistics.median(r.sampler for r in rs):.1f} |"
        )
    print()
    for named in sorted({k for k, _ in med}):
        if (named, 1) in med and (named, 2) in med:
            print(
                f"{named}: 2 workers over 1: {med[named, 1] / med[named, 2]:.2f}x faster; "
                f"peak memory of the tree {rss[named, 2] / rss[named, 1]:.2f}x RSS, "
                f"{pss[named, 2] / pss[named, 1]:.2f}x PSS (target <= 1.2)"
            )
    if floor and english:
        full = ",".join(sets[-1])
        raw_total = sum(seconds for seconds, _ in floor.values())
        bound = med["en", 2] + raw_total
        print()
        print(
            "floor: English-only digest (2 workers) "
            f"{med['en', 2]:.1f} s + raw CTranslate2 on its prose sentences "
            + " + ".join(f"{lang} {sec:.1f} s ({name})" for lang, (sec, name) in floor.items())
            + f" = {bound:.1f} s"
        )
        print(
            f"{full} digest, 2 workers: {med[full, 2]:.1f} s = {med[full, 2] / bound:.2f} x the "
            "floor (target <= 1.25)"
        )
        if baseline is not None:
            print(
                f"the same digest from {args.baseline}: {baseline.wall:.1f} s "
                f"= {baseline.wall / bound:.2f} x the floor; peak PSS {baseline.peak_pss:.0f} MB"
            )
    print(
        f"machine check, two pure-CPU processes over one (the ceiling for any speed-up here): "
        f"median {statistics.median(scaling):.2f}x, runs {', '.join(f'{x:.2f}' for x in scaling)}"
    )


if __name__ == "__main__":
    main()
