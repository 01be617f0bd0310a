"""Mentions of people, organisations and places.

NER spans are cleaned and typed; a few noun-phrase patterns add the names NER misses.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..models import PlaceKind
from . import lexicon
from .document import Intervals, Layout

_EDGE_JUNK_START = re.compile(r"^(?:<[^>]*>?|[^\w])+")
_EDGE_JUNK_END = re.compile(r"(?:<[^>]*>?|[^\w.])+$")
_POSSESSIVE = ("'s", "’s", "'", "’")
_DETERMINERS = {"the", "a", "an"}

# What a name names; a place has a `PlaceKind` besides.
EntityKind = Literal["person", "org", "place"]


@dataclass
class Mention:
    """One typed mention: its span in the text, its surface form and what it names."""

    start: int
    end: int
    text: str
    # None once merging finds the name names nothing: a lone untitled PERSON that is neither a
    # known person nor tagged as a place or group elsewhere (see entities._merge_people).
    kind: EntityKind | None
    place_kind: PlaceKind = "other"
    span: Span | None = None
    titled: bool = False
    alias: str | None = None
    # How strongly the text supports the mention's kind (see models.PRINT_CONFIDENCE).
    confidence: float = 1.0


# ---------------------------------------------------------------------- mention cleanup


def trim(span: Span) -> Span | None:
    """Drop leading determiners and honorifics and a trailing possessive from an entity span."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (
        doc[start].lower_ in _DETERMINERS
        or doc[start].is_punct
        or doc[start].is_space
        or doc[start].text in _POSSESSIVE  # "the group[’s Okoro] network": the owner's mark
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in _POSSESSIVE or (doc[end - 1].is_punct and doc[end - 1].text != ".")
    ):
        end -= 1
    if span.label_ == "PERSON":
        # NER runs on past a possessive ("[Varga’s 2016] campaign"): the name ends there.
        end = next((t.i for t in doc[start + 1 : end] if t.text in _POSSESSIVE), end)
        # "envoy to [Chile Piet Vos]", "[Canadian Ruth Ellery]": the country of a title or a
        # nationality the recogniser began a full name with is no part of it.
        while end - start > 2 and (
            (
                start > 0
                and doc[start - 1].lower_ in ("to", "of", "for")
                and lexicon.country(doc[start].text)
            )
            or lexicon.demonym_country(doc[start].text)
        ):
            start += 1
        # "Spokesperson Mao Ning", "Mr. Okafor": titles stay outside the name (roles use them).
        while end - start > 1 and (
            doc[start].lower_.rstrip(".") in lexicon.HONORIFICS
            or doc[start].lower_ in lexicon.TITLE_WORDS
        ):
            start += 1
        # NER may start late: "Commander-in-chief [Min] Aung Hlaing", "[Thinzar] Shunlei Yi".
        while (
            start > 0
            and start == span.start
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and not doc[start - 1].ent_type_
            and doc[start - 1].lower_ not in lexicon.TITLE_WORDS
            and doc[start - 1].lower_.rstrip(".") not in lexicon.HONORIFICS
            and doc[start - 1].head.i in range(span.start, span.end)
            and not lexicon.country(doc[start - 1].text)
            and not lexicon.demonym_country(doc[start - 1].text)
        ):
            start -= 1
            span = doc[start:end]
    elif span.label_ == "ORG":
        # NER often stops short of a long name: "Asia Maritime [Transparency Initiative]".
        while (
            end < len(doc)
            and doc[end].is_title
            and doc[end].pos_ == "PROPN"
            and not doc[end].ent_type_
            and not doc[end].is_sent_start
            and doc[end].lower_ not in lexicon.TITLE_WORDS
        ):
            end += 1
    # "The Ohio State Auditor (OSA": a short form in brackets is no part of the name.
    end = next((t.i for t in doc[start:end] if t.text == "("), end)
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
    """Return the honorific right before a name ("Mr." of "Mr. Okafor"), if any."""
    if span.start == 0:
        return None
    prev = span.doc[span.start - 1]
    return prev if prev.lower_.rstrip(".") in lexicon.HONORIFICS else None


# The confidence of a place that NER tags but no gazetteer, type word or pattern confirms: too
# weak to print (below models.PRINT_CONFIDENCE). NER's place labels in news copy go to surnames
# ("Halvorsen"), companies ("Brightdesk") and clitics ("n't") as readily as to small towns.
GUESSED_PLACE = 0.4
# The same with a locative preposition before it ("in San Aurelio", "from East Anglia") or
# "former" ("the former Yugoslavia"): a place more often than not.
LOCATED_PLACE = 0.6


def place_evidence(text: str, label: str) -> tuple[PlaceKind, float]:
    """Classify a place name and say how sure that is: (kind, confidence).

    The gazetteers (lexicon.known_place) and type words ("… Airport", "… region") are strong
    evidence; NER's label alone is a guess.
    """
    words = lexicon.fold(text).split()
    if not words:
        return "other", GUESSED_PLACE
    if lexicon.country(text):
        return "country", 1.0
    if words[-1] in lexicon.FACILITY_WORDS or words[0] in lexicon.FACILITY_WORDS:
        return "facility", 1.0
    if words[-1] in lexicon.REGION_WORDS or words[-1] in lexicon.LANDFORM_WORDS:
        return "region", 1.0
    known = lexicon.known_place(text)
    if known is not None:
        return known, 1.0
    if (
        len(words) > 1
        and words[0] in lexicon.COMPASS_ADJECTIVES
        and lexicon.known_place(" ".join(words[1:])) is not None
    ):
        return "region", 1.0  # "East Asia", "Southern California": part of a known place
    if label == "FAC":
        return "facility", GUESSED_PLACE
    if label == "LOC":
        return "region", GUESSED_PLACE
    return "city", GUESSED_PLACE


