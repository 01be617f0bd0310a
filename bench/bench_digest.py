"""Digest throughput: 50 articles served locally, articles per minute with 1 and 2 workers.

Usage: python bench/bench_digest.py [--runs 3] [--articles 50] [--lang en] [--format md,pdf]
                                    [--model bench|tiny]

Each run is a whole `briefing digest` process on a fresh state and output directory, as a
scheduled run is: start-up, feed fetch, page fetches (half the items are teasers whose pages
are fetched), extraction, composition, translation, rendering, the digest itself, and the
worker start-up with its model loading.
Prints a Markdown table with the median and min over the runs, and the speed-up of two workers
over one measured in the same process (target: >= 1.7).

Translation (when --lang has ko or ru) runs on a model built offline: `bench` (default) uses
the transformer-base-shaped random model of bench/bench_translate.py, `tiny` the tiny copy
model of the tests (tests/translate/tinyargos.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

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


def serve_articles(count: int):  # type: ignore[no-untyped-def]
    """Start the feed server with `count` articles: half full text in the feed, half teasers."""
    fs = _load(ROOT / "tests" / "digest" / "feedserver.py", "bench_feedserver")
    base = fs.fixture_articles()
    server = fs.FeedServer().start()
    entries = []
    for i in range(count):
        a = base[i % len(base)]
        variant = _VARIANTS[(i // len(base)) % len(_VARIANTS)]
        copy = a.model_copy(
            update={
                "text": a.text.replace(" the ", f" the {variant} "),
                "title": f"{a.title or a.text[:50]} ({i + 1})",
            }
        )
        server.routes[f"/story/{i}"] = fs.Static(fs.article_page(copy))
        entries.append(
            fs.entry_for(copy, server.url(f"/story/{i}"), guid=f"urn:bench:{i}", full=i % 2 == 0)
        )
    server.routes["/feed"] = fs.Static(fs.rss(entries, "Benchmark feed"), "application/rss+xml")
    return server


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
            "(decodes every sentence to its length cap; "
            "the guard then retries and keeps the English)"
        )
    sys.path.insert(0, str(ROOT / "tests"))
    from translate import tinyargos  # type: ignore[import-not-found]

    tinyargos.install_tiny_packages(root, targets)
    return "tiny copy model of tests/translate/tinyargos.py"


def one_run(
    feed: str, workers: int, langs: list[str], formats: list[str], work: Path
) -> tuple[float, float, int]:
    """Run `briefing digest` with `workers` on a fresh state, as a user would.

    Return its wall time, the CPU time of the process and its workers (s), and the stories briefed.
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
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(
                f"benchmark run failed (exit {proc.returncode}): {proc.stderr.strip()}"
            )
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        briefs = len(list(Path(tmp, "out").glob(f"*/*.{langs[0]}.md")))
        return elapsed, cpu, briefs


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
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--format", default="md,pdf")
    parser.add_argument("--model", choices=["tiny", "bench"], default="bench")
    args = parser.parse_args()
    langs = args.lang.split(",")
    formats = args.format.split(",")

    work = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    try:
        measure(args, langs, formats, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, langs: list[str], formats: list[str], work: Path) -> None:
    """Serve the articles, run the digests and print the table."""
    model = "none"
    if any(lang != "en" for lang in langs):
        model = install_model(args.model, langs, work / "argos")
    server = serve_articles(args.articles)
    feed = server.url("/feed")
    one_run(feed, 1, ["en"], formats, work)  # warm-up: fontconfig and disk caches
    load_before = os.getloadavg()[0]

    times: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    scaling: list[float] = []
    for _ in range(args.runs):
        scaling.append(machine_scaling())
        for workers in (1, 2):  # interleaved, so drift hits both alike
            elapsed, cpu_s, briefed = one_run(feed, workers, langs, formats, work)
            assert briefed == args.articles, briefed
            times[workers].append(elapsed)
            cpu[workers].append(cpu_s)
    server.stop()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"{args.articles} articles, languages {','.join(langs)}, formats {','.join(formats)}, "
        f"translation model: {model}; {cores} cores; median of {args.runs} runs; "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    print()
    print("| workers | median s | min s | articles/min (median) | CPU s (median) | CPU / wall |")
    print("|---:|---:|---:|---:|---:|---:|")
    for workers, ts in times.items():
        med, cpu_med = statistics.median(ts), statistics.median(cpu[workers])
        print(
            f"| {workers} | {med:.1f} | {min(ts):.1f} | {args.articles / med * 60:.1f} "
            f"| {cpu_med:.1f} | {cpu_med / med:.2f} |"
        )
    speedup = statistics.median(times[1]) / statistics.median(times[2])
    print()
    print(
        f"speed-up, 2 workers over 1: {speedup:.2f}x (target >= 1.7); best runs: "
        f"{min(times[1]) / min(times[2]):.2f}x"
    )
    print(
        f"machine check, two pure-CPU processes over one (the ceiling for any speed-up here): "
        f"median {statistics.median(scaling):.2f}x, runs {', '.join(f'{x:.2f}' for x in scaling)}"
    )
    print(
        "CPU / wall near 2 with two workers means both cores were ours; other load on the machine "
        "shows as a lower value."
    )


if __name__ == "__main__":
    main()
