"""Quotations in text, found from their marks.

Marks may be curly or straight, double or single; a quotation may run over several paragraphs
(each reopens with a mark, only the last closes); unbalanced marks degrade to the end of the
paragraph, or to a trailing attribution (", he said.") there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import paragraph_starts

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPENERS_BEFORE = " \t\n\r([{—–-"
_CLOSERS_AFTER = " \t\n\r.,;:!?)]}—–-”\"'’"
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:[A-Za-z.’'-]+\s+){0,4}?(?:said|says|added|adds|told|tells|stated|noted|explained|"
    r"insisted|warned|wrote|asked)\b[^.!?]*[.!?]?\s*$"
)
_SCARE = re.compile(r"\bso-called\s*$", re.IGNORECASE)


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


def quotations(text: str) -> list[QuoteSpan]:
    """Return the quotations of `text`, leaving out scare quotes ("so-called “peace”")."""
    return [
        q for q in scan(text) if not _SCARE.search(text[max(0, q.outer_start - 12) : q.outer_start])
    ]
