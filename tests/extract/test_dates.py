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


# Weekdays read through the verb that governs them: what was done or said lies before the
# article date (a Wednesday), only a future form points ahead.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a past verb with a future word elsewhere in the sentence
        ("The agency on Monday picked three firms it plans to fund.", dt.date(2023, 9, 11)),
        ("Officials said late Thursday they will lift the curfew.", dt.date(2023, 9, 7)),
        # "said on Tuesday it plans …": the weekday times the saying, not the plan
        ("The regulator said on Tuesday it plans to fine the bank.", dt.date(2023, 9, 12)),
        # future forms
        ("The ministers will meet on Friday to discuss the budget.", dt.date(2023, 9, 15)),
        ("The council is due to vote next Tuesday on the plan.", dt.date(2023, 9, 19)),
        ("The council is expected to vote on Friday on the plan.", dt.date(2023, 9, 15)),
        ("The leaders are meeting on Friday in Lisbon.", dt.date(2023, 9, 15)),
        ("Voters go to the polls on Sunday in the northern province.", dt.date(2023, 9, 17)),
        ("Campaigners rallied in the capital ahead of Friday's vote.", dt.date(2023, 9, 15)),
        # a weekday naming a thing takes no tense from a present verb
        ("Ana Ruiz's victory in Sunday's election keeps her party in power.", dt.date(2023, 9, 10)),
        # a weekday that only bounds a span is not the event
        ("The regulator has said it will decide by Friday.", WED),
    ],
)
def test_weekday_follows_the_tense_of_its_verb(facts_of, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert facts_of(text, WED).event_date == expected


def test_each_weekday_of_a_sentence_has_its_own_tense(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Police arrested two men on Monday who they say will appear in court on Friday.", WED
    )
    assert facts.event_date == dt.date(2023, 9, 11)
    assert [e.date for e in facts.dates] == [dt.date(2023, 9, 15)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lead in the present reports what holds on the article date: a date in the next
        # paragraph naming a thing ("a Sept. 5 letter", "Monday night's departure") is background
        (
            "Doctors are urging the ministry to fund vaccines.\n\n"
            "In a Sept. 5 letter, the doctors asked for money.",
            WED,
        ),
        (
            "Two fishermen, a coastguard officer said, are missing off the northern coast.\n\n"
            "Their boat's Monday night departure was not logged.",
            WED,
        ),
        # a lead in the perfect takes the date the article gives the same event: a statement
        # ("has described" / "said … yesterday") …
        (
            "The mayor of a small town has described how floodwater filled the streets.\n\n"
            "The town was flooded on 2 September.\n\n"
            "The mayor said in a statement yesterday that help was slow.",
            dt.date(2023, 9, 12),
        ),
        # … the same subject, further down ("a fourth case … was reported")
        (
            "Four new cases of measles have been confirmed in the region.\n\n"
            "The region's health office is testing schools.\n\n"
            "On September 9, a fourth case of measles was reported in a village.",
            dt.date(2023, 9, 9),
        ),
        # … or, with nothing alike, the first weekday of the lead's paragraphs
        (
            "Rescuers have pulled 40 people from the rubble.\n\n"
            "The quake struck on Sunday, officials said.",
            dt.date(2023, 9, 10),
        ),
        # a past lead with its weekday in the next paragraph, naming a thing
        (
            "Mr. Oduya told the assembly a year ago that he would step down.\n\n"
            "But his party's win in Tuesday's vote keeps him in office.",
            dt.date(2023, 9, 12),
        ),
        # day words count from the article date
        ("The ferry sank yesterday off the coast.", dt.date(2023, 9, 12)),
    ],
)
def test_event_date_follows_the_tense_of_the_lead(facts_of, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert facts_of(text, WED).event_date == expected


def test_event_date_and_timeline_agree(facts_of) -> None:  # type: ignore[no-untyped-def]
    """The lead's weekday is resolved once: the timeline never dates it differently."""
    text = (
        "The agency on Monday picked three firms it plans to fund.\n\n"
        "It will announce the grants on Friday."
    )
    facts = facts_of(text, WED)
    assert facts.event_date == dt.date(2023, 9, 11)
    lead_dates = {e.date for e in facts.dates if e.evidence[0].sentence == 0}
    assert lead_dates <= {facts.event_date}
    assert [e.date for e in facts.dates] == [dt.date(2023, 9, 15)]
