"""Quotes and reported speech, each with its speaker.

Direct quotes come from the quote marks in the text (see `quotemarks`). The speaker is found,
in order: the subject of a reporting verb in the same sentence ("…," he said), an "according to
X" phrase, the subject of the verb the quoted words belong to (Kim pledged his “full support”),
the previous quote's speaker in the same paragraph, or the last speaker of the paragraph before.
Reported speech is the clause complement of a reporting verb ("X said (that) …", "X told Y …").
Names, pronouns and descriptions of speakers are resolved in `speakers`. A statement of a news
outlet or a journalist filing the story ("Russian media reported that …", "…, according to
state media") is the story's sourcing, not a reaction, and is left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Span, Token

from ..models import Quote
from . import lexicon
from .document import Layout, paragraph_starts
from .entries import Entities
from .quotemarks import QuoteSpan, quote_text
from .speakers import Resolver, Speaker, main_clause, marked, resolver

_SUBJECTS = ("nsubj", "nsubjpass")


def _is_reporting(tok: Token) -> bool:
    """Tell whether `tok` is a reporting verb ("said", "told")."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon.REPORTING_VERBS


def _sentences_over(layout: Layout, start: int, end: int) -> list[Span]:
    """Return the sentences that the characters [start, end) fall in."""
    first = layout.index_at(start)
    last = layout.index_at(max(start, end - 1))
    return layout.sents[first : last + 1]


def _governing(q: QuoteSpan, sents: list[Span], res: Resolver) -> tuple[Token, Token] | None:
    """Return (verb, subject) of the nearest verb outside the quote that its words hang on."""
    inner = [t for s in sents for t in s if q.start <= t.idx < q.end]
    first: tuple[Token, Token] | None = None
    for tok in inner:
        head = tok.head
        if q.start <= head.idx < q.end:
            continue
        # Climb to the nearest verb with a subject; past it, to a speech act that owns it
        # ("called for Seoul to be defined as the “primary foe”" → called).
        for _ in range(8):
            if head.pos_ in ("VERB", "AUX") and not res.in_quote(head.idx):
                subj = [c for c in head.children if c.dep_ in _SUBJECTS and not res.in_quote(c.idx)]
                if subj:
                    if head.lemma_.lower() in lexicon.SPEECH_ACTS:
                        return head, subj[0]
                    first = first or (head, subj[0])
            if head.head == head or head.dep_ in ("ccomp", "parataxis"):
                break
            head = head.head
        break
    return first


def _attribute(q: QuoteSpan, layout: Layout, res: Resolver) -> Speaker | None:
    """Name the speaker of a quotation from the sentences around it (see the module docstring)."""
    sents = _sentences_over(layout, q.outer_start, q.outer_end)
    frame = [
        t for s in sents for t in s if not res.in_quote(t.idx) and not t.is_punct and not t.is_space
    ]
    # Quoted words inside a speech act belong to its subject, even when the whole sentence is
    # itself reported: "Kim has called for Seoul to be named the “primary foe”, media reported."
    gov = _governing(q, sents, res)
    if gov is not None and gov[0].lemma_.lower() in lexicon.SPEECH_ACTS:
        who = res.name_of(gov[1])
        if who is not None:
            return marked(who, gov[0])
    verbs = [t for t in frame if _is_reporting(t)]
    if verbs:
        verb = min(verbs, key=lambda t: min(abs(t.idx - q.outer_start), abs(t.idx - q.outer_end)))
        who = res.subject_of(verb)
        if who is not None:
            return marked(who, verb)
    who = res.according_to(frame)
    if who is not None:
        return marked(who, None)
    # The quoted words belong to a clause: "Kim pledged his “full support”".
    if gov is not None:
        return marked(res.name_of(gov[1]), gov[0])
    return None


def _strip_lead(toks: list[Token]) -> list[Token]:
    """Drop "that", punctuation and a time phrase the parse left at the start of a clause."""
    while toks:
        t = toks[0]
        if (
            t.dep_ == "mark"
            or t.is_punct
            or t.is_space
            or t.ent_type_ in ("DATE", "TIME")
            or (
                t.lower_ in ("on", "in", "at", "last", "early", "late")
                and len(toks) > 1
                and toks[1].ent_type_ in ("DATE", "TIME")
            )
        ):
            toks = toks[1:]
        else:
            break
    return toks


def _indirect(layout: Layout, res: Resolver) -> list[tuple[int, int, Token]]:
    """Find reported-speech clauses: (start, end, verb) for each "X said (that) …"."""
    out = []
    doc = layout.doc
    for tok in doc:
        if tok.lemma_.lower() not in lexicon.INDIRECT_VERBS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if res.in_quote(tok.idx):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if not comps:
            continue
        comp = comps[0]
        toks = sorted(comp.subtree, key=lambda t: t.i)
        if comp.i > tok.i:
            # The parse often hangs the clause's tail ("…, but Moscow will …", "…, while …")
            # on the wrong head: reported speech after its verb runs to the sentence end,
            # unless an "according to" attribution closes it.
            sent = tok.sent
            tail = [t for t in sent if t.i >= toks[0].i]
            cut = next(
                (
                    t.i
                    for t in tail
                    if t.lower_ == "according"
                    and t.i + 1 < len(doc)
                    and doc[t.i + 1].lower_ == "to"
                ),
                None,
            )
            toks = [t for t in tail if cut is None or t.i < cut]
        toks = _strip_lead(toks)
        while toks and (toks[-1].is_space or toks[-1].text in ",;:—–."):
            toks = toks[:-1]
        if len(toks) < 3:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        if res.in_quote(start):
            continue  # the clause is itself a direct quote; its marks give it already
        out.append((start, end, tok))
    return out


