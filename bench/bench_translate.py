"""Benchmark the translate stage against raw CTranslate2 calls on a transformer-base model.

Usage: python bench/bench_translate.py [--runs 5] [--lang ko] [--memory] [--digest 20]

Real Argos models cannot be downloaded here, so the script builds a random-weight model with
the shapes of an Argos transformer-base package (6+6 layers, d_model 512, 8 heads, FFN 2048,
32k vocabulary, int8) and installs it as an Argos package in a temporary directory. Random
weights never emit end-of-sentence, so every sentence decodes to the cap, 1.5 × source + 10
pieces: the work is the same in every variant. Over the prose sentences of the sample brief
it prints the median of several runs of:

  (a) our translation stage: translate_brief() with a cold cache (sentence splitting,
      tokenizing, the batched pass in length sub-batches, the names pass, glossary
      post-editing); retries of degenerate output are off, since random weights make every
      output degenerate (it never stops) and a real model's rarely are;
  raw CTranslate2 over the same pre-tokenized sentences, in every layout of the cores
      (replicas × threads per replica), two ways: one translate_batch call with one length
      cap (the usual way), and length-sorted sub-batches with their own caps submitted side by
      side (the best one can do with translate_batch); the best of these is the floor;
  (c) one translate_batch call per sentence, every core on each call (as argostranslate does).

Targets: a / best raw <= 1.2 and c / a >= 3. `--digest 20` adds the digest-sized case: 20
briefs (about 640 sentences) translated in one pass by translate_many(), against the same raw
variants. With --memory it also runs `briefing build` for en, ko, ru (random-weight ko and ru
packages) and for en alone, each in a fresh process, and prints its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "vostochny-summit.txt"
CORPORA = [SAMPLE, *sorted((ROOT / "tests" / "translate" / "data").glob("corpus.*.txt"))]

LAYERS, D_MODEL, HEADS, FFN, VOCAB = 6, 512, 8, 2048, 32_000


# --------------------------------------------------------------------------- the model


def _random_spec(vocab: list[str], seed: int) -> Any:
    """Build a TransformerSpec with argos transformer-base shapes and random weights."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d = D_MODEL

    def rand(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) * 0.05).astype(np.float32)

    def norm(ln: Any) -> None:
        ln.gamma, ln.beta = np.ones(d, np.float32), np.zeros(d, np.float32)

    def linear(spec: Any, out_dim: int, in_dim: int) -> None:
        spec.weight, spec.bias = rand(out_dim, in_dim), np.zeros(out_dim, np.float32)

    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS)
    spec.encoder.embeddings[0].weight = rand(len(vocab), d)
    spec.decoder.embeddings.weight = rand(len(vocab), d)
    for stack in (spec.encoder, spec.decoder):
        norm(stack.layer_norm)
        for layer in stack.layer:
            norm(layer.self_attention.layer_norm)
            linear(layer.self_attention.linear[0], 3 * d, d)
            linear(layer.self_attention.linear[1], d, d)
            if hasattr(layer, "attention"):
                norm(layer.attention.layer_norm)
                linear(layer.attention.linear[0], d, d)
                linear(layer.attention.linear[1], 2 * d, d)
                linear(layer.attention.linear[2], d, d)
            norm(layer.ffn.layer_norm)
            linear(layer.ffn.linear_0, FFN, d)
            linear(layer.ffn.linear_1, d, FFN)
    linear(spec.decoder.projection, len(vocab), d)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8")
    return spec


