"""Quotes and reported speech, each with its speaker.

Direct quotes come from the quote marks in the text (see `quotemarks`); a quotation continued
over paragraphs gives one quote per paragraph. Words in quotation marks that are a name or a
title ("renamed its account “TruthCheck”", "played “Born in the USA”") or a term set off in a
sentence where nobody speaks (scare quotes) are not quotes. The speaker is found, in order: the
speaker of a reported clause the quoted words stand in ("Roe said the plan was “a mistake”"),
the subject of a speech act the words belong to (Roe pledged her “full support”), the subject
of a reporting verb in the same sentence ("…," he said) or of a bare attribution right after
it ("…” Roe testified."), an "according to X" phrase, the subject of the verb the quoted words
belong to, the previous quote's speaker in the same paragraph, the last speaker of the paragraph
before, or the person the sentence before was about.

Reported speech is the clause complement of a reporting verb ("X said (that) …", "X told Y …",
"…, said X"), cut where the reported clause ends: before another attribution ("…, and the army
said …"), an aside ("…, amid protests"), a consequence ("…, raising questions …") or the
speaker's own doing ("…, as he dismissed …"). A clause interrupted by its attribution ("The
plan, say economists, is …") is the whole sentence. A clause wholly in quotation marks is only
the direct quote; one partly quoted is both. Verbs of estimate or evidence ("the data suggest",
"the agency estimates") report speech only when a person is their subject; a negated or an
intended statement ("did not say", "declined to say") is none.

A statement of a news outlet or a journalist filing the story ("State media reported that
…", "…, according to state media") is the story's sourcing, not a reaction, and is left out.
A claim "according to X" attributes a fact rather than reports a statement: it is kept with a
low confidence. A city or a building speaking for a government ("Washington had concluded …")
yields to a person named as a speaker in the same or the previous sentence; without one it is
kept with a low confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ..models import Quote
from . import lexicon
from .document import Layout, paragraph_starts
from .entries import Entities
from .quotemarks import QuoteSpan, paragraph_pieces, piece_text
from .speakers import WEAK, Resolver, Speaker, is_sourcing, main_clause, marked, resolver

_SUBJECTS = ("nsubj", "nsubjpass")
_PERSONAL = frozenset({"he", "she", "they", "i", "we"})
_CLAUSE_SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass")
_FINITE = ("VBD", "VBZ", "VBP")
# A speaker that stands in for a capital or a building and yields to a person named nearby.
_YIELDED = 0.8
# Reported speech framed by a verb of the writer's ("claimed", "admitted"; see lexicon).
_FRAMED = 0.45
# A quote whose speaker is only the person the sentence before was about.
_INTRODUCED = 0.7
# Words in quotation marks that are a name or a term: at most this many words.
_NAME_WORDS = 5
_TERM_WORDS = 4
# Words written in lower case inside titles ("Born in the USA", "Gone with the Wind").
_TITLE_SMALL = frozenset("a an and as at by for from in of on or the to with de".split())
# An account name, handle or hashtag: one word with a capital inside, a digit, "_", "@" or "#"
# ("truthcheckNZ", "@cityhall", "vote_2024").
_HANDLE = re.compile(r"[@#]?\w*(?:[a-z][A-Z]|[0-9_])\w*|[@#]\w+")


@dataclass
class _Item:
    """A quote or reported clause found, before its speaker is settled."""

    start: int
    end: int
    words: str
    direct: bool
    who: Speaker | None
    confidence: float = 1.0


def _sentence(tok: Token, res: Resolver) -> Span:
    """Return the sentence of `tok` (from the layout: spaCy's Token.sent is slow)."""
    return res.layout.sents[res.layout.index_at(tok.idx)]


def _is_reporting(tok: Token) -> bool:
    """Tell whether `tok` is a reporting verb ("said", "told")."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon.REPORTING_VERBS


def _sentences_over(layout: Layout, start: int, end: int) -> list[Span]:
    """Return the sentences that the characters [start, end) fall in."""
    first = layout.index_at(start)
    last = layout.index_at(max(start, end - 1))
    return layout.sents[first : last + 1]


def _bare_attribution(layout: Layout, q: QuoteSpan, res: Resolver) -> Span | None:
    """Return the sentence right after a quote that only attributes it ("Roe testified.").

    The sentence splitter may cut "…?” Roe testified." after the closing mark.
    """
    i = layout.index_at(q.outer_end)
    if i + 1 >= len(layout.sents) or layout.sents[i].end_char > q.outer_end + 1:
        return None
    nxt = layout.sents[i + 1]
    if layout.paragraphs[i + 1] != layout.paragraphs[i] or nxt.start_char > q.outer_end + 2:
        return None
    words = [t for t in nxt if not t.is_punct]
    verbs = [t for t in nxt if _is_reporting(t)]
    if not verbs or len(words) > 8 or any(c.dep_ == "ccomp" for c in verbs[0].children):
        return None
    return nxt


def _outer_clause(q: QuoteSpan, sents: list[Span], res: Resolver) -> Token | None:
    """Return the reporting verb whose reported clause holds the quoted words, if any.

    In "Roe said the plan was “a mistake”" the words are Roe's even where they sit inside a
    speech act of another ("Roe said Doe called it “a mistake”"): the reporter quotes them.
    """
    inner = [t for s in sents for t in s if q.start <= t.idx < q.end]
    for tok in inner:
        if q.start <= tok.head.idx < q.end:
            continue
        for anc in tok.ancestors:
            if res.in_quote(anc.idx):
                continue
            if anc.dep_ == "ccomp" and _is_reporting(anc.head) and not res.in_quote(anc.head.idx):
                return anc.head
        return None
    return None


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
                if not subj and _reduced_relative(head, res):
                    # "Mr. Roe, the Ohio Democrat, called it “…”": the parse made the verb a
                    # modifier of the name before it.
                    subj = [head.head]
                if subj:
                    if head.lemma_.lower() in lexicon.SPEECH_ACTS:
                        return head, subj[0]
                    first = first or (head, subj[0])
            if head.head == head or head.dep_ in ("ccomp", "parataxis"):
                break
            head = head.head
        break
    return first


def _reduced_relative(verb: Token, res: Resolver) -> bool:
    """Tell whether a finite speech verb was parsed as a modifier of the person before it."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and verb.lemma_.lower() in lexicon.SPEECH_ACTS
        and res.entities.at(verb.head, ("person",)) is not None
        and any(t.text == "," for t in verb.doc[verb.head.i : verb.i])
    )


