"""Parse article text into a spaCy Doc whose sentences never cross paragraph breaks."""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import InputError
from ..models import Evidence, Sentence

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraph_starts(text: str) -> list[int]:
    """Return the start offset of each paragraph (blank-line separated) in `text`."""
    return [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]


# spaCy's parser needs about 1 GB per 100,000 characters of one Doc: longer texts are parsed
# in paragraph-aligned chunks and joined, which keeps every offset into the text.
CHUNK_CHARS = 25_000
# The longest text extraction accepts. Parsing costs about 0.4 ms of CPU a word on the 2-core
# benchmark machine and the rules a fifth of that, linear in the length: 150,000 characters
# (about 25,000 words, fifteen times a long news story) take some 11 s of CPU and 300 MB; a
# longer text (a book, a dump, a hostile page) is refused at once, before any parsing
# (bench/bench_extract.py --long).
MAX_CHARS = 150_000
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")


def check_length(text: str, origin: str | None = None) -> None:
    """Refuse a text longer than MAX_CHARS with an InputError (exit code 3)."""
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{origin or 'input'}: article text is {len(text):,} characters, over the "
            f"{MAX_CHARS:,}-character limit for extraction"
        )


def _prepared(text: str, nlp: Language) -> Doc:
    """Tokenize `text`, marking each paragraph start as a sentence start for the parser."""
    doc = nlp.make_doc(text)
    starts = set(paragraph_starts(text))
    for tok in doc:
        if tok.idx in starts and not tok.is_space:
            tok.is_sent_start = True
    return doc


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split `text` at paragraph starts into pieces of about `size` characters.

    The pieces join back to `text`.
    """
    if len(text) <= size:
        return [text]
    cuts = [0]
    for start in paragraph_starts(text)[1:]:
        if start - cuts[-1] >= size:
            cuts.append(start)
    # A single paragraph longer than `size` is cut at the last sentence end inside the window,
    # else at a word break, so no sentence is parsed in two halves when it can be helped.
    out: list[str] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        while b - a > 2 * size:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, a + size // 2, a + size)]
            if ends:
                cut = ends[-1]
            else:
                space = text.rfind(" ", a + size // 2, a + size)
                cut = space + 1 if space > a else a + size
            out.append(text[a:cut])
            a = cut
        out.append(text[a:b])
    return out


def parse(text: str, nlp: Language) -> Doc:
    """Run `nlp` over `text`, forcing a sentence start at every paragraph.

    A text over MAX_CHARS is refused (InputError) before any work is done.
    """
    check_length(text)
    pieces = chunks(text)
    docs = [_prepared(piece, nlp) for piece in pieces]
    for _, proc in nlp.pipeline:
        docs = [proc(doc) for doc in docs]
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
    doc.user_data[_NOUNS] = _lemmatizer_nouns(nlp)
    return doc


_NOUNS = "briefing.nouns"  # Doc.user_data key of the nouns the pipeline knows


@functools.lru_cache(maxsize=4)
def _lemmatizer_nouns(nlp: Language) -> frozenset[str]:
    """Return the nouns of the lemmatizer's word index (WordNet's, in spaCy's English models)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()  # a lookup-mode lemmatizer has no word index
    return frozenset(lookups.get_table("lemma_index").get("noun", ()))


def known_nouns(doc: Doc) -> frozenset[str]:
    """Return the nouns the pipeline that parsed `doc` knows ("release", "closure"), if any."""
    nouns = doc.user_data.get(_NOUNS)
    return nouns if isinstance(nouns, frozenset) else frozenset()


@dataclass
class Layout:
    """Sentences of a parsed article with their paragraph numbers, for evidence and lookups."""

    doc: Doc
    sents: list[Span] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    text: str = ""  # the Doc's text, kept: spaCy rebuilds it from the tokens on every access

    @classmethod
    def of(cls, doc: Doc) -> Layout:
        """Build the layout of `doc`, skipping whitespace-only sentences."""
        text = doc.text
        pstarts = paragraph_starts(text)
        sents: list[Span] = []
        paras: list[int] = []
        for sent in doc.sents:
            span = _strip(sent)
            if span is None:
                continue
            sents.append(span)
            paras.append(bisect_right(pstarts, span.start_char) - 1)
        return cls(doc, sents, paras, [s.start_char for s in sents], text)

    @functools.cached_property
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
            for s, p in zip(self.sents, self.paragraphs, strict=True)
        ]

    def index_at(self, char: int) -> int:
        """Return the index of the sentence containing (or nearest before) `char`."""
        return max(0, bisect_right(self._starts, char) - 1)

    def paragraph_at(self, char: int) -> int:
        """Return the paragraph number of the sentence containing `char`."""
        return self.paragraphs[self.index_at(char)] if self.paragraphs else 0

    def evidence(self, start: int, end: int) -> Evidence:
        """Return Evidence for the char span [start, end)."""
        return Evidence(sentence=self.index_at(start), start=start, end=max(start, end))


class Intervals:
    """Character ranges [start, end), which may overlap, asked whether one holds a position.

    A lookup is a binary search, so a rule that asks once per token stays linear in the length
    of the text (a scan of every range for every token grew with its square).
    """

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        spans = sorted(ranges)
        self._starts = [s for s, _ in spans]
        # The farthest end among the ranges that start at or before each one.
        self._reach = list(itertools.accumulate((e for _, e in spans), max))

    def __contains__(self, char: object) -> bool:
        """Tell whether a range holds `char`."""
        if not isinstance(char, int):
            return False
        i = bisect_right(self._starts, char) - 1
        return i >= 0 and self._reach[i] > char


def _strip(span: Span) -> Span | None:
    """Return `span` without its edge whitespace tokens, or None if nothing else is left."""
    toks = [t for t in span if not t.is_space]
    if not toks:
        return None
    return span.doc[toks[0].i : toks[-1].i + 1]
