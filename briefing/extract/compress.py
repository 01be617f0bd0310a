"""Short phrases from the parse: a clause or noun phrase without its asides.

A phrase keeps the words that carry its meaning — subject, verb, objects, complements and the
modifiers of its nouns — and drops what only situates or comments: times and dates, adverbs,
appositions, non-restrictive relative clauses, parentheticals, attributions. When that is still
too long, it sheds more at each level (restrictive relative clauses, coordinated verbs, nested
prepositional phrases) until it fits. The words kept are the article's own, in its order, so a
phrase's evidence points at its source words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from . import lexicon

_TIME = ("DATE", "TIME")
_ALWAYS_DROP = {"punct", "appos", "parataxis", "intj", "meta", "dep", "preconj"}
_VERBAL = ("VERB", "AUX")
LEVELS = 4


@dataclass
class Phrase:
    """Words of the article (by token) and a few words of our own, rendered in order.

    `parts` holds token lists and literal strings ("violation of", "for"); `swap` replaces a
    token's text (a possessive pronoun by the name it stands for).
    """

    parts: list[list[Token] | str]
    swap: dict[int, str] = field(default_factory=dict)

    @property
    def tokens(self) -> list[Token]:
        """Return the article tokens of the phrase, in phrase order."""
        return [t for p in self.parts if not isinstance(p, str) for t in p]

    @property
    def start(self) -> int:
        """Return the first character of the source words."""
        return min(t.idx for t in self.tokens)

    @property
    def end(self) -> int:
        """Return the character after the last source word."""
        return max(t.idx + len(t) for t in self.tokens)

    def words(self) -> int:
        """Count the words of the phrase as rendered (without rendering it)."""
        n = 0
        for part in self.parts:
            if isinstance(part, str):
                n += len(part.split())
                continue
            prev: Token | None = None
            for t in part:
                if t.tag_ in ("``", "''"):
                    continue
                starts = prev is None or t.i != prev.i + 1 or bool(prev.whitespace_)
                if starts and not t.is_punct:
                    n += len(self.swap.get(t.i, t.text).split())
                prev = t
        return n

    def text(self) -> str:
        """Render the phrase: source spacing inside runs of adjacent tokens, one space elsewhere."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(" " + part + " ")
                continue
            prev: Token | None = None
            for t in part:
                if t.tag_ in ("``", "''"):
                    continue  # quote marks: the words are ours to restate
                if prev is not None and (t.i != prev.i + 1 or prev.whitespace_):
                    out.append(" ")
                out.append(self.swap.get(t.i, t.text))
                prev = t
            out.append(" ")
        text = re.sub(r"[“”\"]", "", "".join(out))
        text = re.sub(r"\s+", " ", text).strip()
        text = re.sub(r"\s+([,.;:!?’'])(?=\s|$)", r"\1", text)
        return text[:1].upper() + text[1:]


# Builds a phrase at a level of compression (0 keeps the most), or None when it cannot.
Builder = Callable[[int], Phrase | None]


def _comma_before(tok: Token) -> bool:
    """Tell whether a comma, dash, bracket or semicolon comes right before the phrase of `tok`."""
    i = tok.left_edge.i - 1
    return i >= 0 and tok.doc[i].text in (",", "—", "–", "(", ";")


def _is_time(tok: Token) -> bool:
    """Tell whether the subtree of `tok` only says when.

    "on Monday", "a year ago", "in 2011", "soon after the attack", "at the time of the visit".
    """
    if tok.dep_ == "prep" and tok.lower_ in lexicon.TIME_PREPS:
        return True
    if tok.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in ("time", "moment") for c in tok.children
    ):
        return True
    words = [t for t in tok.subtree if t.is_alpha or t.like_num]
    if not words:
        return False
    timed = [t for t in words if t.ent_type_ in _TIME or t.lower_ in ("ago", "earlier", "later")]
    return len(timed) >= len(words) - 1 and bool(timed)


def _alias(conj: Token) -> bool:
    """Tell whether a conjunct is another name set off by commas ("the Community, or ECOWAS, …")."""
    doc = conj.doc
    cc = [c for c in conj.head.children if c.dep_ == "cc" and c.i < conj.i]
    if conj.head.dep_ == "conj" or sum(c.dep_ == "conj" for c in conj.head.children) != 1:
        return False  # a list: "Russia, China, or Iran"
    if not cc or cc[-1].lower_ != "or" or cc[-1].i == 0 or doc[cc[-1].i - 1].text != ",":
        return False
    edge = conj.right_edge.i  # the closing comma may hang on the conjunct itself
    closed = doc[edge].text == "," or (edge + 1 < len(doc) and doc[edge + 1].text == ",")
    return conj.text[:1].isupper() and closed


