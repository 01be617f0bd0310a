"""People, organisations and places: named-entity mentions cleaned, classified and merged."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..models import Organization, Person, Place, PlaceKind
from . import lexicon
from .document import Layout
from .people import Roles, affiliation_of, clean, find_role, lead_description

_CREDIT = re.compile(
    r"contributed (?:to )?(?:this )?report|contributed reporting|reporting by|"
    r"(?:came|comes) from .{0,80}\b(?:for|in) this report|for this report came from|"
    r"(?:this|the) (?:story|report|article) originated (?:in|from)|with reporting (?:by|from)|"
    r"^(?:written |edited )?by [A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3}\s*$",
    re.IGNORECASE,
)
_EDGE_JUNK_START = re.compile(r"^(?:<[^>]*>?|[^\w])+")
_EDGE_JUNK_END = re.compile(r"(?:<[^>]*>?|[^\w.])+$")
_POSSESSIVE = ("'s", "’s", "'", "’")
_DETERMINERS = {"the", "a", "an"}
_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}


@dataclass
class Entry:
    """One merged entity: canonical name, surface forms and where it is mentioned."""

    name: str
    kind: str  # person | org | place
    place_kind: PlaceKind = "other"
    aliases: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None

    def add_alias(self, text: str) -> None:
        """Record another surface form ("Kim Jong-un" beside "Kim Jong Un") unless already known."""
        text = text.strip()
        if text and text != self.name and text not in self.aliases:
            self.aliases.append(text)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str
    place_kind: PlaceKind = "other"
    span: Span | None = None
    titled: bool = False
    alias: str | None = None


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
        rows = [(s, e, ent) for ent in (*self.people_, *self.orgs_, *self.places_) for s, e in ent.spans]
        rows.sort(key=lambda r: (r[0], -r[1]))
        self._index = rows
        self._starts = [r[0] for r in rows]

    def at(self, token: Token, kinds: tuple[str, ...] = ("person", "org", "place")) -> Entry | None:
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
        if words & {"ms", "mrs", "miss", "madam", "dame"} or re.search(r"\w+woman\b", role):
            return "f"
        if words & {"mr", "sir"} or re.search(r"\b(spokes|congress|chair|business)man\b", role):
            return "m"
        return None

    def people_before(self, char: int) -> list[tuple[int, Entry]]:
        """Return (start, person) mentions that start before `char`, in text order."""
        return [(s, ent) for s, _, ent in self._index if s < char and ent.kind == "person"]

    def in_credits(self, char: int) -> bool:
        """Tell whether `char` falls inside a credit line."""
        return any(s <= char < e for s, e in self.credit_ranges)

    # ------------------------------------------------------------------ models
    def people(self) -> list[Person]:
        """Return the people as models."""
        return [
            Person(
                name=p.name, aliases=p.aliases, role=p.role, affiliation=p.affiliation,
                evidence=[self.layout.evidence(s, e) for s, e in p.spans],
            )
            for p in self.people_
        ]

    def organizations(self) -> list[Organization]:
        """Return the organisations as models."""
        return [
            Organization(
                name=o.name, aliases=o.aliases, evidence=[self.layout.evidence(s, e) for s, e in o.spans]
            )
            for o in self.orgs_
        ]

    def places(self) -> list[Place]:
        """Return the places as models."""
        return [
            Place(
                name=p.name, aliases=p.aliases, kind=p.place_kind,
                evidence=[self.layout.evidence(s, e) for s, e in p.spans],
            )
            for p in self.places_
        ]


# ---------------------------------------------------------------------- mention cleanup


def trim(span: Span) -> Span | None:
    """Drop leading determiners and honorifics and a trailing possessive from an entity span."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].lower_ in _DETERMINERS or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    if span.label_ == "PERSON":
        # "Spokesperson Mao Ning", "Mr. Mugabe": titles stay outside the name (roles use them).
        while end - start > 1 and (
            doc[start].lower_.rstrip(".") in lexicon.HONORIFICS or doc[start].lower_ in lexicon.TITLE_WORDS
        ):
            start += 1
        # NER may start late: "Commander-in-chief [Min] Aung Hlaing", "[Thinzar] Shunlei Yi".
        while (
            start > 0 and start == span.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
            and not doc[start - 1].ent_type_ and doc[start - 1].lower_ not in lexicon.TITLE_WORDS
            and doc[start - 1].lower_.rstrip(".") not in lexicon.HONORIFICS
            and doc[start - 1].head.i in range(span.start, span.end)
            and not lexicon.country(doc[start - 1].text) and not lexicon.demonym_country(doc[start - 1].text)
        ):
            start -= 1
            span = doc[start:end]
    elif span.label_ == "ORG":
        # NER often stops short of a long name: "Asia Maritime [Transparency Initiative]".
        while (
            end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_
            and not doc[end].is_sent_start and doc[end].lower_ not in lexicon.TITLE_WORDS
        ):
            end += 1
    if start >= end:
        return None
    return doc[start:end]


