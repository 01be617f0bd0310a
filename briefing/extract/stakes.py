"""Stakes: 3–6 short statements of what is at issue, drawn from the article with evidence.

A stake reads as what is at issue, not as a summary sentence: a complete noun phrase or a
short finite clause of at most about eighteen words, built from the parse (see `compress`) and
checked to read on its own (`compress.reads_alone`: no "Its plan to reduce", no "the meeting
came"). Candidates come from frames over the parse —

- what a side wants: the object of "want/seek/hope to receive …" with the side named in it
  ("Norway hopes to obtain turbines for use in its grid" → "turbines for use in Norway’s grid");
- what one side urges another to do: "urged X to resign" → "X to resign";
- what would change hands: "not to supply turbines to Norway" → "turbines for Norway";
- rules at stake: "X would violate Y" → "violation of Y by X";
- threats and risks: "fears of …", "concerns that …", "warnings … against …", and the issue
  phrases "amid/over/despite …";
- goals and rules named as nouns ("security and stability along the border", "the resolutions");
- issue noun phrases: a noun with what it is about, whose or over what ("a motion to censure
  the president over his decree"); people only with what befalls them, never as a bare group;
- and, for the rest, each clause of a sentence without its asides, a reported clause standing
  for its attribution frame ("officials said Norway hopes …" → "Norway hopes …").

Each candidate is scored by what it says (its own words, cue words of public issues, words of
the headline), its place (the lead) and its frame; they are chosen greedily, each losing score
for what the ones already chosen say, and kept in text order. Statements that are mostly a
direct quote are left out, so quotes are not repeated.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from ..models import Quote, Stake
from . import lexicon
from .compress import (
    Builder,
    Phrase,
    collect,
    entity_text,
    fit,
    has_subject,
    infinitive,
    lemma_in,
    name_possessives,
    owner_kind,
    reads_alone,
    subject,
    subject_phrase,
    word_forms,
)
from .document import Intervals, Layout, known_nouns
from .speakers import Resolver

MAX_STAKES = 6
MIN_STAKES = 3
MAX_WORDS = 18  # a stake longer than this reads as a summary sentence
MIN_WORDS = 3
# Beyond the first three, a stake must score this much: a frame is stake-shaped by
# construction, a plain clause must show more cues to count.
MIN_SCORE = (2.0, 3.0)
PER_SENTENCE = 2
QUOTED_SHARE = 0.35  # a clause more quoted than this repeats a quote
# Weights of a candidate's score (see `_score`).
SPECIFIC = 0.5  # each word of its own: what it says
CUE = 1.0  # each cue word, up to three: a want, a threat, a rule, a risk, a public issue
HEADLINE_WORD = 1.0  # each word of the headline, up to three
LEAD = 2.0  # in the lead, which states what the story is about
UNCUED = 3.0  # lost by a noun phrase or clause that names no issue
# Lost by a stake whose words the stakes chosen before already hold, all of them.
REDUNDANCY = 4.0
_ACTORS = ("GPE", "ORG", "NORP", "LOC", "FAC")
_SIDES = ("GPE", "ORG", "NORP")  # who can want or threaten something; places are only where
_VERBAL = ("VERB", "AUX")
_FRAMED = frozenset({"VERB", "AUX", "NOUN"})
_SUBJECTS = ("nsubj", "nsubjpass")
_OBJECTS = ("dobj", "nsubj", "nsubjpass")  # a clause's own arguments
# A passive verb with one of these states no act of its own ("was not released", "was said
# to …", "was named envoy", "were rounded up").
_PASSIVE_BLOCKERS = frozenset({"neg", "xcomp", "ccomp", "oprd", "attr", "acomp", "prt"})
# Prepositions by which a noun of an act names what it acts on ("the attack on …").
_ACT_PREPS = frozenset({"of", "on", "into", "against"})
# Where a noun phrase stands as a whole: subject, object, object of a preposition, predicate.
_NOUN_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "oprd", "ROOT"})

# What a candidate states: a frame, an open question ("doubt") or a plain clause.
FrameKind = Literal[
    "want",
    "demand",
    "transfer",
    "event",
    "doubt",
    "rule",
    "risk",
    "issue",
    "goal",
    "purpose",
    "topic",
    "clause",
]
# Frames and the weight their kind adds: a frame states what is at issue more directly than a
# plain clause does.
BONUS: dict[FrameKind, float] = {
    "want": 3.5,
    "demand": 3.0,
    "transfer": 3.5,
    # The act's noun is ours, so its words are not counted: this gives back what the verb
    # of the clause it restates counts (a word of its own, a cue), and a little more.
    "event": 2.0,
    "doubt": 2.0,
    "rule": 2.5,
    "risk": 2.0,
    "issue": 1.5,
    "goal": 1.0,
    "purpose": 1.5,
    "topic": 0.5,
    "clause": 0.0,
}

_WANT_OR_GET = lexicon.WANT_VERBS | lexicon.GET_VERBS
# A frame: from a word, the kinds and builders of the phrases it starts.
Frame = Callable[[Token, "Namer"], Iterator[tuple[FrameKind, Builder]]]
_NAMED_ISSUES = lexicon.GOAL_NOUNS | lexicon.STAKE_NOUNS


@dataclass
class Candidate:
    """A phrase that may state a stake, with its kind, score and sentence."""

    phrase: Phrase
    kind: FrameKind
    score: float
    sentence: int

    @property
    def text(self) -> str:
        """Return the rendered phrase."""
        return self.phrase.text()


def _words(text: str) -> set[str]:
    """Return the words of `text` that are not stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in re.findall(r"\w+", text.lower()) if w not in STOP_WORDS}


def _content(t: Token) -> bool:
    """Tell whether `t` is a content word: a noun, name, verb or adjective, not a stop word."""
    return t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop and t.is_alpha


def _key(t: Token) -> str:
    """Return the key a word is counted by: its lemma, or its entity type and text."""
    return (t.ent_type_ + ":" + t.lower_) if t.ent_type_ else t.lemma_.lower()


def _keyword(t: Token) -> bool:
    """Tell whether `t` counts toward what a story is about: a content word, not "said"."""
    return _content(t) and not (t.pos_ == "VERB" and lemma_in(t, lexicon.REPORTING_VERBS))


