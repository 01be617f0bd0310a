"""Merge the facts of a story's articles into one `StoryFacts`, keeping every source.

- People, organisations and places are the same when their folded names or aliases meet
  ("Grace Akello" and "Ms Akello"); a person named by one name only ("Akello") joins the one
  full name it can belong to, and stays apart when it could be several ("Okoth": Daniel or
  Ruth). The merged fact takes the name most articles use (the fuller on a tie), the other
  forms as aliases, the role and affiliation most articles give, and the evidence of all.
- The same quote reported by several outlets is one quote: words that hold QUOTE_WORDS of the
  shorter version's words. Its speaker is the one most articles name; when outlets name
  different people, that is a disagreement, and the quote keeps the evidence of the articles
  that agree with its speaker.
- Stakes and dated events that say much the same (STAKE_WORDS of the shorter one's content
  words) are one.
- Where sources differ: the number of dead or injured, an amount of money (see `figures`),
  the day of the event (only articles that state a day count), who said a quote.

Evidence is copied with `article` set: the index of its article in the story (0 = A).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..folding import fold_name, name_forms, words
from ..models import (
    Claim,
    DatedEvent,
    Disagreement,
    Evidence,
    Facts,
    Organization,
    Person,
    Place,
    Quote,
    Stake,
    StoryFacts,
)
from .figures import Figure, FigureKind, figures

QUOTE_WORDS = 0.8  # share of the shorter quote's words the longer one must hold
QUOTE_MIN_WORDS = 3  # shorter quotes ("full support") are fragments, not comparable
STAKE_WORDS = 0.6  # share of the shorter text's content words the other must hold
# … and share of the longer one's that the shorter must hold: "An overloaded ferry" is all in
# "The ferry's operator would be questioned about reports the vessel was overloaded", yet
# names something else; a stake is the same stake only when neither says much more.
STAKE_WORDS_LONGER = 0.4
_DAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
    r"tonight|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\b",
    re.I,
)
# How many paragraphs from the top a day must be stated in to count as the event's day.
_DATE_PARAGRAPHS = 2

Named = TypeVar("Named", Person, Organization, Place)
Fact = TypeVar("Fact", Person, Organization, Place, Quote, Stake, DatedEvent)


def tagged(evidence: list[Evidence], article: int) -> list[Evidence]:
    """Return copies of `evidence` that name their article."""
    return [e.model_copy(update={"article": article}) for e in evidence]


def _most_common(values: Sequence[str | None]) -> str | None:
    """Return the value given most often (folded alike), the first given on a tie."""
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(fold_name(v) for v in present)
    best = max(counts.values())
    return next(v for v in present if counts[fold_name(v)] == best)


# ---------------------------------------------------------------------- names


@dataclass
class _Entity:
    """A merged entity while it is being built: the facts of each article that name it."""

    members: list[tuple[int, Person | Organization | Place]] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)

    @property
    def articles(self) -> set[int]:
        return {i for i, _ in self.members}

    def add(self, article: int, fact: Person | Organization | Place) -> None:
        self.members.append((article, fact))
        self.forms.update(name_forms(fact.name, fact.aliases))


def _initial_fits(a: str, b: str) -> bool:
    """Tell whether two first names can be one person's: equal, or one is the other's initial."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _person_may_be(fact: Person, entity: _Entity) -> bool:
    """Tell whether a person not matched by name may be `entity` by surname.

    "Akello" may be "Grace Akello"; "G. Akello" may be her too; "Robert Akello" may not.
    """
    mine = fold_name(fact.name).split()
    if not mine:
        return False
    for form in entity.forms:
        theirs = form.split()
        if len(mine) == 1 and mine[0] in (theirs[0], theirs[-1]) and len(theirs) > 1:
            return True
        if len(theirs) == 1 and theirs[0] in (mine[0], mine[-1]) and len(mine) > 1:
            return True
        if (
            len(mine) > 1
            and len(theirs) > 1
            and mine[-1] == theirs[-1]
            and _initial_fits(mine[0], theirs[0])
        ):
            return True
    return False


