"""Parse article text into a spaCy Doc whose sentences never cross paragraph breaks."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..models import Evidence, Sentence

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraph_starts(text: str) -> list[int]:
    """Return the start offset of each paragraph (blank-line separated) in `text`."""
    starts = [0]
    for m in _PARAGRAPH_BREAK.finditer(text):
        starts.append(m.end())
    return starts


def parse(text: str, nlp: Language) -> Doc:
    """Run `nlp` over `text`, forcing a sentence start at every paragraph."""
    doc = nlp.make_doc(text)
    starts = set(paragraph_starts(text))
    for tok in doc:
        if tok.idx in starts and not tok.is_space:
            tok.is_sent_start = True
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@dataclass
class Layout:
    """Sentences of a parsed article with their paragraph numbers, for evidence and lookups."""

    doc: Doc
    sents: list[Span] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc) -> Layout:
        """Build the layout of `doc`, skipping whitespace-only sentences."""
        pstarts = paragraph_starts(doc.text)
        sents: list[Span] = []
        paras: list[int] = []
        for sent in doc.sents:
            span = _strip(sent)
            if span is None:
                continue
            sents.append(span)
            paras.append(bisect_right(pstarts, span.start_char) - 1)
        return cls(doc, sents, paras, [s.start_char for s in sents])

    @property
    def lead(self) -> int:
        """Return the index of the lead: the first sentence that reads as prose.

        Headlines, bylines and datelines come before it: the lead has a verb, ends in
        punctuation and has at least four words.
        """
        for i, sent in enumerate(self.sents):
            words = [t for t in sent if t.is_alpha]
            if (
                len(words) >= 4
                and any(t.pos_ in ("VERB", "AUX") for t in sent)
                and sent.text.rstrip("”\"’' ")[-1:] in ".!?"
            ):
                return i
        return 0

    def table(self) -> list[Sentence]:
        """Return the Sentence models (char spans and paragraph index)."""
        return [
            Sentence(start=s.start_char, end=s.end_char, paragraph=p)
            for s, p in zip(self.sents, self.paragraphs)
        ]

    def index_at(self, char: int) -> int:
        """Return the index of the sentence containing (or nearest before) `char`."""
        return max(0, bisect_right(self._starts, char) - 1)

    def sentence_of(self, char: int) -> Span | None:
        """Return the sentence containing `char`, if any."""
        if not self.sents:
            return None
        return self.sents[self.index_at(char)]

    def paragraph_at(self, char: int) -> int:
        """Return the paragraph number of the sentence containing `char`."""
        return self.paragraphs[self.index_at(char)] if self.paragraphs else 0

    def evidence(self, start: int, end: int) -> Evidence:
        """Return Evidence for the char span [start, end)."""
        return Evidence(sentence=self.index_at(start), start=start, end=max(start, end))


def _strip(span: Span) -> Span | None:
    toks = [t for t in span if not t.is_space]
    if not toks:
        return None
    return span.doc[toks[0].i : toks[-1].i + 1]