def place_kind(text: str, label: str) -> PlaceKind:
    """Classify a place name: country, facility, region or city (from its words and NER label)."""
    return place_evidence(text, label)[0]


def _in_known_place(span: Span) -> bool:
    """Tell whether a name is placed in a known region or country: "San Aurelio, California"."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    after = doc[span.end + 1]
    end = after.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    name = doc[after.i : end].text
    return bool(after.ent_type_ in ("GPE", "LOC")) and lexicon.known_place(name) in (
        "region",
        "country",
    )


def _located(span: Span) -> bool:
    """Tell whether a name stands where a place does: "in X", "near X", "the former X"."""
    root = span.root
    if any(c.lower_ == "former" for c in root.children):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in lexicon.LOCATIVE_PREPS


def _region_extension(span: Span, label: str) -> Span | None:
    """Return "<name> region" when the entity is the proper part of a region-type noun phrase."""
    doc = span.doc
    if span.end >= len(doc):
        return None
    nxt = doc[span.end]
    if not (nxt.is_lower and span.root.head == nxt):
        return None
    # A nationality adjective makes a place only with a landform ("Korean peninsula"),
    # not with an administrative word ("the Basque territory").
    words = lexicon.LANDFORM_WORDS if label == "NORP" else lexicon.REGION_WORDS
    if nxt.lower_ not in words:
        return None
    start = span.start
    # "the Karsa-Dun plateau": NER tags the part after the hyphen only.
    while start >= 2 and doc[start - 1].text in "-‐" and doc[start - 2].is_title:
        start -= 2
    return doc[start : span.end + 1]


def _country_prefix(span: Span) -> Span | None:
    """Return the leading tokens of an organisation name that name a country ("U.S. …")."""
    for n in (3, 2, 1):
        if span.end - span.start > n:
            head = span.doc[span.start : span.start + n]
            if lexicon.country(head.text):
                return head
    return None


def _split_possessive(span: Span) -> tuple[Span, Span] | None:
    """Split "Malawi’s Alliance for Civic Renewal" at its possessive marker."""
    for tok in span:
        if tok.text in ("'s", "’s") and tok.i > span.start and tok.i + 1 < span.end:
            return span.doc[span.start : tok.i], span.doc[tok.i + 1 : span.end]
    return None


def _generic(span: Span) -> bool:
    """Tell whether an organisation name is only a kind of body ("Foreign Ministry")."""
    words = lexicon.fold(span.text).split()
    return bool(words) and all(
        w in lexicon.ORG_NOUNS or w in lexicon.GENERIC_ORG_WORDS for w in words
    )


def _owner_of(span: Span) -> bool:
    """Tell whether a possessor inside an organisation name is a country or an institution."""
    words = lexicon.fold(span.text).split()
    return bool(
        lexicon.country(span.text)
        or span.root.ent_type_ == "GPE"
        or (words and words[-1] in lexicon.ORG_NOUNS)
    )


def _govt_org_phrases(layout: Layout) -> list[Span]:
    """Find unnamed organisations such as "Chile’s foreign ministry" (NER misses them)."""
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
        if not 2 <= len(span) <= 4 or not all(
            t.pos_ == "PROPN" and t.is_title and not t.ent_type_ for t in span
        ):
            continue
        if any(
            w in lexicon.ORG_NOUNS or w in lexicon.TITLE_WORDS or w in lexicon.GENERIC_ORG_WORDS
            for w in words
        ):
            continue
        if lexicon.country(span.text) or any(lexicon.demonym_country(t.text) for t in span):
            continue
        out.append(span)
    return out


# ---------------------------------------------------------------------- people NER mistypes

_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name[1:], *calendar.day_name))
# Words that make a capitalised run the name of a body, a place, a thing or a date, never a
# person's ("… Foundation", "… Airport", "… Group", "… Monday").
_NOT_NAME_WORDS = (
    lexicon.ORG_NOUNS
    | lexicon.COMPANY_SUFFIXES
    | lexicon.GENERIC_ORG_WORDS
    | lexicon.FACILITY_WORDS
    | lexicon.REGION_WORDS
    | lexicon.LANDFORM_WORDS
    | lexicon.GROUP_NOUNS
    | lexicon.ARTEFACT_NOUNS
    | lexicon.NAMED_INSTITUTIONS
    | lexicon.LEGISLATURES
    | lexicon.BODY_NOUNS
    | frozenset(lexicon.PLACE_TYPES)
    | _CALENDAR_WORDS
)
# Nouns said of people: titles and what a person is to others ("envoy", "wife", "nurse").
_PERSON_WORDS = lexicon.TITLE_WORDS | lexicon.PERSON_NOUNS | lexicon.PEOPLE_NOUNS
# The same without the nouns said of companies as readily ("rival", "producer", "member"): the
# evidence needed to overrule NER's "organisation".
_HUMAN_WORDS = _PERSON_WORDS - lexicon.ORG_OR_PERSON_NOUNS
# The confidence of a person known only by being joined to a named person ("Ivo Petrov and
# Lena Marsh"): the shape of a name and the company of a person, no word saying who they are.
COORDINATED_PERSON = 0.7
_MAX_NAME_WORDS = 3
_MAX_AGE = 120


def _person_word(tok: Token, words: frozenset[str]) -> bool:
    """Tell whether a token is a title, an honorific or a noun of `words` ("envoy", "Mr.")."""
    low = tok.lower_.rstrip(".")
    if low in words or tok.lemma_.lower() in words:
        return True
    if tok.text[:1].isupper() and (low in lexicon.TITLE_ABBREVIATIONS or low in lexicon.HONORIFICS):
        return True
    return "-" in low and any(part in words for part in low.split("-") if part)


def _name_token(tok: Token) -> bool:
    """Tell whether a token may be part of a personal name NER did not tag as one."""
    text = tok.text
    return (
        tok.pos_ == "PROPN"
        and tok.ent_type_ != "PERSON"
        and text[:1].isupper()
        and text.isalpha()
        and (len(text) == 1 or not text.isupper())  # "WHO", "BBC": acronyms name bodies
        and tok.lower_ not in _NOT_NAME_WORDS
    )


def _prefix_length(run: Span) -> int:
    """Count the words opening a capitalised run that are no part of a name.

    "Australian Ivo Petrov", "Chile Piet Vos", "Prime Minister Ana Lind": what runs up to
    the last country, nationality, title or honorific.
    """
    end = 0
    for k, tok in enumerate(run):
        if (
            lexicon.country(tok.text)
            or lexicon.demonym_country(tok.text)
            or _person_word(tok, lexicon.TITLE_WORDS)
        ):
            end = k + 1
    return end


def _is_age(tok: Token) -> bool:
    """Tell whether a token is a person's age set off after a name ("Ivo Petrov, 45, …")."""
    return tok.text.isdigit() and 0 < int(tok.text) <= _MAX_AGE


