"""Compose: pick and order what a reader sees, turning `Facts` into an English `Brief`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import __version__
from .i18n import DIFFERENCE_LABELS
from .models import (
    PRINT_CONFIDENCE,
    Brief,
    BriefClaim,
    BriefDifference,
    BriefEntity,
    BriefItem,
    BriefPerson,
    BriefQuote,
    DatedEvent,
    Disagreement,
    Evidence,
    Facts,
    Organization,
    Person,
    Place,
    Quote,
    SourceInfo,
    Stake,
    StoryFacts,
    Text,
    TimelineEntry,
    label,
    name,
    prose,
    source_count,
)
from .vocabulary import SOURCE_LANG

# Any kind of fact: each carries its evidence and a confidence.
Fact = TypeVar("Fact", Person, Organization, Place, Quote, Stake, DatedEvent)
# One article's facts or a story's: both hold the same lists of facts.
Printable = TypeVar("Printable", Facts, StoryFacts)
# Any item of a brief that carries evidence.
Item = TypeVar("Item", BriefPerson, BriefEntity, BriefItem)
# A story brief lists its best-supported stakes, at most this many (one article gives 3-6).
STORY_STAKES = 6

_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_PHRASE = re.compile(
    rf"\s+(?:(?:early|late)\s+)?(?:on\s+)?{_WEEKDAYS}(?:\s+(?:morning|afternoon|evening|night))?\b"
)
_HEADLINE_WORDS = 12
# Where a long lead sentence can be cut into a headline: before a subordinate clause, then
# before a trailing place or time phrase.
_CLAUSE_BREAK = re.compile(r",\s|\s(?:amid|as|while|after|before|because|despite|following|when)\s")
_PHRASE_BREAK = re.compile(r"\s(?:at|in|on|near|during|over|from|for|and)\s")


def printable(facts: Printable) -> Printable:
    """Return `facts` without the facts whose confidence is below PRINT_CONFIDENCE."""

    def sure(items: list[Fact]) -> list[Fact]:
        return [x for x in items if x.confidence >= PRINT_CONFIDENCE]

    return facts.model_copy(
        update={
            "people": sure(facts.people),
            "organizations": sure(facts.organizations),
            "places": sure(facts.places),
            "quotes": sure(facts.quotes),
            "stakes": sure(facts.stakes),
            "dates": sure(facts.dates),
        }
    )


def first_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Return the evidence a one-article brief marks a fact with: its first sentence."""
    return evidence[:1]


def per_article(evidence: list[Evidence]) -> list[Evidence]:
    """Return the evidence a story brief marks a fact with: the first sentence of each article."""
    first: dict[int | None, Evidence] = {}
    for e in evidence:
        first.setdefault(e.article, e)
    return sorted(first.values(), key=lambda e: (e.article or 0, e.sentence))


@dataclass
class _Sections:
    """The parts of a brief built alike from one article's facts or a story's."""

    people: list[BriefPerson]
    organizations: list[BriefEntity]
    places: list[BriefEntity]
    stakes: list[BriefItem]
    reactions: list[BriefQuote]
    timeline: list[TimelineEntry]