def _group_names(articles: Sequence[list[Named]], *, people: bool) -> list[_Entity]:
    """Group the entities of all articles: one group per real-world entity, in first-seen order."""
    entities: list[_Entity] = []
    order: list[tuple[int, int, int, Named]] = [
        (i, j, len(fold_name(fact.name).split()), fact)
        for i, facts in enumerate(articles)
        for j, fact in enumerate(facts)
    ]
    # Full names first, so that "Akello" (later, or in an earlier article) finds "Grace Akello".
    for i, _, _, fact in sorted(order, key=lambda x: (-x[2], x[0], x[1])):
        forms = set(name_forms(fact.name, fact.aliases))
        free = [e for e in entities if i not in e.articles]
        matches = [e for e in free if forms & e.forms]
        if not matches and people and isinstance(fact, Person):
            matches = [e for e in free if _person_may_be(fact, e)]
        if len(matches) == 1 or (matches and forms & matches[0].forms):
            matches[0].add(i, fact)
        else:  # no match, or several it could be: a name of its own
            entity = _Entity()
            entity.add(i, fact)
            entities.append(entity)
    first = {id(fact): (i, j) for i, j, _, fact in order}
    for entity in entities:  # article A's fact first, then B's, ...
        entity.members.sort(key=lambda member: first[id(member[1])])
    return sorted(entities, key=lambda e: first[id(e.members[0][1])])


def _name_and_aliases(entity: _Entity) -> tuple[str, list[str]]:
    names = [fact.name for _, fact in entity.members]
    counts = Counter(fold_name(n) for n in names)
    # Most articles' form, the fuller one on a tie, then the first.
    chosen = max(names, key=lambda n: (counts[fold_name(n)], len(n.split()), -names.index(n)))
    aliases: dict[str, str] = {}
    for _, fact in entity.members:
        for form in (fact.name, *fact.aliases):
            folded = fold_name(form)
            if folded and folded != fold_name(chosen):
                aliases.setdefault(folded, form)
    return chosen, list(aliases.values())


def _evidence(entity: _Entity) -> list[Evidence]:
    return [e for i, fact in entity.members for e in tagged(fact.evidence, i)]


def _confidence(entity: _Entity) -> float:
    return max(fact.confidence for _, fact in entity.members)


def merge_people(articles: Sequence[Facts]) -> tuple[list[Person], dict[tuple[int, str], str]]:
    """Merge the people of all articles; also return {(article, folded form): merged name}."""
    merged: list[Person] = []
    speakers: dict[tuple[int, str], str] = {}
    for entity in _group_names([f.people for f in articles], people=True):
        people = [fact for _, fact in entity.members if isinstance(fact, Person)]
        name, aliases = _name_and_aliases(entity)
        merged.append(
            Person(
                name=name,
                aliases=aliases,
                role=_most_common([p.role for p in people]),
                affiliation=_most_common([p.affiliation for p in people]),
                evidence=_evidence(entity),
                confidence=_confidence(entity),
            )
        )
        for i, fact in entity.members:
            for form in name_forms(fact.name, fact.aliases):
                speakers[(i, form)] = name
    return merged, speakers


def merge_organizations(articles: Sequence[Facts]) -> list[Organization]:
    """Merge the organisations of all articles by their names and aliases."""
    out = []
    for entity in _group_names([f.organizations for f in articles], people=False):
        name, aliases = _name_and_aliases(entity)
        out.append(
            Organization(
                name=name,
                aliases=aliases,
                evidence=_evidence(entity),
                confidence=_confidence(entity),
            )
        )
    return out


def merge_places(articles: Sequence[Facts]) -> list[Place]:
    """Merge the places of all articles; the kind most articles give wins over 'other'."""
    out = []
    for entity in _group_names([f.places for f in articles], people=False):
        name, aliases = _name_and_aliases(entity)
        kinds = [fact.kind for _, fact in entity.members if isinstance(fact, Place)]
        known = [k for k in kinds if k != "other"]
        kind = Counter(known).most_common(1)[0][0] if known else "other"
        out.append(
            Place(
                name=name,
                aliases=aliases,
                kind=kind,
                evidence=_evidence(entity),
                confidence=_confidence(entity),
            )
        )
    return out


# ---------------------------------------------------------------------- texts


def _contains(longer: list[str], shorter: list[str]) -> float:
    """Return the share of `shorter`'s words (with repeats) that `longer` holds."""
    if not shorter:
        return 0.0
    have = Counter(longer)
    return sum((Counter(shorter) & have).values()) / len(shorter)