def _aged(name: Span) -> bool:
    """Tell whether an age is written before the name: "the 52-year-old Ivo Petrov"."""
    for c in name.root.children:
        if c.i < name.start and c.lower_ == "old":
            words = [t for t in c.subtree if t.i < c.i]
            if any(t.lower_ in ("year", "years") for t in words):
                return any(_is_age(t) for t in words)
    return False


def _apposed(name: Span, words: frozenset[str]) -> bool:
    """Tell whether the name is set beside a person noun or an age.

    "Ivo Petrov, a nurse at …", "Ivo Petrov, 45, …", "his wife, Lena", "his widow Lena".
    """
    root = name.root
    for c in root.children:
        if (
            c.dep_ == "appos"
            and c.i >= name.end
            and (_is_age(c) or (c.pos_ == "NOUN" and _person_word(c, words)))
        ):
            return True
    head = root.head
    return (
        root.dep_ == "appos"
        and head.i < name.start
        and head.pos_ == "NOUN"
        and _person_word(head, words)
    )


def _titled_before(name: Span, prefix: int, words: frozenset[str]) -> bool:
    """Tell whether a title stands right before the name.

    "executive chair Ivo Petrov", "his widow Lena", "former envoy to Chile Piet Vos" (the title's
    country runs into the name). A title inside the same entity as the name is the entity's own
    word ("General Motors").
    """
    doc = name.doc
    if name.start == 0:
        return False
    before = doc[name.start - 1]
    inside = bool(before.ent_type_) and doc[name.start].ent_iob_ == "I"
    if before.pos_ in ("NOUN", "PROPN") and _person_word(before, words) and not inside:
        return True
    start = name.start - prefix
    return (
        prefix > 0
        and start >= 2
        and all(lexicon.country(t.text) for t in doc[start : name.start])
        and doc[start - 1].lower_ in ("to", "of", "for")
        and doc[start - 2].pos_ == "NOUN"
        and _person_word(doc[start - 2], lexicon.TITLE_WORDS)
    )


def _coordinated(name: Span, people: set[int]) -> bool:
    """Tell whether the name is joined to a person's ("Ivo Petrov and …"): tagged PERSON by NER,
    or a token of `people`."""

    def named(tok: Token) -> bool:
        return tok.ent_type_ == "PERSON" or tok.i in people

    root = name.root
    if root.dep_ == "conj" and named(root.head):
        return True
    return any(c.dep_ == "conj" and named(c) for c in root.children)


def person_evidence(name: Span, label: str, prefix: int = 0) -> float | None:
    """Say how sure the context makes a capitalised name a person's: 1.0, or None.

    A title right before the name, a person noun or an age beside it, an age before it. A name
    NER typed as an organisation needs a title or noun said only of people (not "rival",
    "producer"), and an age is no evidence against it. `prefix` counts the country or title
    words before the name that belonged to its capitalised run.
    """
    words = _HUMAN_WORDS if label == "ORG" else _PERSON_WORDS
    if _titled_before(name, prefix, words) or _apposed(name, words):
        return 1.0
    if label != "ORG" and _aged(name):
        return 1.0  # a firm or a shop has an age too: "the 90-year-old Harrow Stores"
    return None


def _speaks(tok: Token) -> bool:
    """Tell whether a proper noun is the subject of a reporting verb ("Lind said")."""
    return (
        tok.dep_ == "nsubj"
        and tok.pos_ == "PROPN"
        and tok.head.lemma_.lower() in lexicon.REPORTING_VERBS
    )


def _proper_nouns(doc: Doc) -> list[Token]:
    """Return the proper nouns of `doc`.

    The tag array finds them without making a Token of every word: a pass over all tokens
    costs more than the rest of the rules that read only proper nouns.
    """
    propn = doc.vocab.strings["PROPN"]  # the part-of-speech symbol's id
    return [doc[k] for k, pos in enumerate(doc.to_array("POS").tolist()) if pos == propn]


