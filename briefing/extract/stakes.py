"""Stakes: 3–6 short statements of what is at issue, drawn from the article with evidence.

Candidates are clauses, not whole sentences: a reported clause stands for its sentence
("officials said Russia hopes …" → "Russia hopes …"), coordinated clauses with their own
subjects are split ("…, while Pyongyang appears to want …"), and a rule-breaking verb inside a
quote is restated as a noun phrase ("X would violate Y" → "violation of Y by X") so quotes are
not repeated. Each clause is scored by cue words for wants, threats, rules and risks; the best,
unlike each other, are kept in text order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..models import Quote, Stake
from . import lexicon
from .document import Layout

MAX_STAKES = 6
MIN_STAKES = 3
MAX_WORDS = 32
LEAD_WORDS = 45
MIN_SCORE = 2.0
QUOTED_SHARE = 0.35  # a clause more quoted than this repeats a quote
CENTRALITY = 0.5  # weight of topic words against cue words
_ISSUE_PREPS = {"amid", "over", "despite"}
_ACTORS = ("GPE", "ORG", "NORP", "LOC", "FAC")
_SPLIT_MARKS = {"while", "whereas", "but", "although", "though"}
_LEADING_JUNK = {"while", "whereas", "but", "although", "though", "as", "and", "because", "that", "so"}
# Rule-breaking and threatening verbs restated as nouns, so a quote is not repeated verbatim.
NOMINAL = {
    "violate": ("violation of", "by"), "breach": ("breach of", "by"), "threaten": ("threat to", "from"),
    "undermine": ("undermining of", "by"), "endanger": ("danger to", "from"),
    "jeopardize": ("risk to", "from"), "defy": ("defiance of", "by"),
}


@dataclass
class Candidate:
    """A clause that may state a stake, with its span, text and score."""

    start: int  # char offsets into the article
    end: int
    text: str
    score: float
    sentence: int


def _words(text: str) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in re.findall(r"\w+", text.lower()) if w not in STOP_WORDS}


def _topic_weights(layout: Layout) -> Counter[str]:
    """Count how often each content lemma recurs in the body: the story's topic words."""
    counts: Counter[str] = Counter()
    for sent in layout.sents[layout.lead :]:
        counts.update({_key(t) for t in sent if _content(t)})
    return Counter({k: v - 1 for k, v in counts.items() if v > 1})


def _content(t: Token) -> bool:
    return t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop and t.is_alpha


def _key(t: Token) -> str:
    return (t.ent_type_ + ":" + t.lower_) if t.ent_type_ else t.lemma_.lower()


def _centrality(tokens: list[Token], topics: Counter[str]) -> float:
    keys = {_key(t) for t in tokens if _content(t)}
    if not keys:
        return 0.0
    return sum(topics[k] for k in keys) / len(keys) ** 0.5


def _score(tokens: list[Token], index: int, lead: int = 0, topics: Counter[str] | None = None) -> float:
    score = CENTRALITY * _centrality(tokens, topics) if topics else 0.0
    for t in tokens:
        lemma = t.lemma_.lower()
        if lemma in lexicon.STAKE_VERBS and t.pos_ in ("VERB", "AUX"):
            score += 2
        elif lemma in lexicon.STAKE_NOUNS or t.lower_ in lexicon.STAKE_NOUNS:
            score += 1
    # Who is involved: each named country, group or place adds a little.
    score += 0.5 * min(4, sum(1 for t in tokens if t.ent_iob_ == "B" and t.ent_type_ in _ACTORS))
    if index == lead:
        score += 1.5  # the lead states what the story is about
    elif index < lead:
        return 0.0  # headline, byline, dateline
    return score - 0.05 * (index - lead)


def _clean(tokens: list[Token]) -> list[Token]:
    # A dateline ("JOHANNESBURG —") is not part of the statement.
    dash = next((i for i, t in enumerate(tokens[:6]) if t.text in ("—", "–", "--")), None)
    if dash is not None and all(t.is_upper or t.is_punct for t in tokens[:dash]):
        tokens = tokens[dash + 1 :]
    while tokens and (tokens[0].lower_ in _LEADING_JUNK or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].lower_ in _LEADING_JUNK):
        tokens = tokens[:-1]
    return tokens


