"""Fold names and words for comparison, so that evaluation and story merging compare alike.

"Mr. Varga’s" and "varga", "Ri Son-il" and "Ri Son Il" fold to the same form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame rev".split())


def fold_name(text: str) -> str:
    """Fold a name for comparison: case, quotes, hyphens, dots, possessives, honorifics."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[\"“”'.]", "", text)
    text = re.sub(r"[-‐‑–—_]", " ", text)
    words = text.split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def words(text: str) -> list[str]:
    """Return the folded word tokens of `text`."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return re.findall(r"\w+", text)


def name_forms(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """Return the folded forms of a name and its aliases."""
    return [f for f in (fold_name(x) for x in [name, *aliases]) if f]
