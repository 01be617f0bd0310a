"""Find the figures a story's articles can disagree on: the dead, the injured, amounts of money.

Each article gives its own figure for a kind once, the first time it states it (a lead states
the headline figure; later sentences break it down: "the injured include four nurses"). So
"at least 12 other people died" gives 12 dead, "injuring at least 40 people" 40
injured, "fined Lakeside Marine 1.2 billion shillings" an amount of 1.2e9 shillings for a fine.
An amount counts only beside a word that says what it is of (a fine, aid, a loan, …): two
articles' first amounts of money are too often amounts of different things.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..models import Evidence, Facts

FigureKind = Literal["dead", "injured", "amount"]

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)} | {
    w: 10 * (i + 2) for i, w in enumerate(_TENS)
}
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# 12, 1,200, twelve, thirty-one, Thirty one
# A whole number: not the 8 of "6.8", nor the 4 of "4:30 a.m.".
_NUMBER = rf"(?<![\d.,:])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_WORD})(?:[- ](?:{_WORD}))?)(?![.,:]?\d)"
_QUALIFIER = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to)\s+)"
# Up to three words between the number and the verb ("12 other people later died"), but not
# the words of a partitive or a relative clause ("One of those hurt", "two who died").
_BETWEEN = r"(?:(?!(?:of|those|these|the|who|which|that|and|or)\b)[a-z]+\s+){0,3}?"
_BE = r"(?:(?:were|was|are|is|have been|had been|has been)\s+)?"

_PATTERNS: dict[FigureKind, tuple[re.Pattern[str], ...]] = {
    "dead": (
        re.compile(
            rf"(?P<q>{_QUALIFIER})?(?P<n>{_NUMBER})\s+{_BETWEEN}{_BE}"
            r"(?:killed|dead|died|drowned|perished)\b",
            re.I,
        ),
        re.compile(rf"\b(?:killing|killed)\s+(?P<q>{_QUALIFIER})?(?P<n>{_NUMBER})\b", re.I),
        re.compile(rf"\bleft\s+(?P<q>{_QUALIFIER})?(?P<n>{_NUMBER})\s+(?:people\s+)?dead\b", re.I),
        re.compile(
            rf"\bdeath toll\s+(?:[a-z]+\s+){{0,3}}?(?P<q>{_QUALIFIER})?(?P<n>{_NUMBER})\b", re.I
        ),
    ),
    "injured": (
        re.compile(
            rf"(?P<q>{_QUALIFIER})?(?P<n>{_NUMBER})\s+{_BETWEEN}{_BE}(?:injured|wounded|hurt)\b",
            re.I,
        ),
        re.compile(
            rf"\b(?:injuring|wounding|injured|wounded)\s+(?P<q>{_QUALIFIER})?(?P<n>{_NUMBER})\b",
            re.I,
        ),
    ),
}

_MAGNITUDES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_SYMBOLS = {"$": "dollars", "us$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}
_CURRENCIES = (
    "dollars euros pounds shillings yen yuan rupees rubles roubles won francs naira rand pesos "
    "dirhams riyals"
).split()
_MAGNITUDE = r"(?:\s*(?P<mag>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
_AMOUNTS = (
    re.compile(rf"(?P<cur>US\$|\$|€|£|¥)\s?(?P<n>\d+(?:[.,]\d+)*){_MAGNITUDE}", re.I),
    re.compile(rf"\b(?P<n>\d+(?:[.,]\d+)*){_MAGNITUDE}\s+(?P<cur>{'|'.join(_CURRENCIES)})\b", re.I),
)
# What an amount is of: the word before it (within AMOUNT_REACH words) or after it.
AMOUNT_SUBJECTS: dict[str, str] = {
    "fine": "fine",
    "fined": "fine",
    "fines": "fine",
    "penalty": "fine",
    "aid": "aid",
    "loan": "loan",
    "loans": "loan",
    "damages": "damages",
    "compensation": "compensation",
    "ransom": "ransom",
    "bail": "bail",
    "budget": "budget",
    "deal": "deal",
    "investment": "investment",
    "invest": "investment",
    "price": "price",
    "cost": "cost",
    "costs": "cost",
    "tax": "tax",
    "taxes": "tax",
    "debt": "debt",
    "reward": "reward",
    "bonus": "bonus",
    "salary": "salary",
    "grant": "grant",
}
AMOUNT_REACH = 4


@dataclass(frozen=True)
class Figure:
    """A figure an article states: its kind, value, words and where."""

    kind: FigureKind
    value: float
    text: str  # as the article writes it: "at least 15", "1.2 billion shillings"
    evidence: Evidence
    about: str | None = None  # for an amount: what it is of ("fine")
    unit: str | None = None  # for an amount: its currency


def number(text: str) -> int | None:
    """Read a number written in digits or words: '1,200' → 1200, 'thirty-one' → 31."""
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    parts = re.split(r"[- ]", text)
    values = [NUMBER_WORDS.get(p) for p in parts]
    if None in values or not values:
        return None
    return sum(v for v in values if v is not None)


def _sentences(facts: Facts) -> Iterator[tuple[int, int, str]]:
    text = facts.article.text
    for i, s in enumerate(facts.sentences):
        yield i, s.start, text[s.start : s.end]


def _counts(facts: Facts) -> Iterator[Figure]:
    for kind, patterns in _PATTERNS.items():
        found = False
        for i, start, sentence in _sentences(facts):
            matches = sorted(
                (m for rx in patterns for m in rx.finditer(sentence)), key=lambda m: m.start()
            )
            for m in matches:
                value = number(m["n"])
                if value is None:
                    continue
                words = f"{m['q'] or ''}{m['n']}".strip()
                span = Evidence(sentence=i, start=start + m.start(), end=start + m.end())
                yield Figure(kind, float(value), words, span)
                found = True
                break
            if found:
                break


def _subject(sentence: str, start: int, end: int) -> str | None:
    before = re.findall(r"[a-z]+", sentence[:start].lower())[-AMOUNT_REACH:]
    after = re.findall(r"[a-z]+", sentence[end:].lower())[:AMOUNT_REACH]
    for word in [*reversed(before), *after]:
        if word in AMOUNT_SUBJECTS:
            return AMOUNT_SUBJECTS[word]
    return None


def _amounts(facts: Facts) -> Iterator[Figure]:
    seen: set[tuple[str, str]] = set()
    for i, start, sentence in _sentences(facts):
        matches = sorted(
            (m for rx in _AMOUNTS for m in rx.finditer(sentence)), key=lambda m: m.start()
        )
        for m in matches:
            about = _subject(sentence, m.start(), m.end())
            if about is None:
                continue
            currency = m["cur"].lower()
            unit = _SYMBOLS.get(currency, currency)
            if (about, unit) in seen:
                continue
            seen.add((about, unit))
            digits = m["n"].replace(",", "")
            try:
                value = float(digits) * _MAGNITUDES.get((m["mag"] or "").lower(), 1.0)
            except ValueError:  # "1.2.3"
                continue
            span = Evidence(sentence=i, start=start + m.start(), end=start + m.end())
            yield Figure("amount", value, m.group(0).strip(), span, about=about, unit=unit)


def figures(facts: Facts) -> list[Figure]:
    """Return an article's figures: its first number of dead and of injured, and its first
    amount of each thing (a fine, aid, …) in each currency."""
    return [*_counts(facts), *_amounts(facts)]