def surface(span: Span) -> str:
    """Return the text of `span` without a trailing possessive."""
    text = span.text
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text.rstrip("'’")


def _honorific_before(span: Span) -> Token | None:
    if span.start == 0:
        return None
    prev = span.doc[span.start - 1]
    return prev if prev.lower_.rstrip(".") in lexicon.HONORIFICS else None


def _place_kind(text: str, label: str) -> PlaceKind:
    words = lexicon.fold(text).split()
    if not words:
        return "other"
    if lexicon.country(text):
        return "country"
    if words[-1] in lexicon.FACILITY_WORDS or words[0] in lexicon.FACILITY_WORDS:
        return "facility"
    if words[-1] in lexicon.REGION_WORDS or words[-1] in lexicon.LANDFORM_WORDS:
        return "region"
    if label == "FAC":
        return "facility"
    if label == "LOC":
        return "region"
    return "city"


def _region_extension(span: Span, label: str) -> Span | None:
    """Return "<name> region" when the entity is the proper part of a region-type noun phrase."""
    doc = span.doc
    if span.end >= len(doc):
        return None
    nxt = doc[span.end]
    if not (nxt.is_lower and span.root.head == nxt):
        return None
    # A nationality adjective makes a place only with a landform ("Korean peninsula"),
    # not with an administrative word ("the Palestinian territory").
    words = lexicon.LANDFORM_WORDS if label == "NORP" else lexicon.REGION_WORDS
    if nxt.lower_ in words:
        return doc[span.start : span.end + 1]
    return None


def _country_prefix(span: Span) -> Span | None:
    """Return the leading tokens of an organisation name that name a country ("U.S. State Department")."""
    for n in (3, 2, 1):
        if span.end - span.start > n:
            head = span.doc[span.start : span.start + n]
            if lexicon.country(head.text):
                return head
    return None


def _split_possessive(span: Span) -> tuple[Span, Span] | None:
    """Split "Zimbabwe’s Movement for Democratic Change" at its possessive marker."""
    for tok in span:
        if tok.text in ("'s", "’s") and tok.i > span.start and tok.i + 1 < span.end:
            return span.doc[span.start : tok.i], span.doc[tok.i + 1 : span.end]
    return None


def _generic(span: Span) -> bool:
    """Tell whether an organisation name is only a kind of body ("Foreign Ministry")."""
    words = lexicon.fold(span.text).split()
    return bool(words) and all(w in lexicon.ORG_NOUNS or w in lexicon.GENERIC_ORG_WORDS for w in words)


def _owner_of(span: Span) -> bool:
    """Tell whether a possessor inside an organisation name is itself a country or an institution."""
    words = lexicon.fold(span.text).split()
    return bool(lexicon.country(span.text) or span.root.ent_type_ == "GPE" or (words and words[-1] in lexicon.ORG_NOUNS))


def _govt_org_phrases(layout: Layout) -> list[Span]:
    """Find unnamed organisations such as "South Korea’s foreign ministry" (NER misses them)."""
    out: list[Span] = []
    for tok in layout.doc:
        if tok.lemma_.lower() not in lexicon.GOVT_NOUNS or not tok.is_lower:
            continue
        poss = [c for c in tok.children if c.dep_ == "poss" and c.ent_type_ in ("GPE", "ORG")]
        if not poss:
            continue
        out.append(layout.doc[poss[0].left_edge.i : tok.i + 1])
    return out