def build_package(lang: str, dest: Path) -> Path:
    """Write translate-en_<lang> with a 32k vocabulary and random weights as an .argosmodel."""
    import io

    import sentencepiece as spm

    lines = [
        line.strip()
        for path in CORPORA
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sp_model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=sp_model,
        vocab_size=2000,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_proto=sp_model.getvalue())
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = pieces + [f"<extra_{i}>" for i in range(VOCAB - len(pieces))]
    name = f"translate-en_{lang}-bench"
    work = dest / name
    (work / "model").mkdir(parents=True, exist_ok=True)
    _random_spec(vocab, seed=len(lang)).save(str(work / "model"))
    meta = {
        "package_version": "0.0-random",
        "argos_version": "1.9",
        "type": "translate",
        "from_code": "en",
        "to_code": lang,
        "from_name": "English",
        "to_name": lang,
    }
    path = dest / f"{name}.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{name}/metadata.json", json.dumps(meta))
        zf.writestr(f"{name}/sentencepiece.model", sp_model.getvalue())
        for f in (work / "model").iterdir():
            zf.write(f, f"{name}/model/{f.name}")
    return path


# --------------------------------------------------------------------------- timing


def timed(func: Callable[[], Any], runs: int) -> list[float]:
    """Return the durations of `runs` calls in seconds."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def layouts(cores: int) -> list[tuple[int, int]]:
    """Return the replicas × threads layouts that use all `cores`: 1×cores ... cores×1."""
    return [(r, cores // r) for r in range(1, cores + 1) if cores % r == 0]


def raw_runs(model_dir: Path, tokens: list[list[str]], cores: int, beam: int) -> dict[str, Any]:
    """Return callables that translate `tokens` with raw CTranslate2, one per way and layout.

    Two ways, each in every layout: `one call` (all sentences in one translate_batch, one
    length cap: the usual way), and `sub-batches` (length-sorted sub-batches, one per replica
    at least, each with its own cap, all submitted costliest first before any is awaited: the
    best one can do with translate_batch). Every translator is loaded here, before any timing.
    """
    import ctranslate2

    from briefing.translate.engine import sub_batches
    from briefing.translate.guard import decoding_cap

    calls: dict[str, Any] = {}
    lengths = [len(x) for x in tokens]
    for replicas, inside in layouts(cores):
        translator = ctranslate2.Translator(
            str(model_dir),
            device="cpu",
            compute_type="int8",
            inter_threads=replicas,
            intra_threads=inside,
        )
        size = max(1, -(-len(tokens) // replicas))

        def one_call(t: Any = translator, size: int = min(32, size)) -> None:
            t.translate_batch(
                tokens,
                beam_size=beam,
                max_batch_size=size,
                max_decoding_length=max(decoding_cap(len(x)) for x in tokens),
            )

        def in_sub_batches(t: Any = translator, size: int = min(32, size)) -> None:
            pending = [
                t.translate_batch(
                    [tokens[i] for i in bucket],
                    beam_size=beam,
                    max_batch_size=size,
                    max_decoding_length=max(decoding_cap(len(tokens[i])) for i in bucket),
                    asynchronous=True,
                )
                for bucket in sub_batches(lengths, size)
            ]
            for results in pending:
                for r in results:
                    r.result()

        calls[f"one call, {replicas}×{inside}"] = one_call
        calls[f"sub-batches, {replicas}×{inside}"] = in_sub_batches
    return calls


def sample_brief() -> Any:
    """Compose the English brief of the sample article."""
    from briefing.compose import compose
    from briefing.config import Settings
    from briefing.pipeline import facts_for, read

    settings = Settings(langs=["en"])
    return compose(facts_for(read(SAMPLE, settings), settings))


# VmHWM, not ru_maxrss: Linux carries the forking parent's high-water mark into ru_maxrss
# across exec, and this parent holds a model in memory.
_MEASURE = """
import json, re, sys, time
from briefing.cli import main
start, code = time.perf_counter(), 0
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
with open("/proc/self/status") as fh:
    hwm = int(re.search(r"VmHWM:\\s+(\\d+) kB", fh.read()).group(1))
print(json.dumps({"rss": hwm / 1024, "code": code, "seconds": time.perf_counter() - start}),
      file=sys.stderr)
