"""Stakes: short statements of what is at issue, drawn from the article with evidence."""

from __future__ import annotations

from spacy.tokens import Span

from ..models import Quote, Stake
from .document import Layout

MAX_STAKES = 6
MIN_STAKES = 3


def find(layout: Layout, quotes: list[Quote]) -> list[Stake]:
    """Pick 3–6 sentences or clauses that say what is at issue."""
    from . import lexicon

    scored: list[tuple[float, int, Span]] = []
    for i, sent in enumerate(layout.sents):
        words = {t.lemma_.lower() for t in sent}
        score = len(words & lexicon.STAKE_WORDS) - 0.05 * i
        if score > 0:
            scored.append((score, i, sent))
    scored.sort(key=lambda x: -x[0])
    chosen = sorted(scored[:MAX_STAKES], key=lambda x: x[1])
    return [
        Stake(text=s.text.strip(), evidence=[layout.evidence(s.start_char, s.end_char)])
        for _, _, s in chosen
    ]
