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

    "on Monday", "a year ago", "in 2011", "soon after the vote", "at the time of the visit".
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
    if timed and all(
        t in timed or t.dep_ in ("prep", "det") or t.lemma_.lower() in lexicon.SPAN_NOUNS
        for t in words
    ):
        return True  # "in a matter of months", "within a span of days"
    return len(timed) >= len(words) - 1 and bool(timed)


def _alias(conj: Token) -> bool:
    """Tell whether a conjunct is another name set off by commas ("the Community, or ECOWAS, …")."""
    doc = conj.doc
    cc = [c for c in conj.head.children if c.dep_ == "cc" and c.i < conj.i]
    if conj.head.dep_ == "conj" or sum(c.dep_ == "conj" for c in conj.head.children) != 1:
        return False  # a list: "Chile, Peru, or Bolivia"
    if not cc or cc[-1].lower_ != "or" or cc[-1].i == 0 or doc[cc[-1].i - 1].text != ",":
        return False
    edge = conj.right_edge.i  # the closing comma may hang on the conjunct itself
    closed = doc[edge].text == "," or (edge + 1 < len(doc) and doc[edge + 1].text == ",")
    return conj.text[:1].isupper() and closed


def _dated(tok: Token) -> bool:
    """Tell whether every word under `tok` names a date or time (not only "after", "before")."""
    if not any(c.ent_type_ in _TIME for c in tok.children):
        return False  # its object names no time: no need to walk the phrase
    words = [t for t in tok.subtree if (t.is_alpha or t.like_num) and t.dep_ not in ("prep", "det")]
    return bool(words) and all(t.ent_type_ in _TIME for t in words)


