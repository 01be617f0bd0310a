"""Throughput of the web desk against the CLI: English briefs of the sample, Markdown + PDF.

Usage: python bench/bench_serve.py [--articles 10] [--runs 3] [--workers 2]

Per run, on fresh folders: (a) the CLI, one `briefing build` process per article, as a script
would call it; (b) the CLI, one process building every article (models loaded once: the CLI's
best rate); (c) a running `briefing serve` (started and warmed up before the clock starts, as
a desk that stays up), sent every article at once over its JSON API, timed until the last job
is done. Prints the median seconds and briefs per minute of each, and (c)'s rate against (a)
and (b); the target is (c) ≥ 80 % of (b). Numbers are noisy on a shared machine: compare the
ratios, which are measured in the same run.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "vostochny-summit.txt"
sys.path.insert(0, str(ROOT / "tests"))
from serve.server import server_env, start_server, wait_until  # noqa: E402  (tests/ just added)

FORMATS = '["md","pdf"]'


def cli_per_process(root: Path, articles: list[Path]) -> float:
    env = server_env(root, BRIEFING_FORMATS=FORMATS)
    start = time.perf_counter()
    for article in articles:
        cmd = [sys.executable, "-m", "briefing", "build", str(article), "--out", str(root / "out")]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def cli_batch(root: Path, articles: list[Path]) -> float:
    env = server_env(root, BRIEFING_FORMATS=FORMATS)
    cmd = [
        sys.executable,
        "-m",
        "briefing",
        "build",
        *map(str, articles),
        "--out",
        str(root / "out"),
    ]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def served(root: Path, texts: list[str], workers: int) -> float:
    srv = start_server(root, "--workers", str(workers), BRIEFING_FORMATS=FORMATS)
    try:
        with httpx.Client(base_url=srv.base, timeout=60) as http:

            def run(batch: list[str]) -> None:
                with cf.ThreadPoolExecutor(len(batch)) as pool:
                    ids = list(
                        pool.map(
                            lambda t: http.post("/api/briefs", json={"text": t}).json()["id"], batch
                        )
                    )

                def done() -> bool:
                    states = [http.get(f"/api/jobs/{i}").json()["status"] for i in ids]
                    if "failed" in states:
                        raise RuntimeError("a job failed")
                    return all(s == "done" for s in states)

                wait_until(done, timeout=1800, interval=0.1, what="the jobs")

            run(texts[:1])  # warm-up: models loaded, fonts found, as in a desk that stays up
            start = time.perf_counter()
            run(texts)
            return time.perf_counter() - start
    finally:
        srv.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="the server's builders")
    args = parser.parse_args()

    text = SAMPLE.read_text(encoding="utf-8")
    texts = [text.replace("Wednesday", f"Wednesday ({i})", 1) for i in range(args.articles)]
    times: dict[str, list[float]] = {"per-process": [], "batch": [], "serve": []}
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
            root = Path(tmp)
            articles = []
            for i, t in enumerate(texts):
                path = root / f"article-{i}.txt"
                path.write_text(t, encoding="utf-8")
                articles.append(path)
            times["per-process"].append(cli_per_process(root / "a", articles))
            times["batch"].append(cli_batch(root / "b", articles))
            times["serve"].append(served(root / "c", texts, args.workers))
        print(
            f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()),
            flush=True,
        )

    n = args.articles
    rate = {k: n / statistics.median(v) * 60 for k, v in times.items()}
    print(
        f"\n{n} English briefs (md + pdf) of the sample, median of {args.runs} runs, "
        f"server with {args.workers} builders:\n"
    )
    print("| variant | median s | briefs/min |")
    print("|---|---:|---:|")
    names = {
        "per-process": "CLI, one `briefing build` per article",
        "batch": "CLI, one `briefing build` for all",
        "serve": "`briefing serve`, all posted at once",
    }
    for key, values in times.items():
        print(f"| {names[key]} | {statistics.median(values):.1f} | {rate[key]:.1f} |")
    print(
        f"\nserve / CLI batch = {rate['serve'] / rate['batch']:.2f} (target ≥ 0.80); "
        f"serve / CLI per process = {rate['serve'] / rate['per-process']:.2f}"
    )


if __name__ == "__main__":
    main()
