"""Run an installed Argos package directly with CTranslate2: batched, cached, guarded.

argostranslate.translate is not used: every one of its sentence splitters downloads a model
at run time, and it translates paragraph by paragraph. Here the caller passes plain sentences
and the whole list goes to the model in one batched pass: sorted by length and cut into
sub-batches (one `translate_batch` call each, usually a handful per brief), never one call
per sentence. The sub-batches run side by side, one per core.
"""

from __future__ import annotations

import ctypes
import json
from dataclasses import dataclass
from typing import Any

from ..config import usable_cores
from ..errors import BriefingError, ExitCode, ModelMissingError
from .cache import TranslationCache, cache_key
from .guard import GUARD_VERSION, decoding_cap, degenerate
from .packages import InstalledModel, require_model

# Loaded CTranslate2 translators, kept for the life of the process (loading costs ~1 s for a
# real package); keyed by package path, version, device, compute type and replica layout.
_TRANSLATORS: dict[tuple[str, str, str, str, int, int], Any] = {}
# A sub-batch smaller than this wastes its replica. Measured on 16 cores (random-weight
# transformer-base, int8, beam 2; sentences per second by replicas × threads): 40 sentences ran
# fastest as 8 × 2 (70.9; 16 × 1 gave 59.9, 4 × 4 53.3), 640 sentences as 16 × 1 (78.2;
# 8 × 2 gave 57.2). One replica per 5 sentences, up to one per core, picks both.
MIN_SUB_BATCH = 5
# What each device computes in when the compute_type setting is left unset.
DEFAULT_COMPUTE = {"cpu": "int8", "cuda": "int8_float16"}