def headline_words(title: str | None) -> frozenset[str]:
    """Return the lower-cased content words of the headline."""
    return frozenset(_words(title)) if title else frozenset()


def _in_headline(t: Token, headline: frozenset[str]) -> bool:
    return bool(headline) and not headline.isdisjoint(word_forms(t))


def _cues(tokens: list[Token]) -> int:
    """Count the words that name a want, a threat, a rule, a risk or a public issue."""
    return sum(
        1
        for t in tokens
        if (t.pos_ in _VERBAL and lemma_in(t, lexicon.STAKE_VERBS))
        or (t.pos_ in ("NOUN", "PROPN") and lemma_in(t, lexicon.STAKE_NOUNS))
        or (t.pos_ == "ADJ" and t.lower_ in lexicon.STAKE_ADJECTIVES)
    )


def _score(
    phrase: Phrase, kind: FrameKind, index: int, lead: int, headline: frozenset[str]
) -> float:
    """Score a phrase by how much it says, its cue words, the headline, its place and frame.

    A stake that names what is at issue with whose it is and over what ("a motion to censure
    President Vela over his decree dissolving parliament") says more than one that names a topic
    ("the impeachment"): each word of its own counts. Cue words and words of the headline count
    up to three each, the lead a little, and a frame by its kind.
    """
    keys = {_key(t) for t in phrase.tokens if _keyword(t)}
    if not keys:
        return -math.inf
    titled = {_key(t) for t in phrase.tokens if _keyword(t) and _in_headline(t, headline)}
    score = SPECIFIC * len(keys) + CUE * min(3, _cues(phrase.tokens))
    score += HEADLINE_WORD * min(3, len(titled))
    if index == lead:
        score += LEAD
    return score + BONUS[kind]


class Namer:
    """Names the subject of a clause: an entity's name, or the person a pronoun stands for."""

    def __init__(self, layout: Layout, resolver: Resolver | None) -> None:
        self.layout = layout
        self.resolver = resolver
        # Possessives we write follow the article's apostrophe.
        self.apostrophe = "’" if "’" in layout.text else "'"

    def name(self, subj: Token) -> str | None:
        """Return the name `subj` stands for, or None when it cannot be said."""
        if subj.pos_ == "PRON" or subj.lower_ in lexicon.PRONOUNS:
            return self._antecedent(subj)
        if self.resolver is not None:
            ent = self.resolver.entities.at(subj)
            if ent is not None and (subj.pos_ == "PROPN" or subj.ent_type_):
                return _span_of(subj) if ent.kind != "person" else ent.name
        if subj.pos_ == "PROPN" or subj.ent_type_ in _ACTORS:
            return _span_of(subj)
        return None

    @functools.cached_property
    def speakers(self) -> frozenset[str]:
        """Return the nouns the article makes speak ("delegates said …"): people, not issues."""
        return frozenset(
            c.lemma_.lower()
            for t in self.layout.doc
            if t.pos_ == "VERB" and lemma_in(t, lexicon.REPORTING_VERBS)
            for c in t.children
            if c.dep_ == "nsubj" and c.pos_ == "NOUN"
        )

    def is_actor(self, tok: Token) -> bool:
        """Tell whether a noun names people or a body (an actor), not an issue.

        "the government and allied militia forces": one actor among the conjuncts makes it so.
        """
        for t in (tok, *(c for c in tok.children if c.dep_ == "conj")):
            forms = {t.lemma_.lower(), t.lower_}
            if t.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") or not forms.isdisjoint(
                lexicon.TITLE_WORDS | lexicon.ACTOR_NOUNS | lexicon.GROUP_NOUNS | self.speakers
            ):
                return True
        return False

    @functools.cached_property
    def acts(self) -> dict[str, str]:
        """Return the nouns of acts the article uses with what they act on, and its preposition.

        "Their release ended the standoff" → release: of; "the attack on the convoy" →
        attack: on. A noun used so is the act its verb names ("were released").
        """
        out: dict[str, str] = {}
        for t in self.layout.doc:
            if t.pos_ != "NOUN":
                continue
            preps = [c.lower_ for c in t.children if c.dep_ == "prep" and c.lower_ in _ACT_PREPS]
            if preps:
                out[t.lemma_.lower()] = preps[0]
            elif any(c.dep_ == "poss" for c in t.children):
                out.setdefault(t.lemma_.lower(), "of")
        return out

    def is_person(self, tok: Token) -> bool:
        """Tell whether `tok` is part of a person's name."""
        return self.resolver is not None and self.resolver.entities.at(tok, ("person",)) is not None

    def _antecedent(self, pron: Token) -> str | None:
        """Return the name a pronoun subject stands for, or None."""
        low = pron.lower_
        if self.resolver is not None and low in ("he", "she"):
            who = self.resolver.resolve_pronoun(pron)
            return who.name if who is not None else None
        if low not in ("it", "they"):
            return None
        fallback = None
        if low == "they" and self.resolver is not None:
            # "Nordic leaders … warning that they could …": the last plural subject.
            who = self.resolver.resolve_pronoun(pron)
            fallback = who.name if who is not None else None
        # "Caracas pledged … However, it has declined …": the last named country or group that
        # was the subject of a main clause, in this sentence or the one before.
        i = self.layout.index_at(pron.idx)
        for sent in (self.layout.sents[i], *(self.layout.sents[max(0, i - 1) : i])):
            subjects = [
                t for t in sent if t.dep_ in _SUBJECTS and (t.i < pron.i or sent.end <= pron.i)
            ]
            for t in reversed(subjects):
                if t.ent_type_ in ("GPE", "ORG", "NORP") and (low == "it") == (t.tag_ != "NNPS"):
                    return _span_of(t)
        return fallback


def _span_of(tok: Token) -> str:
    """Return the entity text around `tok`, or its compound name ("the Caracas government")."""
    text = entity_text(tok)
    if text is not None:
        return text[4:] if text.lower().startswith("the ") else text
    toks = [c for c in tok.lefts if c.dep_ == "compound"] + [tok]
    return tok.doc[toks[0].i : tok.i + 1].text


