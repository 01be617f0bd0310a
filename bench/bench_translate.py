"""Benchmark the translate stage against raw CTranslate2 calls on a transformer-base model.

Usage: python bench/bench_translate.py [--runs 5] [--lang ko] [--memory]

Real Argos models cannot be downloaded here, so the script builds a random-weight model with
the shapes of an Argos transformer-base package (6+6 layers, d_model 512, 8 heads, FFN 2048,
32k vocabulary, int8) and installs it as an Argos package in a temporary directory. Random
weights never emit end-of-sentence, so every sentence decodes to the cap, 1.5 × source + 10
pieces: the work is the same in every variant. Over the prose sentences of the sample brief
it prints the median of several runs of:

  (a) our translation stage: translate_brief() with a cold cache (sentence splitting,
      tokenizing, the batched pass in length sub-batches, the guard, the names pass, glossary
      post-editing); retries of degenerate output are off, since random weights make every
      output degenerate (it never stops) and a real model's rarely are;
  (b) raw translate_batch over the same pre-tokenized sentences in one call: the floor;
  (c) one translate_batch call per sentence.

(b) and (c) use CTranslate2 the usual way, one translator with every core on each call
(inter_threads=1, intra_threads=cores, as argostranslate does); (a) uses the engine's own
translator, one single-thread replica per core, each running its own length sub-batch.

Targets: a/b <= 1.2 and c/a >= 3. With --memory it also runs `briefing build` for en, ko, ru
(random-weight ko and ru packages) and for en alone, each in a fresh process, and prints its
peak RSS.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="ko", choices=["ko", "ru"])
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--memory", action="store_true", help="Also measure peak RSS of builds.")
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

    from briefing.config import Settings, usable_cores
    from briefing.translate import packages, translate_brief
    from briefing.translate.guard import decoding_cap
    from briefing.translate.sentences import split_sentences
    from briefing.translate.stage import engine_for

    start = time.perf_counter()
    langs = ["ko", "ru"] if args.memory else [args.lang]
    for lang in langs:
        packages.install_file(build_package(lang, tmp))
    build_s = time.perf_counter() - start
    brief = sample_brief()

    def settings() -> Settings:
        return Settings(cache_dir=Path(tempfile.mkdtemp(dir=tmp)), beam_size=args.beam_size)

    engine = engine_for(args.lang, settings())
    engine.retry = False  # random weights never stop: a retry would decode every sentence again
    start = time.perf_counter()
    translate_brief(
        brief, args.lang, settings()
    )  # warm-up: loads the model once, as a process does
    load_s = time.perf_counter() - start

    sentences = list(
        dict.fromkeys(
            s for t in brief.texts() if t.kind == "prose" for s in split_sentences(t.text)
        )
    )
    tokens = [engine.encode(s) for s in sentences]
    options = {
        "beam_size": args.beam_size,
        "max_batch_size": engine.batch_size,
        "replace_unknowns": True,
    }
    import ctranslate2

    translator = ctranslate2.Translator(
        str(engine.model.path / "model"),
        device="cpu",
        compute_type=engine.compute_type,
        inter_threads=1,
        intra_threads=usable_cores(),
    )

    def run_a() -> None:
        translate_brief(brief, args.lang, settings())

    def run_b() -> None:
        translator.translate_batch(
            tokens, max_decoding_length=max(decoding_cap(len(t)) for t in tokens), **options
        )

    def run_c() -> None:
        for t in tokens:
            translator.translate_batch([t], max_decoding_length=decoding_cap(len(t)), **options)

    cache = settings()
    translate_brief(brief, args.lang, cache)
    calls_before, passes_before = engine.stats.model_calls, engine.stats.passes
    a: list[float] = []
    b: list[float] = []
    c: list[float] = []
    for _ in range(args.runs):  # interleaved, so a busy machine slows every variant alike
        a += timed(run_a, 1)
        b += timed(run_b, 1)
        c += timed(run_c, 1)
    calls_a = (engine.stats.model_calls - calls_before) // args.runs
    passes_a = (engine.stats.passes - passes_before) // args.runs
    a_warm = timed(lambda: translate_brief(brief, args.lang, cache), args.runs)
    med = {k: statistics.median(v) for k, v in {"a": a, "a_warm": a_warm, "b": b, "c": c}.items()}

    print(f"# translate stage benchmark (en→{args.lang})\n")
    print(
        f"model: random weights, {LAYERS}+{LAYERS} layers, d_model {D_MODEL}, {HEADS} heads, "
        f"FFN {FFN}, vocab {VOCAB}, int8; CTranslate2 {ctranslate2.__version__}; "
        f"{os.cpu_count()} cores; beam {args.beam_size}; {len(sentences)} prose sentences "
        f"({sum(map(len, tokens))} source pieces); {args.runs} runs"
    )
    print(
        f"load average before timing: {os.getloadavg()[0]:.1f}; "
        f"package build {build_s:.1f} s; first translation incl. model load {load_s:.1f} s; "
        f"(a) makes {passes_a} passes (prose sentences, then names) in {calls_a} "
        "translate_batch calls (length sub-batches) per run\n"
    )
    print("| variant | median s | min s |")
    print("|---|---:|---:|")
    rows = [
        ("(a) translation stage, cold cache", "a", a),
        ("(b) raw translate_batch, one call", "b", b),
        ("(c) translate_batch per sentence", "c", c),
        ("(a') translation stage, warm cache", "a_warm", a_warm),
    ]
    for label, key, values in rows:
        print(f"| {label} | {med[key]:.3f} | {min(values):.3f} |")
    ab, ca = med["a"] / med["b"], med["c"] / med["a"]
    print(f"\na/b = {ab:.2f} (target <= 1.2: {'ok' if ab <= 1.2 else 'MISSED'})")
    print(f"c/a = {ca:.2f} (target >= 3: {'ok' if ca >= 3 else 'MISSED'})")

    if args.memory:
        # A real `briefing build` (md + pdf) with the random ko and ru packages and retries on:
        # every sentence is decoded twice to its cap, the worst case for memory and time.
        run_env = {**os.environ, **env}
        print("\n| build (md + pdf), fresh process | peak RSS MB | seconds | exit |")
        print("|---|---:|---:|---:|")
        for langs in ("en,ko,ru", "en"):
            run_env["BRIEFING_CACHE_DIR"] = str(tmp / f"build-cache-{langs}")
            m = peak_rss(
                ["build", str(SAMPLE), "--out", str(tmp / "out"), "--lang", langs], run_env
            )
            print(f"| {langs} | {m['rss']:.0f} | {m['seconds']:.1f} | {m['code']} |")


if __name__ == "__main__":
    main()