def _name_runs(doc: Doc, propns: list[Token]) -> list[tuple[Span, int, str]]:
    """Return the capitalised runs that may be a person's name: (name, prefix length, label).

    The label is what NER made of the name: "ORG" if any of it, else its other label, or "".
    """
    out: list[tuple[Span, int, str]] = []
    flags = [False] * len(doc)
    for tok in propns:
        flags[tok.i] = _name_token(tok)
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        run = doc[i:j]
        i = j
        prefix = _prefix_length(run)
        name = doc[run.start + prefix : run.end]
        if not 1 <= len(name) <= _MAX_NAME_WORDS:
            continue
        # The start of a longer entity ("[Ivo Petrov] Foundation") names that entity.
        if name.end < len(doc) and doc[name.end].ent_iob_ == "I":
            continue
        # A town may share a given name ("Vera"): a place NER and a gazetteer agree on is kept
        # (see _people), a country always.
        if lexicon.country(name.text):
            continue
        labels = {t.ent_type_ for t in name if t.ent_type_}
        out.append((name, prefix, "ORG" if "ORG" in labels else next(iter(labels), "")))
    return out


def _mistyped_people(layout: Layout) -> list[tuple[Span, float]]:
    """Find people NER tagged as something else or not at all, from what the text says of them.

    "executive chair [Ivo Petrov]ORG", "[Lena]ORG, a retired nurse", "[Ana Lind], a young
    nurse", "[Ivo Petrov]ORG, 45, was …": a run of one to three capitalised proper nouns with no
    word of a body, place or date, after a title, beside a person noun or an age (see
    person_evidence). A name of two or three words NER did not call an organisation is a person
    also when it speaks or its last word speaks or is tagged PERSON elsewhere ("[Ana]GPE Lind …,
    Lind said"), and with less confidence (COORDINATED_PERSON) when it is joined to a person
    ("Ivo Petrov and [Lena Marsh]DATE").
    """
    doc = layout.doc
    out: list[tuple[Span, float]] = []
    rest: list[tuple[Span, str]] = []  # names of two or three words with no evidence yet
    propns = _proper_nouns(doc)
    for name, prefix, label in _name_runs(doc, propns):
        if len(name) == 1 and not label and not (_apposed(name, _PERSON_WORDS) or _aged(name)):
            continue  # an untagged capitalised word needs a person noun or an age tied to it
        confidence = person_evidence(name, label, prefix)
        if confidence is not None:
            out.append((name, confidence))
        elif len(name) >= 2 and label not in ("ORG", "PERSON"):
            rest.append((name, label))
    if not rest:
        return out
    people = {t.i for name, _ in out for t in name}
    # One-word names NER calls a person, or that speak ("…,” added Lind).
    surnames = {lexicon.fold(e.text) for e in doc.ents if e.label_ == "PERSON" and len(e) == 1}
    surnames |= {lexicon.fold(t.text) for t in propns if _speaks(t)}
    for name, tag in rest:
        if _speaks(name.root) or lexicon.fold(name[-1].text) in surnames:
            out.append((name, 1.0))
        elif tag not in ("GPE", "LOC", "FAC") and _coordinated(name, people):
            out.append((name, COORDINATED_PERSON))
    return out


_DATELINE = re.compile(
    r"(?m)^(?P<city>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})"  # "ISLAMABAD", "NEW YORK"
    r"(?:, [A-Z][\w.]+)?\s*"  # ", Pakistan"
    r"(?:\([^)]{1,40}\)\s*)?"  # "(Reuters)"
    r"[—–-]{1,2}\s"
)


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
        kind = lexicon.PLACE_TYPES.get(tok.lower_)
        if kind is None or tok.i + 2 >= len(tok.doc) or tok.nbor(1).lower_ != "of":
            continue
        start = end = tok.i + 2
        doc = tok.doc
        while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            end += 1
        if end > start:
            out.append((doc[start:end], kind))
    return out


def _headed_names(layout: Layout) -> list[tuple[Span, EntityKind]]:
    """Find untagged proper names headed by a facility or institution word.

    NER misses many in short contexts: "the Kuzmin Cosmodrome", "Namhae University",
    "the University of Tokyo". The head word decides: facility → place, institution → org.
    """
    doc = layout.doc
    out: list[tuple[Span, EntityKind]] = []
    for tok in doc:
        low = tok.lower_
        if (
            tok.ent_type_
            or not tok.is_title
            or (tok.is_sent_start and tok.i + 1 < len(doc) and not doc[tok.i + 1].is_title)
        ):
            continue
        kind: EntityKind
        if low in lexicon.FACILITY_WORDS:
            kind = "place"
        elif low in lexicon.ORG_NOUNS:
            kind = "org"
        else:
            continue
        start = tok.i
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and not doc[start - 1].ent_type_
        ):
            start -= 1
        end = tok.i + 1
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and doc[end + 1].is_title:
            end += 1
            while (
                end < len(doc)
                and doc[end].is_title
                and doc[end].pos_ == "PROPN"
                and not doc[end].ent_type_
            ):
                end += 1
            if doc[end - 1].lower_ in ("of", "for"):
                end -= 1
        if end - start >= 2:
            out.append((doc[start:end], kind))
    return out


