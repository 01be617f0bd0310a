"""Long inputs: a long single-line article is parsed in pieces with the same facts; a text over
the limit is refused before any parsing. (Speed is measured by bench/bench_extract.py --long,
never asserted here.)"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.extract import extract
from briefing.extract.document import CHUNK_CHARS, MAX_CHARS, chunks, parse
from briefing.ingest import read_article
from briefing.models import Article, Facts

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vostochny-summit.txt"
PUBLISHED = dt.date(2023, 9, 13)


def _one_line() -> str:
    return " ".join(read_article(SAMPLE).text.split())


COPIES = 2 * CHUNK_CHARS // len(_one_line()) + 2  # one paragraph, long enough to be cut


@pytest.fixture(scope="module")
def once_and_many(nlp) -> tuple[Facts, Facts, str]:  # type: ignore[no-untyped-def]
    line = _one_line()
    many = " ".join([line] * COPIES)
    return (
        extract(Article(text=line, published=PUBLISHED), nlp=nlp),
        extract(Article(text=many, published=PUBLISHED), nlp=nlp),
        many,
    )


def test_a_long_line_is_parsed_in_pieces_cut_at_sentence_ends(once_and_many) -> None:  # type: ignore[no-untyped-def]
    *_, text = once_and_many
    pieces = chunks(text)
    assert len(pieces) > 1 and "".join(pieces) == text
    for piece in pieces[:-1]:
        assert piece.rstrip().endswith((".", "”", '"')), piece[-40:]


def test_the_same_entities_and_date_as_the_article_once(once_and_many) -> None:  # type: ignore[no-untyped-def]
    once, many, _ = once_and_many
    for kind in ("people", "organizations", "places"):
        assert sorted(e.name for e in getattr(many, kind)) == sorted(
            e.name for e in getattr(once, kind)
        ), kind
    assert many.event_date == once.event_date == PUBLISHED


def test_every_copy_keeps_its_quotes_and_speakers(once_and_many) -> None:  # type: ignore[no-untyped-def]
    once, many, text = once_and_many
    found = Counter((q.speaker, q.text, q.direct) for q in many.quotes)
    single = Counter((q.speaker, q.text, q.direct) for q in once.quotes)
    assert single
    assert found == Counter({k: COPIES * n for k, n in single.items()})
    for q in many.quotes:
        ev = q.evidence[0]
        assert q.text.split()[0] in text[ev.start : ev.end]


def test_stakes_of_a_long_line_are_few_and_point_into_it(once_and_many) -> None:  # type: ignore[no-untyped-def]
    _, many, text = once_and_many
    assert 3 <= len(many.stakes) <= 6
    for s in many.stakes:
        ev = s.evidence[0]
        assert 0 <= ev.start < ev.end <= len(text)


class _NoParse:
    """A pipeline that fails the test if anything is parsed with it."""

    pipeline: tuple[object, ...] = ()

    def __call__(self, text: str) -> None:
        raise AssertionError("parsed a text over the limit")

    def make_doc(self, text: str) -> None:
        raise AssertionError("tokenized a text over the limit")


@pytest.mark.parametrize("length", [MAX_CHARS + 1, 2_000_000])
def test_a_text_over_the_limit_is_refused_before_parsing(length: int) -> None:
    text = ("Officials met on Monday. " * (length // 25 + 1))[:length]
    with pytest.raises(InputError, match="character limit"):
        extract(Article(text=text, origin="long.txt"), nlp=_NoParse())  # type: ignore[arg-type]
    with pytest.raises(InputError):
        parse(text, _NoParse())  # type: ignore[arg-type]


def test_a_text_at_the_limit_is_accepted() -> None:
    text = ("Officials met on Monday. " * (MAX_CHARS // 25 + 1))[:MAX_CHARS]
    pieces = chunks(text)
    assert "".join(pieces) == text
    assert all(len(p) <= 2 * CHUNK_CHARS for p in pieces)


@pytest.mark.parametrize(
    ("ranges", "char", "inside"),
    [
        ([(0, 5), (10, 20)], 3, True),
        ([(0, 5), (10, 20)], 5, False),  # the end is outside
        ([(0, 5), (10, 20)], 7, False),
        ([(10, 20), (0, 5)], 19, True),  # any order
        ([(0, 30), (5, 8)], 20, True),  # a later, shorter range does not hide a long one
        ([], 0, False),
    ],
)
def test_intervals_answer_like_a_scan(ranges, char, inside) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract.document import Intervals

    assert (char in Intervals(ranges)) is inside
    assert any(s <= char < e for s, e in ranges) is inside