def _named(tok: Token) -> bool:
    """Tell whether `tok` is a name of a person, body or place."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


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


def word_forms(tok: Token) -> frozenset[str]:
    """Return the forms `tok` may stand for: itself, its lemma and its likely base forms."""
    return _forms(tok.lower_, tok.lemma_.lower())


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
    """Tell whether `child` and `head` are parts of one hyphenated word ("Al-Wadi-linked")."""
    if (child.is_punct and child.tag_ != "HYPH") or abs(child.i - head.i) > 6:
        return False
    left = child if child.i < head.i else head
    if left.whitespace_:
        return False  # the common case, answered without walking the words between
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
    # A participle modifying a noun ("the army-backed council") is not a clause.
    verbal = head.pos_ in _VERBAL and head.dep_ not in ("amod", "compound")
    if dep == "mark":
        # "question whether X …", "scrutiny over whether X …" keep their sense only with it.
        if child.lower_ == "than":
            return True  # the comparative's clause is kept whole (see "advcl" below)
        return child.lower_ in ("whether", "if") and head.dep_ in ("ccomp", "pcomp")
    if dep == "advcl":
        if any(c.dep_ == "mark" and c.lower_ == "than" for c in child.children):
            return True  # "spends more on overtime than it pays for schools": "more" needs it
        # A purpose: "… to redraw the electoral map".
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
    if dep == "appos" and level < 1 and head.pos_ == "NOUN" and _named(child):
        return True  # "its main lender, Halden Capital": the name says who
    if dep == "appos" and child.i > 0 and child.doc[child.left_edge.i - 1].tag_ == "POS":
        return True  # "parks or children's libraries": no apposition after a possessive
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
    if dep in ("npadvmod", "tmod") and child.ent_type_ in _TIME:
        return False  # "the hearing Thursday of three witnesses"
    if dep == "advmod" and head.dep_ in ("acl", "amod") and head.pos_ == "VERB":
        return True  # "tickets sold abroad": the participle says little without it
    if (
        dep == "prep"
        and child.lower_ == "by"
        and not verbal
        and any(c.dep_ == "pcomp" for c in child.children)
    ):
        return False  # "votes by promising …": how a verb's act was done, hung on its object
    if dep == "advmod" and verbal and child.i > head.i and child.lower_ in lexicon.PARTICLE_ADVERBS:
        return True  # "scaled back its plan": the verb's particle, read as an adverb
    if dep == "advmod" and child.lower_ in ("how", "why"):
        return True  # "worry about how tariffs might hurt farmers" is about the how
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
            return False  # "… despite a promise of a cease-fire" is a phrase of its own
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
        or (toks[0].lower_ == "that" and toks[0].dep_ != "det")  # "that awkward position"
    ):
        toks = toks[1:]
    while toks and (toks[-1].dep_ in {"cc", "punct", "mark"} or toks[-1].is_punct):
        toks = toks[:-1]
    return toks


def subject(verb: Token) -> Token | None:
    """Return the subject of `verb`, climbing shared subjects and raising or control verbs.

    "… and called on …" shares the subject of the verb before; "seems to want" and "hopes
    to obtain" take the subject of the verb they complete.
    """
    v = verb
    for _ in range(5):
        # The parser sometimes hangs the subject on an auxiliary ("Peru is managing").
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
        # "The co-founder of X, Tomas Bekele, has pressed …": the name says who.
        if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or (is_name is not None and is_name(c))):
            return collect(c, 2)
    toks = collect(subj, level)
    if len(toks) > 8:
        toks = collect(subj, 3)
    return toks


def fit(
    build: Builder, max_words: int, accept: Callable[[Phrase], bool] | None = None
) -> Phrase | None:
    """Return the first phrase `build(level)` makes that has at most `max_words`, else None.

    With `accept`, the phrase must also pass it (see `reads_alone`).
    """
    tried: set[tuple[object, ...]] = set()
    for level in range(LEVELS):
        phrase = build(level)
        if phrase is None or not all(phrase.parts):
            continue  # a frame whose slot came out empty ("violation of" nothing)
        # Levels often shed nothing more: a phrase already refused is not checked again.
        key = tuple(p if isinstance(p, str) else tuple(t.i for t in p) for p in phrase.parts)
        if key in tried:
            continue
        tried.add(key)
        if 3 <= phrase.words() <= max_words and (accept is None or accept(phrase)):
            return phrase
    return None


def name_possessives(
    tokens: list[Token], owner: str | None, kind: str, apostrophe: str = "'"
) -> dict[int, str]:
    """Name the possessive pronouns that agree with the clause's subject ("its" → "Norway’s").

    Only a name stands in for a pronoun: "both men's release" would read worse than "their".
    """
    if not owner or not owner[:1].isupper() or owner.split()[0].lower() in _NOT_NAMES:
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


# First words of a phrase that is not a name, though it may be capitalised ("Both men").
_NOT_NAMES = frozenset("the a an both all some many most several each these those this".split())

# ---------------------------------------------------------------------- reading on its own

# Complements a verb cannot lose: "reduce" without what is reduced leaves "Its plan to reduce".
_OBLIGATORY = frozenset({"dobj", "xcomp", "ccomp", "attr", "acomp", "oprd", "pcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Words a phrase cannot end on: "the", "of", "and", "to".
_DANGLING = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PART"})


def _finite(verb: Token, kept: set[int]) -> bool:
    """Tell whether `verb` is finite, by itself or by a kept auxiliary ("has refused").

    A sentence's root with an active subject and no auxiliary is finite even when tagged as a
    participle: "ECOWAS imposed sanctions" (the tagger may read "imposed" as VBN).
    """
    if verb.tag_ in _FINITE or any(
        c.i in kept and c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in verb.children
    ):
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "ROOT"
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        and any(c.dep_ == "nsubj" and c.i in kept for c in verb.children)
    )


def _disagrees(verb: Token, kept: set[int]) -> bool:
    """Tell whether a plural verb kept a singular subject after its conjuncts were dropped.

    "Anton Varga, his wife and two aides … are in police custody" cut down to "Anton
    Varga are in police custody".
    """
    finite = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i in kept)]
    plural = any(t.tag_ == "VBP" or t.lower_ in ("were", "are") for t in finite)
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in kept]
    return (
        plural
        and bool(subj)
        and subj[0].tag_ in ("NN", "NNP")
        and not any(c.dep_ == "conj" and c.i in kept for c in subj[0].children)
    )


def _root_reads(root: Token, kept: set[int], swap: dict[int, str], words: int) -> bool:
    """Tell whether the head of a phrase part makes it read on its own.

    A noun heads a noun phrase; a verb heads a finite clause with its subject ("Caracas has
    declined to resume the talks") or a to-infinitive after a noun in a frame ("an interim council
    to draft a new constitution"). A clause cut from a relative clause has lost what it is about
    ("the meeting Okafor wanted with Lind"), and a bare intransitive says nothing ("The
    meeting came").
    """
    if root.pos_ in ("NOUN", "PROPN", "NUM"):
        return True
    if root.pos_ == "PRON":
        return root.i in swap
    if root.pos_ == "ADP":
        # A frame's noun phrase with a phrase from its verb: "turbines | for use in Norway's grid".
        return min(kept) < root.i
    if root.pos_ not in _VERBAL or root.dep_ in ("relcl", "acl"):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" and c.i in kept for c in root.children):
        return True
    near = [root, *(c for c in root.children if c.dep_ in ("aux", "auxpass"))]
    if not any(c.i in kept and c.dep_ in _SUBJECTS for a in near for c in a.children):
        return False
    if _question(root, kept):
        return False
    if not _finite(root, kept):
        return False
    if _disagrees(root, kept):
        return False
    said = [c for c in root.children if c.i in kept and c.dep_ not in _SUBJECTS | {"aux", "neg"}]
    return bool(said) or words >= 4


def _question(verb: Token, kept: set[int]) -> bool:
    """Tell whether a clause asks rather than states, or lost the word it asks with.

    "Where do the peace talks stand now?" cut to "Do the peace talks stand now": the
    wh-word was dropped, and an auxiliary before the subject makes a question of what is left.
    """
    if any(c.tag_ in ("WRB", "WP") and c.i not in kept for c in verb.children):
        return True
    subjects = [c.i for c in verb.children if c.dep_ in _SUBJECTS]
    return bool(subjects) and any(
        c.dep_ in ("aux", "auxpass") and c.i in kept and c.i < min(subjects) for c in verb.children
    )


def _antecedent_in(pron: Token, tokens: list[Token]) -> bool:
    """Tell whether a pronoun's antecedent comes before it in the phrase itself.

    "A motion to censure President Vela over his decree": "his" is Vela's. He, she and their
    forms need a person's name; it and its a singular noun or name; they, them and their a
    plural noun or several names.
    """
    kind = lexicon.POSSESSIVE_PRONOUNS.get(pron.lower_) or {
        "he": "person",
        "him": "person",
        "she": "person",
        "it": "thing",
        "they": "plural",
        "them": "plural",
    }.get(pron.lower_)
    # Not the phrase the pronoun is part of: "dozens of them" names no one.
    above = {a.i for a in pron.ancestors}
    before = [
        t for t in tokens if t.i < pron.i and t.pos_ in ("NOUN", "PROPN") and t.i not in above
    ]
    if kind == "person":
        return any(
            t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and not t.ent_type_) for t in before
        )
    if kind == "thing":
        # "The Netherlands expects it can …": a plural-looking name of one country or body.
        return any(
            (t.tag_ in ("NN", "NNP") and t.ent_type_ != "PERSON")
            or (t.tag_ == "NNPS" and t.ent_type_ in ("GPE", "ORG"))
            for t in before
        )
    if kind == "plural":
        return any(t.tag_ in ("NNS", "NNPS") or t.dep_ == "conj" for t in before)
    return False


def _glued(verb: Token, kept: set[int]) -> bool:
    """Tell whether a clause is glued to another without the comma or "and" that joined them.

    "… a grenade blast soldiers fired …" (a conjoined clause with its own subject and no
    "and"), "Residents say the raid started … soldiers fired …" (a clause put before the verb it
    hangs on): the punctuation the phrase drops leaves two sentences run together.
    """
    if verb.pos_ not in _VERBAL or verb.head.i not in kept or verb.head.i == verb.i:
        return False
    if not any(c.i in kept and c.dep_ in _SUBJECTS for c in verb.children):
        return False
    if verb.dep_ in ("conj", "parataxis"):
        return not any(c.i in kept and c.dep_ == "cc" for c in verb.head.children)
    return verb.dep_ == "ccomp" and verb.i < verb.head.i


def _gerund_misread(t: Token) -> bool:
    """Tell whether a gerund after "and" was misread as an adjective of the next noun.

    "a website promoting free speech and opposing censorship": "opposing" is a second verb
    beside "promoting", not a kind of censorship; the phrase the parse gives ("free speech
    and opposing censorship that was founded by …") says something else.
    """
    if t.dep_ != "amod" or t.tag_ != "VBG" or t.i == 0 or t.doc[t.i - 1].dep_ != "cc":
        return False
    noun = t.head
    return noun.dep_ == "conj" and noun.head.dep_ == "dobj" and noun.head.head.tag_ == "VBG"


def _complete(t: Token, kept: set[int], tokens: list[Token]) -> bool:
    """Tell whether a word kept in a phrase has what it needs there.

    A pronoun its antecedent ("its plan", "them": whose, who?), a preposition its object, a
    verb the complement it takes ("to reduce" what?), a conjunction what it joins; and no
    clause glued to another, no verb with two objects (the parse went wrong).
    """
    if t.tag_ in ("PRP", "PRP$") and not _antecedent_in(t, tokens):
        return False
    if t.pos_ == "ADP" and t.dep_ in ("prep", "agent", "dative"):
        return any(c.i in kept and c.dep_ in ("pobj", "pcomp") for c in t.children)
    if t.dep_ == "cc":
        return any(c.i in kept and c.dep_ == "conj" and c.i > t.i for c in t.head.children)
    if t.dep_ == "mark" and t.lower_ == "than":
        # "police overtime than it pays for schools": the comparative it completes is gone.
        return any(k.i < t.i and k.tag_ in ("JJR", "RBR") for k in tokens)
    if _gerund_misread(t):
        return False
    if t.pos_ not in _VERBAL or t.dep_ in ("amod", "compound", "aux", "auxpass"):
        return True
    bare = not any(c.i in kept for c in t.children)
    if t.dep_ == "acl" and t.tag_ == "VBN" and t.i > t.head.i and bare:
        return False  # "a proclamation issued banned …": a bare participle, then a verb
    if t.dep_ == "acl" and t.tag_ in ("VBD", "VBN") and any(c.dep_ == "dobj" for c in t.children):
        # "… threat to halt trains to win higher pay stranded thousands": a participle has
        # no object; this is the sentence's verb, hung on a noun before it.
        return False
    if any(c.dep_ in _OBLIGATORY and c.i not in kept for c in t.children):
        return False
    return not _glued(t, kept) and sum(c.dep_ == "dobj" and c.i in kept for c in t.children) < 2


def reads_alone(phrase: Phrase) -> bool:
    """Tell whether a phrase reads on its own: a complete noun phrase or a finite clause.

    Checked on the parse of the words kept: each word has what it needs (`_complete`), no word
    is left hanging at the end ("… of the"), no relative pronoun opens it, and each part is
    headed as `_root_reads` says.
    """
    words = phrase.words()
    tokens = phrase.tokens
    for part in phrase.parts:
        if isinstance(part, str):
            continue
        if not part:
            return False
        kept = {t.i for t in part}
        if not all(t.i in phrase.swap or _complete(t, kept, tokens) for t in part):
            return False
        ordered = sorted(part, key=lambda t: t.i)
        last = ordered[-1]
        if last.pos_ in _DANGLING and last.i not in phrase.swap and last.tag_ != "POS":
            return False
        if ordered[0].tag_ in ("WDT", "WP", "WP$"):
            return False  # "which …", "who …": a relative clause without what it qualifies
        roots = [t for t in part if t.head.i == t.i or t.head.i not in kept]
        if not all(_root_reads(r, kept, phrase.swap, words) for r in roots):
            return False
        if all(r.pos_ in _VERBAL and r.dep_ != "ROOT" and not _finite(r, kept) for r in roots):
            return False  # "to draft a constitution" alone: who is to draft it?
    return True
