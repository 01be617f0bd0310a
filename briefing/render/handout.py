"""Pick what a handout shows, and cut it by rules until it fits its page budget.

A handout is one page (two at most for a long article): headline, bottom line, key facts
(who, where, when), stakes, two or three reactions, source line. The fitting loop renders
the page, counts pages, and, if it overflows, re-renders with the next, tighter set of cuts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..models import Brief, BriefEntity, BriefItem, BriefPerson, BriefQuote, SourceInfo, Text
from .environment import english

R = TypeVar("R")  # what the caller's render function returns for one layout

ELLIPSIS = "…"
# "Where" leads with the scene: places named in the lead sentences, the most specific first.
_PLACE_ORDER = {"facility": 0, "city": 1, "region": 2, "country": 3}
_LEAD_SENTENCES = 2
_FULL_QUOTE_WORDS = 6  # shorter direct quotes are fragments ("all decisions"), not reactions


@dataclass(frozen=True)
class Cuts:
    """How much of each part a handout keeps; `None` keeps a text whole."""

    people: int
    places: int
    stakes: int
    stake_words: int | None
    reactions: int
    quote_words: int | None
    role_words: int | None = 10
    name_words: int = 12  # a name this long is an extraction slip; cut it rather than overflow
    bottom_words: int | None = None
    title_words: int | None = None
    differences: int = 3  # a story's "Where sources differ" entries


# From generous to terse; each step drops or shortens something the reader can best spare.
# Even the first is bounded (no page holds a 120-word bottom line beside the rest), so one
# absurd text cannot make the first layout run to dozens of pages.
LEVELS: tuple[Cuts, ...] = (
    Cuts(
        people=5,
        places=3,
        stakes=4,
        stake_words=40,
        reactions=3,
        quote_words=50,
        bottom_words=120,
        title_words=40,
    ),
    Cuts(
        people=4,
        places=3,
        stakes=3,
        stake_words=30,
        reactions=3,
        quote_words=40,
        bottom_words=90,
        title_words=32,
    ),
    Cuts(
        people=4,
        places=3,
        stakes=3,
        stake_words=22,
        reactions=3,
        quote_words=30,
        role_words=8,
        bottom_words=75,
        title_words=28,
    ),
    Cuts(
        people=3,
        places=3,
        stakes=3,
        stake_words=18,
        reactions=2,
        quote_words=26,
        role_words=6,
        bottom_words=60,
        title_words=28,
    ),
    Cuts(
        people=3,
        places=2,
        stakes=2,
        stake_words=16,
        reactions=2,
        quote_words=20,
        role_words=5,
        bottom_words=50,
        title_words=24,
    ),
    Cuts(
        people=3,
        places=2,
        stakes=2,
        stake_words=14,
        reactions=2,
        quote_words=16,
        role_words=5,
        bottom_words=40,
        title_words=20,
    ),
)
# Bounded in words and characters, so it fits two pages whatever the article holds.
LAST_RESORT = Cuts(
    people=2,
    places=2,
    stakes=2,
    stake_words=12,
    reactions=1,
    quote_words=14,
    role_words=4,
    name_words=6,
    bottom_words=35,
    title_words=16,
    differences=1,
)
WORD_CHARS = 10  # a token longer than this (a URL, a run of letters) counts as several words
_URL_WORDS = (
    16  # a link longer than 16 × 10 characters is cut: it could not be typed from paper anyway
)
PAGE_BUDGETS = (1, 2)


def shorten(text: str, words: int | None) -> str:
    """Cut `text` to at most `words` words, ending with an ellipsis.

    A token longer than WORD_CHARS counts as one word per WORD_CHARS characters, and a text
    that is one enormous token is cut by characters, so the result is bounded in length.
    """
    if words is None:
        return text
    tokens = text.split()
    kept: list[str] = []
    used = 0
    for token in tokens:
        used += -(-len(token) // WORD_CHARS)
        if used > words:
            break
        kept.append(token)
    if len(kept) == len(tokens):
        return text
    if not kept:
        return text[: words * WORD_CHARS] + ELLIPSIS
    return re.sub(r"[\s,;:–—-]+$", "", " ".join(kept)) + ELLIPSIS


def _cut(value: Text, words: int | None) -> Text:
    cut = shorten(value.text, words)
    return value if cut == value.text else value.model_copy(update={"text": cut})


def _tidy_quote(value: Text) -> Text:
    # The extractor keeps the comma that closed the quote inside the sentence ("…region,").
    tidy = value.text.strip().rstrip(",;:").strip()
    return value if tidy == value.text else value.model_copy(update={"text": tidy})


def pick_reactions(brief: Brief, limit: int) -> list[BriefQuote]:
    """Choose up to `limit` reactions: full direct quotes by named people first, one per speaker.

    The chosen quotes keep their order in the article.
    """
    people = {english(p.name) for p in brief.people}

    def rank(item: tuple[int, BriefQuote]) -> tuple[int, int, int]:
        index, q = item
        full = q.direct and len(english(q.text).split()) >= _FULL_QUOTE_WORDS
        return (
            0 if full else 1 if q.direct else 2,
            0 if english(q.speaker) in people else 1,
            index,
        )

    chosen: list[tuple[int, BriefQuote]] = []
    speakers: set[str] = set()
    for index, q in sorted(enumerate(brief.reactions), key=rank):
        speaker = english(q.speaker)
        if speaker in speakers:
            continue
        speakers.add(speaker)
        chosen.append((index, q))
        if len(chosen) == limit:
            break
    return [q for _, q in sorted(chosen, key=lambda item: item[0])]


def pick_places(brief: Brief, limit: int) -> list[BriefEntity]:
    """Choose the places most likely to be the scene of the event.

    Places named in the first two sentences come first, facilities before cities, regions and
    countries; then the rest in the same order of kinds.
    """

    def rank(item: tuple[int, BriefEntity]) -> tuple[bool, int, int]:
        index, place = item
        in_lead = bool(place.evidence) and place.evidence[0].sentence < _LEAD_SENTENCES
        return (not in_lead, _PLACE_ORDER.get(english(place.kind), 4), index)

    return [p for _, p in sorted(enumerate(brief.places), key=rank)[:limit]]


def select(brief: Brief, cuts: Cuts) -> Brief:
    """Return a copy of `brief` holding only what a handout at this level of cuts shows."""
    people = [
        BriefPerson(
            name=_cut(p.name, cuts.name_words),
            role=_cut(p.role, cuts.role_words) if p.role else None,
            evidence=p.evidence,
        )
        for p in brief.people[: cuts.people]
    ]
    reactions = [
        q.model_copy(
            update={
                "speaker": _cut(q.speaker, cuts.name_words),
                "text": _cut(_tidy_quote(q.text), cuts.quote_words),
            }
        )
        for q in pick_reactions(brief, cuts.reactions)
    ]
    places = [
        p.model_copy(update={"name": _cut(p.name, cuts.name_words)})
        for p in pick_places(brief, cuts.places)
    ]
    stakes = [
        BriefItem(text=_cut(s.text, cuts.stake_words), evidence=s.evidence)
        for s in brief.stakes[: cuts.stakes]
    ]
    source = _cut_source(brief.source, cuts)
    differences = [
        d.model_copy(
            update={
                "about": _cut(d.about, cuts.quote_words) if d.about else None,
                "claims": [
                    c.model_copy(update={"text": _cut(c.text, cuts.name_words) if c.text else None})
                    for c in d.claims
                ],
            }
        )
        for d in brief.differences[: cuts.differences]
    ]
    return brief.model_copy(
        update={
            "title": _cut(brief.title, cuts.title_words),
            "source": source,
            "bottom_line": BriefItem(
                text=_cut(brief.bottom_line.text, cuts.bottom_words),
                evidence=brief.bottom_line.evidence,
            ),
            "people": people,
            "organizations": [],
            "places": places,
            "stakes": stakes,
            "reactions": reactions,
            "timeline": [],
            "sources": [_cut_source(x, cuts) for x in brief.sources],
            "differences": differences,
        }
    )


def _cut_source(source: SourceInfo, cuts: Cuts) -> SourceInfo:
    return source.model_copy(
        update={
            "name": shorten(source.name, cuts.name_words) if source.name else None,
            "url": shorten(source.url, _URL_WORDS) if source.url else None,
        }
    )


@dataclass
class Fitted(Generic[R]):
    """The handout that fits: the cut brief, its rendering, its page count, renders tried."""

    brief: Brief
    rendered: R
    pages: int
    renders: int


def fit(brief: Brief, render: Callable[[Brief], tuple[R, int]]) -> Fitted[R]:
    """Render ever tighter cuts of `brief` until one fits a page budget (1 page, else 2).

    `render` lays a brief out and returns (rendering, page count). At most
    len(LEVELS) + 1 renders: levels are tried in order until one fits one page; if none
    does, the most generous level that fits two pages wins; if none does, LAST_RESORT.
    """
    tried: list[Fitted[R]] = []
    for cuts in LEVELS:
        selected = select(brief, cuts)
        rendered, pages = render(selected)
        tried.append(Fitted(selected, rendered, pages, len(tried) + 1))
        if pages <= PAGE_BUDGETS[0]:
            return tried[-1]
    for budget in PAGE_BUDGETS[1:]:
        for fitted in tried:
            if fitted.pages <= budget:
                fitted.renders = len(tried)
                return fitted
    selected = select(brief, LAST_RESORT)
    rendered, pages = render(selected)
    return Fitted(selected, rendered, pages, len(tried) + 1)
