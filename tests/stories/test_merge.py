"""Merging a story's facts: people, places and quotes across sources, and where they differ."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from briefing.models import (
    Article,
    Evidence,
    Facts,
    Person,
    Quote,
    Sentence,
    Stake,
    StoryFacts,
)
from briefing.stories import merge_facts
from briefing.stories.figures import figures


def facts(text: str, people: list[Person] = (), quotes: list[Quote] = (), **kw: object) -> Facts:  # type: ignore[assignment]
    """One article's facts over `text`, one sentence per line."""
    sentences, start = [], 0
    for line in text.split("\n"):
        sentences.append(Sentence(start=start, end=start + len(line), paragraph=len(sentences)))
        start += len(line) + 1
    return Facts(
        article=Article(text=text, **kw),  # type: ignore[arg-type]
        sentences=sentences,
        people=list(people),
        quotes=list(quotes),
    )


def at(text: str, words: str) -> list[Evidence]:
    """Evidence for the first occurrence of `words` in `text`, in its line."""
    start = text.index(words)
    return [Evidence(sentence=text[:start].count("\n"), start=start, end=start + len(words))]


def person(text: str, name: str, *aliases: str, role: str | None = None) -> Person:
    return Person(name=name, aliases=list(aliases), role=role, evidence=at(text, name))


def test_people_merge_by_alias_and_by_surname() -> None:
    a = "Grace Akello spoke.\nRobert Mugabe and Grace Mugabe arrived."
    b = "Ms Akello said more.\nMugabe waved."
    c = "G. Akello left."
    story = merge_facts(
        [
            facts(
                a,
                [
                    person(a, "Grace Akello", role="minister"),
                    person(a, "Robert Mugabe"),
                    person(a, "Grace Mugabe"),
                ],
            ),
            facts(b, [person(b, "Akello", "Ms Akello"), person(b, "Mugabe")]),
            facts(c, [person(c, "G. Akello")]),
        ]
    )
    by_name = {p.name: p for p in story.people}
    grace = by_name["Grace Akello"]
    assert sorted(grace.aliases) == ["Akello", "G. Akello"]  # "Ms Akello" folds to "akello"
    assert grace.role == "minister"
    assert [e.article for e in grace.evidence] == [0, 1, 2]
    # "Mugabe" alone could be Robert or Grace: it stays a name of its own.
    assert sorted(by_name) == ["Grace Akello", "Grace Mugabe", "Mugabe", "Robert Mugabe"]


def test_a_surname_is_not_one_person_across_first_names() -> None:
    a = "Grace Akello spoke."
    b = "Robert Akello stayed.\nAkello said no more."
    story = merge_facts(
        [
            facts(a, [person(a, "Grace Akello")]),
            facts(b, [person(b, "Robert Akello", "Akello")]),
        ]
    )
    assert sorted(p.name for p in story.people) == ["Grace Akello", "Robert Akello"]


def test_one_quote_from_several_outlets_and_who_said_it() -> None:
    said = "We will not stop until every passenger is accounted for"
    a = f"“{said},” said Grace Akello."
    b = f"“{said},” Ms Akello told reporters."
    c = f"“{said},” police spokesman Fred Enanga said."
    story = merge_facts(
        [
            facts(
                a,
                [person(a, "Grace Akello")],
                [Quote(speaker="Grace Akello", text=said, direct=True, evidence=at(a, said))],
            ),
            facts(
                b,
                [person(b, "Akello", "Ms Akello")],
                [Quote(speaker="Akello", text=said, direct=True, evidence=at(b, said))],
            ),
            facts(
                c,
                [person(c, "Fred Enanga")],
                [Quote(speaker="Fred Enanga", text=said, direct=True, evidence=at(c, said))],
            ),
        ]
    )
    (quote,) = story.quotes
    # Two outlets name Akello: the quote is hers, with their evidence.
    assert quote.speaker == "Grace Akello"
    assert [e.article for e in quote.evidence] == [0, 1]
    (differs,) = story.disagreements
    assert differs.kind == "speaker" and differs.about == said
    assert [(c.value, [e.article for e in c.evidence]) for c in differs.claims] == [
        ("Grace Akello", [0, 1]),
        ("Fred Enanga", [2]),
    ]


def test_dead_injured_and_amounts_that_differ() -> None:
    a = "A ferry sank, killing 12 people and injuring 30.\nThe firm was fined $1.2 million."
    b = "At least 15 people died when a ferry sank; 30 were injured.\nIt faces a $1.5 million fine."
    c = "Twelve people were killed.\nThe company paid a $2 million bond."
    story = merge_facts([facts(a), facts(b), facts(c)])
    found = {
        (d.kind, d.about): [(x.value, [e.article for e in x.evidence]) for x in d.claims]
        for d in story.disagreements
    }
    assert found == {
        ("dead", None): [("12", [0, 2]), ("At least 15", [1])],
        ("amount", "fine"): [("$1.2 million", [0]), ("$1.5 million", [1])],
    }  # the injured agree; the bond is of nothing the others give


