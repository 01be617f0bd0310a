"""The merged entities of one article: an `Entry` per person, organisation or place.

`Entities` holds them with their credit lines and finds the entity a token mentions. It is
filled by `entities.find` and read by roles (`people`), speakers and stakes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..models import Organization, Person, Place, PlaceKind
from . import lexicon
from .document import Layout
from .mentions import EntityKind


@dataclass
class Entry:
    """One merged entity: canonical name, surface forms and where it is mentioned."""

    name: str
    kind: EntityKind
    place_kind: PlaceKind = "other"
    aliases: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    # The strongest evidence among its mentions (see models.PRINT_CONFIDENCE).
    confidence: float = 1.0

    def add_alias(self, text: str) -> None:
        """Record another surface form ("Ri Son-il" beside "Ri Son Il") unless already known."""
        text = text.strip()
        if text and text != self.name and text not in self.aliases:
            self.aliases.append(text)

    def absorb(self, other: Entry) -> None:
        """Take in another entry's name, aliases and mentions (the caller drops `other`)."""
        self.add_alias(other.name)
        for alias in other.aliases:
            self.add_alias(alias)
        self.spans += other.spans
        self.confidence = max(self.confidence, other.confidence)


class Entities:
    """The merged people, organisations and places of one article, with mention lookup."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.people_: list[Entry] = []
        self.orgs_: list[Entry] = []
        self.places_: list[Entry] = []
        self.credits: list[str] = []
        self.credit_ranges: list[tuple[int, int]] = []
        self._index: list[tuple[int, int, Entry]] = []
        self._starts: list[int] = []

    # ------------------------------------------------------------------ lookup
    def finish(self) -> None:
        """Build the mention index after all entries are known."""
        rows = [
            (s, e, ent) for ent in (*self.people_, *self.orgs_, *self.places_) for s, e in ent.spans
        ]
        rows.sort(key=lambda r: (r[0], -r[1]))
        self._index = rows
        self._starts = [r[0] for r in rows]

    def at(
        self, token: Token, kinds: tuple[EntityKind, ...] = ("person", "org", "place")
    ) -> Entry | None:
        """Return the entity whose mention covers `token`, if any."""
        i = bisect_right(self._starts, token.idx) - 1
        while i >= 0:
            s, e, ent = self._index[i]
            if s <= token.idx < e and ent.kind in kinds:
                return ent
            if e < token.idx - 200:
                break
            i -= 1
        return None

    def gender(self, name: str) -> str | None:
        """Return "f" or "m" when honorifics or the role say so, else None."""
        person = next((p for p in self.people_ if p.name == name), None)
        if person is None:
            return None
        words = {w.lower().rstrip(".") for a in person.aliases for w in a.split()[:1]}
        role = (person.role or "").lower()
        if words & lexicon.FEMALE_HONORIFICS or re.search(r"\w+woman\b", role):
            return "f"
        if words & lexicon.MALE_HONORIFICS or re.search(
            r"\b(spokes|congress|chair|business)man\b", role
        ):
            return "m"
        return None

    def people_before(self, char: int) -> list[tuple[int, Entry]]:
        """Return (start, person) mentions that start before `char`, in text order."""
        return [(s, ent) for s, _, ent in self._index if s < char and ent.kind == "person"]

    def in_credits(self, char: int) -> bool:
        """Tell whether `char` falls inside a credit line."""
        # Credit lines are whole sentences, added in text order: a binary search finds one.
        i = bisect_right(self.credit_ranges, (char, len(self.layout.text))) - 1
        return i >= 0 and self.credit_ranges[i][1] > char

    # ------------------------------------------------------------------ models
    def people(self) -> list[Person]:
        """Return the people as models."""
        return [
            Person(
                name=p.name,
                aliases=p.aliases,
                role=p.role,
                affiliation=p.affiliation,
                evidence=[self.layout.evidence(s, e) for s, e in p.spans],
                confidence=p.confidence,
            )
            for p in self.people_
        ]

    def organizations(self) -> list[Organization]:
        """Return the organisations as models."""
        return [
            Organization(
                name=o.name,
                aliases=o.aliases,
                evidence=[self.layout.evidence(s, e) for s, e in o.spans],
                confidence=o.confidence,
            )
            for o in self.orgs_
        ]

    def places(self) -> list[Place]:
        """Return the places as models."""
        return [
            Place(
                name=p.name,
                aliases=p.aliases,
                kind=p.place_kind,
                evidence=[self.layout.evidence(s, e) for s, e in p.spans],
                confidence=p.confidence,
            )
            for p in self.places_
        ]
