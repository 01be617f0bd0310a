"""Grouping articles into stories, scored pairwise on a labelled set and on the dev set."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.evaluate import score_grouping
from briefing.models import Article, Facts, Sentence
from briefing.stories import group_articles
from briefing.stories.group import similarity

# The targets for "same story" decisions between pairs of articles.
PRECISION = 0.95
RECALL = 0.9


def grouped(facts: dict[str, Facts]) -> list[list[str]]:
    names = list(facts)
    return [[names[i] for i in story] for story in group_articles(list(facts.values()))]


def test_the_labelled_set_groups_as_labelled(
    labelled: dict[str, Facts], labels: dict[str, str]
) -> None:
    counts = score_grouping(grouped(labelled), labels)
    assert counts.tp + counts.fn == 11  # the positive pairs of the labelled set
    assert counts.precision is not None and counts.precision >= PRECISION, counts
    assert counts.recall is not None and counts.recall >= RECALL, counts


def test_no_two_dev_articles_are_merged(dev: dict[str, Facts]) -> None:
    assert len(dev) == 17
    stories = grouped(dev)
    assert len(stories) == 17, [s for s in stories if len(s) > 1]


def test_labelled_and_dev_articles_together(
    labelled: dict[str, Facts], labels: dict[str, str], dev: dict[str, Facts]
) -> None:
    # More articles change the TF-IDF weights; the grouping must hold up in a bigger batch.
    gold = labels | {name: name for name in dev}
    counts = score_grouping(grouped(labelled | dev), gold)
    assert counts.fp == 0 and counts.recall is not None and counts.recall >= RECALL, counts


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("talks-preview.txt", "talks-a.txt", "a preview and the event it previews"),
        ("ferry-d.txt", "fine-a.txt", "the same people two days later"),
        ("quake-a.txt", "aftershock.txt", "the same places two days later"),
        ("nordvik-a.txt", "kestrel-a.txt", "two launches by rival firms at one show"),
    ],
)
def test_hard_pairs_stay_apart(labelled: dict[str, Facts], a: str, b: str, why: str) -> None:
    stories = grouped({a: labelled[a], b: labelled[b]})
    assert stories == [[a], [b]], why


def test_an_outlet_wrong_about_the_day_stays_in_its_story(labelled: dict[str, Facts]) -> None:
    names = ["ferry-a.txt", "ferry-b.txt", "ferry-c.txt", "ferry-d.txt"]
    # ferry-c dates the sinking a day early: its event day differs from the others'.
    days = {n: labelled[n].event_date for n in names}
    assert days["ferry-c.txt"] == dt.date(2026, 3, 2) != days["ferry-a.txt"]
    assert grouped({n: labelled[n] for n in names}) == [names]


def test_the_grouping_does_not_depend_on_the_order_of_the_articles(
    labelled: dict[str, Facts],
) -> None:
    names = sorted(labelled)
    expected = sorted(sorted(s) for s in grouped(labelled))
    for order in (names[::-1], names[5:] + names[:5]):
        shuffled = {n: labelled[n] for n in order}
        assert sorted(sorted(s) for s in grouped(shuffled)) == expected


def test_known_stories_are_kept_and_new_articles_join_them(labelled: dict[str, Facts]) -> None:
    names = ["ferry-a.txt", "talks-a.txt", "ferry-b.txt", "talks-b.txt", "reykjavik.txt"]
    facts = [labelled[n] for n in names]
    # ferry-a and talks-a are filed already (as two stories); the others are new.
    known = ["story-1", "story-2", None, None, None]
    assert group_articles(facts, known) == [[0, 2], [1, 3], [4]]
    # Two filed stories are never joined, even when they tell the same event.
    assert group_articles(facts[:1] + facts[2:3], ["x", "y"]) == [[0], [1]]


def article(title: str, lead: str, day: dt.date | None, published: dt.date | None) -> Facts:
    text = lead
    return Facts(
        article=Article(text=text, title=title, published=published),
        sentences=[Sentence(start=0, end=len(text))],
        event_date=day,
    )


def test_articles_beyond_the_window_of_days_are_never_one_story() -> None:
    lead = "Rebels shelled the port city of Hodeidah, killing four fishermen, officials said."
    a = article("Rebels shell Hodeidah", lead, dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    b = article("Rebels shell Hodeidah", lead, dt.date(2026, 1, 9), dt.date(2026, 1, 9))
    c = article("Rebels shell Hodeidah", lead, dt.date(2026, 1, 2), dt.date(2026, 1, 2))
    score = similarity([a, b, c])
    assert score[0, 1] == 0.0 and 0.0 < score[0, 2] < 1.0
    assert group_articles([a, b, c]) == [[0, 2], [1]]


def test_no_articles_and_articles_with_no_words_are_handled() -> None:
    assert group_articles([]) == []
    empty = article("", "...", None, None)
    assert group_articles([empty]) == [[0]]
    # Nothing to compare (no words, no names): no evidence that they tell one story.
    assert group_articles([empty, empty]) == [[0], [1]]


def test_pairs_are_scored_with_the_gold_labels() -> None:
    counts = score_grouping([["a", "b", "c"], ["d"]], {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)
    assert (counts.precision, counts.recall) == (1 / 3, 0.5)