def _according(sent: Span, res: Resolver) -> tuple[int, int, Speaker] | None:
    """Return the claim and its source in "According to X, …" / "…, according to X."."""
    for t in sent:
        if t.lower_ != "according" or t.i + 1 >= len(t.doc) or t.nbor(1).lower_ != "to":
            continue
        phrase = sorted({*t.subtree, *t.nbor(1).subtree}, key=lambda x: x.i)
        objs = [o for o in t.nbor(1).children if o.dep_ == "pobj"]
        if not objs:
            return None
        who = res.name_of(objs[0])
        lo, hi = phrase[0].i, phrase[-1].i
        rest = [x for x in sent if not lo <= x.i <= hi]
        while rest and (
            rest[0].is_punct
            or rest[0].is_space
            or (rest[0].dep_ in ("advmod", "cc") and len(rest) > 1 and rest[1].text == ",")
        ):
            rest = rest[1:]
        while rest and (rest[-1].is_punct or rest[-1].is_space):
            rest = rest[:-1]
        if who is None or len(rest) < 3:
            return None
        return rest[0].idx, rest[-1].idx + len(rest[-1]), who
    return None


def find(layout: Layout, entities: Entities, res: Resolver | None = None) -> list[Quote]:
    """Find direct quotes and reported speech with their speakers, in text order."""
    text = layout.text
    res = res or resolver(layout, entities)
    spans = res.quotes
    items: list[tuple[int, int, str, bool, Speaker | None]] = []
    for q in spans:
        if entities.in_credits(q.start):
            continue
        items.append((q.start, q.end, quote_text(text, q), True, _attribute(q, layout, res)))
    reported = _indirect(layout, res)
    for start, end, verb in reported:
        if entities.in_credits(start):
            continue
        who = marked(res.subject_of(verb), verb)
        if who is None:
            continue
        items.append((start, end, re.sub(r"\s+", " ", text[start:end]).strip(), False, who))
    covered = {layout.index_at(start) for start, _, _ in reported}
    for i, sent in enumerate(layout.sents):
        if (
            i in covered
            or any(res.in_quote(t.idx) for t in sent)
            or entities.in_credits(sent.start_char)
        ):
            continue
        found = _according(sent, res)
        if found is not None:
            start, end, who = found
            who = marked(who, None)
            items.append((start, end, re.sub(r"\s+", " ", text[start:end]).strip(), False, who))
    items.sort(key=lambda x: (x[0], not x[3]))
    out: list[Quote] = []
    last: Speaker | None = None
    last_para = -1
    for start, end, words, direct, who in items:
        para = layout.paragraph_at(start)
        if who is None:
            same_para = last is not None and last_para == para
            prev_para = (
                last is not None and last_para == para - 1 and _opens_paragraph(text, start, layout)
            )
            if same_para or prev_para:
                who = last
            elif _opens_paragraph(text, start, layout):
                who = _introduced(layout, res, start)
        if who is None or not words:
            continue
        last, last_para = who, para
        if who.sourcing:
            # The story's source, not an actor: "Russian media reported that …". A quote that
            # continues it below inherits the source and is dropped with it.
            continue
        out.append(
            Quote(
                speaker=who.name, text=words, direct=direct, evidence=[layout.evidence(start, end)]
            )
        )
    return out


def _introduced(layout: Layout, res: Resolver, start: int) -> Speaker | None:
    """Name the speaker of a quote paragraph from the paragraph before it.

    'In a statement, the ministry said:' introduces the quote below it; otherwise the person
    the previous paragraph was about (its last main-clause subject) is taken to speak.
    """
    i = layout.index_at(start)
    para = layout.paragraphs[i]
    prev = [s for s, p in zip(layout.sents, layout.paragraphs, strict=True) if p == para - 1]
    if not prev:
        return None
    last = prev[-1]
    if last.text.rstrip().endswith(":"):
        for tok in reversed(list(last)):
            if _is_reporting(tok):
                who = res.subject_of(tok)
                if who is not None:
                    return marked(who, tok)
    subjects = [t for s in prev for t in s if t.dep_ in _SUBJECTS and main_clause(t)]
    for tok in reversed(subjects):
        person = res.entities.at(tok, ("person",))
        if person is not None:
            return Speaker(person.name, True)
        if tok.lower_ in lexicon.PERSON_PRONOUNS:
            return res.resolve_pronoun(tok)
    return None


def _opens_paragraph(text: str, start: int, layout: Layout) -> bool:
    """Tell whether `start` is at (or one mark after) the start of its paragraph."""
    starts = paragraph_starts(text)
    i = bisect_right(starts, start) - 1
    return not text[starts[i] : max(starts[i], start - 1)].strip()
