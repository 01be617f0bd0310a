from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from briefing.compose import compose, headline, slugify
from briefing.ingest import parse_article
from briefing.models import (
    PRINT_CONFIDENCE,
    Brief,
    DatedEvent,
    Evidence,
    Facts,
    Person,
    Place,
    Quote,
    Sentence,
    Stake,
)

LEAD = (
    "Russian President Vladimir Putin met Wednesday with North Korean leader Kim Jong Un at "
    "Russia’s most advanced spaceport amid warnings from the U.S. and South Korea against a "
    "potential arms transfer."
)


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (LEAD, "Russian President Vladimir Putin met with North Korean leader Kim Jong Un"),
        ("Israel struck targets in Gaza on Tuesday.", "Israel struck targets in Gaza"),
        (
            "Warplanes carried out strikes in the north of the strip early Tuesday, "
            "while the military reported rocket fire.",
            "Warplanes carried out strikes in the north of the strip",
        ),
        ("officials said talks would resume.", "Officials said talks would resume"),
        (
            "The leader of the Green League, Jane Roe, has urged the premier to resign "
            "and hand over power to a caretaker cabinet before new elections.",
            "Jane Roe has urged the premier to resign",
        ),
        # an apposition that is not a known name is not promoted
        (
            "The leader of the Green League, a small party, has urged the premier to resign "
            "and hand over power to a caretaker cabinet.",
            "The leader of the Green League, a small party",
        ),
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen.",
            "One two three four five six seven eight nine ten eleven twelve…",
        ),
    ],
)
def test_headline(lead: str, expected: str) -> None:
    assert headline(lead, ["Jane Roe"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin and Kim meet", "putin-and-kim-meet"),
        ("Café — São Paulo!", "cafe-sao-paulo"),
        ("!!!", "brief"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def _facts(**kw: object) -> Facts:
    article = parse_article(
        f"Source: VOA\nDate: 2023-09-13\n\n{LEAD} Kim said little.",
        origin="/home/analyst/secret/vostochny-summit.txt",
    )
    ev = [Evidence(sentence=0, start=0, end=10)]
    return Facts(
        article=article,
        sentences=[Sentence(start=0, end=len(LEAD))],
        **{
            "people": [
                Person(
                    name="Vladimir Putin",
                    role="Russian President",
                    affiliation="Russia",
                    evidence=ev,
                )
            ],
            "places": [Place(name="Vostochny Cosmodrome", kind="facility", evidence=ev)],
            "quotes": [
                Quote(speaker="Kim Jong Un", text="all decisions", direct=True, evidence=ev)
            ],
            "stakes": [Stake(text="arms transfers", evidence=ev)],
            "event_date": dt.date(2023, 9, 13),
            "dates": [
                DatedEvent(
                    date=dt.date(2019, 4, 25), text="First summit in Vladivostok.", evidence=ev
                )
            ],
            **kw,
        },
    )


def test_compose_orders_and_marks_text_kinds() -> None:
    brief = compose(_facts())
    assert brief.slug == "vostochny-summit"
    assert brief.bottom_line.text.text == LEAD and brief.bottom_line.evidence[0].sentence == 0
    assert brief.people[0].name.kind == "name" and brief.people[0].role.kind == "prose"
    assert brief.places[0].kind.kind == "label" and brief.places[0].kind.text == "facility"
    assert brief.reactions[0].speaker.kind == "name" and brief.reactions[0].text.kind == "prose"
    # the timeline holds the dated events and the main event, oldest first
    assert [t.date for t in brief.timeline] == [dt.date(2019, 4, 25), dt.date(2023, 9, 13)]
    # only the file name of the article is shown, never the analyst's directory
    assert brief.source.origin == "vostochny-summit.txt"
    assert {t.kind for t in brief.texts()} == {"label", "name", "prose"}


def test_brief_round_trips_through_json() -> None:
    brief = compose(_facts())
    assert Brief.model_validate_json(brief.model_dump_json()) == brief


def test_title_from_header_wins() -> None:
    facts = _facts()
    facts.article.title = "Summit at the spaceport"
    assert compose(facts).title.text == "Summit at the spaceport"


def _quote(speaker: str, text: str, direct: bool, sentence: int) -> Quote:
    return Quote(
        speaker=speaker,
        text=text,
        direct=direct,
        evidence=[Evidence(sentence=sentence, start=0, end=1)],
    )


def test_quote_held_by_another_of_the_same_statement_is_dropped() -> None:
    reported = _quote("Dmitry Peskov", "the talks were “important and substantive.”", False, 21)
    direct = _quote("Dmitry Peskov", "important and substantive.", True, 21)
    elsewhere = _quote("Dmitry Peskov", "important and substantive.", True, 3)
    other_speaker = _quote("Kim Jong Un", "important and substantive", True, 21)
    brief = compose(_facts(quotes=[reported, direct, elsewhere, other_speaker]))
    assert [(q.speaker.text, q.evidence[0].sentence) for q in brief.reactions] == [
        ("Dmitry Peskov", 21),
        ("Dmitry Peskov", 3),
        ("Kim Jong Un", 21),
    ]


@pytest.mark.parametrize(
    ("role", "affiliation", "shown"),
    [
        ("U.S. State Department spokesperson", "U.S. State Department", None),
        ("Russian President", "Russia", "Russia"),
        (None, "Kremlin", "Kremlin"),
    ],
)
def test_affiliation_named_in_the_role_is_not_repeated(
    role: str | None, affiliation: str, shown: str | None
) -> None:
    brief = compose(_facts(people=[Person(name="A B", role=role, affiliation=affiliation)]))
    assert (brief.people[0].affiliation.text if brief.people[0].affiliation else None) == shown


def test_fragments_of_one_statement_share_a_bullet() -> None:
    from briefing.render import render_markdown

    quotes = [
        _quote("Kim Jong Un", "full support", True, 1),
        _quote("Kim Jong Un", "all decisions", True, 1),
        _quote("Kim Jong Un", "later words", True, 2),
    ]
    md = render_markdown(compose(_facts(quotes=quotes)))
    assert "- **Kim Jong Un**: “full support”; “all decisions” [s2]\n" in md
    assert "- **Kim Jong Un**: “later words” [s3]\n" in md


@pytest.mark.parametrize(
    ("field", "fact", "shown"),
    [
        ("people", Person(name="Jane Roe"), lambda b: [p.name.text for p in b.people]),
        ("places", Place(name="Lowtown", kind="city"), lambda b: [p.name.text for p in b.places]),
        (
            "quotes",
            Quote(speaker="Jane Roe", text="We will see.", direct=True),
            lambda b: [q.text.text for q in b.reactions],
        ),
        ("stakes", Stake(text="a new dam"), lambda b: [s.text.text for s in b.stakes]),
    ],
    ids=["person", "place", "quote", "stake"],
)
def test_a_fact_below_the_print_confidence_stays_in_the_facts_but_not_in_the_brief(
    field: str, fact: Person | Place | Quote | Stake, shown: Callable[[Brief], list[str]]
) -> None:
    unsure = fact.model_copy(update={"confidence": PRINT_CONFIDENCE - 0.01})
    sure = fact.model_copy(update={"confidence": PRINT_CONFIDENCE})
    facts = _facts()
    with_unsure = facts.model_copy(update={field: [*getattr(facts, field), unsure]})
    with_sure = facts.model_copy(update={field: [*getattr(facts, field), sure]})
    text = fact.text if isinstance(fact, (Quote, Stake)) else fact.name
    assert text not in shown(compose(with_unsure))
    assert text in shown(compose(with_sure))
    # The facts JSON keeps it, with its confidence, for a reader who wants to check.
    again = Facts.model_validate_json(with_unsure.model_dump_json())
    assert getattr(again, field)[-1].confidence == pytest.approx(PRINT_CONFIDENCE - 0.01)


def test_confidence_is_bounded_and_defaults_to_one() -> None:
    assert Person(name="Jane Roe").confidence == 1.0
    with pytest.raises(ValueError, match="less than or equal to 1"):
        Person(name="Jane Roe", confidence=1.5)
