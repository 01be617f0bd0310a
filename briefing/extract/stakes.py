"""Stakes: 3–6 short statements of what is at issue, drawn from the article with evidence.

A stake reads as what is at issue, not as a summary sentence: a noun phrase or a tight clause of
at most about eighteen words, built from the parse (see `compress`). Candidates come from
frames over the parse —

- what a side wants: the object of "want/seek/hope to receive …" with the side named in it
  ("Russia hopes to receive shells for use in its war" → "shells for use in Russia’s war");
- what would change hands: "not to provide munitions to Russia" → "munitions for Russia";
- rules at stake: "X would violate Y" → "violation of Y by X";
- threats and risks: "fears of …", "concerns that …", "warnings … against …", and the issue
  phrases "amid/over/despite …";
- goals and rules named as nouns ("peace and prosperity on the peninsula", "the resolutions");
- and, for the rest, each clause of a sentence without its asides, a reported clause standing
  for its attribution frame ("officials said Russia hopes …" → "Russia hopes …").

Each candidate is scored by cue words for wants, threats, rules and risks, by how central its
words are to the story, and by its frame; the best, unlike each other, are kept in text order.
Statements that are mostly a direct quote are left out, so quotes are not repeated.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
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
    subject,
    subject_phrase,
)
from .document import Layout
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
CENTRALITY = 0.5  # weight of topic words against cue words
_ACTORS = ("GPE", "ORG", "NORP", "LOC", "FAC")
_SIDES = ("GPE", "ORG", "NORP")  # who can want or threaten something; places are only where
_VERBAL = ("VERB", "AUX")
_FRAMED = frozenset({"VERB", "AUX", "NOUN"})
_SUBJECTS = ("nsubj", "nsubjpass")

# What a candidate states: a frame, an open question ("doubt") or a plain clause.
FrameKind = Literal[
    "want", "transfer", "doubt", "rule", "risk", "issue", "goal", "purpose", "clause"
]
# Frames and the weight their kind adds: a frame states what is at issue more directly than a
# plain clause does.
BONUS: dict[FrameKind, float] = {
    "want": 3.5,
    "transfer": 3.5,
    "doubt": 2.0,
    "rule": 2.5,
    "risk": 2.0,
    "issue": 1.5,
    "goal": 1.0,
    "purpose": 1.5,
    "clause": 0.0,
}

_WANT_OR_GET = lexicon.WANT_VERBS | lexicon.GET_VERBS
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


def _topical(t: Token) -> bool:
    """Tell whether `t` is a topic word: a content word outside any name."""
    # Names are weighed as actors; topic words are what is said about them.
    return _content(t) and t.ent_type_ not in (*_ACTORS, "PERSON") and t.pos_ != "PROPN"


def _topic_weights(layout: Layout) -> Counter[str]:
    """Count how often each content lemma recurs in the body: the story's topic words."""
    counts: Counter[str] = Counter()
    for sent in layout.sents[layout.lead :]:
        counts.update({_key(t) for t in sent if _content(t)})
    return Counter({k: v - 1 for k, v in counts.items() if v > 1})


def _score(tokens: list[Token], index: int, lead: int, topics: Counter[str]) -> float:
    """Score a phrase by topic words, cue words, the sides named and its place in the story."""
    keys = {_key(t) for t in tokens if _topical(t)}
    score = CENTRALITY * sum(topics[k] for k in keys) / len(keys) ** 0.5 if keys else 0.0
    for t in tokens:
        if t.pos_ in _VERBAL and lemma_in(t, lexicon.STAKE_VERBS):
            score += 2
        elif (t.pos_ in ("NOUN", "PROPN") and lemma_in(t, lexicon.STAKE_NOUNS)) or (
            t.pos_ == "ADJ" and t.lower_ in lexicon.STAKE_ADJECTIVES
        ):
            score += 1
    # Who is involved: each named country, group or place adds a little.
    score += 0.5 * min(4, sum(1 for t in tokens if t.ent_iob_ == "B" and t.ent_type_ in _SIDES))
    if index == lead:
        score += 1.5  # the lead states what the story is about
    return score - 0.05 * (index - lead)


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
            # "West African leaders … warning that they could …": the last plural subject.
            who = self.resolver.resolve_pronoun(pron)
            fallback = who.name if who is not None else None
        # "Pyongyang vowed … However, it has refused …": the last named country or group that
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
    """Return the entity text around `tok`, or its compound name ("the Pyongyang government")."""
    text = entity_text(tok)
    if text is not None:
        return text[4:] if text.lower().startswith("the ") else text
    toks = [c for c in tok.lefts if c.dep_ == "compound"] + [tok]
    return tok.doc[toks[0].i : tok.i + 1].text