"""


def peak_rss(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run `briefing ARGS` in a fresh process; return its peak RSS (MB), exit code, seconds."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


VARIANTS = (
    "recent", "latest", "new", "main", "key", "former", "current", "major", "first", "same",
    "next", "last", "early", "late", "big", "small", "other", "second", "third", "final",
)  # fmt: skip


def variants(brief: Any, count: int) -> list[Any]:
    """Return `count` copies of `brief` whose prose differs ("the" → "the latest", ...)."""
    out = []
    for i in range(count):
        copy = brief.model_copy(deep=True, update={"slug": f"{brief.slug}-{i}"})
        for text in copy.texts():
            if text.kind == "prose":
                text.text = text.text.replace(" the ", f" the {VARIANTS[i % len(VARIANTS)]} ")
        out.append(copy)
    return out


def prose_tokens(engine: Any, briefs: list[Any]) -> list[list[str]]:
    """Return the distinct prose sentences of `briefs`, split and tokenized as the stage does."""
    from briefing.translate.sentences import split_sentences

    sentences = dict.fromkeys(
        s
        for brief in briefs
        for t in brief.texts()
        if t.kind == "prose"
        for s in split_sentences(t.text)
    )
    return [engine.encode(s) for s in sentences]


def compare(
    label: str,
    stage: Callable[[], Any],
    raw: dict[str, Callable[[], Any]],
    runs: int,
    extra: dict[str, Callable[[], Any]] | None = None,
) -> dict[str, float]:
    """Time the stage and every raw variant, interleaved; print the table; return medians."""
    variants_ = {"(a) translation stage, cold cache": stage, **raw, **(extra or {})}
    times: dict[str, list[float]] = {k: [] for k in variants_}
    for _ in range(runs):  # interleaved, so a busy machine slows every variant alike
        for name, func in variants_.items():
            times[name] += timed(func, 1)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{label}\n")
    print("| variant | median s | min s |")
    print("|---|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {med[name]:.3f} | {min(values):.3f} |")
    return med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="ko", choices=["ko", "ru"])
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--memory", action="store_true", help="Also measure peak RSS of builds.")
    parser.add_argument(
        "--digest",
        type=int,
        default=0,
        metavar="BRIEFS",
        help="Also the digest-sized case: BRIEFS briefs translated in one pass (20: ~640 "
        "sentences) against raw CTranslate2 on the same sentences.",
    )
    parser.add_argument("--digest-runs", type=int, default=1)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-translate-"))
    # Argos reads these at import: set them before anything imports argostranslate.
    env = {
        "ARGOS_PACKAGES_DIR": str(tmp / "packages"),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
    }
    os.environ.update(env)

    import ctranslate2

    from briefing.config import Settings, usable_cores
    from briefing.translate import packages, translate_brief, translate_many
    from briefing.translate.engine import replica_layout
    from briefing.translate.guard import decoding_cap
    from briefing.translate.stage import engine_for

    start = time.perf_counter()
    langs = ["ko", "ru"] if args.memory else [args.lang]
    for lang in langs:
        packages.install_file(build_package(lang, tmp))
    build_s = time.perf_counter() - start
    brief = sample_brief()
    cores = usable_cores()

    def settings() -> Settings:
        # Random weights never stop, so every output is degenerate and a retry would decode
        # every sentence again; a real model's outputs rarely are. Retries are off here.
        return Settings(
            cache_dir=Path(tempfile.mkdtemp(dir=tmp)),
            beam_size=args.beam_size,
            translation_retry=False,
        )

    engine = engine_for(args.lang, settings())
    start = time.perf_counter()
    translate_brief(brief, args.lang, settings())  # warm-up: loads the model, as a process does
    load_s = time.perf_counter() - start
    tokens = prose_tokens(engine, [brief])
    model_dir = engine.model.path / "model"
    raw = raw_runs(model_dir, tokens, cores, args.beam_size)
    usual = ctranslate2.Translator(
        str(model_dir), device="cpu", compute_type="int8", inter_threads=1, intra_threads=cores
    )

    def per_sentence() -> None:
        for t in tokens:
            usual.translate_batch(
                [t], beam_size=args.beam_size, max_decoding_length=decoding_cap(len(t))
            )

    cache = settings()
    translate_brief(brief, args.lang, cache)
    calls_before, passes_before = engine.stats.model_calls, engine.stats.passes

    print(f"# translate stage benchmark (en→{args.lang})\n")
    print(
        f"model: random weights, {LAYERS}+{LAYERS} layers, d_model {D_MODEL}, {HEADS} heads, "
        f"FFN {FFN}, vocab {VOCAB}, int8; CTranslate2 {ctranslate2.__version__}; "
        f"{cores} cores; beam {args.beam_size}; {len(tokens)} prose sentences "
        f"({sum(map(len, tokens))} source pieces); {args.runs} runs; "
        f"load average before timing: {os.getloadavg()[0]:.1f}; package build {build_s:.1f} s; "
        f"first translation incl. model load {load_s:.1f} s"
    )
    med = compare(
        "One brief (the sample's prose sentences):",
        lambda: translate_brief(brief, args.lang, settings()),
        raw,
        args.runs,
        {"(c) translate_batch per sentence, 1×cores": per_sentence},
    )
    calls_a = (engine.stats.model_calls - calls_before) // args.runs
    passes_a = (engine.stats.passes - passes_before) // args.runs
    warm = statistics.median(timed(lambda: translate_brief(brief, args.lang, cache), args.runs))
    a = a_one = med["(a) translation stage, cold cache"]
    best = min((v, k) for k, v in med.items() if k in raw)
    c = med["(c) translate_batch per sentence, 1×cores"]
    print(
        f"\n(a') translation stage, warm cache: {warm:.3f} s. The stage makes {passes_a} passes "
        f"(prose sentences, then names) in {calls_a} translate_batch calls; its layout: "
        f"{engine.layout[0]}×{engine.layout[1]} (rule: {replica_layout(cores, len(tokens))})."
    )
    print(
        f"a / best raw ({best[1]}) = {a / best[0]:.2f} (target <= 1.2: "
        f"{'ok' if a / best[0] <= 1.2 else 'MISSED'}); c / a = {c / a:.2f} (target >= 3: "
        f"{'ok' if c / a >= 3 else 'MISSED'})"
    )

    if args.digest:
        briefs = variants(brief, args.digest)
        many = prose_tokens(engine, briefs)
        raw_many = raw_runs(model_dir, many, cores, args.beam_size)
        med = compare(
            f"Digest-sized: {args.digest} briefs, {len(many)} prose sentences, one pass:",
            lambda: translate_many(briefs, args.lang, settings()),
            raw_many,
            args.digest_runs,
        )
        a = med["(a) translation stage, cold cache"]
        best = min((v, k) for k, v in med.items() if k in raw_many)
        print(
            f"\na / best raw ({best[1]}) = {a / best[0]:.2f} (target <= 1.2); "
            f"{len(many) / a:.1f} sentences/s (one brief: {len(tokens) / a_one:.1f}); "
            f"rule for {len(many)} sentences: {replica_layout(cores, len(many))}"
        )

    if args.memory:
        # A real `briefing build` (md + pdf) with the random ko and ru packages and retries on:
        # every sentence is decoded twice to its cap, the worst case for memory and time.
        run_env = {**os.environ, **env}
        print("\n| build (md + pdf), fresh process | peak RSS MB | seconds | exit |")
        print("|---|---:|---:|---:|")
        for build_langs in ("en,ko,ru", "en"):
            run_env["BRIEFING_CACHE_DIR"] = str(tmp / f"build-cache-{build_langs}")
            m = peak_rss(
                ["build", str(SAMPLE), "--out", str(tmp / "out"), "--lang", build_langs], run_env
            )
            print(f"| {build_langs} | {m['rss']:.0f} | {m['seconds']:.1f} | {m['code']} |")


if __name__ == "__main__":
    main()
