"""The facts editor's form: removals, corrections, and refusals of values it does not offer."""

from __future__ import annotations

import pytest

from briefing.errors import InputError
from briefing.models import Article, Facts, Person, Place, Quote, Stake
from briefing.serve.editor import DROP, apply_edits, speaker_choices


def facts() -> Facts:
    return Facts(
        article=Article(text="Kim met Putin. Miller spoke."),
        people=[
            Person(name="Kim Jong Un", role="leader"),
            Person(name="Vladimir Putin", role="President"),
            Person(name="Matthew Miller"),
        ],
        places=[Place(name="Amur", kind="other")],
        quotes=[
            Quote(speaker="Vladimir Putin", text="We need to talk", direct=True),
            Quote(speaker="a spokesperson", text="it was fine", direct=False),
        ],
        stakes=[Stake(text="arms transfer"), Stake(text="satellites")],
    )


def test_an_empty_form_changes_nothing() -> None:
    assert apply_edits(facts(), {}) == facts()


def test_remove_fix_reassign_drop_edit() -> None:
    form = {
        "person-2-remove": "1",
        "person-0-role": "  North Korean   leader ",
        "person-1-affiliation": "Russia",
        "place-0-kind": "region",
        "quote-0-speaker": "Kim Jong Un",
        "quote-1-speaker": DROP,
        "stake-0-text": "a possible arms transfer",
        "stake-1-remove": "1",
    }
    edited = apply_edits(facts(), form)
    assert [p.name for p in edited.people] == ["Kim Jong Un", "Vladimir Putin"]
    assert edited.people[0].role == "North Korean leader"
    assert edited.people[1].affiliation == "Russia"
    assert edited.places[0].kind == "region"
    assert [(q.speaker, q.text) for q in edited.quotes] == [("Kim Jong Un", "We need to talk")]
    assert [s.text for s in edited.stakes] == ["a possible arms transfer"]
    assert Facts.model_validate_json(edited.model_dump_json()) == edited


def test_unnamed_speakers_may_keep_their_quotes() -> None:
    assert "a spokesperson" in speaker_choices(facts())


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"place-0-kind": "planet"}, "place-0-kind"),
        ({"quote-0-speaker": "<script>alert(1)</script>"}, "quote-0-speaker"),
        ({"person-0-role": "x" * 301}, "longer than"),
    ],
)
def test_values_the_form_does_not_offer_are_refused(form: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_edits(facts(), form)
