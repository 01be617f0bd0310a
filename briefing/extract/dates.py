"""Resolve the event date and other dated events from weekday words, day words and dates.

Every date word is read through the verb that governs it in the parse. A weekday in a clause
about something done or said lies in the past of the article date ("The agency on Monday picked
three firms it plans to fund": the Monday before); only a weekday governed by a future form is
ahead ("will meet on Friday", "is due to vote next Tuesday", "ahead of Friday's vote"). The
event date and the timeline use the same mentions, so they never disagree about a date word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from ..models import DatedEvent
from . import lexicon
from .compress import lemma_in
from .document import Layout

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_DATE_RE = re.compile(
    r"\b(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b"
)
_DAY_FIRST_RE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?(?:,?\s+(?P<year>\d{4}))?\b"
)
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_RELATIVE_RE = re.compile(r"\b(" + "|".join(lexicon.RELATIVE_DAYS) + r")\b", re.IGNORECASE)
_AHEAD = re.compile(r"\b(next|coming|this coming)\s+$", re.IGNORECASE)
# Leads name the event's day in their first paragraphs; later weekdays are usually context.
LEAD_PARAGRAPHS = 2
_VERBAL = ("VERB", "AUX")
_PRESENT = ("VBZ", "VBP")

MentionKind = Literal["weekday", "relative", "explicit"]
Tense = Literal["present", "perfect", "past", "future", "other"]


@dataclass(frozen=True)
class Mention:
    """A date named in a sentence, resolved, with the verb that says what happened on it."""

    start: int
    end: int
    date: dt.date
    kind: MentionKind
    sentence: int
    verb: Token | None  # the governing verb ("picked" for "on Monday picked")
    on_verb: bool  # the date times a verb, not a thing ("a March 9 memo", "Tuesday's coup")
    span_prep: bool  # the date only bounds a span ("since June 14")


def weekday_date(name: str, ref: dt.date, *, ahead: bool = False) -> dt.date:
    """Return the date of weekday `name` in the week around `ref` (past by default)."""
    target = WEEKDAYS.index(name.lower())
    delta = (ref.weekday() - target) % 7
    if ahead:
        return ref + dt.timedelta(days=(target - ref.weekday()) % 7)
    return ref - dt.timedelta(days=delta)


def explicit_dates(text: str, ref: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """Return (start, end, date) for each month-day(-year) date written in `text`."""
    out: list[tuple[int, int, dt.date]] = []
    for rx in (_DATE_RE, _DAY_FIRST_RE):
        for m in rx.finditer(text):
            month = _MONTH_ABBR.get(m["month"][:4].lower(), _MONTH_ABBR.get(m["month"][:3].lower()))
            if month is None:
                continue
            year = int(m["year"]) if m["year"] else (ref.year if ref else None)
            if year is None:
                continue
            try:
                out.append((m.start(), m.end(), dt.date(year, month, int(m["day"]))))
            except ValueError:
                continue
    return sorted(out)


# ---------------------------------------------------------------------- the parse around a date


def _governor(tok: Token) -> tuple[Token | None, bool, bool, bool]:
    """Climb from a date word to the verb it times.

    Return (verb, on_verb, ahead_word, span_prep): whether the way up passes only through
    times and prepositions (else the date names a thing: "a March 9 memo"), whether a word on
    the way points ahead ("ahead of Friday's vote", "the upcoming Monday session"), and whether a
    preposition on the way only bounds a span ("since Monday").
    """
    on_verb, ahead, bounded = True, False, False
    t = tok
    for _ in range(8):
        if any(c.dep_ == "amod" and c.lower_ in lexicon.AHEAD_WORDS for c in t.children):
            ahead = True
        if t.lower_ in lexicon.AHEAD_WORDS and t.dep_ in ("advmod", "amod", "prep"):
            ahead = True
        if t.dep_ == "prep" and t.lower_ in lexicon.SPAN_PREPS:
            bounded = True
        head = t.head
        if head.i == t.i:
            return (t if t.pos_ in _VERBAL else None), on_verb, ahead, bounded
        if head.pos_ in _VERBAL and head.dep_ not in ("amod", "compound"):
            return _reported_from(head, tok), on_verb, ahead, bounded
        if (
            head.pos_ in ("NOUN", "PROPN", "PRON")
            and head.ent_type_ not in ("DATE", "TIME")
            and head.lower_ not in lexicon.DAY_PARTS
        ):
            on_verb = False
        t = head
    return None, on_verb, ahead, bounded


def _reported_from(verb: Token, date: Token) -> Token:
    """Return the verb a date really times when it stands between "said" and what was said.

    "The regulator said on Tuesday it plans to …": the parser may hang "on Tuesday" on "plans";
    before the reported clause's subject it times the saying.
    """
    head = verb.head
    if verb.dep_ != "ccomp" or not lemma_in(head, lexicon.INDIRECT_VERBS) or head.i > date.i:
        return verb
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return head if subj and date.i < subj[0].left_edge.i else verb


def _auxes(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _present(verb: Token) -> bool:
    """Tell whether `verb` is in a present form ("plans", "is expected", "is due")."""
    if verb.tag_ in _PRESENT or any(a.tag_ in _PRESENT for a in _auxes(verb)):
        return True
    # "is due to …": the adjective takes its tense from the copula.
    return verb.pos_ == "ADJ" and verb.head.tag_ in _PRESENT


def tense(verb: Token) -> Tense:
    """Tell the tense of the clause headed by `verb`, from its auxiliaries and morphology.

    "will meet" → future, "is meeting" → present (progressive), "has met" → perfect,
    "met" → past, "meets" → present; "could pay" and bare infinitives → other.
    """
    auxes = _auxes(verb)
    if any(a.lower_ in lexicon.FUTURE_MODALS for a in auxes):
        return "future"
    if any(a.tag_ == "MD" for a in auxes):
        return "other"
    if any(a.lemma_ == "have" and a.tag_ in _PRESENT for a in auxes):
        return "perfect"
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if _present(verb):
        return "present"
    if "Past" in verb.morph.get("Tense", []) and verb.tag_ != "VBN":
        return "past"
    return "other"


def _points_ahead(verb: Token, *, on_verb: bool = True) -> bool:
    """Tell whether a date governed by `verb` lies ahead of the article date.

    Future forms ("will meet", "is meeting on Friday", "meets Friday"), and present frames of
    what is to come ("is due to vote", "is expected to rule", "plans to travel") point ahead;
    what was done or said ("picked", "said late Thursday", "has met") points back. A date that
    names a thing takes only a future form from the verb: "Tuesday's election keeps him in
    office" is about a past election.
    """
    v = verb
    for _ in range(4):
        form = tense(v)
        if form == "future":
            return True
        if (
            form == "present"
            and on_verb
            and not (lemma_in(v, lexicon.REPORTING_VERBS) or v.lemma_ in ("have", "say"))
        ):
            return True  # "is meeting on Friday", "votes on Sunday", "is due to …"
        head = v.head
        if v.dep_ != "xcomp" or head.i == v.i:
            return False
        # "is due to vote", "is expected to rule", "plans to travel": a present frame.
        if lemma_in(head, lexicon.FUTURE_FRAMES) and _present(head):
            return True
        v = head
    return False


def mentions(layout: Layout, index: int, ref: dt.date | None) -> list[Mention]:
    """Return the dates named in sentence `index`, each resolved through its governing verb."""
    sent = layout.sents[index]
    text, base = sent.text, sent.start_char
    doc = sent.doc
    found: list[tuple[int, int, MentionKind, str]] = [
        (m.start(), m.end(), "weekday", m.group(1)) for m in _WEEKDAY_RE.finditer(text)
    ]
    found += [(m.start(), m.end(), "relative", m.group(1)) for m in _RELATIVE_RE.finditer(text)]
    explicit = {(s, e): d for s, e, d in explicit_dates(text, ref)}
    found += [(s, e, "explicit", "") for s, e in explicit]
    out: list[Mention] = []
    for start, end, kind, word in sorted(found):
        span = doc.char_span(base + start, base + end, alignment_mode="expand")
        tok = span.root if span is not None and len(span) else None
        verb, on_verb, ahead_word, bounded = (
            _governor(tok) if tok is not None else (None, True, False, False)
        )
        if kind == "explicit":
            day: dt.date | None = explicit[(start, end)]
        elif ref is None:
            day = None
        elif kind == "relative":
            shift = lexicon.RELATIVE_DAYS[word.lower()]
            if shift == 0 and verb is not None and verb.tag_ in _PRESENT:
                continue  # "Today, measles deaths are rare": nowadays, not a day
            day = ref + dt.timedelta(days=shift)
        else:
            ahead = (
                ahead_word
                or bool(_AHEAD.search(text[max(0, start - 16) : start]))
                or (verb is not None and _points_ahead(verb, on_verb=on_verb))
            )
            day = weekday_date(word, ref, ahead=ahead)
        if day is not None:
            out.append(Mention(base + start, base + end, day, kind, index, verb, on_verb, bounded))
    return out


# ---------------------------------------------------------------------- the event date


def _content_verb(sent: Span) -> Token:
    """Return the verb of what the lead reports: "X are under arrest, a source said" → "are"."""
    verb = sent.root
    for _ in range(3):
        comps = [c for c in verb.children if c.dep_ == "ccomp"]
        if not comps or not lemma_in(verb, lexicon.INDIRECT_VERBS):
            break
        verb = comps[0]
    return verb


def _clause_head(verb: Token) -> Token:
    """Climb from a verb without a subject to the clause that has one ("Speaking …, X said")."""
    v = verb
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children) or v.head.i == v.i:
            return v
        v = v.head
    return v


def _subject_words(verb: Token) -> set[str]:
    """Return the words naming the subject of `verb`'s clause: its head noun and its names.

    "The first chairman of the party, Jo Tan, has urged …" → chairman, jo, tan; the
    words of its complements ("of a man who sold …") name someone else.
    """
    head = _clause_head(verb)
    out: set[str] = set()
    for subj in (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")):
        for t in (subj, *(c for c in subj.children if c.dep_ == "appos")):
            for w in (t, *(c for c in t.children if c.dep_ == "compound")):
                if w.pos_ in ("NOUN", "PROPN") and not w.is_stop:
                    out.add(w.lemma_.lower())
    return out


def _same_event(lead: Token, verb: Token | None) -> bool:
    """Tell whether a dated clause restates the lead's event.

    The same verb, a statement beside a statement ("has described …" / "said in a statement
    yesterday"), or the same subject ("Two ferries … have been grounded" / "a third ferry … was
    held on October 9").
    """
    if verb is None:
        return False
    head = _clause_head(verb)
    if head.lemma_ == lead.lemma_ or verb.lemma_ == lead.lemma_:
        return True
    if lemma_in(lead, lexicon.SPEECH_ACTS) and lemma_in(head, lexicon.SPEECH_ACTS):
        return True
    return bool(_subject_words(lead) & _subject_words(verb))


def event_date(
    layout: Layout, published: dt.date | None, found: list[Mention] | None = None
) -> dt.date | None:
    """Return the date of the main event, else the publication date.

    - A weekday or day word in the lead ("met Wednesday") names the news event; an explicit
      date there counts when it times the lead's verb ("On March 3, the court ruled"), not a
      thing or a span ("a March 9 memo", "since June 14, 2021").
    - A lead in the present ("is urging", "are in police custody") reports what holds on the
      article date.
    - A lead in the perfect ("has described", "have been grounded") took place shortly before:
      its date is the one the article gives to the same event (same verb, subject or a
      statement), in the lead's paragraphs first, else the latest before the article date in
      the body; with neither, it is read as a past lead ("Rescuers have pulled 40 people from
      the rubble. The quake struck on Sunday").
    - A lead in the past takes the first weekday or day word of its paragraphs, then an explicit
      date that times a verb there.
    """
    if not layout.sents:
        return published
    if found is None:
        found = all_mentions(layout, published)
    lead = layout.lead
    first = layout.paragraphs[lead]
    in_lead = [
        m
        for m in found
        if m.sentence >= lead and layout.paragraphs[m.sentence] < first + LEAD_PARAGRAPHS
    ]
    near = [m for m in in_lead if m.kind != "explicit" and not m.span_prep]
    own = [m for m in near if m.sentence == lead]
    if own:
        return own[0].date
    timed = [m for m in in_lead if m.kind == "explicit" and m.on_verb and not m.span_prep]
    if timed and timed[0].sentence == lead:
        return timed[0].date
    verb = _content_verb(layout.sents[lead])
    form = tense(verb)
    if form in ("present", "future"):
        return published
    if form == "perfect":
        same = [m for m in near + timed if _same_event(verb, m.verb)]
        if same:
            return min(same, key=lambda m: m.start).date
        later = [
            m
            for m in found
            if m.sentence > lead
            and m.on_verb
            and not m.span_prep
            and (published is None or m.date < published)
            and _same_event(verb, m.verb)
        ]
        if later:
            return max(later, key=lambda m: m.date).date
    if near:
        return near[0].date
    if timed:
        return timed[0].date
    return published


def timeline(
    layout: Layout,
    published: dt.date | None,
    main: dt.date | None,
    found: list[Mention] | None = None,
) -> list[DatedEvent]:
    """Return the other dated events: sentences naming a resolvable date other than `main`."""
    if found is None:
        found = all_mentions(layout, published)
    out: list[DatedEvent] = []
    seen: set[tuple[dt.date, int]] = set()
    for m in found:
        if m.date == main or (m.date, m.sentence) in seen:
            continue
        seen.add((m.date, m.sentence))
        sent = layout.sents[m.sentence]
        out.append(
            DatedEvent(
                date=m.date,
                text=sent.text.strip(),
                evidence=[layout.evidence(sent.start_char, sent.end_char)],
            )
        )
    out.sort(key=lambda e: e.date)
    return out


def all_mentions(layout: Layout, published: dt.date | None) -> list[Mention]:
    """Return the dates named in every sentence, in text order."""
    return [m for i in range(len(layout.sents)) for m in mentions(layout, i, published)]