def _overlap(a: list[str], b: list[str]) -> float:
    """Return how much of the shorter word list the other holds."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return _contains(longer, shorter)


def _cluster(
    items: list[tuple[int, Fact]],
    same: Callable[[Fact, Fact], float],
    threshold: float,
) -> list[list[tuple[int, Fact]]]:
    """Group facts of different articles whose `same` score reaches `threshold`, greedily.

    Each fact joins the group whose best member scores highest with it (a group takes one
    fact per article), else starts its own; groups keep the order of their first fact.
    """
    groups: list[list[tuple[int, Fact]]] = []
    for i, fact in items:
        best, best_score = None, threshold
        for g in groups:
            if any(j == i for j, _ in g):
                continue
            score = max(same(fact, other) for _, other in g)
            if score >= best_score:
                best, best_score = g, score
        if best is None:
            groups.append([(i, fact)])
        else:
            best.append((i, fact))
    return groups


def _content(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return [w for w in words(text) if w not in ENGLISH_STOP_WORDS]


def merge_stakes(articles: Sequence[Facts]) -> list[Stake]:
    """Merge stakes that name the same thing; the first article's wording is kept."""
    items = [(i, s) for i, f in enumerate(articles) for s in f.stakes]

    def same(a: Stake, b: Stake) -> float:
        x, y = _content(a.text), _content(b.text)
        shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
        return _contains(longer, shorter) if _contains(shorter, longer) >= STAKE_WORDS_LONGER else 0

    groups = _cluster(items, same, STAKE_WORDS)
    return [
        Stake(
            text=g[0][1].text,
            evidence=[e for i, s in g for e in tagged(s.evidence, i)],
            confidence=max(s.confidence for _, s in g),
        )
        for g in groups
    ]


def merge_dates(articles: Sequence[Facts]) -> list[DatedEvent]:
    """Merge dated events of one day that say much the same."""
    items = [(i, d) for i, f in enumerate(articles) for d in f.dates]

    def same(a: DatedEvent, b: DatedEvent) -> float:
        return _overlap(_content(a.text), _content(b.text)) if a.date == b.date else 0.0

    return [
        DatedEvent(
            date=g[0][1].date,
            text=g[0][1].text,
            evidence=[e for i, d in g for e in tagged(d.evidence, i)],
            confidence=max(d.confidence for _, d in g),
        )
        for g in _cluster(items, same, STAKE_WORDS)
    ]


# ---------------------------------------------------------------------- quotes


def _speaker(article: int, speaker: str, names: dict[tuple[int, str], str]) -> str:
    """Return the story's name for a quote's speaker (a description stays as it is)."""
    return names.get((article, fold_name(speaker)), speaker)


def merge_quotes(
    articles: Sequence[Facts], names: dict[tuple[int, str], str], people: set[str]
) -> tuple[list[Quote], list[Disagreement]]:
    """Merge the quotes that several articles report; disagreements on who said one."""
    items = [(i, q) for i, f in enumerate(articles) for q in f.quotes]

    def same(a: Quote, b: Quote) -> float:
        wa, wb = words(a.text), words(b.text)
        if min(len(wa), len(wb)) < QUOTE_MIN_WORDS:
            return 1.0 if wa == wb and a.speaker == b.speaker else 0.0
        return _overlap(wa, wb)

    quotes: list[Quote] = []
    disagreements: list[Disagreement] = []
    for group in _cluster(items, same, QUOTE_WORDS):
        by_speaker: dict[str, list[tuple[int, Quote]]] = {}
        for i, q in group:
            by_speaker.setdefault(_speaker(i, q.speaker, names), []).append((i, q))
        # The speaker most articles name; a named person before a description on a tie.
        ranked = sorted(
            by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0] not in people, kv[1][0][0])
        )
        speaker, agreeing = ranked[0]
        # The fullest wording, direct words before a reported clause.
        wording = max((q for _, q in agreeing), key=lambda q: (q.direct, len(words(q.text))))
        quotes.append(
            Quote(
                speaker=speaker,
                text=wording.text,
                direct=wording.direct,
                evidence=[e for i, q in agreeing for e in tagged(q.evidence, i)],
                confidence=max(q.confidence for _, q in agreeing),
            )
        )
        named = [(s, members) for s, members in ranked if s in people]
        if len(named) > 1:
            disagreements.append(
                Disagreement(
                    kind="speaker",
                    about=wording.text,
                    claims=[
                        Claim(
                            value=s, evidence=[e for i, q in m for e in tagged(q.evidence[:1], i)]
                        )
                        for s, m in named
                    ],
                )
            )
    return quotes, disagreements


# ---------------------------------------------------------------------- dates and figures