def _untagged_speakers(layout: Layout) -> list[Span]:
    """Find full names NER missed that speak: "Myo Nyunt, spokesman for the NLD, told Reuters"."""
    out: list[Span] = []
    doc = layout.doc
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or tok.ent_type_ or not tok.is_title:
            continue
        if tok.head.lemma_.lower() not in lexicon.REPORTING_VERBS:
            continue
        parts = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
        if not parts:
            continue
        span = doc[min(p.i for p in parts) : tok.i + 1]
        words = lexicon.fold(span.text).split()
        if not 2 <= len(span) <= 4 or not all(t.pos_ == "PROPN" and t.is_title and not t.ent_type_ for t in span):
            continue
        if any(w in lexicon.ORG_NOUNS or w in lexicon.TITLE_WORDS or w in lexicon.GENERIC_ORG_WORDS for w in words):
            continue
        if lexicon.country(span.text) or any(lexicon.demonym_country(t.text) for t in span):
            continue
        out.append(span)
    return out


_PLACE_TYPES: dict[str, PlaceKind] = {
    "city": "city", "town": "city", "port": "city", "village": "city", "capital": "city",
    "province": "region", "region": "region", "district": "region", "state": "region",
    "island": "region", "county": "region",
}


_DATELINE = re.compile(r"(?m)^(?P<city>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})(?:, [A-Z][\w.]+)?\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s")


def datelines(text: str) -> list[tuple[int, int, str]]:
    """Find datelines opening a paragraph ("ISLAMABAD —"): (start, end, city name)."""
    out = []
    for m in _DATELINE.finditer(text):
        city = m.group("city")
        if len(city) >= 3:
            out.append((m.start("city"), m.end("city"), city.title()))
    return out


def _named_by_apposition(layout: Layout) -> list[tuple[Span, PlaceKind]]:
    """Find places introduced by their type: "the southern city of Odesa", "the port of X"."""
    out: list[tuple[Span, PlaceKind]] = []
    for tok in layout.doc:
        kind = _PLACE_TYPES.get(tok.lower_)
        if kind is None or tok.i + 2 >= len(tok.doc) or tok.nbor(1).lower_ != "of":
            continue
        start = end = tok.i + 2
        doc = tok.doc
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        if end > start:
            out.append((doc[start:end], kind))
    return out


def _headed_names(layout: Layout) -> list[tuple[Span, str]]:
    """Find untagged proper names headed by a facility or institution word.

    NER misses many in short contexts: "the Vostochny Cosmodrome", "Halla University",
    "the University of Tokyo". The head word decides: facility → place, institution → org.
    """
    doc = layout.doc
    out: list[tuple[Span, str]] = []
    for tok in doc:
        low = tok.lower_
        if tok.ent_type_ or not tok.is_title or tok.is_sent_start and tok.i + 1 < len(doc) and not doc[tok.i + 1].is_title:
            continue
        if low in lexicon.FACILITY_WORDS:
            kind = "place"
        elif low in lexicon.ORG_NOUNS:
            kind = "org"
        else:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and not doc[start - 1].ent_type_:
            start -= 1
        end = tok.i + 1
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1].is_title:
            end += 1
            while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
                end += 1
            if doc[end - 1].lower_ in ("of", "for"):
                end -= 1
        if end - start >= 2:
            out.append((doc[start:end], kind))
    return out


def _named_group_phrases(layout: Layout) -> list[Span]:
    """Find untagged names of groups from their head noun ("ZANU-PF party", "Fatah faction")."""
    out: list[Span] = []
    for tok in layout.doc:
        if tok.lemma_.lower() not in lexicon.GROUP_NOUNS or not tok.is_lower:
            continue
        names = [c for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i
                 and not c.ent_type_ and (c.is_upper or c.is_title) and c.pos_ in ("PROPN", "NOUN")]
        if names:
            left = min(n.left_edge.i for n in names)
            span = layout.doc[left : tok.i]
            if span and all(t.is_upper or t.is_title or t.text in "-‐" for t in span):
                out.append(span)
    return out


