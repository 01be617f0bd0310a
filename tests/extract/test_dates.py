"""Dates: weekday words and explicit dates resolved against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.extract.dates import explicit_dates, weekday_date

WED = dt.date(2023, 9, 13)  # a Wednesday


@pytest.mark.parametrize(
    ("word", "ref", "ahead", "expected"),
    [
        ("Wednesday", WED, False, WED),  # the same day
        ("Tuesday", WED, False, dt.date(2023, 9, 12)),
        ("Sunday", dt.date(2006, 4, 10), False, dt.date(2006, 4, 9)),
        ("Thursday", WED, False, dt.date(2023, 9, 7)),  # last week's
        ("Saturday", dt.date(2006, 9, 4), True, dt.date(2006, 9, 9)),  # "this coming Saturday"
    ],
)
def test_weekday_date(word, ref, ahead, expected) -> None:  # type: ignore[no-untyped-def]
    assert weekday_date(word, ref, ahead=ahead) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on April 25, 2019, at the port", [dt.date(2019, 4, 25)]),
        ("talks starting September 11", [dt.date(2023, 9, 11)]),
        ("on 5 March 2024 they met", [dt.date(2024, 3, 5)]),
        ("Sept. 3rd", [dt.date(2023, 9, 3)]),
        ("Mayor May 40", []),
    ],
)
def test_explicit_dates(text, expected) -> None:  # type: ignore[no-untyped-def]
    assert [d for _, _, d in explicit_dates(text, WED)] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Putin met Kim on Wednesday at the spaceport.", WED, WED),
        (
            "Israeli warplanes carried out airstrikes early Tuesday.",
            dt.date(2019, 3, 26),
            dt.date(2019, 3, 26),
        ),
        # the weekday may come in the second paragraph of the lead
        (
            "Tsvangirai urged Mugabe to step down.\n\nAddressing a rally on Sunday, he spoke.",
            dt.date(2006, 4, 10),
            dt.date(2006, 4, 9),
        ),
        # no date words: the publication date
        ("The talks continue.", dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        # an explicit date in the lead
        ("On March 3, 2021, the court ruled.", dt.date(2021, 3, 5), dt.date(2021, 3, 3)),
        # no article date and no explicit date: unknown
        ("The talks continue on Monday.", None, None),
    ],
)
def test_event_date(facts_of, text, published, expected) -> None:  # type: ignore[no-untyped-def]
    assert facts_of(text, published).event_date == expected


def test_timeline_lists_other_dated_events_with_evidence(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Putin met Kim on Wednesday.\n\n"
        "Kim held his first summit meeting with Putin on April 25, 2019, in Vladivostok."
    )
    facts = facts_of(text, WED)
    assert [(e.date, e.evidence[0].sentence) for e in facts.dates] == [(dt.date(2019, 4, 25), 1)]
    assert "first summit" in facts.dates[0].text


def test_a_weekday_in_the_lead_beats_a_background_date(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "Since their summit on April 25, 2019, Kim and Putin had not met until Wednesday."
    assert facts_of(text, WED).event_date == WED