def _sections(
    facts: Facts | StoryFacts,
    mark: Callable[[list[Evidence]], list[Evidence]],
    lead: str,
    lead_evidence: list[Evidence],
) -> _Sections:
    people = [
        BriefPerson(
            name=name(p.name),
            role=prose(p.role) if p.role else None,
            # "Finance Ministry spokesperson (Finance Ministry)" says it twice.
            affiliation=name(p.affiliation)
            if p.affiliation and not _mentions(p.role, p.affiliation)
            else None,
            evidence=mark(p.evidence),
        )
        for p in facts.people
    ]
    timeline = [
        TimelineEntry(date=d.date, text=prose(d.text), evidence=mark(d.evidence))
        for d in sorted(facts.dates, key=lambda d: d.date)
    ]
    if facts.event_date and not any(t.date == facts.event_date for t in timeline):
        timeline.append(
            TimelineEntry(date=facts.event_date, text=prose(lead), evidence=lead_evidence)
        )
        timeline.sort(key=lambda t: t.date)
    return _Sections(
        people=people,
        organizations=[
            BriefEntity(name=name(o.name), evidence=mark(o.evidence)) for o in facts.organizations
        ],
        places=[
            BriefEntity(name=name(p.name), kind=label(p.kind), evidence=mark(p.evidence))
            for p in facts.places
        ],
        stakes=[BriefItem(text=prose(s.text), evidence=mark(s.evidence)) for s in facts.stakes],
        reactions=[
            BriefQuote(
                speaker=name(q.speaker),
                text=prose(q.text),
                direct=q.direct,
                evidence=mark(q.evidence),
            )
            for q in distinct_quotes(facts.quotes)
        ],
        timeline=timeline,
    )


def compose(facts: Facts) -> Brief:
    """Build the English brief: bottom line first, then who, where, stakes, reactions, timeline.

    Facts below PRINT_CONFIDENCE are left out (see `models.PRINT_CONFIDENCE`).
    """
    facts = printable(facts)
    article = facts.article
    lead = first_sentence(facts)
    title = article.title or headline(lead, [p.name for p in facts.people])
    sections = _sections(facts, first_evidence, lead, _lead_evidence(facts))
    return Brief(
        lang=SOURCE_LANG,
        slug=slugify(_slug_source(article.origin) or title),
        title=prose(title),
        bottom_line=BriefItem(text=prose(lead), evidence=_lead_evidence(facts)),
        event_date=facts.event_date,
        people=sections.people,
        organizations=sections.organizations,
        places=sections.places,
        stakes=sections.stakes,
        reactions=sections.reactions,
        timeline=sections.timeline,
        source=_source(facts),
        generator=f"briefing {__version__}",
    )


def compose_story(story: StoryFacts) -> Brief:
    """Build the English brief of a story told by several articles (article A first).

    As `compose`, from the merged facts: the headline and bottom line are article A's, each
    fact is marked with a sentence of every article that supports it (the best-supported
    facts first), and the brief adds where the sources differ and the list of sources.
    """
    story = printable(story)
    first = story.articles[0]
    lead = first_sentence(first)
    title = first.article.title or headline(lead, [p.name for p in story.people])
    lead_evidence = [e.model_copy(update={"article": 0}) for e in _lead_evidence(first)]
    sections = _sections(story, per_article, lead, lead_evidence)

    def by_support(items: list[Item]) -> list[Item]:
        return sorted(items, key=lambda x: -source_count(x.evidence))  # stable: then as found

    sources = [_source(f) for f in story.articles]
    return Brief(
        lang=SOURCE_LANG,
        slug=slugify(title),
        title=prose(title),
        bottom_line=BriefItem(text=prose(lead), evidence=lead_evidence),
        event_date=story.event_date,
        people=by_support(sections.people),
        organizations=by_support(sections.organizations),
        places=by_support(sections.places),
        stakes=by_support(sections.stakes)[:STORY_STAKES],
        reactions=sections.reactions,
        timeline=sections.timeline,
        differences=[_difference(d) for d in story.disagreements],
        source=sources[0],
        sources=sources,
        generator=f"briefing {__version__}",
    )


def _difference(d: Disagreement) -> BriefDifference:
    about: Text | None = None
    if d.kind == "speaker" and d.about:
        about = prose(d.about)
    elif d.about:
        about = label(d.about)
    return BriefDifference(
        what=label(DIFFERENCE_LABELS[d.kind]),
        about=about,
        claims=[
            BriefClaim(
                text=None if c.date else name(c.value) if d.kind == "speaker" else prose(c.value),
                date=c.date,
                evidence=per_article(c.evidence),
            )
            for c in d.claims
        ],
    )