# ---------------------------------------------------------------------- frames


def _want(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what a side wants, with the side named.

    The object, named by its possessive ("Russia hopes to receive X for its war" → "X for
    Russia’s war"), else the wanting clause itself ("the army hopes to …").
    """
    if not lemma_in(tok, lexicon.WANT_VERBS) or tok.pos_ not in _VERBAL:
        return
    subj = subject(tok)
    if subj is None:
        return
    top = tok
    while top.dep_ == "xcomp" and top.head.i != top.i:
        top = top.head  # "Pyongyang appears to want …" is said from "appears"
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
    if not obj:
        return

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
    """Yield a threat or a risk: "fears of a larger conflict", "concerns (mount) that X may …"."""
    if not lemma_in(tok, lexicon.RISK_NOUNS) or tok.pos_ != "NOUN":
        return
    preps = [c for c in tok.children if c.dep_ in ("prep", "acl") and c.lower_ not in ("in",)]
    clause = None
    if tok.dep_ in _SUBJECTS:
        comps = [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.head.i]
        clause = comps[0] if comps else None
    # "amid warnings from X against Y": the parser may hang "against Y" on the verb; it
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
    # "despite an announcement … of a cease-fire": the goal frame names the cease-fire.
    inner = [
        t
        for t in objs[0].subtree
        if t.i != objs[0].i and t.pos_ == "NOUN" and lemma_in(t, lexicon.GOAL_NOUNS)
    ]
    if inner and not lemma_in(objs[0], _NAMED_ISSUES):
        return
    yield "issue", lambda level: Phrase([collect(objs[0], level)])


def _goal(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield a goal or rule named with its modifiers: "peace and prosperity on the peninsula"."""
    if not lemma_in(tok, lexicon.GOAL_NOUNS):
        return
    if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass", "attr"):
        return
    if tok.dep_ == "pobj" and tok.head.lower_ in lexicon.ISSUE_PREPS:
        return  # the issue frame says it
    # A bare "talks" or "talks in Seoul" says nothing of what is at issue: the phrase must say
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
        head = tok.head.head  # "a quick resumption of six-way talks on North Korea"
    elif lemma_in(tok, lexicon.MEETING_NOUNS):
        return  # talks held are the news; talks resumed, stalled or broken off are at stake
    yield "goal", lambda level: Phrase([collect(head, level)])


def _purpose(tok: Token, namer: Namer) -> Iterator[tuple[FrameKind, Builder]]:
    """Yield what someone is to do, with who is to do it.

    "hand over power to a transitional government to overhaul the constitution" → "a
    transitional government to overhaul the constitution".
    """
    if tok.dep_ != "advcl" or tok.pos_ != "VERB" or not infinitive(tok):
        return
    if any(c.dep_ == "neg" for c in tok.children):
        return  # "warned X not to provide …": the transfer frame says what is at issue
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


# Frames that restate what they find in other words, so they may draw on quoted words.
RESTATED: frozenset[FrameKind] = frozenset({"rule", "goal", "transfer"})
FRAMES = (_want, _risk_clause, _transfer, _nominal, _risk, _issue, _goal, _purpose)
# Frames that state the same thing as the clause around them, more tightly: that clause is
# left out.
TIGHTER: frozenset[FrameKind] = frozenset({"want", "transfer", "risk"})


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
            lemma_in(t, lexicon.INDIRECT_VERBS) and any(c.dep_ == "ccomp" for c in t.children)
        ):
            heads.append(t)  # a clause of its own, or "…, warning that X"
    out = []
    for h in heads:
        v = _content_verb(h)
        if v not in out:
            out.append(v)
    return out


def _clause(verb: Token, namer: Namer) -> Builder | None:
    """Return a builder of the tight clause headed by `verb`, its subject named."""
    subj = subject(verb)
    if subj is None or subj.dep_ == "expl":
        return None
    if lemma_in(verb, lexicon.REPORTING_VERBS) and not any(
        c.dep_ in ("dobj", "xcomp", "ccomp", "dative") for c in verb.children
    ):
        return None  # "Mr. X said": who spoke, not what is at issue
    owner = namer.name(subj)
    pronoun = subj.pos_ == "PRON" or subj.lower_ in lexicon.PRONOUNS
    if pronoun and owner is None:
        return None  # "He says …" with no one to name

    def build(level: int) -> Phrase | None:
        skip = frozenset({subj.i})
        body = collect(verb, level, skip)
        who = [subj] if pronoun else subject_phrase(subj, level, namer.is_person)
        toks = sorted({t.i: t for t in (*who, *body)}.values(), key=lambda t: t.i)
        return Phrase([toks], {subj.i: owner} if pronoun and owner else {})

    return build


# ---------------------------------------------------------------------- selection


def _clause_cues(phrase: Phrase) -> float:
    """Weigh a plain clause by its cue words.

    A reaction ("condemned the attack") is never a stake; a clause that names no want, threat,
    rule or risk reads as news rather than what is at issue.
    """
    toks = phrase.tokens
    heads = [
        t
        for t in toks
        if (t.pos_ in _VERBAL and t.head.i == t.i) or t.dep_ in ("ROOT", "ccomp", "conj", "advcl")
    ]
    if any(lemma_in(t, lexicon.REACTION_VERBS) for t in heads if t.pos_ in _VERBAL):
        return -math.inf
    cued = any(
        (t.pos_ in _VERBAL and lemma_in(t, lexicon.STAKE_VERBS))
        or (t.pos_ in ("NOUN", "PROPN") and lemma_in(t, lexicon.STAKE_NOUNS))
        or (t.pos_ == "ADJ" and t.lower_ in lexicon.STAKE_ADJECTIVES)
        for t in toks
    )
    return 0.0 if cued else -1.5


def _owned(phrase: Phrase, anchor: Token, namer: Namer) -> Phrase:
    """Name the possessive pronouns of a phrase lifted out of its clause ("its" → "Pyongyang’s")."""
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


def _candidates(layout: Layout, namer: Namer) -> Iterator[tuple[int, FrameKind, Phrase]]:
    """Yield (sentence, kind, phrase) for the frames and clauses of each sentence past the lead."""
    for i, sent in enumerate(layout.sents):
        if i < layout.lead:
            continue  # headline, byline, dateline
        tight: list[set[int]] = []
        for tok in sent:
            if tok.pos_ not in _FRAMED and tok.dep_ != "prep":
                continue  # every frame starts at a verb, a noun or a preposition
            for frame in FRAMES:
                for kind, build in frame(tok, namer):
                    phrase = fit(build, MAX_WORDS)
                    if phrase is not None:
                        yield i, kind, _owned(phrase, tok, namer)
                        if kind in TIGHTER:
                            tight.append({t.i for t in phrase.tokens})
        for verb in _units(sent):
            clause = _clause(verb, namer)
            phrase = fit(clause, MAX_WORDS) if clause is not None else None
            if phrase is None:
                continue
            has = {t.i for t in phrase.tokens}
            if not any(len(f & has) >= 0.8 * len(f) for f in tight):
                # "whether X can …": an open question is at issue by itself.
                doubt = any(
                    m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in verb.children
                )
                yield i, "doubt" if doubt and verb.dep_ == "ccomp" else "clause", phrase


def find(layout: Layout, quotes: list[Quote], resolver: Resolver | None = None) -> list[Stake]:
    """Pick 3–6 short statements of what is at issue, with evidence."""
    cands = scored(layout, quotes, resolver)
    chosen: list[Candidate] = []
    per_sentence: Counter[int] = Counter()
    for c in cands:
        if len(chosen) >= MAX_STAKES:
            break
        if c.score < MIN_SCORE[c.kind == "clause"] and len(chosen) >= MIN_STAKES:
            continue
        if per_sentence[c.sentence] >= PER_SENTENCE or any(_alike(c, o) for o in chosen):
            continue
        chosen.append(c)
        per_sentence[c.sentence] += 1
    chosen.sort(key=lambda c: c.phrase.start)
    return [
        Stake(text=c.text, evidence=[layout.evidence(c.phrase.start, c.phrase.end)]) for c in chosen
    ]


def scored(
    layout: Layout, quotes: list[Quote], resolver: Resolver | None = None
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

    topics = _topic_weights(layout)
    namer = Namer(layout, resolver)
    cands: list[Candidate] = []
    for i, kind, phrase in _candidates(layout, namer):
        if credits(phrase.start) or phrase.words() < MIN_WORDS:
            continue
        # A clause mostly quoted repeats the quote; a noun phrase restates it in other words.
        if kind not in RESTATED and repeats_quote(phrase):
            continue
        score = _score(phrase.tokens, i, layout.lead, topics) + BONUS[kind]
        if kind == "clause":
            score += _clause_cues(phrase)
            if score == -math.inf:
                continue
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