# ---------------------------------------------------------------------- frames


def _want(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what a side wants, with the side named.

    The object, named by its possessive ("Norway hopes to obtain X for its grid" → "X for
    Norway’s grid"), else the wanting clause itself ("the army hopes to …").
    """
    if not lemma_in(tok, lexicon.WANT_VERBS) or tok.pos_ not in _VERBAL:
        return
    subj = subject(tok)
    if subj is None:
        return
    top = tok
    while top.dep_ == "xcomp" and top.head.i != top.i:
        top = top.head  # "Caracas seems to want …" is said from "seems"
    clause = _clause(top, namer)
    verb: Token | None = tok
    for _ in range(3):
        if verb is None or any(c.dep_ == "dobj" for c in verb.children):
            break
        nxt = [c for c in verb.children if c.dep_ == "xcomp" and lemma_in(c, _WANT_OR_GET)]
        verb = nxt[0] if nxt else None
    objs = [c for c in verb.children if c.dep_ == "dobj"] if verb is not None else []
    owner = namer.name(subj)
    kind = owner_kind(subj)

    def build(level: int) -> Phrase | None:
        if objs and verb is not None:
            toks = collect(objs[0], level)
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "from") and prep.i > objs[0].i:
                    toks += collect(prep, level)
            toks.sort(key=lambda t: t.i)
            swap = name_possessives(toks, owner, kind, namer.apostrophe)
            if swap:
                return Phrase([toks], swap)
        # Whose want it is would be lost in the object alone: the clause says it.
        return clause(level) if clause is not None else None

    yield "want", build


def act_noun(verb: Token, namer: Namer) -> tuple[str, str] | None:
    """Return the noun of the act a verb names, and the preposition it takes, or None.

    A noun the article itself uses of an act ("their release", "the attack on …") is the one
    its verb names, with the article's preposition. Otherwise a noun the pipeline's word index
    knows, for verbs of public issues (`lexicon.STAKE_VERBS`): one made with a regular ending
    ("impeach" → "impeachment", "withdraw" → "withdrawal"), or the verb itself or its "-ing"
    form when that names a public issue (`lexicon.STAKE_NOUNS`: "arrest", "killing"). "take"
    → "take", "fuel" → "fuel" or "base" → "basement" are never guessed.
    """
    lemma = verb.lemma_.lower()
    acts = namer.acts
    nouns = known_nouns(verb.doc)
    issue = lemma in lexicon.STAKE_VERBS
    for cut, add in lexicon.NOMINAL_ENDINGS:
        if not lemma.endswith(cut) or (cut == "ate" and len(lemma) < 6):
            continue  # "state" is not "station"
        form = lemma[: len(lemma) - len(cut)] + add
        if form in acts:
            return form, acts[form]
        if issue and form in nouns:
            return form, lexicon.ACT_PREPOSITIONS.get(form, "of")
    bare = (lemma, lemma + "ing", lemma + lemma[-1:] + "ing", lemma[:-1] + "ing")
    for form in bare:
        if form in acts:
            return form, acts[form]
        if issue and form in lexicon.STAKE_NOUNS and form in nouns:
            return form, lexicon.ACT_PREPOSITIONS.get(form, "of")
    return None


def _event(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a passive clause restated as the act it names, with what it befell.

    "Three journalists were released on Friday in an exchange of prisoners" → "Release of three
    journalists in an exchange of prisoners": the noun of the act (see `act_noun`), the
    subject, the verb's phrases.
    """
    if tok.pos_ != "VERB" or tok.tag_ != "VBN" or lemma_in(tok, lexicon.REPORTING_VERBS):
        return
    subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if not subj or any(c.dep_ in _PASSIVE_BLOCKERS for c in tok.children):
        return  # "was not released", "was expected to …", "were rounded up": no act to name
    if any(
        (c.dep_ == "advmod" and c.lower_ in lexicon.PARTICLE_ADVERBS)
        or (c.dep_ == "prep" and c.lower_ == "with")
        for c in tok.children
    ):
        return  # "were charged with fraud": no noun of the act takes the verb's "with"
    if subj[0].ent_type_ in ("DATE", "TIME") or subj[0].like_num:
        return  # "… jailed since 2016 were freed": the parse took a date for the subject
    pronoun = subj[0].pos_ == "PRON"
    owner = namer.name(subj[0]) if pronoun else None
    if pronoun and owner is None:
        return
    found = act_noun(tok, namer)
    if found is None:
        return
    noun, prep = found
    aux = {c.i for c in tok.children if c.dep_ in ("aux", "auxpass", "advmod", "mark")}

    def build(level: int) -> Phrase | None:
        body = [t for t in collect(tok, level, frozenset(aux)) if t.i != tok.i]
        if not any(t.i == subj[0].i for t in body):
            return None
        swap = {subj[0].i: owner} if owner else {}
        first = body[0]
        named = first.ent_type_ not in ("", "CARDINAL", "ORDINAL", "QUANTITY")
        if first.pos_ in ("DET", "ADJ", "NOUN", "NUM") and first.is_title and not named:
            swap[first.i] = first.lower_  # "of The striking miners" → "of the striking …"
        return Phrase([f"{noun} {prep}", body], swap)

    yield "event", build


def _demanded(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what a side demands or threatens, named as a demand (an issue) or a threat (a risk).

    "Protesters called for the minister's resignation" → "Calls for the minister's
    resignation"; "the bloc threatened new tariffs on steel" → "Threats of new tariffs on
    steel from the bloc" (a named side is kept). People are not what is demanded ("urged the
    council", "called for Ortiz"): the demand frame says what they are to do.
    """
    if tok.pos_ != "VERB" or any(c.dep_ == "neg" for c in tok.children):
        return
    lemma = tok.lemma_.lower()
    for prep, obj in _demand_objects(tok):
        found = lexicon.DEMANDED.get((lemma, prep))
        if found is None or obj.pos_ == "PRON" or namer.is_actor(obj) or obj.ent_type_:
            continue
        noun, kind = found
        if kind == "risk" and not prep and not lemma_in(obj, lexicon.MEASURE_NOUNS):
            continue  # "threatens the truce" is a threat to it (see `_nominal`)
        subj = subject(tok)
        side = subj if subj is not None and subj.ent_type_ in (*_SIDES, "PERSON") else None

        def build(
            level: int, noun: str = noun, obj: Token = obj, side: Token | None = side
        ) -> Phrase | None:
            parts: list[list[Token] | str] = [noun, collect(obj, level)]
            swap: dict[int, str] = {}
            if side is not None:
                by = collect(side, 3)
                parts += ["from", by]
                if by and by[0].pos_ == "DET" and by[0].is_title:
                    swap[by[0].i] = by[0].lower_  # "from The Nordic Council"
            return Phrase(parts, swap)

        yield "risk" if kind == "risk" else "issue", build


def _demand_objects(verb: Token) -> Iterator[tuple[str, Token]]:
    """Yield (preposition or "", noun) for a verb's direct object, else its prepositions' objects.

    "pressed charges … for the crash": with an object, the verb's "for" is not "press for".
    """
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if objs:
        if objs[0].pos_ == "NOUN":
            yield "", objs[0]
        return
    for c in verb.children:
        if c.dep_ == "prep":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ == "NOUN":
                    yield c.lower_, p


def _wanting(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a side named with what it wants, said by a participle after it.

    "raided the offices of separatist groups working to split the province from the country"
    → "separatist groups working to split the province from the country": who wants and what.
    """
    if tok.dep_ != "acl" or tok.tag_ != "VBG" or not lemma_in(tok, lexicon.WANT_VERBS):
        return
    side = tok.head
    if side.i > tok.i or side.pos_ not in ("NOUN", "PROPN") or not namer.is_actor(side):
        return
    if tok.doc[tok.i - 1].text == ",":
        return  # "…, seeking to …": an aside about the clause, not which side

    def build(level: int) -> Phrase | None:
        toks = collect(side, max(level, 1)) + collect(tok, level)
        return Phrase([sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)])

    yield "want", build


def _demand(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what a side is urged or called on to do, with who is to do it.

    "has pressed President Jorge Vela to resign and call early elections" → "President Jorge Vela
    to resign and call early elections"; "called on the government to release the journalists".
    """
    if tok.pos_ != "VERB" or not lemma_in(tok, lexicon.DEMAND_VERBS):
        return
    # "pleaded with the ministry to reverse …": the parser may read the act as a purpose.
    acts = [c for c in tok.children if c.dep_ in ("xcomp", "advcl") and infinitive(c)]
    agents = [c for c in tok.children if c.dep_ == "dobj"] + [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in ("on", "upon", "with")
        for p in c.children
        if p.dep_ == "pobj"
    ]
    if not acts or not agents or agents[0].pos_ == "PRON" or agents[0].i > acts[0].i:
        return
    agent, act = agents[0], acts[0]
    if not (namer.is_actor(agent) or agent.pos_ == "PROPN"):
        return  # "urged restraint to avoid a wider war": a purpose, not who is to act
    if any(c.dep_ == "neg" for c in act.children) and lemma_in(act, lexicon.TRANSFER_VERBS):
        return  # "warned X not to send drones to Y": the transfer frame says what is at issue
    yield "demand", lambda level: Phrase([collect(agent, max(level, 2)) + collect(act, level)])


def _risk_clause(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a risk stated as a clause ("the fighting threatens to destabilize the region")."""
    if tok.pos_ != "VERB" or not lemma_in(tok, lexicon.RISK_VERBS):
        return
    if not any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
        return
    clause = _clause(tok, namer)
    if clause is not None:
        yield "risk", clause


def _transfer(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what would change hands: "(not) to provide arms to X" → "arms for X"."""
    if not lemma_in(tok, lexicon.TRANSFER_VERBS) or tok.pos_ != "VERB":
        return
    objs = [
        c
        for c in tok.children
        if c.dep_ == "dobj" and c.pos_ != "PRON" and not lemma_in(c, lexicon.COURTESY_NOUNS)
    ]
    to = [
        p
        for c in tok.children
        if c.dep_ in ("prep", "dative") and c.lower_ == "to"
        for p in c.children
        if p.dep_ == "pobj"
    ] + [c for c in tok.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")]
    if not objs or not to or to[0].pos_ == "PRON":
        return
    giver = _giver(tok, namer)

    def build(level: int) -> Phrase | None:
        obj = collect(objs[0], max(level, 1))
        target = collect(to[0], max(level, 2))
        if not obj or not target:
            return None
        parts: list[list[Token] | str] = [obj]
        if giver is not None:
            parts += ["from", giver]
        parts += ["for", target]
        return Phrase(parts)

    yield "transfer", build


def _giver(verb: Token, namer: Namer) -> list[Token] | None:
    """Return who gives, if named.

    The verb's subject, the one urged or warned not to give ("urged X not to sell …",
    "warnings to X not to provide …"), or the subject of a promise ("X pledged to sell …").
    """

    def named(tok: Token) -> list[Token] | None:
        return collect(tok, 3) if tok.pos_ != "PRON" and namer.name(tok) else None

    if has_subject(verb):
        subj = subject(verb)
        return named(subj) if subj is not None else None
    head = verb.head
    if verb.dep_ not in ("xcomp", "advcl", "acl") or head.i == verb.i:
        return None
    objs = [c for c in head.children if c.dep_ == "dobj"]
    # Object control: the one urged or warned is to give (or not).
    if objs and named(objs[0]):
        return named(objs[0])
    for c in (*head.children, *(g for o in objs for g in o.children)):
        if c.dep_ == "prep" and c.lower_ == "to":
            pobj = [p for p in c.children if p.dep_ == "pobj" and p.ent_type_ in _ACTORS]
            if pobj:
                return collect(pobj[0], 3)
    if objs:
        return None  # someone unnamed was warned
    subj = subject(head) if head.pos_ in _VERBAL else None
    return named(subj) if subj is not None else None


def _nominal(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a rule at stake, restated as a noun: "X would violate Y" → "violation of Y by X"."""
    forms = lexicon.NOMINALIZATIONS.get(tok.lemma_.lower())
    if forms is None or tok.pos_ != "VERB":
        return
    noun, link = forms
    subj = [c for c in tok.children if c.dep_ in _SUBJECTS]
    obj = [c for c in tok.children if c.dep_ == "dobj"]
    if not obj or lemma_in(obj[0], lexicon.MEASURE_NOUNS):
        return  # "threatened sanctions" is no threat to sanctions (see `_demanded`)

    def build(level: int) -> Phrase | None:
        parts: list[list[Token] | str] = [noun, collect(obj[0], level)]
        if subj and subj[0].pos_ != "PRON":
            by = collect(subj[0], level)
            if by:
                parts += [link, by]
        phrase = Phrase(parts)
        first = phrase.parts[-1]
        if isinstance(first, list) and first and not first[0].ent_type_ and first[0].is_title:
            phrase.swap[first[0].i] = first[0].lower_  # "by Any transfer" → "by any transfer"
        return phrase

    yield "rule", build


def _risk(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a threat or a risk: "fears of a wider war", "concerns (grow) that X may …"."""
    if not lemma_in(tok, lexicon.RISK_NOUNS) or tok.pos_ != "NOUN":
        return
    # "worry to the Elysee" says who is concerned, not about what.
    exclude = ("in", "to", "for", "among") if lemma_in(tok, lexicon.FEELING_NOUNS) else ("in",)
    preps = [c for c in tok.children if c.dep_ in ("prep", "acl") and c.lower_ not in exclude]
    clause = None
    if tok.dep_ in _SUBJECTS:
        comps = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i]
        clause = comps[0] if comps else None
    # "amid appeals from X against Y": the parser may hang "against Y" on the verb; it
    # belongs to the noun it follows.
    after = (
        [
            c
            for c in tok.head.head.children
            if tok.dep_ == "pobj"
            and c.dep_ == "prep"
            and c.left_edge.i == tok.right_edge.i + 1
            and c.lower_ in ("against", "over", "about", "of", "on")
        ]
        if tok.head.head.pos_ in _VERBAL
        else []
    )
    if not preps and clause is None and not after:
        return

    def build(level: int) -> Phrase | None:
        head = collect(tok, level) + [t for a in after for t in collect(a, level)]
        if clause is None:
            return Phrase([head])
        return Phrase([head, "that", collect(clause, level)])

    yield "risk", build


def _issue(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what a story is about: "amid warnings against an arms transfer"."""
    if tok.lower_ not in lexicon.ISSUE_PREPS or tok.dep_ != "prep":
        return
    objs = [c for c in tok.children if c.dep_ == "pobj"]
    if not objs or lemma_in(objs[0], lexicon.RISK_NOUNS):
        return  # the risk frame says it
    # "despite a promise … of a cease-fire": the goal frame names the cease-fire.
    inner = [
        t
        for t in objs[0].subtree
        if t.i != objs[0].i and t.pos_ == "NOUN" and lemma_in(t, lexicon.GOAL_NOUNS)
    ]
    if inner and not lemma_in(objs[0], _NAMED_ISSUES):
        return
    yield "issue", lambda level: Phrase([collect(objs[0], level)])


def _goal(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a goal or rule named with its modifiers: "security and stability along the border"."""
    if not lemma_in(tok, lexicon.GOAL_NOUNS):
        return
    if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass", "attr"):
        return
    if tok.dep_ == "pobj" and tok.head.lower_ in lexicon.ISSUE_PREPS:
        return  # the issue frame says it
    # A bare "talks" or "talks in Lisbon" says nothing of what is at issue: the phrase must say
    # what kind, whose, or about what.
    said = [
        c
        for c in tok.children
        if (
            c.dep_ in ("amod", "compound", "nmod", "poss", "conj")
            and c.ent_type_ not in ("DATE", "TIME")
            and c.lower_ not in lexicon.VAGUE_MODIFIERS
        )
        or (
            c.dep_ == "prep"
            and c.lower_ in ("of", "on", "between", "with", "for", "against", "over")
        )
    ]
    if not said:
        return
    head = tok
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and lemma_in(tok.head.head, lexicon.CHANGE_NOUNS)
    ):
        head = tok.head.head  # "a swift suspension of border talks on the Danube dam"
    elif lemma_in(tok, lexicon.MEETING_NOUNS):
        return  # talks held are the news; talks resumed, stalled or broken off are at stake
    yield "goal", lambda level: Phrase([collect(head, level)])


def _purpose(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what someone is to do, with who is to do it.

    "cede control to an interim council to redraw the electoral map" → "an
    interim council to redraw the electoral map".
    """
    if tok.dep_ != "advcl" or tok.pos_ != "VERB" or not infinitive(tok):
        return
    if any(c.dep_ == "neg" for c in tok.children):
        return  # "warned X not to provide …": the transfer frame says what is at issue
    if any(c.dep_ == "ccomp" for c in tok.children):
        return  # "turn to loans to maintain services bankrupted …": a sentence misread
    head = tok.head
    agents = [
        p
        for c in head.children
        if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
        for p in c.children
        if p.dep_ == "pobj"
    ] + [c for c in head.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN")]
    agents = [a for a in agents if a.i < tok.i]
    if not agents:
        return
    agent = max(agents, key=lambda a: a.i)
    if agent.pos_ == "PRON":
        return  # "them to do it" names nothing
    yield "purpose", lambda level: Phrase([collect(agent, max(level, 2)) + collect(tok, level)])


def _topic(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield an issue named by a noun with what it is about, whose or what kind.

    "a motion to censure the president over his decree dissolving parliament", "Peru's handling of
    earlier floods", "cramped and unheated rooms at migrant shelters". People
    are at issue only with what befalls them ("civilians exposed to rocket fire"), never as a
    bare group ("delegates for Vienna", "four senior officials").
    """
    if tok.pos_ != "NOUN" or tok.dep_ not in _NOUN_SLOTS or tok.ent_type_ or tok.is_stop:
        return
    if lemma_in(tok, lexicon.PART_NOUNS | lexicon.WHEN_NOUNS | lexicon.PREP_NOUNS):
        return  # "part of …", "the time (when) …", "(in) exchange for …": the words after say
    if tok.dep_ == "dobj" and sum(c.dep_ == "dobj" for c in tok.head.children) > 1:
        return  # a verb with two objects: the parse went wrong
    if namer.is_actor(tok) and not any(
        c.dep_ == "acl" and c.tag_ == "VBN" and c.doc[c.left_edge.i - 1].text != ","
        for c in tok.children
    ):
        return  # "villages exposed to flooding" is at issue, "nurses dressed in white" is not
    if tok.dep_ in ("appos", "attr") and _describes_actor(tok):
        return  # "Bekele, for years a critic of the tax code": who someone is
    if _names_place(tok):
        return  # "near the coastal town of Marenza": where, not what is at issue
    feeling = lemma_in(tok, lexicon.FEELING_NOUNS)
    said = [
        c
        for c in tok.children
        if (
            c.dep_ in ("prep", "acl", "relcl")
            and c.lower_ not in lexicon.TIME_PREPS
            and not (feeling and c.lower_ in ("to", "for", "among"))  # who feels it
        )
        or (
            c.dep_ in ("poss", "compound", "amod", "nmod")
            and c.ent_type_ not in ("DATE", "TIME")
            and c.lower_ not in lexicon.VAGUE_MODIFIERS
        )
    ]
    # "resisting arbitration by a judge": the parser may hang the noun's own phrase on the verb.
    after = _trailing(tok)
    if said or after:

        def build(level: int) -> Phrase | None:
            toks = collect(tok, level) + [t for a in after for t in collect(a, level)]
            return Phrase([sorted(toks, key=lambda t: t.i)])

        yield "topic", build


def _names_place(tok: Token) -> bool:
    """Tell whether a noun of a kind of place is said of a named place ("the town of Marenza")."""
    if tok.lemma_.lower() not in lexicon.PLACE_TYPES:
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC", "FAC") for o in c.children)
        for c in tok.children
    )


def _describes_actor(tok: Token) -> bool:
    """Tell whether a noun describes a named person or body: "X, a critic of Y", "X is a Y"."""
    if tok.dep_ == "appos":
        named = tok.head
    else:
        subj = [c for c in tok.head.children if c.dep_ in _SUBJECTS]
        if not subj:
            return False
        named = subj[0]
    return named.pos_ == "PROPN" or named.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _trailing(noun: Token) -> list[Token]:
    """Return the phrase right after an object noun that the parser hung on its verb instead.

    "is resisting arbitration by a retired judge", "faces scrutiny from regulators over …": a
    noun of an act takes "by", "of", "from", "into", "against", "over", "on" phrases of its own.
    """
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ not in _VERBAL:
        return []
    out: list[Token] = []
    edge = noun.right_edge.i
    for c in verb.children:
        if c.i <= noun.i or c.dep_ not in ("prep", "agent") or c.left_edge.i != edge + 1:
            continue
        if c.lower_ in lexicon.NOUN_PREPS and not any(g.dep_ == "pcomp" for g in c.children):
            out.append(c)  # not "win votes | by promising …": how the verb's act was done
            edge = c.right_edge.i
    return out


# Frames that restate what they find in other words, so they may draw on quoted words.
RESTATED: frozenset[FrameKind] = frozenset({"rule", "goal", "transfer", "demand"})
_VERB_FRAMES = (
    _want,
    _wanting,
    _event,
    _demand,
    _demanded,
    _risk_clause,
    _transfer,
    _nominal,
    _purpose,
)
_NOUN_FRAMES = (_risk, _goal, _topic)


def _frames_for(tok: Token) -> tuple[Frame, ...]:
    """Return the frames that can start at `tok`, by its part of speech (each checks again)."""
    if tok.dep_ == "prep":
        return (_issue,)
    if tok.pos_ == "VERB":
        return _VERB_FRAMES
    if tok.pos_ == "AUX":
        return (_want,)
    return _NOUN_FRAMES if tok.pos_ == "NOUN" else ()


# Frames that may start inside a direct quote: they restate what they find in other words.
RESTATING = (_nominal, _goal, _transfer, _demand)
# Frames that state the same thing as the clause around them, more tightly: that clause is
# left out.
TIGHTER: frozenset[FrameKind] = frozenset(
    {"want", "demand", "transfer", "risk", "goal", "rule", "event"}
)


# ---------------------------------------------------------------------- clauses


def _content_verb(verb: Token) -> Token:
    """Follow attribution to the verb of what was said or doubted.

    "officials said (that) X …" → X, "skeptics question whether X …" → whether X.
    """
    for _ in range(4):
        lemma = verb.lemma_.lower()
        if lemma not in lexicon.INDIRECT_VERBS and lemma not in ("quote", "cite"):
            doubted = [
                c
                for c in verb.children
                if c.dep_ == "ccomp"
                and lemma_in(verb, lexicon.DOUBT_VERBS)
                and any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)
            ]
            return doubted[0] if doubted else verb
        comps = [c for c in verb.children if c.dep_ == "ccomp"]
        if not comps and lemma in ("quote", "cite"):
            # "quoted officials as saying X"
            comps = [
                g
                for c in verb.children
                if c.dep_ == "prep"
                for p in c.children
                if p.dep_ == "pcomp"
                for g in p.children
                if g.dep_ == "ccomp"
            ]
        if not comps:
            return verb
        verb = comps[0]
    return verb


def _units(sent: Span) -> list[Token]:
    """Return the heads of a sentence's clauses: its root and verbs with their own subject."""
    root = sent.root
    heads = [root]
    for t in sent:
        if t.i == root.i or t.pos_ not in _VERBAL or t.dep_ not in ("conj", "advcl"):
            continue
        marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
        if t.dep_ == "advcl" and marks - lexicon.CONTRAST_MARKS:
            continue  # "if the leaders refused", "because …", "when …": conditions, not statements
        if has_subject(t) or (
            lemma_in(t, lexicon.INDIRECT_VERBS)
            and any(c.dep_ == "ccomp" for c in t.children)
            and not infinitive(t)  # "loans to maintain services": no one states anything
        ):
            heads.append(t)  # a clause of its own, or "…, warning that X"
    out = []
    for h in heads:
        v = _content_verb(h)
        if v not in out:
            out.append(v)
    return out


def _comma_after_subject(subj: Token, verb: Token) -> bool:
    """Tell whether a comma parts a subject from its verb with nothing set off between them.

    "The president, 76, said" sets off an apposition; "A panel of engineers, worried that the
    ministry is cutting inspections, is urging …" read with "worried" as the verb does not:
    the parser took a participle for the verb, and the clause it gives reads wrong.
    """
    edge = max(t.i for t in subj.subtree if not t.is_punct)
    doc = subj.doc
    if edge + 1 >= len(doc) or doc[edge + 1].text != "," or verb.i <= edge:
        return False
    return not any(
        c.i > subj.i and c.dep_ in ("appos", "relcl", "acl", "amod", "nummod", "conj")
        for c in subj.children
    )


def _clause(verb: Token, namer: Namer) -> Builder | None:
    """Return a builder of the tight clause headed by `verb`, its subject named."""
    subj = subject(verb)
    if subj is None or subj.dep_ == "expl":
        return None
    if lemma_in(verb, lexicon.REPORTING_VERBS) and not any(
        c.dep_ in ("xcomp", "ccomp") for c in verb.children
    ):
        return None  # "Mr. X said", "X told nurses": who spoke, not what is at issue
    owner = namer.name(subj)
    pronoun = subj.pos_ == "PRON" or subj.lower_ in lexicon.PRONOUNS
    if pronoun and owner is None:
        return None  # "He says …" with no one to name
    if _comma_after_subject(subj, verb):
        return None  # "A panel of engineers, worried that …, is urging": a misread sentence

    def build(level: int) -> Phrase | None:
        skip = frozenset({subj.i})
        body = collect(verb, level, skip)
        who = [subj] if pronoun else subject_phrase(subj, level, namer.is_person)
        toks = sorted({t.i: t for t in (*who, *body)}.values(), key=lambda t: t.i)
        return Phrase([toks], {subj.i: owner} if pronoun and owner else {})

    return build


# ---------------------------------------------------------------------- selection


def _clause_is_stake(phrase: Phrase) -> bool | None:
    """Tell whether a plain clause states what is at issue rather than news about the story.

    A reaction ("deplored the shelling"), a role ("Ines Duarte is the U.N. envoy") or a courtesy
    ("sent condolences") never is (None); a clause that names no want, threat, rule, risk or
    public issue ("the delegation flew to Vienna") reads as news (False).
    """
    toks = phrase.tokens
    heads = [
        t
        for t in toks
        if (t.pos_ in _VERBAL and t.head.i == t.i) or t.dep_ in ("ROOT", "ccomp", "conj", "advcl")
    ]
    if any(lemma_in(t, lexicon.REACTION_VERBS) for t in heads if t.pos_ in _VERBAL):
        return None
    kept = {t.i for t in toks}
    for h in heads:
        attrs = [c for c in h.children if c.dep_ == "attr" and c.i in kept]
        if h.lemma_ == "be" and any(lemma_in(a, lexicon.TITLE_WORDS) for a in attrs):
            return None
        objs = [c for c in h.children if c.dep_ == "dobj" and c.i in kept]
        if any(lemma_in(o, lexicon.COURTESY_NOUNS) for o in objs):
            return None  # "sent condolences to the relatives of those injured"
    return _cues(_core(toks)) > 0


def _negated(phrase: Phrase) -> bool:
    """Tell whether a noun phrase says there is none of it ("no early signs of …")."""
    kept = {t.i for t in phrase.tokens}
    roots = [t for t in phrase.tokens if t.head.i not in kept or t.head.i == t.i]
    return any(
        c.dep_ == "det" and c.lower_ == "no" for r in roots if r.pos_ == "NOUN" for c in r.children
    )


def _core(tokens: list[Token]) -> list[Token]:
    """Return the words of a phrase outside its relative and participle clauses.

    "the relatives of those injured": "injured" says who the relatives are, not what is at issue.
    """
    kept = {t.i for t in tokens}
    out = []
    for t in tokens:
        a, inside = t, False
        while a.i in kept and a.head.i != a.i:
            if a.dep_ in ("relcl", "acl") and a.head.i in kept:
                inside = True
                break
            a = a.head
        if not inside:
            out.append(t)
    return out


def _owned(phrase: Phrase, anchor: Token, namer: Namer) -> Phrase:
    """Name the possessive pronouns of a phrase lifted out of its clause ("its" → "Caracas’s")."""
    if not any(t.tag_ == "PRP$" for t in phrase.tokens):
        return phrase
    # The subject of the nearest clause that has one: "take measures to protect its sovereignty".
    verb = anchor
    for _ in range(8):
        if (verb.pos_ in _VERBAL and has_subject(verb)) or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = subject(verb)
    if subj is not None:
        phrase.swap.update(
            name_possessives(phrase.tokens, namer.name(subj), owner_kind(subj), namer.apostrophe)
        )
    return phrase


def _reads(phrase: Phrase, anchor: Token, namer: Namer) -> bool:
    """Name the phrase's possessives, then tell whether it reads on its own."""
    return reads_alone(_owned(phrase, anchor, namer))


def _candidates(
    layout: Layout, namer: Namer, quoted: Intervals | None = None
) -> Iterator[tuple[int, FrameKind, Phrase]]:
    """Yield (sentence, kind, phrase) for the frames and clauses of each sentence past the lead.

    Words inside a direct quote start only the frames that restate what they find (a clause
    or noun phrase lifted from a quote would repeat it, and is not built at all).
    """
    quoted = quoted or Intervals([])
    for i, sent in enumerate(layout.sents):
        if i < layout.lead:
            continue  # headline, byline, dateline
        tight: list[set[int]] = []
        for tok in sent:
            if tok.pos_ not in _FRAMED and tok.dep_ != "prep":
                continue  # every frame starts at a verb, a noun or a preposition
            reads = functools.partial(_reads, anchor=tok, namer=namer)
            frames = _frames_for(tok)
            if tok.idx in quoted:
                frames = tuple(f for f in frames if f in RESTATING)
            for frame in frames:
                for kind, build in frame(tok, namer):
                    phrase = fit(build, MAX_WORDS, reads)
                    if phrase is not None:
                        yield i, kind, phrase
                        # "ECOWAS imposed sanctions on Niger" says more than "Sanctions on
                        # Niger": a goal that is the clause's own object leaves the clause be.
                        if kind in TIGHTER and not (kind == "goal" and tok.dep_ in _OBJECTS):
                            tight.append({t.i for t in phrase.tokens})
        for verb in _units(sent):
            if verb.idx in quoted:
                continue
            clause = _clause(verb, namer)
            phrase = fit(clause, MAX_WORDS, reads_alone) if clause is not None else None
            if phrase is None:
                continue
            has = {t.i for t in phrase.tokens}
            if not any(len(f & has) >= 0.8 * len(f) for f in tight):
                # "whether X can …": an open question is at issue by itself.
                doubt = any(
                    m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in verb.children
                )
                yield i, "doubt" if doubt and verb.dep_ == "ccomp" else "clause", phrase


def find(
    layout: Layout,
    quotes: list[Quote],
    resolver: Resolver | None = None,
    title: str | None = None,
) -> list[Stake]:
    """Pick 3–6 short statements of what is at issue, with evidence.

    Greedily, best first, each time discounting a candidate by the share of its words the
    stakes already chosen hold, so the stakes cover different sides of the story.
    """
    cands = scored(layout, quotes, resolver, story_headline(layout, title))
    chosen: list[Candidate] = []
    covered: set[str] = set()
    per_sentence: Counter[int] = Counter()
    keys = {id(c): _keys(c) for c in cands}
    while len(chosen) < MAX_STAKES and cands:
        best, value = None, -math.inf
        for c in cands:
            held = keys[id(c)]
            v = c.score - REDUNDANCY * len(held & covered) / len(held) if held else c.score
            if v > value:
                best, value = c, v
        if best is None:
            break
        cands.remove(best)
        if best.score < MIN_SCORE[best.kind == "clause"] and len(chosen) >= MIN_STAKES:
            continue
        if per_sentence[best.sentence] >= PER_SENTENCE or any(_alike(best, o) for o in chosen):
            continue
        chosen.append(best)
        covered |= keys[id(best)]
        per_sentence[best.sentence] += 1
    chosen.sort(key=lambda c: c.phrase.start)
    return [
        Stake(text=c.text, evidence=[layout.evidence(c.phrase.start, c.phrase.end)]) for c in chosen
    ]


def story_headline(layout: Layout, title: str | None) -> frozenset[str]:
    """Return the content words of the headline and of the body's subheadings."""
    return headline_words(title).union(*(headline_words(h) for h in crossheads(layout)))


def crossheads(layout: Layout) -> list[str]:
    """Return the subheadings of the body: short paragraphs of one sentence, not prose.

    "Shortages of nurses deepen the crisis" between two paragraphs names what the section is
    about, as the headline does for the story.
    """
    out = []
    for i, sent in enumerate(layout.sents):
        if i <= layout.lead:
            continue
        alone = layout.paragraphs[i - 1] != layout.paragraphs[i] and (
            i + 1 == len(layout.sents) or layout.paragraphs[i + 1] != layout.paragraphs[i]
        )
        words = [t for t in sent if t.is_alpha]
        text = sent.text.strip("“”\"‘’' ")
        if alone and 2 <= len(words) <= 12 and text[-1:] not in ".!?:;,)":
            out.append(text)
    return out


def _keys(c: Candidate) -> set[str]:
    """Return the keys of what a candidate says: the story's words outside names.

    Two stakes about the same side are not alike for that; two about the same thing are.
    """
    return {_key(t) for t in c.phrase.tokens if _keyword(t) and _issue_word(t)}


def _issue_word(t: Token) -> bool:
    return t.ent_type_ not in (*_ACTORS, "PERSON") and t.pos_ != "PROPN"


def scored(
    layout: Layout,
    quotes: list[Quote],
    resolver: Resolver | None = None,
    headline: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Return every candidate stake with its score, best first."""
    quoted = sorted((e.start, e.end) for q in quotes if q.direct for e in q.evidence)
    quoted_starts = [s for s, _ in quoted]
    credits = resolver.entities.in_credits if resolver is not None else (lambda char: False)

    def repeats_quote(phrase: Phrase) -> bool:
        a, b = phrase.start, phrase.end
        # Quotes do not nest: only those starting before the phrase ends can overlap it, and of
        # those only the last few can reach into it.
        i = bisect_left(quoted_starts, b)
        inside = 0
        for s, e in reversed(quoted[max(0, i - 8) : i]):
            inside += max(0, min(b, e) - max(a, s))
        return inside > QUOTED_SHARE * (b - a)

    namer = Namer(layout, resolver)
    cands: list[Candidate] = []
    for i, kind, phrase in _candidates(layout, namer, Intervals(quoted)):
        if credits(phrase.start) or phrase.words() < MIN_WORDS:
            continue
        # A clause mostly quoted repeats the quote; a noun phrase restates it in other words.
        if kind not in RESTATED and repeats_quote(phrase):
            continue
        if _negated(phrase):
            continue  # "no early signs of damage": what is not, is not at issue
        score = _score(phrase, kind, i, layout.lead, headline)
        if score == -math.inf:
            continue
        if kind == "topic" and not _cues(_core(phrase.tokens)):
            score -= UNCUED  # "a crucial May phone call from Oslo": news, not an issue
        if kind == "clause":
            stake = _clause_is_stake(phrase)
            if stake is None:
                continue
            if not stake:
                score -= UNCUED
        cands.append(Candidate(phrase, kind, score, i))
    cands.sort(key=lambda c: (-c.score, c.phrase.start))
    return cands


def _gist(c: Candidate) -> set[str]:
    """Return what a candidate says beyond who is involved: its content words outside names."""
    words = {
        t.lemma_.lower()
        for t in c.phrase.tokens
        if _content(t) and t.ent_type_ not in (*_ACTORS, "PERSON") and t.pos_ != "PROPN"
    }
    return words or _words(c.text)


def _alike(a: Candidate, b: Candidate) -> bool:
    """Tell whether two candidates say much the same thing (names shared do not count)."""
    x, y = _gist(a), _gist(b)
    return len(x & y) >= 0.6 * max(1, min(len(x), len(y)))
