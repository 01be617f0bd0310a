"""Stakes: 3–6 clauses of what is at issue, with evidence, not quotes repeated."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.ingest import read_article

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vostochny-summit.txt"


@pytest.fixture(scope="module")
def sample_facts(nlp):  # type: ignore[no-untyped-def]
    from briefing.extract import extract

    return extract(read_article(SAMPLE), nlp=nlp)


def test_three_to_six_stakes_with_evidence(sample_facts) -> None:  # type: ignore[no-untyped-def]
    stakes = sample_facts.stakes
    assert 3 <= len(stakes) <= 6
    text = sample_facts.article.text
    for s in stakes:
        ev = s.evidence[0]
        assert 0 <= ev.start < ev.end <= len(text)


def test_stakes_do_not_repeat_quotes(sample_facts) -> None:  # type: ignore[no-untyped-def]
    quoted = {q.text.strip(" .,").lower() for q in sample_facts.quotes if q.direct}
    assert not [s for s in sample_facts.stakes if s.text.strip(" .,").lower() in quoted]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rule-breaking verb inside a quote is restated as a noun phrase
        ("“Any transfer of arms to Russia would violate Security Council resolutions,” said Matthew Miller.",
         "Violation of Security Council resolutions by any transfer of arms to Russia"),
        # what a side wants, from reported speech, split from the other side's want
        ("Putin met Kim on Wednesday. Officials were quoted as saying Russia hopes to receive artillery shells, while Pyongyang "
         "appears to want advanced technology for its satellites.",
         "Pyongyang appears to want advanced technology for its satellites"),
    ],
)
def test_stake_patterns(facts_of, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in [s.text for s in facts_of(text).stakes]


def test_a_short_article_still_gets_stakes_from_its_lead(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Rebels attacked the presidential palace on Friday, threatening a fragile cease-fire.")
    assert facts.stakes and facts.stakes[0].evidence[0].sentence == 0