def _attribute(q: QuoteSpan, layout: Layout, res: Resolver) -> Speaker | None:
    """Name the speaker of a quotation from the sentences around it (see the module docstring)."""
    sents = _sentences_over(layout, q.outer_start, q.outer_end)
    bare = _bare_attribution(layout, q, res)
    if bare is not None:
        sents = [*sents, bare]
    frame = [
        t for s in sents for t in s if not res.in_quote(t.idx) and not t.is_punct and not t.is_space
    ]
    outer = _outer_clause(q, sents, res)
    if outer is not None:
        who = res.subject_of(outer)
        if who is not None and not is_sourcing(who, outer):
            return who
    # Quoted words inside a speech act belong to its subject, even when the whole sentence is
    # itself reported: "Pak has called for Seoul to be named the “primary foe”, media reported."
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
    # The quoted words belong to a clause: "Pak promised his “firm backing”".
    if gov is not None:
        return marked(res.name_of(gov[1]), gov[0])
    return None


def _quoted_tokens(layout: Layout, q: QuoteSpan) -> list[Token]:
    """Return the tokens inside the marks of a quotation."""
    sents = _sentences_over(layout, q.start, q.end)
    return [t for s in sents for t in s if q.start <= t.idx < q.end and not t.is_space]


def is_name_or_title(text: str, q: QuoteSpan, toks: list[Token]) -> bool:
    """Tell whether quoted words are a name or a title, not speech.

    "renamed its account “TruthCheck”", "at the “Glass House” compound", "played “Born in the
    USA”": a few words, every word capitalised (short function words aside), inside a sentence
    rather than opening it, and not ending as speech does ("“No,” he said").
    """
    # Pieces of one written word ("Gon|na") count once, by their first piece.
    inner = text[q.start : q.end].strip()
    if _HANDLE.fullmatch(inner):
        return True
    words = [
        t
        for t in toks
        if t.text[:1].isalpha() and (t.i == 0 or t.doc[t.i - 1].whitespace_ or t is toks[0])
    ]
    if not words or len(words) > _NAME_WORDS:
        return False
    if inner[-1:] in ",!?" or _attributed_after(text, q):
        return False
    if any(_is_verb(t) for t in words) and not all(t.text[:1].isupper() for t in words):
        return False
    for i, t in enumerate(words):
        if t.text[:1].isupper():
            continue
        if i > 0 and t.lower_ in _TITLE_SMALL:
            continue
        return False
    # It opens its sentence or follows an introduction ("said:", "said,"): speech.
    before = text[: q.outer_start].rstrip()
    if not before or before[-1] in ".!?:\n" or before.endswith(","):
        return False
    last = re.findall(r"[A-Za-z]+$", before)
    return not (last and last[0].lower() in lexicon.REPORTING_VERBS)


