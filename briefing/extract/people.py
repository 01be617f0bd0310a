"""Roles and affiliations of people, read from the parse around each mention of their name.

Patterns, tried in this order for each mention:
  - a title before the name:       "Kremlin spokesman Dmitry Peskov"
  - an apposition either way:      "Dmitry Peskov, the Kremlin spokesman" /
                                   "The founding president of X, Morgan Tsvangirai"
  - a copula or relative clause:   "Nick Kay is the U.N. ... representative" /
                                   "Jung Dae-jin who is director of ..."
A bare title is completed by an organisation attached to the name
("Professor Lee Byong-Chol from Kyungnam University’s Institute ...").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from . import lexicon
from .document import Layout
from .entries import Entities, Entry

_EDGE_JUNK = {"the", "a", "an", ",", "—", "–", "-", "(", ")", "and", "its", "his", "her", "their"}


class Roles:
    """Context for role finding: the parse and the merged entities."""

    def __init__(self, layout: Layout, entities: Entities) -> None:
        self.layout = layout
        self.entities = entities


def has_title(tokens: Iterable[Token]) -> bool:
    """Tell whether any token is a role or title word ("spokesman", "Secretary-General")."""
    for t in tokens:
        low = t.lower_.rstrip(".")
        if low in lexicon.TITLE_WORDS or t.lemma_.lower() in lexicon.TITLE_WORDS:
            return True
        if any(part in lexicon.TITLE_WORDS for part in low.split("-") if part):
            return True
    return False


def clean(tokens: list[Token]) -> str:
    """Join tokens into role text, dropping leading/trailing articles and punctuation."""
    while tokens and (tokens[0].lower_ in _EDGE_JUNK or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].lower_ in _EDGE_JUNK or tokens[-1].is_punct or tokens[-1].is_space
    ):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def pre_title(name: Span) -> list[Token]:
    """Return the modifiers before the name that form its title ("Russian President")."""
    doc = name.doc
    left = name.start
    for tok in name:
        for child in tok.children:
            if child.i < name.start and child.dep_ in (
                "compound",
                "amod",
                "nmod",
                "poss",
                "npadvmod",
            ):
                left = min(left, child.left_edge.i)
    toks = list(doc[left : name.start])
    # The role must sit right before the name, not across a comma or a quote.
    if any(t.is_punct and t.text not in (".", "-", "’", "'") for t in toks):
        cut = max(
            i for i, t in enumerate(toks) if t.is_punct and t.text not in (".", "-", "’", "'")
        )
        toks = toks[cut + 1 :]
    if toks and (toks[0].ent_iob_ == "I" or toks[0].like_num):
        # The parse may strand part of a name: "Studio 7 reporter" → "7 reporter".
        start = toks[0].i
        while start > 0 and (
            doc[start].ent_iob_ == "I" or (doc[start - 1].is_title and doc[start].like_num)
        ):
            start -= 1
        toks = [*doc[start : toks[0].i], *toks]
    return toks if has_title(toks) else []


def appositive(name: Span) -> list[Token]:
    """Return the role given in apposition to the name, in either direction."""
    root = name.root
    for child in root.children:
        if child.dep_ == "appos" and child.i > name.end - 1:
            toks = _contiguous(child, name)
            if has_title(toks):
                return toks
    if root.dep_ == "appos" and root.head.i < name.start:
        head = root.head
        toks = [t for t in head.subtree if t.i < name.start]
        toks = [t for t in toks if t.i >= head.left_edge.i]
        if has_title(toks) and head.pos_ in ("NOUN", "PROPN"):
            return toks
    return []


_SEGMENT_END = {",", ".", ";", ":", "(", ")", "“", "”", '"', "—", "–"}


def appositive_surface(name: Span) -> list[Token]:
    """Return a role set off by commas next to the name when the parse missed the apposition.

    "Getachew Reda, a spokesman for the TPLF, told VOA": the segment between the commas
    starts with an article and holds a title word.
    """
    doc, sent = name.doc, name.sent
    segments = []
    if name.end < sent.end and doc[name.end].text == ",":
        seg = []
        for t in doc[name.end + 1 : sent.end]:
            if t.text in _SEGMENT_END:
                break
            seg.append(t)
        segments.append(seg)
    if name.start > sent.start and doc[name.start - 1].text == ",":
        seg = []
        for t in reversed(doc[sent.start : name.start - 1]):
            if t.text in _SEGMENT_END:
                break
            seg.insert(0, t)
        # A role before the name must open its sentence or clause.
        if seg and (seg[0].i == sent.start or doc[seg[0].i - 1].text in _SEGMENT_END):
            segments.append(seg)
    for seg in segments:
        if not seg or len(seg) > 20:
            continue
        # "a spokesman for …", "spokesman for …", "Ukraine's foreign minister", "U.N. envoy"
        if not (
            seg[0].lower_ in ("a", "an", "the")
            or has_title(seg[:1])
            or seg[0].ent_type_ in ("NORP", "GPE", "ORG")
        ):
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG") for t in seg):
            continue
        if any(t.lower_ in ("who", "which", "that") for t in seg):
            continue
        if has_title(seg):
            return seg
    return []


def _contiguous(head: Token, name: Span) -> list[Token]:
    """Return the subtree of `head` without the name, up to its first gap."""
    toks = sorted(head.subtree, key=lambda t: t.i)
    out: list[Token] = []
    for t in toks:
        if t.i >= name.start and t.i < name.end:
            continue
        if out and t.i != out[-1].i + 1:
            break
        out.append(t)
    return out


def copula(name: Span) -> list[Token]:
    """Return the role in "NAME is/was ROLE", "X, NAME, was ROLE" or "NAME who is ROLE"."""
    root = name.root
    subj = root
    if root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"):
        subj = root.head
    if subj.dep_ == "nsubj" and subj.head.lemma_ == "be":
        verb = subj.head
        for c in verb.children:
            if c.dep_ == "attr" and c.i > subj.i:
                toks = sorted(c.subtree, key=lambda t: t.i)
                if has_title(toks):
                    # "was chief of staff [in the prime minister's office]": a place or
                    # office hung on the verb right after the role belongs to it.
                    for p in verb.children:
                        if (
                            p.dep_ == "prep"
                            and p.i == toks[-1].i + 1
                            and p.lower_ in ("in", "at", "of", "for")
                        ):
                            toks += sorted(p.subtree, key=lambda t: t.i)
                    return toks
    for child in root.children:
        if child.dep_ == "relcl" and child.lemma_ == "be":
            for c in child.children:
                if c.dep_ == "attr":
                    toks = sorted(c.subtree, key=lambda t: t.i)
                    if has_title(toks):
                        return toks
        # "Jane Doe, who heads the agency," / "who leads the opposition party"
        if (
            child.dep_ == "relcl"
            and child.lemma_ in lexicon.LEADING_VERBS
            and any(c.dep_ == "dobj" for c in child.children)
        ):
            toks = [
                t for t in sorted(child.subtree, key=lambda t: t.i) if t.tag_ not in ("WP", "WDT")
            ]
            if toks and len(toks) <= 15:
                return toks
    return []


def affiliation_prep(name: Span) -> list[Token]:
    """Return a phrase attached to the name that names its organisation ("from X University")."""
    for child in name.root.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in lexicon.AFFILIATION_PREPS
            and child.i >= name.end
        ):
            toks = sorted(child.subtree, key=lambda t: t.i)
            if any(t.ent_type_ in ("ORG", "FAC") for t in toks):
                return toks
    return []


def affiliation_of(tokens: list[Token], entities: Entities) -> str | None:
    """Return the organisation or country a role names ("Kremlin", "Russian" → Russia)."""
    for i, t in enumerate(tokens):
        ent = entities.at(t, ("org",))
        if ent is not None:
            # Keep chained organisations whole: "Kyungnam University’s Institute for …".
            j = i
            while j + 1 < len(tokens) and (
                entities.at(tokens[j + 1], ("org",)) is not None
                or (
                    tokens[j + 1].tag_ == "POS"
                    and j + 2 < len(tokens)
                    and entities.at(tokens[j + 2], ("org",)) is not None
                )
            ):
                j += 1
            if j > i and any(x.tag_ == "POS" for x in tokens[i : j + 1]):
                return tokens[0].doc[tokens[i].i : tokens[j].i + 1].text
            return ent.name
    for t in tokens:
        ent = entities.at(t, ("place",))
        if ent is not None and ent.place_kind == "country":
            return ent.name
    # Nationality adjectives, also two-word ones ("North Korean").
    for i, t in enumerate(tokens):
        if i + 1 < len(tokens):
            two = lexicon.demonym_country(f"{t.text} {tokens[i + 1].text}")
            if two:
                return two
        one = lexicon.demonym_country(t.text)
        if one:
            return one
    return None


def lead_description(layout: Layout, entities: Entities) -> tuple[Entry, list[Token]] | None:
    """Tie a delayed-identification lead to the person it describes.

    News leads often name a role first and the person later: "The U.S. assistant secretary of
    state for East Asia returned …" then "Christopher Hill, speaking to reporters, said …".
    When the first sentence's subject is a singular role with no name in it, the first person
    named as a subject in the next two paragraphs, with no role of their own, holds that role.
    """
    if not layout.sents:
        return None
    lead = layout.sents[layout.lead]
    subj = next(
        (t for t in lead if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None
    )
    if subj is None or subj.tag_ != "NN" or not has_title([subj]):
        return None
    toks = sorted(subj.subtree, key=lambda t: t.i)
    if any(entities.at(t, ("person",)) for t in toks) or not any(
        t.lower_ == "the" for t in toks[:1]
    ):
        return None
    first_para = layout.paragraphs[layout.lead]
    after = layout.lead + 1
    for sent, para in zip(layout.sents[after:], layout.paragraphs[after:], strict=True):
        if para > first_para + 2:
            break
        for tok in sent:
            person = entities.at(tok, ("person",))
            if person is None or tok.dep_ in ("compound", "flat", "punct"):
                continue
            # The first person named after the lead decides it: a subject takes the role.
            if tok.dep_ in ("nsubj", "nsubjpass") and person.role is None:
                return person, toks
            return None
    return None


def find_role(person: Entry, roles: Roles) -> None:
    """Set `person.role` and `person.affiliation` from the first mention that states a role."""
    doc = roles.layout.doc
    for start, end in person.spans:
        name = doc.char_span(start, end, alignment_mode="expand")
        if name is None or roles.entities.in_credits(start):
            continue
        for pattern in (pre_title, appositive, appositive_surface, copula):
            toks = pattern(name)
            if not toks:
                continue
            extra: list[Token] = []
            if pattern is pre_title:
                extra = affiliation_prep(name)
            text = clean(toks)
            if not text:
                continue
            if extra:
                text = f"{text} {clean(extra)}"
            person.role = text
            person.affiliation = affiliation_of(toks + extra, roles.entities)
            return
