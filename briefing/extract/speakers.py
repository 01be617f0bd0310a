"""Speakers: who a quotation or a reported statement belongs to.

A name is read from the entities; a pronoun is resolved to the last person who was the subject
of a main clause ("they" to the last plural subject, "it" to the last organisation); anyone else
is described by their noun phrase ("a spokesperson from South Korea’s foreign ministry"). A news
outlet or a journalist filing the story is marked as the story's sourcing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Token

from . import lexicon
from .compress import entity_text
from .document import Layout
from .entries import Entities
from .quotemarks import QuoteSpan, quotations

_SUBJECTS = ("nsubj", "nsubjpass")
_MAX_DESCRIPTION = 12


@dataclass
class Speaker:
    """Who spoke: an entity's canonical name, or a description of an unnamed speaker."""

    name: str
    named: bool  # a person or organisation, not a description
    media: str = ""  # "outlet" or "journalist" when the speaker reports the news
    sourcing: bool = False  # the statement is where the story comes from, not a reaction


def is_sourcing(who: Speaker, verb: Token | None) -> bool:
    """Tell whether `who` speaking with `verb` is the story's sourcing, not an actor's reaction.

    An outlet that reports or says something ("Russian media reported that …", "…, according
    to state media") or a journalist who files it ("Correspondent X reported that …") is where
    the story comes from. A journalist who merely "said" something may be an actor in the story.
    """
    if not who.media:
        return False
    if verb is None:
        return True
    verbs = lexicon.NEWS_VERBS if who.media == "outlet" else lexicon.FILING_VERBS
    return verb.lemma_.lower() in verbs


def marked(who: Speaker | None, verb: Token | None) -> Speaker | None:
    """Return `who`, flagged as sourcing when it speaks with `verb` as a news source does."""
    if who is None or not is_sourcing(who, verb):
        return who
    return replace(who, sourcing=True)