def _attributed_after(text: str, q: QuoteSpan) -> bool:
    """Tell whether an attribution follows the closing mark: "“No”, he said." (British)."""
    after = text[q.outer_end : q.outer_end + 40]
    if after[:1] not in ",!?":
        return False
    words = re.findall(r"[A-Za-z]+", after)[:4]
    return any(_verb_form(w) in lexicon.REPORTING_VERBS for w in words)


def _verb_form(word: str) -> str:
    """Return the base form of a reporting verb as written ("said" → "say", "adds" → "add")."""
    low = word.lower()
    irregular = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write"}
    if low in irregular:
        return irregular[low]
    for suffix in ("ed", "es", "s", "d"):
        if low.endswith(suffix) and low[: -len(suffix)] in lexicon.REPORTING_VERBS:
            return low[: -len(suffix)]
    return low


def _is_term(q: QuoteSpan, layout: Layout, toks: list[Token], res: Resolver) -> bool:
    """Tell whether quoted words are a term set off in a sentence where nobody speaks.

    "crates of mildly caustic “cleaning salts”": a few words without a verb,
    and no reporting verb, speech act or "according to" anywhere in the sentence.
    """
    words = [t for t in toks if not t.is_punct]
    if not words or len(words) > _TERM_WORDS or any(_is_verb(t) for t in words):
        return False
    sents = _sentences_over(layout, q.outer_start, q.outer_end)
    bare = _bare_attribution(layout, q, res)
    if bare is not None:
        sents = [*sents, bare]
    outside = [t for s in sents for t in s if not res.in_quote(t.idx)]
    return not any(
        t.lemma_.lower() in lexicon.SPEECH_ACTS or t.lower_ == "according" for t in outside
    )


def _is_verb(tok: Token) -> bool:
    """Tell whether `tok` is a verb of a clause, not a participle modifying a noun."""
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")


def _strip_lead(toks: list[Token], root: Token) -> list[Token]:
    """Drop "that", punctuation and a time phrase the parse left at the start of a clause.

    Only the clause's own conjunction goes ("said that unless …" keeps "unless").
    """
    while toks:
        t = toks[0]
        if (
            (t.dep_ == "mark" and (t.head == root or t.lower_ == "that"))
            or t.is_punct
            or t.is_space
            or (t.ent_type_ in ("DATE", "TIME") and not _in_subject(t))
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


def _in_subject(tok: Token) -> bool:
    """Tell whether `tok` is (part of) a clause's subject: "years of neglect made it worse"."""
    for t in (tok, *tok.ancestors):
        if t.dep_ in _CLAUSE_SUBJECTS:
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def _not_a_statement(verb: Token, res: Resolver) -> bool:
    """Tell whether a reporting verb reports no statement made.

    "did not say", "declined to say", "tried to claim", "will announce": negated, intended or
    future. "The data suggest …", "the agency estimates …": evidence, unless a person speaks.
    """
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "xcomp":
        return True
    if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children):
        return main_clause_verb(verb)
    if verb.lemma_.lower() in lexicon.EVIDENCE_VERBS:
        subj = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if not subj:
            return True
        s = subj[0]
        person = res.entities.at(s, ("person",)) is not None
        return not (person or s.lower_ in lexicon.PERSON_PRONOUNS)
    return False


def main_clause_verb(verb: Token) -> bool:
    """Tell whether `verb` is its sentence's main verb (or joined to it)."""
    v = verb
    for _ in range(4):
        if v.dep_ != "conj":
            break
        v = v.head
    return v.dep_ == "ROOT"