def replica_layout(cores: int, segments: int) -> tuple[int, int]:
    """Return (replicas, threads per replica) for translating `segments` on `cores` cores.

    One replica per MIN_SUB_BATCH segments, up to one per core; the cores left over go inside
    the replicas. Each replica holds its own working buffers (about 40 MB for a
    transformer-base package) but shares the weights.
    """
    replicas = max(1, min(cores, -(-segments // MIN_SUB_BATCH)))
    return replicas, max(1, cores // replicas)


@dataclass(frozen=True)
class Translation:
    """The result for one segment."""

    text: str
    untranslated: bool = False  # the English kept because every decoding was degenerate
    cached: bool = False


@dataclass
class EngineStats:
    """The work an engine did: how batching turned sentences into model calls.

    `bench/bench_translate.py` reports these beside its timings, and the tests check batching
    by them (40 sentences with batch_size 32 are two model calls, not forty).
    """

    passes: int = 0  # batched passes over a list of segments
    model_calls: int = 0  # translate_batch calls, one per length sub-batch
    model_segments: int = 0  # segments sent to the model, retries included


class Engine:
    """Translate plain sentences with one installed package."""

    def __init__(
        self,
        model: InstalledModel,
        *,
        beam_size: int = 2,
        batch_size: int = 32,
        threads: int = 0,
        compute_type: str | None = None,
        device: str = "cpu",
        retry: bool = True,
    ) -> None:
        self.model = model
        self.beam_size = beam_size
        self.batch_size = batch_size
        self.threads = threads
        self.device = device
        self.compute_type = compute_type or DEFAULT_COMPUTE[device]
        # Replicas × threads, chosen by the first pass that reaches the model (see
        # replica_layout) and kept: the translator is loaded once.
        self.layout: tuple[int, int] | None = None
        # Retry degenerate outputs with other decoding (see `guard`). A model that never stops,
        # such as the benchmark's random weights, would retry every sentence.
        self.retry = retry
        self.stats = EngineStats()
        self._tokenizer: Any = None

    @property
    def cores(self) -> int:
        """Return the CPU threads this engine may use: the setting, else one per usable core."""
        return self.threads or usable_cores()

    @property
    def workers(self) -> int:
        """Return how many sub-batches run at once: the replicas of the chosen layout."""
        return self.layout[0] if self.layout else 1

    @property
    def signature(self) -> str:
        """Identify everything that changes the output: package, version, decoding, guard."""
        return json.dumps(
            [self.model.name, self.model.version, self.beam_size, self.compute_type, GUARD_VERSION]
        )

    # ----------------------------------------------------------------- model and tokenizer

    def translator(self, segments: int) -> Any:
        """Return the CTranslate2 translator; the first call loads it, sized for `segments`."""
        if self.layout is None:
            # On a GPU, replicas would only queue on the one device: one replica, no threads.
            self.layout = replica_layout(self.cores, segments) if self.device == "cpu" else (1, 1)
        replicas, inside = self.layout
        key = (
            str(self.model.path),
            self.model.version,
            self.device,
            self.compute_type,
            replicas,
            inside,
        )
        if key not in _TRANSLATORS:
            import ctranslate2

            try:
                # Replicas share the weights; each runs its own sub-batch, and sub-batches of a
                # few sentences make small matrices, which a core each uses better than all
                # cores on every matrix (bench_translate --layouts).
                _TRANSLATORS[key] = ctranslate2.Translator(
                    str(self.model.path / "model"),
                    device=self.device,
                    compute_type=self.compute_type,
                    inter_threads=replicas,
                    intra_threads=inside,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ModelMissingError(
                    f"cannot load translation model {self.model.name} ({self.model.path}): "
                    f"{reason}; reinstall it with: briefing models install {self.model.to_code}"
                ) from None
        return _TRANSLATORS[key]

    def _load_tokenizer(self) -> Any:
        if self._tokenizer is None:
            path = self.model.tokenizer
            if path.name == "sentencepiece.model":
                import sentencepiece

                self._tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(path))
            else:
                from argostranslate.tokenizer import BPETokenizer

                self._tokenizer = BPETokenizer(path, self.model.from_code, self.model.to_code)
        return self._tokenizer

    def encode(self, text: str) -> list[str]:
        """Split plain text into the model's source pieces."""
        tok = self._load_tokenizer()
        if hasattr(tok, "encode_as_pieces"):
            return list(tok.encode(text, out_type=str))
        return list(tok.encode(text))

    def decode(self, pieces: list[str]) -> str:
        """Join target pieces into plain text."""
        tok = self._load_tokenizer()
        if hasattr(tok, "decode_pieces"):
            return str(tok.decode_pieces(pieces)).strip()
        return str(tok.decode(pieces)).strip()

    # ----------------------------------------------------------------- translation

    def _run_batch(self, pieces: list[list[str]], *, retry: bool) -> list[list[str]]:
        """Translate tokenized sentences together; return target pieces in the same order.

        The sentences are sorted by length and cut into sub-batches, as CTranslate2 does
        inside one call, except that each sub-batch gets its own length cap: a call has only
        one cap, and a sentence that never stops would otherwise run to the cap of the
        brief's longest sentence, with every other sentence of its sub-batch. Sub-batches are
        cut small enough that every worker gets one, and all are submitted before any result
        is awaited, costliest first, so they run side by side and end together.
        """
        self.stats.passes += 1
        outputs: list[list[str]] = [[] for _ in pieces]
        translator = self.translator(len(pieces))
        size = min(self.batch_size, -(-len(pieces) // self.workers))
        buckets = sub_batches([len(p) for p in pieces], max(1, size))
        pending = [
            (bucket, self._call(translator, [pieces[i] for i in bucket], retry=retry))
            for bucket in buckets
        ]
        for bucket, results in pending:
            for i, result in zip(bucket, results, strict=True):
                outputs[i] = self._hypothesis(result)
        return outputs

    def _hypothesis(self, result: Any) -> list[str]:
        """Return the best hypothesis of an asynchronous result, without the target prefix."""
        hyp = list(result.result().hypotheses[0])
        prefix = self.model.target_prefix
        if prefix and hyp[:1] == [prefix]:
            hyp = hyp[1:]
        return hyp

    def _call(self, translator: Any, pieces: list[list[str]], *, retry: bool) -> list[Any]:
        """Submit one translate_batch call; return its asynchronous results."""
        prefix = self.model.target_prefix
        options: dict[str, Any] = {
            "beam_size": self.beam_size,
            "max_batch_size": self.batch_size,
            "max_decoding_length": max(decoding_cap(len(p)) for p in pieces),
            "replace_unknowns": True,
        }
        if retry:  # other decoding: wider beam and penalties that break loops
            options.update(
                beam_size=max(4, self.beam_size + 2), repetition_penalty=1.3, no_repeat_ngram_size=4
            )
        if prefix:
            options["target_prefix"] = [[prefix]] * len(pieces)
            options["max_decoding_length"] += 1
        results = translator.translate_batch(pieces, asynchronous=True, **options)
        self.stats.model_calls += 1
        self.stats.model_segments += len(pieces)
        return list(results)

    def _translate_uncached(self, segments: list[str]) -> dict[str, tuple[str, bool]]:
        pieces = [self.encode(s) for s in segments]
        outputs = self._run_batch(pieces, retry=False)
        bad = [
            i
            for i, (src, out) in enumerate(zip(pieces, outputs, strict=True))
            if degenerate(src, out, decoding_cap(len(src)))
        ]
        if bad and self.retry:
            retried = self._run_batch([pieces[i] for i in bad], retry=True)
            for i, out in zip(bad, retried, strict=True):
                outputs[i] = out
        done: dict[str, tuple[str, bool]] = {}
        for i, (segment, src, out) in enumerate(zip(segments, pieces, outputs, strict=True)):
            if i in bad and degenerate(src, out, decoding_cap(len(src))):
                done[segment] = (segment, True)
            else:
                done[segment] = (self.decode(out), False)
        return done

    def translate(
        self, segments: list[str], cache: TranslationCache | None = None
    ) -> list[Translation]:
        """Translate plain-text segments (no markup), each on its own; keep the order.

        Cached segments are not sent to the model; the rest go in one batched pass, plus one
        retry pass for any degenerate outputs.
        """
        unique = [s for s in dict.fromkeys(segments) if s.strip()]
        keys = {s: cache_key(self.signature, s) for s in unique}
        hits = cache.get_many(keys.values()) if cache else {}
        known = {s: hits[keys[s]] for s in unique if keys[s] in hits}
        misses = [s for s in unique if s not in known]
        fresh = self._translate_uncached(misses) if misses else {}
        if cache and fresh:
            cache.put_many({keys[s]: value for s, value in fresh.items()})
        out = []
        for s in segments:
            if s in known:
                out.append(Translation(known[s][0], known[s][1], cached=True))
            elif s in fresh:
                out.append(Translation(*fresh[s]))
            else:  # blank
                out.append(Translation(s))
        return out


BUCKET_SPREAD = 1.5  # longest / shortest source length within one sub-batch
BUCKET_FLOOR = 8  # lengths below this count as this, so short sentences share a sub-batch


def length_buckets(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Group indices into sub-batches of similar length (sorted, at most batch_size each)."""
    buckets: list[list[int]] = []
    shortest = 0
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        n = max(lengths[i], BUCKET_FLOOR)
        if not buckets or len(buckets[-1]) >= batch_size or n > BUCKET_SPREAD * shortest:
            buckets.append([])
            shortest = n
        buckets[-1].append(i)
    return buckets


def costliest_first(buckets: list[list[int]], lengths: list[int]) -> list[list[int]]:
    """Order sub-batches by the work they hold, most first: sentences × their length cap.

    Replicas take sub-batches in the order they were submitted. Sorted shortest first, the
    longest sub-batch starts last and runs alone while the other replicas wait: on two
    replicas, sub-batches costing 120, 180 and 240 end at 120 + 240 = 360 on one and 180 on
    the other. Costliest first, the short ones fill in beside the long one: 240 on one,
    180 + 120 = 300 on the other, and the pass ends at 300 (the longest-processing-time rule;
    on the sample brief's 32 sentences, 5.4 s instead of 6.4 s on two cores).
    """
    return sorted(
        buckets, key=lambda bucket: -len(bucket) * max(decoding_cap(lengths[i]) for i in bucket)
    )


def sub_batches(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Return the sub-batches of sentences of `lengths`, in the order they are submitted."""
    return costliest_first(length_buckets(lengths, batch_size), lengths)


_ENGINES: dict[tuple[Any, ...], Engine] = {}


def release_translators() -> None:
    """Unload every loaded translator and hand the memory it used back to the system.

    A long-lived process (the web desk) keeps its translators; a digest releases each
    language's once its pass is done, so the next language's pass and the rendering after it
    do not run beside it. Measured on the benchmark's transformer-base model after a pass of
    120 sentences: 686 MB resident with the translator, 120 MB once it is dropped, 84 MB once
    glibc has also returned the free pages its arenas kept (`malloc_trim`). An engine keeps
    its layout, and loads its translator again if it is used again.
    """
    _TRANSLATORS.clear()
    _trim_heap()


def _trim_heap() -> None:
    """Return free heap pages to the system where the C library can (glibc's malloc_trim)."""
    try:
        # The symbols already loaded into this process, the C library's among them.
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim with
        return
    trim(0)


def resolve_device(device: str) -> str:
    """Return the device to run on: 'auto' is CUDA when CTranslate2 sees a GPU, else the CPU.

    'cuda' on a machine where CTranslate2 sees no GPU is a usage error (exit 2).
    """
    if device == "cpu":
        return "cpu"
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and gpus == 0:
        raise BriefingError(
            "device = cuda, but CTranslate2 finds no CUDA device on this machine "
            "(set device to cpu or auto)",
            ExitCode.USAGE,
        )
    return "cuda" if gpus > 0 else "cpu"


def get_engine(
    lang: str,
    *,
    beam_size: int = 2,
    batch_size: int = 32,
    threads: int = 0,
    compute_type: str | None = None,
    device: str = "auto",
    retry: bool = True,
) -> Engine:
    """Return the process-wide engine for en→lang (ModelMissingError if not installed)."""
    model = require_model(lang)
    where = resolve_device(device)
    key = (model, beam_size, batch_size, threads, compute_type, where, retry)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(
            model,
            beam_size=beam_size,
            batch_size=batch_size,
            threads=threads,
            compute_type=compute_type,
            device=where,
            retry=retry,
        )
    return _ENGINES[key]
