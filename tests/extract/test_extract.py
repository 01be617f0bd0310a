"""The extract stage end to end: the sample's key facts, evidence invariants, odd input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import ModelMissingError
from briefing.extract import extract
from briefing.ingest import read_article
from briefing.models import Article, Facts

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vostochny-summit.txt"
MILLER = (
    "Any transfer of arms from North Korea to Russia would violate multiple United Nations "
    "Security Council resolutions"
)


@pytest.fixture(scope="module")
def sample(nlp) -> Facts:  # type: ignore[no-untyped-def]
    return extract(read_article(SAMPLE), nlp=nlp)


def test_sample_key_quote_is_attributed_to_matthew_miller(sample: Facts) -> None:
    assert [q.speaker for q in sample.quotes if q.text == MILLER] == ["Matthew Miller"]


def test_sample_people(sample: Facts) -> None:
    people = {p.name: p for p in sample.people}
    assert {"Dmitry Peskov", "Vladimir Putin", "Kim Jong Un", "Matthew Miller"} <= set(people)
    assert people["Dmitry Peskov"].role == "Kremlin spokesman"
    assert {"Kim", "Kim Jong-un"} <= set(people["Kim Jong Un"].aliases)
    assert "Kim" not in people and "Lee Juhyun" not in people
    assert any("Lee Juhyun" in c for c in sample.credits)


def test_sample_places_and_event_date(sample: Facts) -> None:
    places = {p.name: p.kind for p in sample.places}
    assert places["Vostochny Cosmodrome"] == "facility"
    assert places["United States"] == places["North Korea"] == "country"
    assert "Russian" not in places
    assert sample.event_date == dt.date(2023, 9, 13)


def test_sentences_and_evidence_index_the_article_text(sample: Facts) -> None:
    text = sample.article.text
    assert sample.article.text == read_article(SAMPLE).text
    sents = sample.sentences
    assert sents and all(0 <= s.start < s.end <= len(text) for s in sents)
    assert [s.paragraph for s in sents] == sorted(s.paragraph for s in sents)
    assert sents[-1].paragraph == text.count("\n\n")
    evidence = [
        e
        for group in (
            sample.people,
            sample.organizations,
            sample.places,
            sample.quotes,
            sample.stakes,
            sample.dates,
        )
        for item in group
        for e in item.evidence
    ]
    assert evidence
    for e in evidence:
        assert 0 <= e.start < e.end <= len(text)
        s = sents[e.sentence]
        assert s.start <= e.start < s.end or e.start >= s.start  # the span starts in its sentence


def test_every_quote_and_entity_carries_evidence(sample: Facts) -> None:
    for group in (sample.people, sample.organizations, sample.places, sample.quotes, sample.stakes):
        assert all(item.evidence for item in group)


def test_facts_round_trip_through_json(sample: Facts) -> None:
    assert Facts.model_validate_json(sample.model_dump_json()) == sample


def test_sentences_never_cross_paragraphs(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "A headline without a full stop\n\nThe body starts here. It goes on."
    facts = facts_of(text)
    assert [(s.paragraph, text[s.start : s.end]) for s in facts.sentences] == [
        (0, "A headline without a full stop"),
        (1, "The body starts here."),
        (1, "It goes on."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "x",
        "\n\n\n\n",
        '"',
        "“Hello",
        "He said “no.\n\n“And again",
        "<script>alert(1)</script>\n\n# Title\n\n[x](javascript:alert(1)) said Bob Smith.",
        '<img src="file:///etc/passwd"> “quoted” ‘single’ \' " ” “',
        "Mr. said that. According to, he said.",
        "He said. She said. They said.",
        "word " * 3000,
        "“" * 50 + "”" * 49,
    ],
)
def test_odd_input_never_crashes(facts_of, text: str) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert facts.article.text == text
    for q in facts.quotes:
        assert q.speaker and q.text


def test_markup_in_the_text_is_just_data(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "<b>Bob Smith</b> said the <script>plan</script> would fail."
    facts = facts_of(text)
    assert "Bob Smith" in [p.name for p in facts.people]


def test_settings_select_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelMissingError):
        extract(
            Article(text="Putin met Kim."), settings=Settings(spacy_model="en_core_web_nothere")
        )


def test_long_texts_are_parsed_in_chunks_with_the_same_facts(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract import document

    article = read_article(SAMPLE)
    whole = extract(article, nlp=nlp)
    monkeypatch.setattr(document, "CHUNK_CHARS", 800)
    assert len(document.chunks(article.text, 800)) > 3
    chunked = extract(article, nlp=nlp)
    assert chunked.sentences == whole.sentences
    assert [p.name for p in chunked.people] == [p.name for p in whole.people]
    assert [(q.speaker, q.text) for q in chunked.quotes] == [
        (q.speaker, q.text) for q in whole.quotes
    ]


@pytest.mark.parametrize("size", [50, 333, 5000])
def test_chunks_join_back_to_the_text(size: int) -> None:
    from briefing.extract.document import chunks

    text = ("word " * 40 + "\n\n") * 30 + "x" * 2000 + " tail"
    assert "".join(chunks(text, size)) == text


def test_the_lead_is_found_past_a_headline_and_byline(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "# Flooding Hits Sindh Province\n\nBy Ayaz Gul\n\n"
        "Floods have killed at least 1,100 people in Pakistan since mid-June, officials said "
        "Monday."
    )
    facts = facts_of(text, dt.date(2022, 8, 30))
    assert facts.event_date == dt.date(2022, 8, 29)
    assert all(not s.text.startswith(("Flooding", "By ")) for s in facts.stakes)
    assert "By Ayaz Gul" in facts.credits
