"""Resolve the event date and other dated events from weekday words and explicit dates."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from ..models import DatedEvent
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
_AHEAD = re.compile(r"\b(next|coming|this coming)\s+$", re.IGNORECASE)
# Leads name the event's day in their first paragraphs; later weekdays are usually context.
LEAD_PARAGRAPHS = 2


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


def weekday_dates(
    text: str, ref: dt.date | None, *, ahead: bool = False
) -> list[tuple[int, int, dt.date]]:
    """Return (start, end, date) for each weekday word in `text`, resolved against `ref`.

    Weekdays point back (news reports what happened) unless `ahead` (the sentence speaks of
    the future) or "next"/"this coming" precede them.
    """
    if ref is None:
        return []
    out = []
    for m in _WEEKDAY_RE.finditer(text):
        forward = ahead or bool(_AHEAD.search(text[max(0, m.start() - 16) : m.start()]))
        out.append((m.start(), m.end(), weekday_date(m.group(1), ref, ahead=forward)))
    return out


def _future(span: Span) -> bool:
    """Tell whether a sentence speaks of what is to come ("will meet Tuesday", "is expected to")."""
    return any(
        (t.tag_ == "MD" and t.lower_ in ("will", "shall", "'ll"))
        or t.lemma_ in ("expect", "schedule", "due", "plan")
        for t in span
    )


def _dates_in(span: Span, ref: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """Return the dates named in `span` as (start, end, date), offsets into the text."""
    base = span.start_char
    found = explicit_dates(span.text, ref) + weekday_dates(span.text, ref, ahead=_future(span))
    return sorted((s + base, e + base, d) for s, e, d in found)


def event_date(layout: Layout, published: dt.date | None) -> dt.date | None:
    """Return the date of the main event, else the publication date.

    A weekday word in the lead ("met Wednesday") names the news event; an explicit date there
    may be background ("his first visit since April 25, 2019"), so it counts only when the
    lead has no weekday.
    """
    if not layout.sents:
        return published
    first = layout.paragraphs[layout.lead]
    lead = [
        sent
        for sent, para in zip(
            layout.sents[layout.lead :], layout.paragraphs[layout.lead :], strict=True
        )
        if para < first + LEAD_PARAGRAPHS
    ]
    for sent in lead:
        found = weekday_dates(sent.text, published, ahead=_future(sent))
        if found:
            return found[0][2]
    for sent in lead:
        found = explicit_dates(sent.text, published)
        if found:
            return found[0][2]
    return published


def timeline(layout: Layout, published: dt.date | None, main: dt.date | None) -> list[DatedEvent]:
    """Return the other dated events: sentences naming a resolvable date other than `main`."""
    out: list[DatedEvent] = []
    seen: set[tuple[dt.date, int]] = set()
    for i, sent in enumerate(layout.sents):
        for _, _, day in _dates_in(sent, published):
            if day == main or (day, i) in seen:
                continue
            seen.add((day, i))
            text = sent.text.strip()
            out.append(
                DatedEvent(
                    date=day, text=text, evidence=[layout.evidence(sent.start_char, sent.end_char)]
                )
            )
    out.sort(key=lambda e: e.date)
    return out