def _that_clause(verb: Token, res: Resolver) -> Token | None:
    """Return the head of a "that" clause the parse hung below the verb's object.

    "told nurses who gathered outside that the talks were …", "telling reporters at the
    hearing that it was …": the first "that" after the verb that opens a clause with a
    subject, reached from the verb without another reporting verb between.
    """
    addressee = verb.lemma_.lower() in lexicon.ADDRESSEE_VERBS
    for t in _sentence(verb, res):
        if t.i <= verb.i or t.lower_ != "that":
            continue
        head = t.head
        if not _complement_that(t, head):
            continue
        chain = list(head.ancestors)
        if verb not in chain:
            return None
        between = chain[: chain.index(verb)]
        if any(_is_reporting(a) for a in between):
            return None
        # The noun the clause hangs on is the addressee of "told", or in a phrase of the verb
        # ("saying in a post that …"); not its object ("noted the rule that …").
        if not (addressee or (between and between[0].dep_ == "pobj")):
            return None
        return head
    return None


def _complement_that(that: Token, head: Token) -> bool:
    """Tell whether "that" opens a clause of its own, not a relative clause.

    A clause with its own subject after "that" and, beside it, its own object, a passive or a
    copula cannot have "that" as its object: "that the team had been warned", "that it
    regrets the delays", "that the talks were over".
    """
    if not any(c.dep_ in _SUBJECTS and c.i > that.i for c in head.children):
        return False
    if that.dep_ == "mark":
        return True
    return (
        any(c.dep_ == "dobj" and c != that for c in head.children)
        or any(c.dep_ == "nsubjpass" for c in head.children)
        or head.lemma_ == "be"
    )