def _span_text(tokens: list[Token]) -> str:
    doc = tokens[0].doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    text = re.sub(r"[“”\"]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _own_subject(mark: Token) -> bool:
    """Tell whether the clause a conjunction or marker opens has its own subject."""
    if mark.dep_ == "cc":
        verbs = [c for c in mark.head.children if c.dep_ == "conj" and c.i > mark.i]
    else:
        verbs = [mark.head]
    return any(c.dep_ in ("nsubj", "nsubjpass") for v in verbs for c in v.children)


def _clauses(sent: Span, lead: bool = False) -> list[list[Token]]:
    """Split a sentence into stake-sized clauses; a reported clause replaces its frame."""
    tokens = list(sent)
    for tok in sent:
        if tok.lemma_.lower() in lexicon.INDIRECT_VERBS | {"quote"}:
            comps = [c for c in tok.subtree if c.dep_ == "ccomp" and c.head.i >= tok.i and c.i > tok.i]
            if comps:
                tokens = [t for t in sent if t.i >= comps[0].left_edge.i]
                break
            # "…, officials said Monday": the attribution after the clause is dropped.
            before = [c for c in tok.children if c.dep_ == "ccomp" and c.i < tok.i]
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if before:
                cut = min([tok.i] + [x.left_edge.i for x in subj])
                tail = [t for t in sent if t.i > tok.i and t.head == tok and t.dep_ in ("advcl", "conj")]
                tokens = [t for t in sent if t.i < cut]
                if tail:
                    tokens += [t for t in sent if t.i >= tail[0].left_edge.i]
                break
    if lead:
        # The lead is the story in one sentence (the brief's bottom line already); what is at
        # issue is its "amid …"/"over …" phrase when it has one, else the whole lead.
        for t in sent:
            if t.lower_ in _ISSUE_PREPS and t.dep_ == "prep" and t.head.pos_ in ("VERB", "AUX"):
                phrase = _clean(sorted(t.subtree, key=lambda x: x.i))[1:]
                if len(phrase) >= 4:
                    return [phrase]
        return [p for p in (_clean(tokens),) if len(p) >= 4]
    # "According to X, …" is attribution, not part of what is at issue.
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to":
            drop = {x.i for x in (*t.subtree, *t.nbor(1).subtree)}
            tokens = [x for x in tokens if x.i not in drop]
    pieces: list[list[Token]] = [[]]
    for t in tokens:
        starts_clause = t.lower_ in _SPLIT_MARKS and t.i > tokens[0].i and _own_subject(t)
        if starts_clause and len(pieces[-1]) >= 5:
            pieces.append([])
        pieces[-1].append(t)
    return [p for p in (_clean(p) for p in pieces) if len(p) >= 4]


def _shorten(tokens: list[Token], limit_words: int = MAX_WORDS) -> list[Token]:
    """Cut a long clause at the last comma or clause boundary that keeps it under the limit."""
    tokens = _clean(tokens)
    words = [t for t in tokens if not t.is_punct]
    if len(words) <= limit_words:
        return tokens
    limit = words[limit_words - 1].i
    cuts = [
        t.i for t in tokens
        if t.i <= limit and (t.text in ",;—–" or (t.dep_ == "cc" and t.head.pos_ in ("VERB", "AUX")))
    ]
    cuts = [c for c in cuts if c - tokens[0].i >= 8]
    if not cuts:
        return tokens if len(words) <= LEAD_WORDS else []
    return _clean([t for t in tokens if t.i < max(cuts)])


def _nominal(sent: Span) -> list[tuple[list[Token], str]]:
    """Restate "X would violate Y" as "violation of Y by X"."""
    out = []
    for tok in sent:
        forms = NOMINAL.get(tok.lemma_.lower())
        if forms is None or tok.pos_ != "VERB":
            continue
        noun, link = forms
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        obj = [c for c in tok.children if c.dep_ == "dobj"]
        if not obj:
            continue
        obj_toks = _clean(sorted(obj[0].subtree, key=lambda t: t.i))
        if not obj_toks:
            continue
        text = f"{noun} {_span_text(obj_toks)}"
        toks = list(obj_toks)
        if subj and subj[0].pos_ not in ("PRON",):
            subj_toks = _clean(sorted(subj[0].subtree, key=lambda t: t.i))
            if subj_toks:
                by = _span_text(subj_toks)
                by = by[0].lower() + by[1:] if by[:1].isupper() and not subj_toks[0].ent_type_ else by
                text += f" {link} {by}"
                toks = subj_toks + toks
        out.append((toks, text[0].upper() + text[1:]))
    return out


def find(layout: Layout, quotes: list[Quote]) -> list[Stake]:
    """Pick 3–6 clauses that say what is at issue, with evidence."""
    quoted = [(e.start, e.end) for q in quotes if q.direct for e in q.evidence]

    def inside_quote(toks: list[Token]) -> bool:
        a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
        inside = sum(max(0, min(b, e) - max(a, s)) for s, e in quoted)
        return inside > QUOTED_SHARE * (b - a)

    topics = _topic_weights(layout)
    cands: list[Candidate] = []
    for i, sent in enumerate(layout.sents):
        if i < layout.lead:
            continue  # headline, byline, dateline
        for toks in _clauses(sent, lead=i == layout.lead):
            if inside_quote(toks) or len(toks) > 3 * MAX_WORDS:
                continue
            toks = _shorten(toks, LEAD_WORDS if i == layout.lead else MAX_WORDS)
            text = _span_text(toks) if toks else ""
            if not text or len(text.split()) < 4:
                continue
            cands.append(Candidate(toks[0].idx, toks[-1].idx + len(toks[-1]), text, _score(toks, i, layout.lead, topics), i))
        for toks, text in _nominal(sent):
            start = min(t.idx for t in toks)
            end = max(t.idx + len(t) for t in toks)
            cands.append(Candidate(start, end, text, _score(toks, i, layout.lead, topics) + 2, i))
    cands.sort(key=lambda c: (-c.score, c.start))
    chosen: list[Candidate] = []
    for c in cands:
        if len(chosen) >= MAX_STAKES:
            break
        if c.score < MIN_SCORE and len(chosen) >= MIN_STAKES:
            break
        words = _words(c.text)
        if any(len(words & _words(o.text)) >= 0.6 * max(1, min(len(words), len(_words(o.text)))) for o in chosen):
            continue
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return [Stake(text=c.text, evidence=[layout.evidence(c.start, c.end)]) for c in chosen]