def _source(facts: Facts) -> SourceInfo:
    article = facts.article
    return SourceInfo(
        name=article.source,
        title=article.title,
        url=article.url,
        published=article.published,
        origin=_display_origin(article.origin),
        credits=list(facts.credits),
    )


def distinct_quotes(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote that another quote by the same speaker in the same sentence already holds.

    Facts keep both `the talks were “frank and useful.”` (reported) and
    `frank and useful.` (direct); a reader needs it once.

    In a story, a quote is dropped only when the longer one stands in the same sentence of
    every article it comes from: "frank and useful" that article B reports too stays.
    """

    def key(q: Quote) -> frozenset[tuple[int | None, int | None]]:
        firsts = per_article(q.evidence)
        return frozenset((e.article, e.sentence) for e in firsts) or frozenset({(None, None)})

    def folded(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())

    kept = []
    for q in quotes:
        inner = folded(q.text)
        if not any(
            other is not q
            and other.speaker == q.speaker
            and key(q) <= key(other)
            and inner in folded(other.text)
            and len(folded(other.text)) > len(inner)
            for other in quotes
        ):
            kept.append(q)
    return kept


def _mentions(role: str | None, affiliation: str) -> bool:
    if not role:
        return False
    return re.search(rf"(?<!\w){re.escape(affiliation)}(?!\w)", role, flags=re.I) is not None


def first_sentence(facts: Facts) -> str:
    """Return the article's first sentence (the lead), or its first line."""
    text = facts.article.text
    if facts.sentences:
        s = facts.sentences[0]
        return text[s.start : s.end].strip()
    return text.split("\n", 1)[0].strip()


def _lead_evidence(facts: Facts) -> list[Evidence]:
    if not facts.sentences:
        return []
    s = facts.sentences[0]
    return [Evidence(sentence=0, start=s.start, end=s.end)]


def headline(lead: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Derive a short headline from the lead sentence.

    A subject described and then named ("The founder of X, Jane Doe, urged …") keeps only the
    name, when it is one of `names`. Weekday words go; the text is cut before a subordinate
    clause, then before the last place or time phrase that keeps at least six words, and only as
    a last resort mid-phrase with an ellipsis.
    """
    text = re.sub(_WEEKDAY_PHRASE, "", lead).strip().rstrip(".")
    m = re.match(r"[^,]{3,120}?,\s+([^,]{3,60}),\s+(.*)$", text)
    if m and m.group(1) in names:
        text = f"{m.group(1)} {m.group(2)}"
    if len(text.split()) > _HEADLINE_WORDS:
        m = _CLAUSE_BREAK.search(text, len(" ".join(text.split()[:6])))
        if m:
            text = text[: m.start()]
    if len(text.split()) > _HEADLINE_WORDS:
        floor = len(" ".join(text.split()[:6]))
        ceiling = len(" ".join(text.split()[: _HEADLINE_WORDS + 1]))
        cuts = [m for m in _PHRASE_BREAK.finditer(text) if floor <= m.start() <= ceiling]
        # A coordinated verb phrase ("… to resign and call early elections …") is the cleanest cut.
        cuts = [m for m in cuts if m.group().strip() == "and"] or cuts
        if cuts:
            text = text[: cuts[-1].start()]
    words = text.split()
    if len(words) > _HEADLINE_WORDS + 4:
        text = " ".join(words[:_HEADLINE_WORDS]) + "…"
    return text[:1].upper() + text[1:]


def slugify(text: str, max_len: int = 60) -> str:
    """Make a filesystem-safe ASCII slug."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "brief"


def _slug_source(origin: str | None) -> str | None:
    if not origin or origin == "-" or "://" in origin:
        return None
    return Path(origin).stem


def _display_origin(origin: str | None) -> str | None:
    # Only the file name: an absolute path would leak the analyst's directory layout into a handout.
    if origin and origin != "-" and "://" not in origin:
        return Path(origin).name
    return origin
