"""Detect degenerate machine-translation output: loops, runaway length, empty output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

GUARD_VERSION = 1  # part of the cache key: changing the rules re-checks cached sentences
MAX_RATIO = 3.0  # output pieces per source piece; real en→ko/ru output stays well under 2
MIN_RATIO = 0.2


def decoding_cap(source_len: int) -> int:
    """Return the longest output allowed for a source of `source_len` pieces."""
    return int(1.5 * source_len + 10)


def _max_run(tokens: Sequence[str], n: int) -> int:
    """Return the most times an n-gram repeats back to back in `tokens`."""
    best = 1
    for start in range(n):
        run, prev = 1, None
        for i in range(start, len(tokens) - n + 1, n):
            gram = tuple(tokens[i : i + n])
            run = run + 1 if gram == prev else 1
            best = max(best, run)
            prev = gram
    return best


def _max_count(tokens: Sequence[str], n: int) -> int:
    grams = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return max(grams.values(), default=0)


def degenerate(source: Sequence[str], output: Sequence[str], cap: int | None = None) -> str | None:
    """Return why `output` (target pieces) is degenerate for `source` (source pieces), or None.

    Repetition is judged against the source, so a source that repeats itself may be copied.
    """
    if not source:
        return None
    if not output:
        return "empty output"
    if cap is not None and len(output) >= cap:
        return "did not stop before the length limit"
    if len(source) >= 4:
        ratio = len(output) / len(source)
        if ratio > MAX_RATIO or ratio < MIN_RATIO:
            return f"length ratio {ratio:.1f}"
    for n, limit in ((1, 4), (2, 3), (3, 3), (4, 3)):
        if _max_run(output, n) >= max(limit, _max_run(source, n) + 1):
            return f"repeated {n}-gram"
    if _max_count(output, 3) >= max(4, _max_count(source, 3) + 2):
        return "repeated 3-gram"
    return None