def stated_day(facts: Facts) -> Evidence | None:
    """Return the sentence of the lead that states the event's day, None if none does.

    An article that names no day has only its publication date to give, which is no claim
    about the event: it takes no side on the date.
    """
    text = facts.article.text
    if not facts.sentences:
        return None
    first = facts.sentences[0].paragraph
    for i, s in enumerate(facts.sentences):
        if s.paragraph >= first + _DATE_PARAGRAPHS:
            break
        if _DAY_WORDS.search(text[s.start : s.end]):
            return Evidence(sentence=i, start=s.start, end=s.end)
    return None


def _sides(claims: dict[str, list[tuple[int, Evidence]]]) -> list[Claim]:
    ranked = sorted(claims.items(), key=lambda kv: (-len(kv[1]), kv[1][0][0]))
    return [
        Claim(value=value, evidence=[e.model_copy(update={"article": i}) for i, e in members])
        for value, members in ranked
    ]


@dataclass
class EventDay:
    """The story's event day: the day most articles state, who states it, and who differs."""

    day: dt.date | None = None
    event: DatedEvent | None = None  # the event on its day, with the evidence of each article
    disagreement: Disagreement | None = None


def event_day(articles: Sequence[Facts]) -> EventDay:
    """Return the story's event day (the one most articles state) and any disagreement on it."""
    stated: dict[dt.date, list[tuple[int, Evidence]]] = {}
    for i, f in enumerate(articles):
        where = stated_day(f)
        if f.event_date is not None and where is not None:
            stated.setdefault(f.event_date, []).append((i, where))
    if not stated:
        days = [f.event_date for f in articles if f.event_date is not None]
        return EventDay(Counter(days).most_common(1)[0][0] if days else None)
    ranked = sorted(stated.items(), key=lambda kv: (-len(kv[1]), kv[1][0][0]))
    day, supporters = ranked[0]
    lead = articles[0]
    text = lead.article.text
    event = DatedEvent(
        date=day,
        text=text[lead.sentences[0].start : lead.sentences[0].end].strip(),
        evidence=[e.model_copy(update={"article": i}) for i, e in supporters],
    )
    if len(ranked) == 1:
        return EventDay(day, event)
    claims = _sides({d.isoformat(): members for d, members in ranked})
    for claim in claims:
        claim.date = dt.date.fromisoformat(claim.value)
    return EventDay(day, event, Disagreement(kind="date", claims=claims))


def _figure_value(figure: Figure) -> str:
    return f"{figure.value:g} {figure.unit or ''}".strip()


def figure_disagreements(articles: Sequence[Facts]) -> list[Disagreement]:
    """Return the figures the articles give differently: dead, injured, amounts of one thing."""
    found: dict[tuple[FigureKind, str | None, str | None], dict[str, list[tuple[int, Figure]]]] = {}
    for i, f in enumerate(articles):
        for figure in figures(f):
            key = (figure.kind, figure.about, figure.unit)
            found.setdefault(key, {}).setdefault(_figure_value(figure), []).append((i, figure))
    out = []
    for (kind, about, _), values in found.items():
        if len(values) < 2:
            continue
        ranked = sorted(values.values(), key=lambda m: (-len(m), m[0][0]))
        out.append(
            Disagreement(
                kind=kind,
                about=about,
                claims=[
                    Claim(
                        value=members[0][1].text,
                        evidence=[
                            fig.evidence.model_copy(update={"article": i}) for i, fig in members
                        ],
                    )
                    for members in ranked
                ],
            )
        )
    return out


# ---------------------------------------------------------------------- the story


def merge_facts(articles: Sequence[Facts]) -> StoryFacts:
    """Merge the facts of a story's articles (article A first) into one StoryFacts."""
    people, names = merge_people(articles)
    quotes, said = merge_quotes(articles, names, {p.name for p in people})
    when = event_day(articles)
    # The event's own day, marked with every article that states it (one article's timeline
    # leaves its event day out: compose adds it from the lead).
    dates = [d for d in merge_dates(articles) if d.date != when.day]
    if when.event is not None:
        dates = sorted([*dates, when.event], key=lambda d: d.date)
    return StoryFacts(
        articles=list(articles),
        people=people,
        organizations=merge_organizations(articles),
        places=merge_places(articles),
        quotes=quotes,
        stakes=merge_stakes(articles),
        event_date=when.day,
        dates=dates,
        disagreements=[
            *figure_disagreements(articles),
            *([when.disagreement] if when.disagreement else []),
            *said,
        ],
    )
