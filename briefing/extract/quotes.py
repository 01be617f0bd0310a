"""Quotes and reported speech, each with its speaker.

Direct quotes come from the quote marks in the text (curly or straight, double or single;
multi-paragraph quotes; unbalanced marks degrade to the end of the paragraph). The speaker is
found, in order: the subject of a reporting verb in the same sentence ("…," he said), an
"according to X" phrase, the subject of the verb the quoted words belong to (Kim pledged his
“full support”), the previous quote's speaker in the same paragraph, or the last speaker of the
paragraph before. Reported speech is the clause complement of a reporting verb
("X said (that) …", "X told Y …"). Pronoun speakers are resolved to the last person who was
the subject of a sentence; "they" to the last plural subject. A statement of a news outlet or
a journalist filing the story ("Russian media reported that …", "…, according to state
media") is the story's sourcing, not a reaction, and is left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ..models import Quote
from . import lexicon
from .compress import entity_text
from .document import Layout, paragraph_starts
from .entities import Entities

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPENERS_BEFORE = " \t\n\r([{—–-"
_CLOSERS_AFTER = " \t\n\r.,;:!?)]}—–-”\"'’"
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:[A-Za-z.’'-]+\s+){0,4}?(?:said|says|added|adds|told|tells|stated|noted|explained|"
    r"insisted|warned|wrote|asked)\b[^.!?]*[.!?]?\s*$"
)
_SCARE = re.compile(r"\bso-called\s*$", re.IGNORECASE)
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_PLURAL_PRONOUNS = {"they", "them"}
_SUBJECTS = ("nsubj", "nsubjpass")
_MAX_DESCRIPTION = 12


@dataclass
class QuoteSpan:
    """Character offsets of a quotation: `start`/`end` inside the marks, `outer_*` with them."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def _is_opener(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENERS_BEFORE or before in _OPEN_DOUBLE) and not after.isspace()


def _is_closer(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _CLOSERS_AFTER)


def scan(text: str) -> list[QuoteSpan]:
    """Find the outermost quotations in `text`; never fails on unbalanced marks."""
    spans: list[QuoteSpan] = []
    starts = paragraph_starts(text)
    bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
    open_at: int | None = None  # outer opening mark of the current quote
    kind = ""  # "d" double or "s" single
    maybe_close: int | None = None  # a single closer that may be a plural possessive
    for p, (ps, pe) in enumerate(bounds):
        i = ps
        maybe_close = None
        if open_at is not None and i < pe and (text[i] in _OPEN_DOUBLE or text[i] == '"'):
            i += 1  # a continued quote reopens each paragraph
        while i < pe:
            ch = text[i]
            double = ch in _OPEN_DOUBLE or ch in _CLOSE_DOUBLE or ch == '"'
            single = ch in "‘’'"
            if open_at is None:
                if double and (ch in _OPEN_DOUBLE or (ch == '"' and _is_opener(text, i))):
                    open_at, kind = i, "d"
                elif single and ch != "’" and _is_opener(text, i) and text[i + 1 : i + 2].isalnum():
                    open_at, kind = i, "s"
            elif kind == "d" and double:
                if ch in _CLOSE_DOUBLE or (ch == '"' and not _is_opener(text, i)):
                    spans.append(QuoteSpan(open_at + 1, i, open_at, i + 1))
                    open_at = None
                elif ch in _OPEN_DOUBLE or ch == '"':
                    # A second opener: the earlier mark was never closed; restart here.
                    open_at = i
            elif (
                kind == "s"
                and single
                and maybe_close is not None
                and ch != "’"
                and _is_opener(text, i)
                and text[i + 1 : i + 2].isalnum()
            ):
                # A new opening mark: the tentative closer really closed the earlier quote.
                spans.append(QuoteSpan(open_at + 1, maybe_close, open_at, maybe_close + 1))
                open_at, maybe_close = i, None
            elif kind == "s" and single and ch != "‘" and _is_closer(text, i):
                before = text[i - 1] if i > 0 else " "
                # "Somalis’ homes" vs "…developments’ in": an s’ before a lower-case word may be
                # a plural possessive; close there only if no better closer follows.
                nxt = text[i + 1 : i + 3]
                if before == "s" and nxt[:1] == " " and nxt[1:2].islower():
                    if maybe_close is None:
                        maybe_close = i
                    i += 1
                    continue
                spans.append(QuoteSpan(open_at + 1, i, open_at, i + 1))
                open_at, maybe_close = None, None
            i += 1
        if open_at is not None and kind == "s" and maybe_close is not None:
            spans.append(QuoteSpan(open_at + 1, maybe_close, open_at, maybe_close + 1))
            # Re-scan the rest of the paragraph after the tentative closer.
            rest = scan(text[maybe_close + 1 : pe])
            base = maybe_close + 1
            spans += [
                QuoteSpan(q.start + base, q.end + base, q.outer_start + base, q.outer_end + base)
                for q in rest
            ]
            open_at, maybe_close = None, None
        if open_at is not None:
            nxt = bounds[p + 1][0] if p + 1 < len(bounds) else None
            continues = (
                kind == "d"
                and nxt is not None
                and nxt < len(text)
                and text[nxt] in _OPEN_DOUBLE + '"'
            )
            if continues:
                continue  # multi-paragraph quote: each paragraph reopens, only the last closes
            end = pe
            # Degrade: an unclosed quote ends before a trailing attribution (", he said."),
            # else at the end of its paragraph.
            tail = _ATTRIBUTION_TAIL.search(text, open_at + 1, pe)
            if tail is not None:
                end = tail.start()
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if kind == "d" and len(text[open_at + 1 : end].split()) >= 3:
                spans.append(QuoteSpan(open_at + 1, end, open_at, end))
            open_at = None
    return [s for s in spans if text[s.start : s.end].strip()]