def _complement(verb: Token, res: Resolver) -> Token | None:
    """Return the head of the clause a reporting verb reports, if the parse shows one."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if comps:
        return comps[0]
    # "told nurses who … that …", "saying in a post that …": the parse hung the clause
    # on a noun after the verb.
    found = _that_clause(verb, res)
    if found is not None:
        return found
    if verb.lemma_.lower() == "say":
        # "The organizers said 9,000 runners registered": a clause parsed as an object.
        for c in verb.children:
            if (
                c.dep_ == "dobj"
                and c.i > verb.i
                and any(
                    g.dep_ in ("acl", "relcl") and g.tag_ in ("VBD", "VBN", "VBZ", "VBP")
                    for g in c.children
                )
            ):
                return c
    # "So far, the two fires seem unrelated …, the fire marshal said.": a clause before a final
    # attribution, parsed as an adverbial clause.
    for c in verb.children:
        if c.dep_ in ("advcl", "parataxis") and c.i < verb.i and _ends_sentence(verb):
            return c
    return None


def _ends_sentence(verb: Token) -> bool:
    """Tell whether nothing but its subject, adverbs and attributions follows `verb`."""
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "ccomp", "xcomp", "advcl", "conj"):
            return False
    return True


def _final_subject(
    toks: list[Token], verb: Token, res: Resolver
) -> tuple[list[Token], Speaker] | None:
    """Split "…, guards and nurses said." when the parse hung the speaker inside the clause."""
    commas = [i for i, t in enumerate(toks) if t.text == ","]
    if not commas:
        return None
    cut = commas[-1]
    phrase = toks[cut + 1 :]
    if not phrase or len(phrase) > 8 or phrase[-1].i != verb.i - 1:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in phrase) or not any(
        t.pos_ in ("NOUN", "PROPN") for t in phrase
    ):
        return None
    heads = [t for t in phrase if t.head not in phrase]
    if not heads:
        return None
    return toks[:cut], res.name_of(heads[0]) or Speaker(heads[0].text, False)


def _stop(toks: list[Token], verb: Token, comp: Token, res: Resolver) -> int:
    """Return where a reported clause after its verb ends, as an index into `toks`."""
    inside = {t.i for t in comp.subtree}
    # "…, and the army said it …", "…, it has also conceded …", "…, said another
    # witness": another attribution, from its subject on.
    others = [
        min(
            [
                r.i,
                *(
                    c.left_edge.i
                    for c in r.children
                    if c.dep_ in _SUBJECTS and toks[0].i < c.i < r.i
                ),
            ]
        )
        for r in toks
        if r != verb
        and _is_reporting(r)
        and not res.in_quote(r.idx)
        and (
            r.i not in inside
            # "… was safe and the army said …": joined to the clause, with a subject of its own
            or (r.dep_ == "conj" and any(c.dep_ in _SUBJECTS for c in r.children))
        )
    ]
    for k, t in enumerate(toks):
        prev = toks[k - 1] if k > 0 else None
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            return k
        if others and t.i >= min(others):
            return _before_joint(toks, k)
        if prev is None or prev.text != ",":
            # "said he had read … and criticized …": a verb joined to the reporting verb.
            # The clause's verb is perfect ("he had read"), its subject a pronoun, and the
            # joined one a simple past like the reporting verb: the speaker's own act.
            if (
                t.dep_ == "conj"
                and t.pos_ == "VERB"
                and t.head == comp
                and t.tag_ == verb.tag_ == "VBD"
                and comp.tag_ == "VBN"
                and any(c.dep_ == "aux" and c.lemma_ == "have" for c in comp.children)
                and any(c.dep_ in _SUBJECTS and c.lower_ in _PERSONAL for c in comp.children)
                and not any(c.dep_ in _SUBJECTS for c in t.children)
            ):
                return _before_joint(toks, k)
            continue
        low = t.lemma_.lower()
        # "…, amid public anger …": the writer's aside.
        if t.dep_ == "prep" and t.lower_ in lexicon.WRITER_ASIDES:
            return k - 1
        # "…, raising questions …", "…, adding that …": the writer's consequence or a new act.
        if (
            t.tag_ == "VBG"
            and t.dep_ in ("advcl", "xcomp", "conj")
            and (low in lexicon.CONSEQUENCE_VERBS or low in lexicon.REPORTING_VERBS)
        ):
            return k - 1
        # "…, as he dismissed calls …": what the speaker did while speaking.
        if t.dep_ == "mark" and t.lower_ in ("as", "while"):
            subj = [c for c in t.head.children if c.dep_ in _SUBJECTS and c.i > t.i]
            if subj and subj[0].lower_ in lexicon.PERSON_PRONOUNS:
                return k - 1
    return len(toks)


def _before_joint(toks: list[Token], k: int) -> int:
    """Step back over the conjunction and comma that join a new clause at `k`."""
    while k > 0 and (toks[k - 1].dep_ == "cc" or toks[k - 1].is_punct):
        k -= 1
    return k


def _reported_span(
    verb: Token, comp: Token, res: Resolver
) -> tuple[list[Token], Speaker | None] | None:
    """Return the tokens of a reported clause and its speaker (None: the verb's subject)."""
    finite = comp.tag_ in _FINITE or any(c.tag_ == "MD" for c in comp.children)
    if finite and not any(c.dep_ in _CLAUSE_SUBJECTS for c in comp.children):
        return None  # "a move the union says would cost jobs": a relative clause's gap
    toks = sorted(comp.subtree, key=lambda t: t.i)
    doc = verb.doc
    speaker: Speaker | None = None
    if comp.i > verb.i:
        # The parse often hangs the clause's tail ("…, but Lisbon will …", "…, while …") on
        # the wrong head: reported speech after its verb runs on to where it ends (see _stop).
        sent = _sentence(verb, res)
        toks = [t for t in sent if t.i >= toks[0].i]
        toks = _strip_lead(toks, comp)
        toks = toks[: _stop(toks, verb, comp, res)]
    else:
        toks = [t for t in toks if t.i < verb.i]
        toks = _strip_lead(toks, comp)
        if not any(c.dep_ in _SUBJECTS for c in verb.children):
            split = _final_subject(toks, verb, res)
            if split is not None:
                toks, speaker = split
        # "Park changed her account — “I now remember the call,” she said": what she said is the
        # quotation after the dash, which its marks give already.
        closing = res.in_quote(toks[-1].idx) if toks else None
        if closing is not None and any(
            t.text in ("—", "–", ":", ";") and t.idx < closing.outer_start for t in toks
        ):
            return None
    while toks and (toks[-1].is_space or toks[-1].text in ",;:—–.-" or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if len(toks) < 3 or not 0 <= toks[0].i < len(doc):
        return None
    return toks, speaker


def _indirect(layout: Layout, res: Resolver) -> list[tuple[int, int, Token, Speaker | None]]:
    """Find reported-speech clauses: (start, end, verb, speaker) for each "X said (that) …"."""
    out = []
    doc = layout.doc
    text = layout.text
    for tok in doc:
        if tok.lemma_.lower() not in lexicon.INDIRECT_VERBS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if res.in_quote(tok.idx) or _not_a_statement(tok, res):
            continue
        comp = _complement(tok, res)
        if comp is None:
            continue
        found = _reported_span(tok, comp, res)
        if found is None:
            continue
        toks, speaker = found
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        first, last = res.in_quote(start), res.in_quote(toks[-1].idx)
        if first is not None and first is last:
            continue  # the clause is itself a direct quote; its marks give it already
        if first is not None:
            start = first.outer_start  # "“We are relieved” at the sailors’ return"
        if (
            last is not None
            and last.outer_end <= _sentence(tok, res).end_char + 1
            and text[last.outer_end - 1 : last.outer_end] in "”\"’'"
        ):
            end = max(end, last.outer_end)  # the closing mark of a clause that ends quoted
        out.append((start, end, tok, speaker))
    return out


def _interrupted(layout: Layout, res: Resolver) -> list[tuple[int, int, Token, Token]]:
    """Find sentences whose statement is interrupted by its attribution.

    "The new tariff, say analysts, will raise …", "The delay, Mr. Roe said, was
    …": a reporting verb and its subject alone between two commas, with no clause of their own;
    the whole sentence is the reported clause. Returns (start, end, verb, subject).
    """
    out = []
    for sent in layout.sents:
        verbs = [t for t in sent if t.dep_ != "ROOT" and _is_reporting(t)]
        if not verbs or any(res.in_quote(t.idx) for t in sent):
            continue
        for tok in verbs:
            if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children):
                continue
            left = tok.i - 1
            while left > sent.start and tok.doc[left].text != ",":
                left -= 1
            right = tok.i + 1
            while right < sent.end - 1 and tok.doc[right].text != ",":
                right += 1
            if tok.doc[left].text != "," or tok.doc[right].text != "," or left == sent.start:
                continue
            between = [t for t in tok.doc[left + 1 : right] if t != tok]
            if not between or len(between) > 8 or any(_is_verb(t) for t in between):
                continue
            subj = next(
                (c for c in tok.children if c.dep_ in _SUBJECTS and left < c.i < right), None
            )
            if subj is None:
                continue
            toks = [t for t in sent if not t.is_space]
            while toks and toks[-1].is_punct:
                toks = toks[:-1]
            if len(toks) >= 6:
                out.append((toks[0].idx, toks[-1].idx + len(toks[-1]), tok, subj))
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


def _clean(text: str, start: int, end: int) -> str:
    """Return text[start:end] on one line."""
    return re.sub(r"\s+", " ", text[start:end]).strip()


def find(layout: Layout, entities: Entities, res: Resolver | None = None) -> list[Quote]:
    """Find direct quotes and reported speech with their speakers, in text order."""
    text = layout.text
    res = res or resolver(layout, entities)
    items: list[_Item] = []
    for q in res.quotes:
        if entities.in_credits(q.start):
            continue
        toks = _quoted_tokens(layout, q)
        if is_name_or_title(text, q, toks) or _is_term(q, layout, toks, res):
            continue
        who = _attribute(q, layout, res)
        for start, end in paragraph_pieces(text, q):
            items.append(_Item(start, end, piece_text(text, start, end), True, who))
    reported = _indirect(layout, res)
    for start, end, verb, speaker in reported:
        if entities.in_credits(start):
            continue
        who = marked(speaker or res.subject_of(verb), verb)
        if who is None:
            continue
        framed = verb.lemma_.lower() not in lexicon.ATTRIBUTION_VERBS
        sure = _FRAMED if framed else 1.0
        items.append(_Item(start, end, _clean(text, start, end), False, who, sure))
    covered = {layout.index_at(start) for start, _, _, _ in reported}
    for start, end, verb, subj in _interrupted(layout, res):
        if layout.index_at(start) in covered or entities.in_credits(start):
            continue
        who = marked(res.name_of(subj), verb)
        if who is not None:
            covered.add(layout.index_at(start))
            items.append(_Item(start, end, _clean(text, start, end), False, who))
    for i, sent in enumerate(layout.sents):
        if (
            i in covered
            or any(res.in_quote(t.idx) for t in sent)
            or entities.in_credits(sent.start_char)
        ):
            continue
        found = _according(sent, res)
        if found is not None:
            start, end, src = found
            # "…, according to a coast guard official": where a fact comes from, not a statement.
            who = marked(src, None)
            items.append(_Item(start, end, _clean(text, start, end), False, who, WEAK))
    items.sort(key=lambda x: (x.start, not x.direct))
    _yield_metonymy(items, layout, entities)
    return _settle(items, layout, res)


def _is_official(name: str, entities: Entities) -> bool:
    """Tell whether `name` is one of the article's people and holds an office by their role."""
    words = lexicon.TITLE_WORDS | frozenset(lexicon.TITLE_ABBREVIATIONS)
    return any(
        p.name == name
        and any(w.rstrip(".") in words for w in re.findall(r"[\w.-]+", (p.role or "").lower()))
        for p in entities.people_
    )


def _yield_metonymy(items: list[_Item], layout: Layout, entities: Entities) -> None:
    """Give a capital's or a building's statement to an official who spoke beside it.

    "“…,” said spokesman John Doe. Washington had concluded …": the named speaker of the same
    or the previous sentence, if their role is an office, said it. Without one, the place
    keeps it with a low confidence.
    """
    for item in items:
        who = item.who
        if who is None or not who.metonymy:
            continue
        here = layout.index_at(item.start)
        if any(t.lower_ == "according" for t in layout.sents[here]):
            # "Paris has concluded …, according to aides": the aides' account.
            item.who = replace(who, confidence=min(who.confidence, WEAK))
            continue
        near = [
            other.who
            for other in items
            if other.who is not None
            and other is not item
            and _is_official(other.who.name, entities)
            and 0 <= here - layout.index_at(other.start) <= 1
        ]
        if near:
            person = near[-1]
            item.who = replace(person, confidence=min(person.confidence, _YIELDED))
        else:
            item.who = replace(who, confidence=min(who.confidence, WEAK))


def _settle(items: list[_Item], layout: Layout, res: Resolver) -> list[Quote]:
    """Give unattributed quotes the speaker before them and build the Quote models."""
    text = layout.text
    out: list[Quote] = []
    last: Speaker | None = None
    last_para = -1
    for item in items:
        para = layout.paragraph_at(item.start)
        who = item.who
        if who is None:
            same_para = last is not None and last_para == para
            opens = _opens_paragraph(text, item.start)
            prev_para = last is not None and last_para == para - 1 and opens
            if same_para or prev_para:
                who = last
            elif opens:
                who = _introduced(layout, res, item.start)
            else:
                who = _previous_subject(layout, res, item.start)
        if who is None or not item.words:
            continue
        last, last_para = who, para
        if who.sourcing:
            # The story's source, not an actor: "Turkish media reported that …". A quote that
            # continues it below inherits the source and is dropped with it.
            continue
        out.append(
            Quote(
                speaker=who.name,
                text=item.words,
                direct=item.direct,
                evidence=[layout.evidence(item.start, item.end)],
                confidence=round(min(item.confidence, who.confidence), 2),
            )
        )
    return out


def _previous_subject(layout: Layout, res: Resolver, start: int) -> Speaker | None:
    """Name the person the sentence before a lone quote was about, in the same paragraph.

    "Jane Roe once put the risk in a metaphor. “It is not a storm, it is a slow leak.”"
    """
    i = layout.index_at(start)
    if i == 0 or layout.paragraphs[i - 1] != layout.paragraphs[i]:
        return None
    for tok in layout.sents[i - 1]:
        if tok.dep_ in _SUBJECTS and main_clause(tok) and not res.in_quote(tok.idx):
            person = res.entities.at(tok, ("person",))
            if person is not None:
                return Speaker(person.name, True, confidence=_INTRODUCED)
    return None


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


def _opens_paragraph(text: str, start: int) -> bool:
    """Tell whether `start` is at (or one mark after) the start of its paragraph."""
    starts = paragraph_starts(text)
    i = bisect_right(starts, start) - 1
    return not text[starts[i] : max(starts[i], start - 1)].strip()