def mentions(layout: Layout, skip: list[tuple[int, int]]) -> list[Mention]:
    """Collect typed mentions from the named entities and a few noun-phrase patterns."""
    doc = layout.doc
    out: list[Mention] = []

    def skipped(span: Span) -> bool:
        return any(s <= span.start_char < e for s, e in skip)

    def add(span: Span, kind: str, label: str = "") -> None:
        text = surface(span)
        # Markup or stray marks glued to a name ("<b>Bob", "*Putin*") are not part of it.
        lead = len(text) - len(_EDGE_JUNK_START.sub("", text))
        text = _EDGE_JUNK_END.sub("", text[lead:])
        if not any(ch.isalpha() for ch in text):
            return
        start = span.start_char + lead
        pk: PlaceKind = _place_kind(text, label) if kind == "place" else "other"
        out.append(Mention(start, start + len(text), text, kind, pk, span))

    for ent in doc.ents:
        if skipped(ent):
            continue
        span = trim(ent)
        if span is None:
            continue
        label = ent.label_
        region = _region_extension(span, label)
        if region is not None and label in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
            add(region, "place", "LOC")
            continue
        if label == "NORP":
            continue
        words = lexicon.fold(span.text).split()
        if not words:
            continue
        if label in ("GPE", "LOC", "FAC"):
            if lexicon.fold(span.text) in lexicon.INSTITUTIONS or (
                len(words) > 1 and any(w in lexicon.ORG_NOUNS for w in words) and not lexicon.country(span.text)
            ):
                add(span, "org")
            elif label == "LOC" and span.text.islower():
                continue
            else:
                add(span, "place", label)
        elif label == "ORG":
            if len(span) == 1 and (
                span[0].tag_ == "JJ" or span[0].dep_ == "amod" or lexicon.demonym_country(span.text)
                or (span.text.endswith(("an", "ese")) and span[0].head.tag_ == "NNS" and span[0].head.is_lower)
            ):
                continue  # a nationality adjective ("Tigrayan forces") is not an organisation
            if lexicon.fold(span.text) in lexicon.INSTITUTIONS:
                add(span, "org")
                continue
            if len(words) == 1 and (words[0] in lexicon.GENERIC_ORG_WORDS or words[0] in lexicon.TITLE_WORDS
                                    or words[0] in lexicon.ORG_NOUNS):
                continue  # "Secretary of State": a word of a title, not an organisation
            if lexicon.country(span.text):
                add(span, "place", "GPE")
                continue
            if words[0] in lexicon.FACILITY_WORDS or words[-1] in lexicon.FACILITY_WORDS:
                add(span, "place", "FAC")
                continue
            if _generic(span):
                owner = [c for t in span for c in t.children
                         if c.dep_ == "poss" and c.i < span.start and c.ent_type_ in ("GPE", "ORG")]
                if owner:
                    span = doc[owner[0].left_edge.i : span.end]  # "Russia’s Foreign Ministry"
            parts = _split_possessive(span)
            if parts is not None and not _owner_of(parts[0]):
                parts = None  # "Tigray People’s Liberation Front" is one name
            if parts is not None:
                owner, owned = parts
                if lexicon.country(owner.text) or owner.root.ent_type_ == "GPE":
                    add(owner, "place", "GPE")
                    # "Russia’s Foreign Ministry" needs its owner; "Zimbabwe’s Movement for
                    # Democratic Change" is a name of its own.
                    add(span if _generic(owned) else owned, "org")
                    continue
                # "Kyungnam University’s Institute …": two organisations, the second
                # also known by the whole phrase.
                add(owner, "org")
                add(owned, "org")
                out[-1].alias = surface(span)
                continue
            prefix = _country_prefix(span)
            if prefix is not None:
                add(prefix, "place", "GPE")
            add(span, "org")
        elif label == "PERSON":
            m_start = len(out)
            add(span, "person")
            if len(out) > m_start:
                hon = _honorific_before(span)
                out[-1].titled = hon is not None or _title_before(span)
                if hon is not None:
                    out[-1].alias = f"{hon.text} {out[-1].text}"
    for span in _govt_org_phrases(layout) + _named_group_phrases(layout):
        if not skipped(span):
            add(span, "org")
    for span in _untagged_speakers(layout):
        if not skipped(span):
            add(span, "person")
    for span, place_kind in _named_by_apposition(layout):
        if not skipped(span) and not span.root.ent_type_ in ("GPE", "LOC", "FAC"):
            add(span, "place")
            out[-1].place_kind = place_kind
    for span, kind in _headed_names(layout):
        if not skipped(span):
            add(span, kind, "FAC" if kind == "place" else "")
    for start, end, name in datelines(layout.doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and not skipped(span) and not lexicon.country(name):
            out.append(Mention(start, end, name, "place", "city", span))
    # "the North" alone is a direction or a shorthand, too vague for a place.
    out = [m for m in out if not (m.kind == "place" and lexicon.fold(m.text) in _COMPASS)]
    # "the two Koreas" is a plural, not a place.
    out = [m for m in out if not (m.kind == "place" and m.span is not None
                                  and any(c.dep_ == "nummod" for c in m.span.root.children))]
    # Institutions named after their building ("the Kremlin") may come untagged.
    return _dedupe(out)


def _title_before(span: Span) -> bool:
    return any(
        c.i < span.start and c.lower_ in lexicon.TITLE_WORDS
        for tok in span
        for c in tok.children
        if c.dep_ in ("compound", "amod", "appos", "nmod")
    )


def _dedupe(items: list[Mention]) -> list[Mention]:
    """Drop mentions nested inside a longer mention of the same kind."""
    items.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in items:
        if out and out[-1].kind == m.kind and out[-1].start <= m.start and m.end <= out[-1].end:
            continue
        out.append(m)
    return out


# ---------------------------------------------------------------------- merging


def _tokens(text: str) -> list[str]:
    return lexicon.fold(text).split()


def _words(text: str) -> list[str]:
    """Return the folded words of a name as written ("Kim Jong-un" → kim, jong un)."""
    return [lexicon.fold(w) for w in text.split()]


def _merge_people(
    mentions_: list[Mention], org_texts: set[str], labels: dict[str, set[str]]
) -> tuple[list[Entry], list[Mention]]:
    """Cluster person mentions: full names by folded form, lone names by surname or given name."""
    people: list[Entry] = []
    by_key: dict[str, Entry] = {}
    leftovers: list[Mention] = []
    singles: list[Mention] = []
    for m in mentions_:
        toks = _tokens(m.text)
        # "Al-Shabab" is one word, "Ban Ki-moon" two: count words as written.
        if len(m.text.split()) >= 2:
            key = " ".join(toks)
            entry = by_key.get(key)
            if entry is None:
                # A name whose words all appear, in order, in a known name is that person.
                entry = next((p for p in people if _contains(_tokens(p.name), toks)), None)
            if entry is None:
                entry = Entry(name=m.text, kind="person")
                people.append(entry)
            elif len(toks) > len(_tokens(entry.name)):
                entry.add_alias(entry.name)
                entry.name = m.text
            by_key[key] = entry
            entry.add_alias(m.text)
            if m.alias:
                entry.add_alias(m.alias)
            entry.spans.append((m.start, m.end))
        else:
            singles.append(m)
    # Fold shorter full names into longer ones introduced later ("Hassan Mohamud" ⊂ ...).
    for p in list(people):
        for q in people:
            if p is not q and len(_tokens(p.name)) < len(_tokens(q.name)) and _contains(_tokens(q.name), _tokens(p.name)):
                q.add_alias(p.name)
                for a in p.aliases:
                    q.add_alias(a)
                q.spans += p.spans
                people.remove(p)
                break
    for m in singles:
        word = " ".join(_tokens(m.text))
        last = [p for p in people if _words(p.name)[-1] == word]
        first = [p for p in people if _words(p.name)[0] == word]
        cands = last or first
        if cands:
            entry = _nearest(cands, m.start)
            entry.add_alias(m.text)
            if m.alias:
                entry.add_alias(m.alias)
            entry.spans.append((m.start, m.end))
            continue
        same = next((p for p in people if lexicon.fold(p.name) == word), None)
        if same is not None:
            same.spans.append((m.start, m.end))
            continue
        if m.titled:
            entry = Entry(name=m.text, kind="person", spans=[(m.start, m.end)])
            people.append(entry)
            continue
        if any(word in o.split() for o in org_texts):
            continue  # a fragment of an organisation name ("Studio" of "Studio 7")
        leftovers.append(m)
    # An untitled lone name never tied to a full name is rarely a person in news copy (people
    # are introduced in full); NER's PERSON there is mostly a misread place or group. It takes
    # the label the same word gets elsewhere, an Arabic-article group name ("Al-Shabab") is an
    # organisation, and anything else is dropped.
    for m in leftovers:
        other = labels.get(lexicon.fold(m.text), set()) - {"PERSON"}
        if "GPE" in other or "LOC" in other or "FAC" in other:
            m.kind = "place"
            m.place_kind = _place_kind(m.text, "GPE")
        elif "ORG" in other or re.match(r"(?i)^(al|el|ad|as|an)[-‐]", m.text):
            m.kind = "org"
        else:
            m.kind = "drop"
    people.sort(key=lambda p: min(s for s, _ in p.spans))
    for p in people:
        p.spans.sort()
        p.aliases = [a for a in p.aliases if a != p.name]
    return people, [m for m in leftovers if m.kind in ("org", "place")]


def _contains(longer: list[str], shorter: list[str]) -> bool:
    it = iter(longer)
    return all(w in it for w in shorter)


def _nearest(cands: list[Entry], char: int, window: int = 300) -> Entry:
    """Pick the person a shared surname means ("Kim" with Kim Jong Un and Kim Yo Jong).

    A bare surname right after one of them (within `window` characters) means that one;
    otherwise it means the person introduced first, the story's main actor.
    """
    if len(cands) == 1:
        return cands[0]

    def last_before(p: Entry) -> int:
        before = [s for s, _ in p.spans if s < char]
        return max(before) if before else -1

    recent = max(cands, key=last_before)
    if last_before(recent) >= 0 and char - last_before(recent) <= window and all(
        last_before(p) < last_before(recent) for p in cands if p is not recent
    ):
        return recent
    return min(cands, key=lambda p: min((s for s, _ in p.spans), default=char))


def _org_key(text: str) -> str:
    key = lexicon.fold(text)
    key = re.sub(r"^(the )", "", key)
    key = re.sub(r"^(un|u n) ", "united nations ", key)
    return key


def _merge_named(mentions_: list[Mention], kind: str) -> list[Entry]:
    """Merge organisation or place mentions by normalised name; shorter forms join longer ones."""
    entries: list[Entry] = []
    by_key: dict[str, Entry] = {}
    for m in mentions_:
        name = m.text
        if kind == "place" and m.place_kind == "country":
            name = lexicon.country(m.text) or m.text
        elif kind == "org":
            expanded = lexicon.ORG_ALIASES.get(lexicon.fold(m.text))
            name = expanded or m.text
        key = _org_key(name)
        entry = by_key.get(key)
        if entry is None:
            entry = Entry(name=name, kind=kind, place_kind=m.place_kind)
            entries.append(entry)
            by_key[key] = entry
        entry.add_alias(m.text)
        if m.alias:
            entry.add_alias(m.alias)
        entry.spans.append((m.start, m.end))
    _merge_acronyms(entries)
    # "State Department" joins "U.S. State Department"; "Gaza" joins "Gaza Strip".
    for e in sorted(entries, key=lambda x: len(_org_key(x.name))):
        ek = _org_key(e.name).split()
        for f in entries:
            if f is e or f.kind != e.kind:
                continue
            fk = _org_key(f.name).split()
            if len(fk) > len(ek) and _is_affix(fk, ek) and e in entries:
                if kind == "place" and (e.place_kind == "country") != (f.place_kind == "country"):
                    continue
                f.add_alias(e.name)
                for a in e.aliases:
                    f.add_alias(a)
                f.spans += e.spans
                entries.remove(e)
                break
    for e in entries:
        e.spans.sort()
        e.aliases = [a for a in e.aliases if a != e.name and a.removeprefix("the ") != e.name]
        if e.name.lower().startswith("the "):
            e.name = e.name[4:]
    entries.sort(key=lambda x: x.spans[0][0])
    return entries


def acronym(name: str) -> str:
    """Return the initials of a name's content words ("Movement for Democratic Change" → MDC)."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w’'-]*", name) if w[0].isupper())


def _merge_acronyms(entries: list[Entry]) -> None:
    """Fold "MDC" into "Movement for Democratic Change" when the letters are its initials."""
    for e in list(entries):
        short = re.sub(r"[^A-Za-z]", "", e.name)
        if not (2 <= len(short) <= 8 and short.isupper() and " " not in e.name.strip()):
            continue
        for f in entries:
            if f is not e and f.kind == e.kind and acronym(f.name) == short and len(f.name.split()) >= 2:
                f.add_alias(e.name)
                f.spans += e.spans
                entries.remove(e)
                break


def _is_affix(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return longer[:n] == shorter or longer[-n:] == shorter


# ---------------------------------------------------------------------- entry point


def find(layout: Layout) -> Entities:
    """Find, classify and merge the people, organisations and places of a parsed article."""
    result = Entities(layout)
    for sent in layout.sents:
        if _CREDIT.search(sent.text.strip()):
            result.credits.append(sent.text.strip())
            result.credit_ranges.append((sent.start_char, sent.end_char))
    ms = mentions(layout, result.credit_ranges)
    org_texts = {lexicon.fold(m.text) for m in ms if m.kind == "org"}
    person_ms = [m for m in ms if m.kind == "person"]
    _reclassify_people(ms, person_ms)
    person_ms = [m for m in ms if m.kind == "person"]
    labels: dict[str, set[str]] = {}
    for ent in layout.doc.ents:
        labels.setdefault(lexicon.fold(ent.text), set()).add(ent.label_)
    people, extra = _merge_people(person_ms, org_texts, labels)
    orgs = [m for m in ms if m.kind == "org" and lexicon.fold(m.text) not in lexicon.VAGUE_ORGS]
    orgs += [m for m in extra if m.kind == "org"]
    ms += [m for m in extra if m.kind == "place"]
    orgs.sort(key=lambda m: m.start)
    _recover_surnames(layout, people, ms, result.credit_ranges)
    result.people_ = people
    result.orgs_ = _merge_named(orgs, "org")
    result.places_ = _merge_named([m for m in ms if m.kind == "place"], "place")
    result.finish()
    roles = Roles(layout, result)
    for person in result.people_:
        find_role(person, roles)
    described = lead_description(layout, result)
    if described is not None:
        person, toks = described
        person.role = clean(toks)
        person.affiliation = affiliation_of(toks, result)
    return result


def _recover_surnames(
    layout: Layout, people: list[Entry], ms: list[Mention], skip: list[tuple[int, int]]
) -> None:
    """Add surname mentions NER missed ("…," Poling added) to the person they name."""
    covered = sorted((m.start, m.end) for m in ms)
    by_word: dict[str, list[Entry]] = {}
    for p in people:
        words = _words(p.name)
        if len(words) >= 2:
            by_word.setdefault(words[-1], []).append(p)
            by_word.setdefault(words[0], []).append(p)
    for tok in layout.doc:
        if not tok.is_title or tok.pos_ not in ("PROPN", "NOUN", "X", "ADJ"):
            continue
        if tok.ent_type_ and tok.ent_iob_ == "I" or tok.ent_type_ and tok.i + 1 < len(tok.doc) and tok.nbor(1).ent_iob_ == "I":
            continue  # part of a longer name
        cands = by_word.get(lexicon.fold(tok.text))
        if not cands or any(s <= tok.idx < e for s, e in covered) or any(s <= tok.idx < e for s, e in skip):
            continue
        # Only a name standing alone: not part of a longer proper-noun phrase.
        if (tok.i > 0 and tok.nbor(-1).pos_ == "PROPN") or (tok.i + 1 < len(tok.doc) and tok.nbor(1).pos_ == "PROPN"):
            continue
        entry = _nearest(cands, tok.idx)
        entry.spans.append((tok.idx, tok.idx + len(tok.text)))
        entry.add_alias(tok.text)
        entry.spans.sort()


def _reclassify_people(ms: list[Mention], person_ms: list[Mention]) -> None:
    """Turn organisation mentions that are really people's names into person mentions.

    NER sometimes tags "Morgan Tsvangirai" ORG. A short all-capitalised organisation name
    with no organisation word, sharing a word with a person's name, or standing in apposition
    to a role ("One of those killed, X, was chief of staff"), is a person.
    """
    person_words = {w for m in person_ms for w in _tokens(m.text)}
    full_name_words = {lexicon.fold(w) for m in person_ms if len(m.text.split()) >= 2 for w in m.text.split()}
    for m in ms:
        if m.kind != "org" or m.span is None:
            continue
        toks = [t for t in m.span if not t.is_punct]
        if len(m.text.split()) == 1 and lexicon.fold(m.text) in full_name_words:
            m.kind = "person"  # "the Mohamud government": a name NER took for an organisation
            continue
        if not 2 <= len(toks) <= 4 or not all(t.text[:1].isupper() for t in toks):
            continue
        words = _tokens(m.text)
        if any(w in lexicon.ORG_NOUNS or w in lexicon.GOVT_NOUNS for w in words):
            continue
        if lexicon.country(m.text) or any(lexicon.country(t.text) for t in toks):
            continue
        root = m.span.root
        if set(words) & person_words or root.dep_ == "appos":
            m.kind = "person"