def _dated(tok: Token) -> bool:
    """Tell whether every word under `tok` names a date or time (not only "after", "before")."""
    words = [t for t in tok.subtree if (t.is_alpha or t.like_num) and t.dep_ not in ("prep", "det")]
    return bool(words) and all(t.ent_type_ in _TIME for t in words)


def has_subject(verb: Token) -> bool:
    """Tell whether `verb` (or its auxiliary) has a subject of its own."""
    near = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for a in near for c in a.children)


@functools.lru_cache(maxsize=8192)
def _forms(low: str, lemma: str) -> frozenset[str]:
    """Return the base forms a word may have ("hopes" → hope), beside its lemma."""
    forms = {low, lemma}
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    ):
        if low.endswith(suffix):
            forms.add(low[: -len(suffix)] + repl)
    return frozenset(forms)


def lemma_in(tok: Token, words: frozenset[str]) -> bool:
    """Tell whether `tok` is a form of one of `words`.

    The lemmatizer misses some forms ("hopes" → "hop"), so the surface form is tried too.
    """
    low = tok.lower_
    if not words.isdisjoint(_forms(low, tok.lemma_.lower())):
        return True
    if low in _hyphen_tails(words) and tok.i > 0 and tok.doc[tok.i - 1].tag_ == "HYPH":
        word = hyphenated(tok).lower()  # "cease-fire" is three tokens
        return word in words or word.rstrip("s") in words
    return False


@functools.lru_cache(maxsize=64)
def _hyphen_tails(words: frozenset[str]) -> frozenset[str]:
    """Return the last parts of the hyphenated words in `words` ("fire" for "cease-fire")."""
    return frozenset(w.rsplit("-", 1)[1].rstrip("s") for w in words if "-" in w) | frozenset(
        w.rsplit("-", 1)[1] for w in words if "-" in w
    )


def hyphenated(tok: Token) -> str:
    """Return the hyphenated word `tok` ends ("fire" in "cease-fire" → "cease-fire")."""
    doc, i = tok.doc, tok.i
    while (
        i >= 2
        and doc[i - 1].tag_ == "HYPH"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
    ):
        i -= 2
    return doc[i : tok.i + 1].text


def entity_text(tok: Token) -> str | None:
    """Return the text of the named entity `tok` is part of, if any (without scanning doc.ents)."""
    if not tok.ent_type_:
        return None
    doc, a, b = tok.doc, tok.i, tok.i
    while a > 0 and doc[a].ent_iob_ == "I":
        a -= 1
    while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
        b += 1
    return doc[a : b + 1].text


def _same_word(child: Token, head: Token) -> bool:
    """Tell whether `child` and `head` are parts of one hyphenated word ("Al-Qaida-linked")."""
    if (child.is_punct and child.tag_ != "HYPH") or abs(child.i - head.i) > 6:
        return False
    a, b = sorted((child.i, head.i))
    return all(not child.doc[i].whitespace_ for i in range(a, b))


def infinitive(verb: Token) -> bool:
    """Tell whether `verb` is a to-infinitive without a subject of its own ("… to overhaul X")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not has_subject(
        verb
    )


def keep(child: Token, level: int, depth: int) -> bool:
    """Tell whether `child` (with its subtree) stays in a phrase shortened to `level`."""
    dep, head = child.dep_, child.head
    if _same_word(child, head):
        return True
    # A participle modifying a noun ("the U.N.-backed government") is not a clause.
    verbal = head.pos_ in _VERBAL and head.dep_ not in ("amod", "compound")
    if dep == "mark":
        # "question whether X …" keeps its sense only with "whether".
        return child.lower_ in ("whether", "if") and head.dep_ == "ccomp"
    if dep == "advcl":
        # A purpose: "… to overhaul the constitution".
        return level < 1 and infinitive(child) and child.i > head.i and not _comma_before(child)
    if dep == "punct" and child.text == "," and head.pos_ not in _VERBAL:
        # The commas of a list of names or things stay: "wheat, corn, or rice".
        nxt = [c for c in head.children if c.dep_ == "conj" and c.i > child.i]
        return (
            bool(nxt)
            and not _alias(nxt[0])
            and all(
                t.dep_ in ("cc", "advmod", "preconj")
                for t in child.doc[child.i + 1 : nxt[0].left_edge.i]
            )
        )
    if dep in _ALWAYS_DROP:
        return False
    if dep in ("relcl", "acl"):
        if _comma_before(child) or child.i < head.i:
            return False
        # "those killed", "anyone who …": the pronoun says nothing without its clause.
        return level < 1 or head.pos_ == "PRON"
    if dep in ("npadvmod", "tmod") and verbal:
        # "(gave the junta) a week to restore X": a time with a clause of its own carries sense.
        return any(c.dep_ in ("relcl", "acl") for c in child.children)
    if dep == "advmod":
        # "stopped short of calling it a coup": an adverb heading a phrase carries sense.
        phrase = (
            any(c.dep_ == "prep" for c in child.children) and child.lower_ not in lexicon.TIME_PREPS
        )
        return not verbal or child.lower_ in lexicon.KEEP_ADVERBS or phrase
    if (
        (verbal and dep in ("prep", "npadvmod", "advmod", "nummod", "pobj"))
        or (dep == "prep" and _dated(child))
    ) and _is_time(child):
        return False  # "on Sunday", also on a noun ("leaders on Sunday gave …")
    if dep == "prep":
        if child.lower_ == "according" or (_comma_before(child) and child.i > head.i):
            return False
        if verbal and child.lower_ in lexicon.ASIDE_PREPS:
            return False  # "… despite an announcement of a cease-fire" is a phrase of its own
        if child.i < head.i and verbal:
            return False  # fronted adjuncts: "In a statement, …"
        return level < 3 or depth < 2
    if dep == "conj" and verbal:
        return level < 2 and not has_subject(child)
    if dep == "conj" and _alias(child):
        return False
    if dep == "cc":
        conj = [c for c in head.children if c.dep_ == "conj" and c.i > child.i]
        return bool(conj) and keep(conj[0], level, depth)
    return True


def collect(root: Token, level: int = 0, skip: frozenset[int] = frozenset()) -> list[Token]:
    """Return the tokens of `root`'s phrase at `level`, in text order, leaving out `skip`."""
    out: list[Token] = []
    stack = [(root, 0)]
    while stack:
        tok, depth = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.i in skip or not keep(child, level, depth):
                continue
            stack.append((child, depth + (child.dep_ == "prep")))
    out.sort(key=lambda t: t.i)
    return _trim(out)