class Resolver:
    """Names speakers: entities for names, salience for pronouns, descriptions otherwise."""

    def __init__(self, layout: Layout, entities: Entities, quotes: list[QuoteSpan]) -> None:
        self.layout = layout
        self.entities = entities
        self.quotes = quotes
        self._q_starts = [q.outer_start for q in quotes]
        self._person_events: list[tuple[int, str]] = []
        self._plural_events: list[tuple[int, str]] = []
        self._org_events: list[tuple[int, str]] = []
        self._media: dict[str, str] = {}  # plural descriptions that name outlets or journalists
        self._build_salience()

    def in_quote(self, char: int) -> QuoteSpan | None:
        """Return the quotation covering `char` (marks included), if any."""
        i = bisect_right(self._q_starts, char) - 1
        if i >= 0 and self.quotes[i].outer_start <= char < self.quotes[i].outer_end:
            return self.quotes[i]
        return None

    def _build_salience(self) -> None:
        """Record who was the subject of each main clause: people, groups and organisations."""
        # Only subjects of main clauses make a person the topic: in "X said Y was detained",
        # a later "he" means X, not Y.
        for sent in self.layout.sents:
            for tok in sent:
                if tok.dep_ not in _SUBJECTS or self.in_quote(tok.idx) or not main_clause(tok):
                    continue
                person = self.entities.at(tok, ("person",))
                if person is not None:
                    self._person_events.append((tok.idx, person.name))
                elif tok.lower_ in lexicon.PERSON_PRONOUNS:
                    who = self._last_person(tok)
                    if who:
                        self._person_events.append((tok.idx, who))
                elif tok.tag_ in ("NNS", "NNPS") and self.entities.at(tok) is None:
                    described = self.describe(tok)
                    self._plural_events.append((tok.idx, described))
                    if _media_phrase(tok):
                        self._media[described] = _media_phrase(tok)
                else:
                    org = self.entities.at(tok, ("org",))
                    if org is not None:
                        self._org_events.append((tok.idx, org.name))

    @staticmethod
    def _last(events: list[tuple[int, str]], char: int) -> str | None:
        """Return the name of the last event before `char`, if any."""
        before = [name for pos, name in events if pos < char]
        return before[-1] if before else None

    def _last_person(self, tok: Token) -> str | None:
        """Return the last main-clause subject person before `tok` whose gender fits it."""
        want = "f" if tok.lower_ in ("she", "her") else "m"
        for pos, name in reversed(self._person_events):
            if pos >= tok.idx:
                continue
            if self.entities.gender(name) in (None, want):
                return name
        return None

    def resolve_pronoun(self, tok: Token) -> Speaker | None:
        """Resolve "he/she" to the last subject person, "they" to the last plural subject."""
        low = tok.lower_
        if low in lexicon.PERSON_PRONOUNS:
            who = self._last_person(tok)
            if who is None:
                people = self.entities.people_before(tok.idx)
                who = people[-1][1].name if people else None
            return Speaker(who, True) if who else None
        if low in lexicon.PLURAL_PRONOUNS:
            what = self._last(self._plural_events, tok.idx)
            if what:
                return Speaker(what, False, self._media.get(what, ""))
        if low in lexicon.PLURAL_PRONOUNS or low == "it":
            # "The ministry said … It added …": an organisation that spoke before.
            org = self._last(self._org_events, tok.idx)
            return (
                Speaker(org, True, "outlet" if lexicon.is_media_name(org) else "") if org else None
            )
        return None

    def describe(self, tok: Token) -> str:
        """Describe an unnamed speaker by its noun phrase ("a spokesperson from X’s ministry")."""
        # The phrase ends at a comma or a relative clause after its head: "a senior official,
        # who spoke on condition of anonymity, …" → "senior official".
        stops = [
            c.left_edge.i
            for c in tok.children
            if c.i > tok.i and c.dep_ in ("relcl", "acl", "appos")
        ]
        # "West African leaders on Sunday": when they spoke is not who they are.
        stops += [
            c.i
            for c in tok.children
            if c.i > tok.i
            and c.dep_ == "prep"
            and any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
        ]
        stops += [t.i for t in tok.subtree if t.i > tok.i and t.text in ",;:—–("]
        end = min(stops, default=tok.right_edge.i + 1)
        toks = [t for t in tok.doc[tok.left_edge.i : end] if not self.in_quote(t.idx)]
        while toks and toks[0].lower_ in ("a", "an", "the", "some"):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        toks = toks[:_MAX_DESCRIPTION]
        if not toks:
            return tok.text
        return self.layout.doc[toks[0].i : toks[-1].i + 1].text

    def name_of(self, tok: Token) -> Speaker | None:
        """Name the speaker whose noun phrase is headed by `tok`."""
        if tok.pos_ == "PRON":
            return self.resolve_pronoun(tok)
        ent = self.entities.at(tok, ("person",))
        if ent is not None:
            return Speaker(ent.name, True, _journalist(ent.role) or _media_phrase(tok))
        # "spokesperson Matthew Miller": the name may sit among the head's modifiers.
        for child in tok.children:
            if child.dep_ in ("compound", "appos") and child.i != tok.i:
                ent = self.entities.at(child, ("person",))
                if ent is not None:
                    return Speaker(ent.name, True, _journalist(ent.role) or _media_phrase(tok))
        ent = self.entities.at(tok, ("org", "place"))
        if ent is not None and tok.pos_ == "PROPN":
            media = "outlet" if lexicon.is_media_name(ent.name) else _media_phrase(tok)
            return Speaker(ent.name, True, media)
        named = self.by_role(tok)
        if named is not None:
            return Speaker(named, True)
        return Speaker(self.describe(tok), False, _media_phrase(tok))

    def by_role(self, tok: Token) -> str | None:
        """Resolve "the minister" to the last person named earlier with that role."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lexicon.TITLE_WORDS:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        modifiers = [
            c for c in tok.children if c.dep_ in ("amod", "compound", "prep", "poss", "nmod")
        ]
        best: tuple[int, str] | None = None
        for start, person in self.entities.people_before(tok.idx):
            role = (person.role or "").lower()
            if tok.lemma_.lower() not in role and tok.lower_ not in role:
                continue
            if any(m.lower_ not in role for m in modifiers if m.dep_ != "prep"):
                continue
            if best is None or start > best[0]:
                best = (start, person.name)
        return best[1] if best else None

    def subject_of(self, verb: Token) -> Speaker | None:
        """Return the speaker of a reporting verb: its subject, shared or "quoted X as saying"."""
        seen = 0
        v: Token | None = verb
        while v is not None and seen < 4:
            subj = [c for c in v.children if c.dep_ in _SUBJECTS]
            if subj:
                return self.name_of(subj[0])
            if v.dep_ == "conj" and v.head != v:
                v = v.head
            elif v.dep_ in ("pcomp", "advcl", "xcomp") or v.head.dep_ == "prep":
                head = v.head.head if v.head.dep_ == "prep" else v.head
                objs = [c for c in head.children if c.dep_ == "dobj"]
                # "quoted officials as saying": the one quoted speaks; in "issued a statement,
                # saying …" the subject of the main verb does.
                if objs and v.dep_ != "xcomp" and head.lemma_.lower() in ("quote", "cite"):
                    return self.name_of(objs[0])
                v = head if head != v else None
            else:
                return None
            seen += 1
        return None

    def according_to(self, tokens: list[Token]) -> Speaker | None:
        """Return X in "according to X" among `tokens`."""
        for t in tokens:
            if t.lower_ == "according":
                for c in t.children:
                    if c.lower_ == "to":
                        objs = [o for o in c.children if o.dep_ == "pobj"]
                        if objs:
                            return self.name_of(objs[0])
                nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
                if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(t.doc):
                    obj = [o for o in nxt.children if o.dep_ == "pobj"]
                    if obj:
                        return self.name_of(obj[0])
        return None


def _journalist(role: str | None) -> str:
    """Return "journalist" when a role names one ("VOA correspondent"), else ""."""
    words = set(re.findall(r"[a-z]+", (role or "").lower()))
    return "journalist" if words & lexicon.JOURNALIST_NOUNS else ""


def _media_phrase(tok: Token) -> str:
    """Tell whether the noun phrase headed by `tok` names an outlet or a journalist.

    "Russian media", "North Korea's state news agency", "media reports", "a VOA correspondent",
    "KCNA" (by name): the head noun, its qualifiers and named outlets inside the phrase decide.
    """
    head = tok.lemma_.lower()
    low = tok.lower_
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if head in lexicon.JOURNALIST_NOUNS or low in lexicon.JOURNALIST_NOUNS:
        return "journalist"
    if head in lexicon.MEDIA_NOUNS or low in lexicon.MEDIA_NOUNS:
        return "outlet"
    if (
        head in lexicon.MEDIA_QUALIFIED or low in lexicon.MEDIA_QUALIFIED
    ) and mods & lexicon.MEDIA_QUALIFIERS:
        return "outlet"
    # "Yonhap news agency", "the official KCNA": a named outlet inside the phrase.
    names = [
        c for c in tok.children if c.dep_ in ("compound", "appos", "nmod") and c.pos_ == "PROPN"
    ]
    if tok.pos_ == "PROPN":
        names.append(tok)
    for c in names:
        if lexicon.is_media_name(entity_text(c) or c.text):
            return "outlet"
    return ""


def main_clause(tok: Token) -> bool:
    """Tell whether a subject belongs to its sentence's main clause (or a clause joined to it)."""
    verb = tok.head
    for _ in range(4):
        if verb.dep_ != "conj":
            break
        verb = verb.head
    return verb.dep_ == "ROOT"


def resolver(layout: Layout, entities: Entities) -> Resolver:
    """Return the speaker resolver of an article: its quotations, entities and salience."""
    return Resolver(layout, entities, quotations(layout.text))