def test_only_articles_that_state_a_day_take_a_side_on_it() -> None:
    a = "The ferry sank on Tuesday."
    b = "The ferry sank on Monday, police said."
    c = "The ferry sank, police said."  # no day: its date is only its publication date
    day = dt.date(2026, 3, 3)
    arts = [
        facts(a, published=day),
        facts(b, published=day),
        facts(c, published=day + dt.timedelta(days=1)),
    ]
    arts = [
        f.model_copy(update={"event_date": d})
        for f, d in zip(
            arts, [day, day - dt.timedelta(days=1), day + dt.timedelta(days=1)], strict=True
        )
    ]
    story = merge_facts(arts)
    (differs,) = story.disagreements
    assert differs.kind == "date"
    assert [(c.date, [e.article for e in c.evidence]) for c in differs.claims] == [
        (day, [0]),
        (day - dt.timedelta(days=1), [1]),
    ]
    assert story.event_date == day  # a tie goes to article A


def test_the_labelled_ferry_story(labelled: dict[str, Facts]) -> None:
    story = merge_facts([labelled[n] for n in ("ferry-a.txt", "ferry-b.txt", "ferry-c.txt")])
    people = {p.name: sorted({e.article for e in p.evidence}) for p in story.people}
    places = {p.name: sorted({e.article for e in p.evidence}) for p in story.places}
    assert people["Grace Akello"] == [0, 1, 2] and people["Fred Enanga"] == [0, 2]
    assert places["Lake Victoria"] == places["Entebbe"] == [0, 1, 2]
    # Each fact's evidence lies in the article it names.
    for p in story.people:
        for e in p.evidence:
            sentence = story.articles[e.article].article.text[e.start : e.end]
            assert any(form.split()[-1] in sentence for form in [p.name, *p.aliases]), (p, e)


def test_evidence_must_name_one_of_the_storys_articles(labelled: dict[str, Facts]) -> None:
    story = merge_facts([labelled["ferry-a.txt"], labelled["ferry-b.txt"]])
    data = story.model_dump()
    data["people"][0]["evidence"][0]["article"] = 5
    with pytest.raises(ValidationError, match=r"people\.0\.evidence\.0: article 5 is not one of"):
        StoryFacts.model_validate(data)
    data["people"][0]["evidence"][0].update(article=1, start=10**6, end=10**6 + 3)
    with pytest.raises(ValidationError, match=r"is not within article B"):
        StoryFacts.model_validate(data)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The president was unharmed but at least 17 other people were killed.",
            [("dead", 17, "at least 17")],
        ),
        ("A blast killed 20 people and wounded dozens.", [("dead", 20, "20")]),
        ("Thirty-one people drowned.", [("dead", 31, "Thirty-one")]),
        ("The death toll rose to 15 on Friday.", [("dead", 15, "15")]),
        ("An earthquake of magnitude 6.8 injured 65 people.", [("injured", 65, "65")]),
        ("One of those killed was a soldier.", []),
        ("Teachers left about 4:30 a.m. for the rally.", []),
        ("Thirty-one people were rescued.", []),
        ("The bank lent $2.5 billion in loans.", [("amount", 2.5e9, "$2.5 billion")]),
        ("Aid worth €300 million was pledged.", [("amount", 3e8, "€300 million")]),
        (
            "Uganda fined the firm 1.2 billion shillings.",
            [("amount", 1.2e9, "1.2 billion shillings")],
        ),
        ("Shares rose to $40.", []),  # an amount of nothing we can name
    ],
)
def test_figures(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    found = figures(facts(sentence))
    assert [(f.kind, f.value, f.text) for f in found] == expected
    for f in found:  # the evidence span holds the figure's words
        assert f.text in sentence[f.evidence.start : f.evidence.end]


def test_every_kind_of_difference_and_amount_has_a_catalog_label() -> None:
    from typing import get_args

    from briefing.i18n import AMOUNT_LABELS, DIFFERENCE_LABELS, LABELS
    from briefing.models import DifferenceKind
    from briefing.stories.figures import AMOUNT_SUBJECTS

    assert set(DIFFERENCE_LABELS) == set(get_args(DifferenceKind))
    assert set(AMOUNT_SUBJECTS.values()) <= set(AMOUNT_LABELS) <= set(LABELS)


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        # The same stake in other words of the same things: one stake, both sources.
        (
            "Calls for the minister's resignation over the contract",
            "Calls for the resignation of the minister",
            True,
        ),
        # The short one's words are all in the long one, but the long one says much more.
        (
            "The ferry operator would be questioned about reports the vessel was overloaded",
            "An overloaded ferry",
            False,
        ),
        ("Sanctions on steel imports", "Tariffs on grain exports", False),
    ],
)
def test_stakes_merge_only_when_neither_says_much_more(
    first: str, second: str, merged: bool
) -> None:
    a, b = f"{first}.", f"{second}."
    story = merge_facts(
        [
            facts(a).model_copy(update={"stakes": [Stake(text=first, evidence=at(a, first))]}),
            facts(b).model_copy(update={"stakes": [Stake(text=second, evidence=at(b, second))]}),
        ]
    )
    assert len(story.stakes) == (1 if merged else 2)
    assert [e.article for e in story.stakes[0].evidence] == ([0, 1] if merged else [0])