def _trim(toks: list[Token]) -> list[Token]:
    """Drop conjunctions, punctuation and "that" left at the edges of a phrase."""
    edges = {"cc", "punct", "mark", "case"}
    while toks and (
        (toks[0].dep_ in edges and toks[0].lower_ not in ("whether", "if"))
        or toks[0].is_punct
        or toks[0].lower_ == "that"
    ):
        toks = toks[1:]
    while toks and (toks[-1].dep_ in {"cc", "punct", "mark"} or toks[-1].is_punct):
        toks = toks[:-1]
    return toks


def subject(verb: Token) -> Token | None:
    """Return the subject of `verb`, climbing shared subjects and raising or control verbs.

    "… and called on …" shares the subject of the verb before; "appears to want" and "hopes
    to receive" take the subject of the verb they complete.
    """
    v = verb
    for _ in range(5):
        # The parser sometimes hangs the subject on an auxiliary ("China is managing").
        near = [v, *(c for c in v.children if c.dep_ in ("aux", "auxpass"))]
        subj = [c for a in near for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj[0]
        if v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
            v = v.head
        else:
            return None
    return None


def subject_phrase(
    subj: Token, level: int = 0, is_name: Callable[[Token], bool] | None = None
) -> list[Token]:
    """Return a short form of a subject: the name in apposition to it, else its pruned phrase."""
    for c in subj.children:
        # "The founding president of X, Morgan Tsvangirai, has urged …": the name says who.
        if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or (is_name is not None and is_name(c))):
            return collect(c, 2)
    toks = collect(subj, level)
    if len(toks) > 8:
        toks = collect(subj, 3)
    return toks


def fit(build: Builder, max_words: int) -> Phrase | None:
    """Return the first phrase `build(level)` makes that has at most `max_words`, else None."""
    for level in range(LEVELS):
        phrase = build(level)
        if phrase is None or not all(phrase.parts):
            continue  # a frame whose slot came out empty ("violation of" nothing)
        if 3 <= phrase.words() <= max_words:
            return phrase
    return None


def name_possessives(
    tokens: list[Token], owner: str | None, kind: str, apostrophe: str = "'"
) -> dict[int, str]:
    """Name the possessive pronouns that agree with the clause's subject ("its" → "Russia’s")."""
    if not owner:
        return {}
    return {
        t.i: owner + apostrophe + "s"
        for t in tokens
        if t.tag_ == "PRP$" and lexicon.POSSESSIVE_PRONOUNS.get(t.lower_) == kind
    }


def owner_kind(subj: Token) -> str:
    """Classify a subject for possessive agreement: person, plural or thing."""
    if subj.ent_type_ == "PERSON" or subj.lower_ in lexicon.PERSON_PRONOUNS:
        return "person"
    if (
        subj.tag_ in ("NNS", "NNPS")
        or subj.lower_ in ("they", "them")
        or any(c.dep_ == "conj" for c in subj.children)
    ):
        return "plural"
    return "thing"
