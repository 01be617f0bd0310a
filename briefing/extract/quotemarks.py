"""Quotations in text, found from their marks.

Marks may be curly or straight, double or single; a quotation may run over several paragraphs
(each reopens with a mark, only the last closes); unbalanced marks degrade to the end of the
paragraph, or to a trailing attribution (", he said.") there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

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
# A paragraph break inside a quotation, with the mark that reopens the quote after it.
_PARAGRAPH_GAP = re.compile(r"\s*\n[ \t\r\f\v]*\n\s*[“\"]?")


@dataclass
class QuoteSpan:
    """Character offsets of a quotation: `start`/`end` inside the marks, `outer_*` with them."""

    start: int
    end: int
    outer_start: int
    outer_end: int


def _is_opener(text: str, i: int) -> bool:
    """Tell whether the mark at `i` opens a quotation: after a space or bracket, before a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENERS_BEFORE or before in _OPEN_DOUBLE) and not after.isspace()


def _is_closer(text: str, i: int) -> bool:
    """Tell whether the mark at `i` closes a quotation: after a word, before a space or stop."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _CLOSERS_AFTER)


class _Mark(Enum):
    """The kind of mark that opened a quotation."""

    DOUBLE = "double"
    SINGLE = "single"


@dataclass
class _Open:
    """A quotation opened and not yet closed."""

    at: int  # its outer opening mark
    mark: _Mark
    maybe_close: int | None = None  # a single closer that may be a plural possessive


class _Scanner:
    """Walk a text paragraph by paragraph, holding the quotation opened and not yet closed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[QuoteSpan] = []
        self.open: _Open | None = None

    def run(self) -> list[QuoteSpan]:
        """Return the quotations found, without empty ones."""
        text = self.text
        starts = paragraph_starts(text)
        ends = [*starts[1:], len(text)]
        for p, (start, end) in enumerate(zip(starts, ends, strict=True)):
            self._paragraph(start, end, starts[p + 1] if p + 1 < len(starts) else None)
        return [s for s in self.spans if text[s.start : s.end].strip()]

    def _close(self, open_: _Open, end: int) -> None:
        """Record the quotation opened at `open_` as closed by the mark at `end`."""
        self.spans.append(QuoteSpan(open_.at + 1, end, open_.at, end + 1))

    def _paragraph(self, start: int, end: int, next_start: int | None) -> None:
        """Scan the paragraph [start, end), then settle what it leaves open."""
        i = start
        if self.open is not None:
            self.open.maybe_close = None
            if i < end and (self.text[i] in _OPEN_DOUBLE or self.text[i] == '"'):
                i += 1  # a continued quote reopens each paragraph
        for j in range(i, end):
            if self.open is None:
                self._maybe_open(j)
            elif self.open.mark is _Mark.DOUBLE:
                self._in_double(j, self.open)
            else:
                self._in_single(j, self.open)
        if self.open is not None:
            self._paragraph_end(self.open, end, next_start)

    def _maybe_open(self, i: int) -> None:
        """Open a quotation at a double mark, or at a single mark before a word."""
        text, ch = self.text, self.text[i]
        if ch in _OPEN_DOUBLE or (ch == '"' and _is_opener(text, i)):
            self.open = _Open(i, _Mark.DOUBLE)
        elif ch in "‘'" and _is_opener(text, i) and text[i + 1 : i + 2].isalnum():
            self.open = _Open(i, _Mark.SINGLE)

    def _in_double(self, i: int, open_: _Open) -> None:
        """Close a double quotation at a closing mark; restart it at another opening one."""
        ch = self.text[i]
        if ch in _CLOSE_DOUBLE or (ch == '"' and not _is_opener(self.text, i)):
            self._close(open_, i)
            self.open = None
        elif ch in _OPEN_DOUBLE or ch == '"':
            # A second opener: the earlier mark was never closed; restart here.
            open_.at = i

    def _in_single(self, i: int, open_: _Open) -> None:
        """Close a single quotation, tentatively where the mark may be a plural possessive."""
        text, ch = self.text, self.text[i]
        if ch not in "‘’'":
            return
        if (
            open_.maybe_close is not None
            and ch != "’"
            and _is_opener(text, i)
            and text[i + 1 : i + 2].isalnum()
        ):
            # A new opening mark: the tentative closer really closed the earlier quote.
            self._close(open_, open_.maybe_close)
            self.open = _Open(i, _Mark.SINGLE)
        elif ch != "‘" and _is_closer(text, i):
            before = text[i - 1] if i > 0 else " "
            # "Chileans’ homes" vs "…developments’ in": an s’ before a lower-case word may be
            # a plural possessive; close there only if no better closer follows.
            after = text[i + 1 : i + 3]
            if before == "s" and after[:1] == " " and after[1:2].islower():
                if open_.maybe_close is None:
                    open_.maybe_close = i
                return
            self._close(open_, i)
            self.open = None

    def _paragraph_end(self, open_: _Open, end: int, next_start: int | None) -> None:
        """Close a quotation left open at a paragraph end unless the next paragraph continues it."""
        text = self.text
        if open_.mark is _Mark.SINGLE and open_.maybe_close is not None:
            self._close(open_, open_.maybe_close)
            # Re-scan the rest of the paragraph after the tentative closer.
            base = open_.maybe_close + 1
            self.spans += [
                QuoteSpan(q.start + base, q.end + base, q.outer_start + base, q.outer_end + base)
                for q in scan(text[base:end])
            ]
            self.open = None
            return
        if (
            open_.mark is _Mark.DOUBLE
            and next_start is not None
            and next_start < len(text)
            and text[next_start] in _OPEN_DOUBLE + '"'
        ):
            return  # multi-paragraph quote: each paragraph reopens, only the last closes
        # Degrade: an unclosed quote ends before a trailing attribution (", he said."),
        # else at the end of its paragraph.
        tail = _ATTRIBUTION_TAIL.search(text, open_.at + 1, end)
        if tail is not None:
            end = tail.start()
        while end > open_.at and text[end - 1].isspace():
            end -= 1
        if open_.mark is _Mark.DOUBLE and len(text[open_.at + 1 : end].split()) >= 3:
            self.spans.append(QuoteSpan(open_.at + 1, end, open_.at, end))
        self.open = None


def scan(text: str) -> list[QuoteSpan]:
    """Find the outermost quotations in `text`; never fails on unbalanced marks."""
    return _Scanner(text).run()


def paragraph_pieces(text: str, span: QuoteSpan) -> list[tuple[int, int]]:
    """Return the inner (start, end) of each paragraph of a quotation, without marks or space.

    A quotation continued into a new paragraph reopens it with a mark and closes only in the
    last: each paragraph is a quote of its own (the quoted words of one paragraph).
    """
    pieces: list[tuple[int, int]] = []
    start = span.start
    for m in _PARAGRAPH_GAP.finditer(text, span.start, span.end):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, span.end))
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def piece_text(text: str, start: int, end: int) -> str:
    """Return the quoted words between `start` and `end`, on one line."""
    # American style puts the comma before the closing mark; it is not part of the words.
    return re.sub(r"\s+", " ", text[start:end]).strip().rstrip(",").strip()


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