def _named_group_phrases(layout: Layout) -> list[Span]:
    """Find untagged names of groups from their head noun ("KDA-RF party", "Fatah faction")."""
    out: list[Span] = []
    for tok in layout.doc:
        if tok.lemma_.lower() not in lexicon.GROUP_NOUNS or not tok.is_lower:
            continue
        names = [
            c
            for c in tok.children
            if c.dep_ in ("compound", "nmod")
            and c.i < tok.i
            and not c.ent_type_
            and (c.is_upper or c.is_title)
            and c.pos_ in ("PROPN", "NOUN")
        ]
        if names:
            left = min(n.left_edge.i for n in names)
            span = layout.doc[left : tok.i]
            if span and all(t.is_upper or t.is_title or t.text in "-‐" for t in span):
                out.append(span)
    return out


# ---------------------------------------------------------------------- collection


class _Found:
    """The mentions collected so far, and the credit lines none may fall in."""

    def __init__(self, doc: Doc, skip: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.skip = Intervals(skip)
        self.items: list[Mention] = []

    def skipped(self, span: Span) -> bool:
        """Tell whether `span` starts inside a credit line."""
        return span.start_char in self.skip

    def add(self, span: Span, kind: EntityKind, label: str = "") -> Mention | None:
        """Add `span` as a mention of `kind` if it has letters; a place is typed by `label`."""
        text = surface(span)
        # Markup or stray marks glued to a name ("<b>Bob", "*Varga*") are not part of it.
        lead = len(text) - len(_EDGE_JUNK_START.sub("", text))
        text = _EDGE_JUNK_END.sub("", text[lead:])
        if not any(ch.isalpha() for ch in text):
            return None
        start = span.start_char + lead
        pk: PlaceKind = "other"
        confidence = 1.0
        if kind == "place":
            pk, confidence = place_evidence(text, label)
            if confidence < 1.0 and _in_known_place(span):
                pk, confidence = "city", 1.0
            elif confidence < 1.0 and _located(span):
                confidence = max(confidence, LOCATED_PLACE)
        mention = Mention(start, start + len(text), text, kind, pk, span, confidence=confidence)
        self.items.append(mention)
        return mention


# An entity rule looks at a trimmed NER span and its label; it returns True once it has decided
# the span (added a mention for it, or set it aside), False to leave it to the next rule.
_Rule = Callable[[Span, str, _Found], bool]


def _words(span: Span) -> list[str]:
    """Return the folded words of `span`."""
    return lexicon.fold(span.text).split()


def _region(span: Span, label: str, found: _Found) -> bool:
    """Add "<name> region" as a place ("Tigray region", "Korean peninsula")."""
    region = _region_extension(span, label)
    if region is None:
        return False
    found.add(region, "place", "LOC")
    return True


def _wordless(span: Span, label: str, found: _Found) -> bool:
    """Set aside a span with no words left after folding, or with no capitalised word.

    A name has a capital ("Varga", "al-Wadi", "KDA-RF"); NER also tags clitics ("n't"),
    common words and lower-case phrases, which name nothing.
    """
    return not _words(span) or not any(t.text[:1].isupper() for t in span)


def _demonym(span: Span, label: str, found: _Found) -> bool:
    """Set aside a nationality word tagged as a place ("the Norwegian", "Chileans")."""
    return (
        len(span) == 1
        and lexicon.demonym_country(span.text) is not None
        and lexicon.known_place(span.text) is None
    )


def _place_named_body(span: Span, label: str, found: _Found) -> bool:
    """Add "<place> police" or "<place> health commission" as an organisation.

    NER tags only the place of "the Dorset police said" (as a place or an organisation); the
    lower-case body noun the name modifies makes the phrase an organisation's name (the place
    is kept too when a gazetteer knows it).
    """
    root = span.root
    head = root.head
    if root.dep_ != "compound" or head.i < span.end or not head.is_lower:
        return False
    if head.lemma_.lower() not in lexicon.BODY_NOUNS:
        return False
    between = span.doc[span.end : head.i]
    if any(
        not t.is_lower or t.head.i != head.i or t.dep_ not in ("compound", "amod") for t in between
    ):
        return False
    found.add(span.doc[span.start : head.i + 1], "org")
    if lexicon.known_place(span.text) is not None:
        found.add(span, "place", "GPE")
    return True


def _institution(span: Span, label: str, found: _Found) -> bool:
    """Add an institution named after its building ("the Kremlin") as an organisation."""
    if lexicon.fold(span.text) not in lexicon.INSTITUTIONS:
        return False
    found.add(span, "org")
    return True


def _org_tagged_place(span: Span, label: str, found: _Found) -> bool:
    """Add a place-tagged name with an organisation word ("Seoul City Council") as one."""
    words = _words(span)
    if (
        len(words) > 1
        and any(w in lexicon.ORG_NOUNS for w in words)
        and not lexicon.country(span.text)
    ):
        found.add(span, "org")
        return True
    return False


def _common_location(span: Span, label: str, found: _Found) -> bool:
    """Set aside a LOC span in lower case ("the west"): a direction, not a name."""
    return label == "LOC" and span.text.islower()


def _place(span: Span, label: str, found: _Found) -> bool:
    """Add a place, classified from its words and label."""
    found.add(span, "place", label)
    return True


def _nationality(span: Span, label: str, found: _Found) -> bool:
    """Set aside a nationality adjective tagged ORG ("Tigrayan forces")."""
    return len(span) == 1 and bool(
        span[0].tag_ == "JJ"
        or span[0].dep_ == "amod"
        or lexicon.demonym_country(span.text)
        or (
            span.text.endswith(("an", "ese"))
            and span[0].head.tag_ == "NNS"
            and span[0].head.is_lower
        )
    )


def _title_fragment(span: Span, label: str, found: _Found) -> bool:
    """Set aside a lone word of a title or a kind of body ("Secretary of State", "Ministry")."""
    words = _words(span)
    return len(words) == 1 and (
        words[0] in lexicon.GENERIC_ORG_WORDS
        or words[0] in lexicon.TITLE_WORDS
        or words[0] in lexicon.ORG_NOUNS
    )


def _country_tagged_org(span: Span, label: str, found: _Found) -> bool:
    """Add a country tagged ORG as a place."""
    if not lexicon.country(span.text):
        return False
    found.add(span, "place", "GPE")
    return True


def _facility_tagged_org(span: Span, label: str, found: _Found) -> bool:
    """Add a facility tagged ORG ("Kuzmin Cosmodrome") as a place."""
    words = _words(span)
    if words[0] not in lexicon.FACILITY_WORDS and words[-1] not in lexicon.FACILITY_WORDS:
        return False
    found.add(span, "place", "FAC")
    return True


def _organisation(span: Span, label: str, found: _Found) -> bool:
    """Add an organisation, with the country or institution that owns or prefixes its name."""
    span = _with_owner(span)
    if _add_owned(span, found):
        return True
    prefix = _country_prefix(span)
    if prefix is not None:
        found.add(prefix, "place", "GPE")
    found.add(span, "org")
    return True


def _with_owner(span: Span) -> Span:
    """Extend a kind of body to its owner outside the span ("Peru’s [Foreign Ministry]")."""
    if not _generic(span):
        return span
    owners = [
        c
        for t in span
        for c in t.children
        if c.dep_ == "poss" and c.i < span.start and c.ent_type_ in ("GPE", "ORG")
    ]
    return span.doc[owners[0].left_edge.i : span.end] if owners else span


def _add_owned(span: Span, found: _Found) -> bool:
    """Add "<owner>’s <organisation>" as its two parts; return False if it is one name."""
    parts = _split_possessive(span)
    if parts is None or not _owner_of(parts[0]):
        return False  # "Tigray People’s Liberation Front" is one name
    owner, owned = parts
    if lexicon.country(owner.text) or owner.root.ent_type_ == "GPE":
        found.add(owner, "place", "GPE")
        # "Peru’s Foreign Ministry" needs its owner; "Malawi’s Alliance for Civic
        # Change" is a name of its own.
        found.add(span if _generic(owned) else owned, "org")
        return True
    # "Daedong University’s Institute …": two organisations, the second also known by the
    # whole phrase.
    found.add(owner, "org")
    found.add(owned, "org")
    found.items[-1].alias = surface(span)
    return True


def _facility_extension(span: Span, label: str, found: _Found) -> bool:
    """Add "<name> hospital" as a facility: a name the lower-case facility noun after it heads."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if not (nxt.is_lower and nxt.lower_ in lexicon.FACILITY_WORDS and span.root.head == nxt):
        return False
    found.add(doc[span.start : span.end + 1], "place", "FAC")
    return True


def _legislature(span: Span, label: str, found: _Found) -> bool:
    """Add a legislature named by its capitalised kind alone ("Congress", "the Senate")."""
    words = _words(span)
    if len(words) != 1 or words[0] not in lexicon.LEGISLATURES or not span[0].is_title:
        return False
    found.add(span, "org")
    return True


def _landform_tagged_org(span: Span, label: str, found: _Found) -> bool:
    """Add a range, a valley or a pair of counties tagged ORG as a region ("Blue Hills")."""
    words = _words(span)
    if len(words) < 2 or words[-1] not in lexicon.REGION_WORDS | lexicon.LANDFORM_WORDS:
        return False
    found.add(span, "place", "LOC")
    return True


def _person_tagged_place(span: Span, label: str, found: _Found) -> bool:
    """Add a lone name tagged PERSON as a place where a place stands: "in Kyiv"."""
    root = span.root
    if len(span) != 1 or root.dep_ != "pobj" or root.head.lower_ not in lexicon.LOCATIVE_PREPS:
        return False
    if lexicon.known_place(span.text) is None:
        return False
    found.add(span, "place", "GPE")
    return True


def _named_thing(span: Span, label: str, found: _Found) -> bool:
    """Set aside a name that heads or modifies an artefact: "the Blue Horizon lander".

    Product, vehicle and programme names come out of NER as people; the noun they modify
    (or end with) says what they are. A group noun ("the Varga family") keeps the person.
    """
    doc = span.doc
    things = lexicon.ARTEFACT_NOUNS | lexicon.WORK_NOUNS
    last = span[-1].lower_
    nxt = doc[span.end] if span.end < len(doc) else None
    after = nxt is not None and nxt.is_lower and nxt.lower_ in things and span.root.head == nxt
    # "the film Dark Harbour", "the tanker Sea Wind": the kind of thing right before the name.
    prev = doc[span.start - 1] if span.start > 0 else None
    before = (
        prev is not None
        and prev.is_lower
        and prev.pos_ == "NOUN"
        and prev.lower_ in things
        and (prev.head == span.root or span.root.head == prev)
    )
    # "Hurricane Ines", "Storm Odile": a storm's name.
    storm = len(span) > 1 and span[0].is_title and span[0].lower_ in lexicon.STORM_WORDS
    return after or before or storm or (len(span) > 1 and last in lexicon.ARTEFACT_NOUNS)


def _company_tagged_person(span: Span, label: str, found: _Found) -> bool:
    """Add a name that ends as a company's does ("Acme Pharma", "Vantor Controls") as one."""
    words = _words(span)
    if len(words) < 2 or not (
        words[-1] in lexicon.COMPANY_WORDS or words[-1] in lexicon.COMPANY_SUFFIXES
    ):
        return False
    found.add(span, "org")
    return True


def _org_by_apposition(span: Span, label: str, found: _Found) -> bool:
    """Add a name set beside a noun of a body or a business as one: "the company, Varnel Goods,"."""
    root = span.root
    head = root.head
    if root.dep_ != "appos" or head.i > span.start or not head.is_lower or head.pos_ != "NOUN":
        return False
    noun = head.lemma_.lower()
    if noun not in lexicon.ORG_NOUNS | lexicon.GROUP_NOUNS | lexicon.BUSINESS_NOUNS:
        return False
    found.add(span, "org")
    return True


def _place_tagged_person(span: Span, label: str, found: _Found) -> bool:
    """Add a name that ends in a facility or region word where a place stands as a place.

    "marched from Kellan Square", "at Orme Station": NER's PERSON after a locative preposition,
    the name ending as a place's does. Elsewhere such a name may be a person's ("Ruth Bridge").
    """
    words = _words(span)
    root = span.root
    if len(words) < 2 or words[-1] not in (
        lexicon.FACILITY_WORDS | lexicon.REGION_WORDS | lexicon.LANDFORM_WORDS
    ):
        return False
    if root.dep_ != "pobj" or root.head.lower_ not in lexicon.LOCATIVE_PREPS | {"to"}:
        return False
    found.add(span, "place", "FAC")
    return True


def _person_named_institution(span: Span, label: str, found: _Found) -> bool:
    """Add "the Jane Goodall Foundation" as an organisation, not the person it is named after.

    So is a group named after its founder by a lower-case group noun ("the Okoro network").
    """
    doc = span.doc
    end = span.end
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.is_title and nxt.lower_ in lexicon.NAMED_INSTITUTIONS:
        end += 1  # "the [Jane Goodall] Foundation"
    elif (
        nxt is not None
        and nxt.is_lower
        and nxt.lower_ in lexicon.GROUP_NOUNS
        and span.root.head == nxt
    ):
        end += 1  # "the [Okoro] network"
    elif len(span) < 2 or span[-1].lower_ not in lexicon.NAMED_INSTITUTIONS:
        return False
    found.add(doc[span.start : end], "org")
    return True


def _person(span: Span, label: str, found: _Found) -> bool:
    """Add a person, noting a title or honorific before the name ("Mr. Okafor" as an alias)."""
    mention = found.add(span, "person")
    if mention is not None:
        hon = _honorific_before(span)
        mention.titled = (
            hon is not None or _title_before(span) or person_evidence(span, label) is not None
        )
        if hon is not None:
            mention.alias = f"{hon.text} {mention.text}"
    return True


# The rules for each NER label, tried in order; labels not here (dates, numbers) name nothing.
_RULES: dict[str, tuple[_Rule, ...]] = {
    "PERSON": (
        _region,
        _wordless,
        _person_tagged_place,
        _named_thing,
        _person_named_institution,
        _company_tagged_person,
        _org_by_apposition,
        _place_tagged_person,
        _facility_extension,
        _person,
    ),
    "ORG": (
        _region,
        _wordless,
        _nationality,
        _place_named_body,
        _facility_extension,
        _institution,
        _legislature,
        _title_fragment,
        _country_tagged_org,
        _facility_tagged_org,
        _landform_tagged_org,
        _organisation,
    ),
    "GPE": (
        _region,
        _wordless,
        _demonym,
        _institution,
        _org_tagged_place,
        _place_named_body,
        _place,
    ),
    "LOC": (
        _region,
        _wordless,
        _demonym,
        _institution,
        _org_tagged_place,
        _common_location,
        _place_named_body,
        _place,
    ),
    "FAC": (_wordless, _institution, _org_tagged_place, _place),
    "NORP": (_region,),  # a nationality names a place only with a landform
}


# ---------------------------------------------------------------------- patterns NER misses


def _unnamed_orgs(layout: Layout, found: _Found) -> None:
    """Add "Chile’s foreign ministry" and "KDA-RF party" as organisations."""
    for span in _govt_org_phrases(layout) + _named_group_phrases(layout):
        if not found.skipped(span):
            found.add(span, "org")


def _people(layout: Layout, found: _Found) -> None:
    """Add the people NER mistyped or missed, in place of what NER made of their names."""
    for span, confidence in _mistyped_people(layout):
        start, end = span.start_char, span.end_char
        over = [m for m in found.items if m.start < end and start < m.end]
        if found.skipped(span) or any(
            m.kind == "person" or (m.kind == "place" and m.confidence >= 1.0) for m in over
        ):
            continue  # a name already typed as a person, or a place a gazetteer knows
        found.items = [m for m in found.items if not any(m is o for o in over)]
        mention = found.add(span, "person")
        if mention is not None:
            mention.titled = True
            mention.confidence = confidence


def _speakers(layout: Layout, found: _Found) -> None:
    """Add untagged full names that speak as people."""
    for span in _untagged_speakers(layout):
        if not found.skipped(span):
            found.add(span, "person")


def _typed_places(layout: Layout, found: _Found) -> None:
    """Add places introduced by their type ("the port of X") with that type."""
    for span, kind_of_place in _named_by_apposition(layout):
        if not found.skipped(span) and span.root.ent_type_ not in ("GPE", "LOC", "FAC"):
            found.add(span, "place")
            found.items[-1].place_kind = kind_of_place


def _headed(layout: Layout, found: _Found) -> None:
    """Add untagged names headed by a facility or institution word."""
    for span, kind in _headed_names(layout):
        if not found.skipped(span):
            found.add(span, kind, "FAC" if kind == "place" else "")


_MAX_DEFINED_WORDS = 10
_BRACKETED_SHORT_FORM = re.compile(r"\(([A-Z]{2,8})\)")
_NAME_JOINS = ("of", "for", "and", "&", "on")


def _defined_short_form(name: Span, short: str) -> Span | None:
    """Return the end of `name` that `short` abbreviates, or None.

    The short form's letters are the initials of the name's capitalised words in order, with at
    most two words left out ("Ohio State Gaming Regulator (OGR)").
    """
    words = [t for t in name if t.text[:1].isupper()]
    for k, first in enumerate(words):
        if first.text[0] != short[0]:
            continue
        initials = [t.text[0] for t in words[k:]]
        it = iter(initials)
        if (
            initials[-1] == short[-1]
            and len(initials) - len(short) <= 2
            and all(ch in it for ch in short)
        ):
            return name.doc[first.i : name.end]
    return None


def _defined_names(layout: Layout, found: _Found) -> None:
    """Add an organisation defined with its short form in brackets: "the Ohio State Auditor (OSA)".

    The capitalised words before the bracket whose initials spell the short form are the
    organisation's name, whatever NER made of them; the short form is its alias, so that its
    later mentions ("the OSA said") name it.
    """
    doc = layout.doc
    for match in _BRACKETED_SHORT_FORM.finditer(layout.text):
        bracket = doc.char_span(match.start(), match.start() + 1)
        if bracket is None or bracket.end + 1 >= len(doc):
            continue
        tok = bracket[0]
        short = match.group(1)
        if doc[tok.i + 1].text != short or doc[tok.i + 2].text != ")":
            continue
        start = tok.i
        while start > max(0, tok.i - _MAX_DEFINED_WORDS) and (
            (doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper())
            or (doc[start - 1].lower_ in _NAME_JOINS and start - 1 > 0 and start < tok.i)
        ):
            start -= 1
        while start < tok.i and doc[start].lower_ in _NAME_JOINS:
            start += 1
        name = _defined_short_form(doc[start : tok.i], short) if start < tok.i else None
        if name is None or found.skipped(name) or lexicon.country(name.text):
            continue
        if any(t.ent_type_ == "PERSON" for t in name):
            continue
        same = next(
            (m for m in found.items if (m.start, m.end) == (name.start_char, name.end_char)), None
        )
        if same is not None and same.kind != "org":
            continue  # a place's or a person's initials
        if same is None:
            found.items = [
                m
                for m in found.items
                if not (m.kind == "org" and name.start_char <= m.start and m.end <= name.end_char)
            ]
            same = found.add(name, "org")
        if same is not None:
            same.alias = short


def _gazetteer_places(layout: Layout, found: _Found) -> None:
    """Add untagged names after "in", "near", "from" … that a gazetteer knows ("in Kyiv").

    NER leaves some place names untagged in short contexts; a proper noun standing where a
    place stands, that the gazetteers know as one, is one.
    """
    doc = layout.doc
    for tok in doc:
        if (
            tok.dep_ != "pobj"
            or tok.ent_type_
            or tok.pos_ != "PROPN"
            or not tok.is_title
            or tok.head.lower_ not in lexicon.LOCATIVE_PREPS
        ):
            continue
        start = tok.i
        while (
            start > tok.head.i + 1 and doc[start - 1].dep_ == "compound" and doc[start - 1].is_title
        ):
            start -= 1
        span = doc[start : tok.i + 1]
        if found.skipped(span) or any(t.ent_type_ for t in span):
            continue
        if lexicon.known_place(span.text) is not None:
            found.add(span, "place", "GPE")


def _datelines(layout: Layout, found: _Found) -> None:
    """Add the city of each dateline, replacing whatever NER made of it ("JOHANNESBURG" as ORG)."""
    for start, end, name in datelines(layout.text):
        span = found.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and not found.skipped(span) and not lexicon.country(name):
            found.items = [m for m in found.items if not (m.start < end and start < m.end)]
            found.items.append(Mention(start, end, name, "place", "city", span))


# Patterns over the parse for names NER misses, in order; datelines come last as they override.
_PATTERNS: tuple[Callable[[Layout, _Found], None], ...] = (
    _unnamed_orgs,
    _people,
    _speakers,
    _typed_places,
    _headed,
    _defined_names,
    _gazetteer_places,
    _datelines,
)


def _too_vague(m: Mention) -> bool:
    """Tell whether a place mention is a direction ("the North") or a plural ("the two Koreas")."""
    if m.kind != "place":
        return False
    if lexicon.fold(m.text) in lexicon.COMPASS_WORDS:
        return True
    return m.span is not None and any(c.dep_ == "nummod" for c in m.span.root.children)


def mentions(layout: Layout, skip: list[tuple[int, int]]) -> list[Mention]:
    """Collect typed mentions from the named entities and a few noun-phrase patterns."""
    found = _Found(layout.doc, skip)
    for ent in layout.doc.ents:
        if found.skipped(ent):
            continue
        span = trim(ent)
        if span is None:
            continue
        for rule in _RULES.get(ent.label_, ()):
            if rule(span, ent.label_, found):
                break
    for pattern in _PATTERNS:
        pattern(layout, found)
    return _dedupe([m for m in found.items if not _too_vague(m)])


def _title_before(span: Span) -> bool:
    """Tell whether a title word modifies the name from before it ("President Varga")."""
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