def quote_text(text: str, span: QuoteSpan) -> str:
    """Return the quoted words, joining paragraphs of a multi-paragraph quote."""
    inner = text[span.start : span.end]
    inner = re.sub(r"\s*\n\s*\n\s*[“\"]", " ", inner)
    # American style puts the comma before the closing mark; it is not part of the words.
    return re.sub(r"\s+", " ", inner).strip().rstrip(",").strip()


# ---------------------------------------------------------------------- speakers


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


def _marked(who: Speaker | None, verb: Token | None) -> Speaker | None:
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
        # Only subjects of main clauses make a person the topic: in "X said Y was detained",
        # a later "he" means X, not Y.
        for sent in self.layout.sents:
            for tok in sent:
                if tok.dep_ not in _SUBJECTS or self.in_quote(tok.idx) or not _main_clause(tok):
                    continue
                person = self.entities.at(tok, ("person",))
                if person is not None:
                    self._person_events.append((tok.idx, person.name))
                elif tok.lower_ in _PERSON_PRONOUNS:
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
        if low in _PERSON_PRONOUNS:
            who = self._last_person(tok)
            if who is None:
                people = self.entities.people_before(tok.idx)
                who = people[-1][1].name if people else None
            return Speaker(who, True) if who else None
        if low in _PLURAL_PRONOUNS:
            what = self._last(self._plural_events, tok.idx)
            if what:
                return Speaker(what, False, self._media.get(what, ""))
        if low in _PLURAL_PRONOUNS or low == "it":
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
        v = verb
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


def _main_clause(tok: Token) -> bool:
    """Tell whether a subject belongs to its sentence's main clause (or a clause joined to it)."""
    verb = tok.head
    for _ in range(4):
        if verb.dep_ != "conj":
            break
        verb = verb.head
    return verb.dep_ == "ROOT"


def _is_reporting(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lexicon.REPORTING_VERBS


def _sentences_over(layout: Layout, start: int, end: int) -> list[Span]:
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
            return _marked(who, gov[0])
    verbs = [t for t in frame if _is_reporting(t)]
    if verbs:
        verb = min(verbs, key=lambda t: min(abs(t.idx - q.outer_start), abs(t.idx - q.outer_end)))
        who = res.subject_of(verb)
        if who is not None:
            return _marked(who, verb)
    who = res.according_to(frame)
    if who is not None:
        return _marked(who, None)
    # The quoted words belong to a clause: "Kim pledged his “full support”".
    if gov is not None:
        return _marked(res.name_of(gov[1]), gov[0])
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


def resolver(layout: Layout, entities: Entities) -> Resolver:
    """Return the speaker resolver of an article: its quotations, entities and salience."""
    text = layout.text
    spans = [
        q for q in scan(text) if not _SCARE.search(text[max(0, q.outer_start - 12) : q.outer_start])
    ]
    return Resolver(layout, entities, spans)


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
        who = _marked(res.subject_of(verb), verb)
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
            who = _marked(who, None)
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
                    return _marked(who, tok)
    subjects = [t for s in prev for t in s if t.dep_ in _SUBJECTS and _main_clause(t)]
    for tok in reversed(subjects):
        person = res.entities.at(tok, ("person",))
        if person is not None:
            return Speaker(person.name, True)
        if tok.lower_ in _PERSON_PRONOUNS:
            return res.resolve_pronoun(tok)
    return None


def _opens_paragraph(text: str, start: int, layout: Layout) -> bool:
    starts = paragraph_starts(text)
    i = bisect_right(starts, start) - 1
    return not text[starts[i] : max(starts[i], start - 1)].strip()
