"""Speakers: titles bind the person, metonymy yields, pronouns check gender, weak is flagged."""

from __future__ import annotations

import pytest

from briefing.models import PRINT_CONFIDENCE


def said(facts):  # type: ignore[no-untyped-def]
    """Return {quoted words: (speaker, confidence)} for every quote of `facts`."""
    return {q.text: (q.speaker, q.confidence) for q in facts.quotes}


# A title before or beside the name binds the person, not the organisation or country in it.
TITLED = [
    (
        "Globex editor-in-chief Mara Quill said the archive would stay online.",
        "the archive would stay online",
        "Mara Quill",
    ),
    (
        "A second negotiator, former trade envoy to Chile Piet Vos, later revised his statement "
        "to say the deal had collapsed.",
        "the deal had collapsed",
        "Piet Vos",
    ),
    (
        "Prices will rise again next year, said another economist at the bank, Carla Mendes.",
        "Prices will rise again next year",
        "Carla Mendes",
    ),
    (
        "The plant will close in June, said the group's new chairman Omar Haddad in a letter to "
        "shareholders.",
        "The plant will close in June",
        "Omar Haddad",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), TITLED)
def test_a_title_binds_the_person(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert said(facts_of(text))[words][0] == speaker


# A capital or a building standing for a government yields to a person named as a speaker in
# the same or the previous sentence; without one it is kept, but below the print threshold.
def test_metonymy_yields_to_the_named_speaker_nearby(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "“We saw no sign of a strike,” said Defense Secretary Ruth Alder. Washington has said "
        "that the launch was a routine test."
    )
    speaker, confidence = said(facts)["the launch was a routine test"]
    assert speaker == "Ruth Alder"
    assert confidence >= PRINT_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Washington has concluded that the launch was a routine test.",
            "the launch was a routine test",
        ),
        ("The White House said the talks would go on.", "the talks would go on"),
        ("Moscow insists the drills are defensive.", "the drills are defensive"),
    ],
)
def test_metonymy_without_a_named_person_is_weak(facts_of, text, words) -> None:  # type: ignore[no-untyped-def]
    assert said(facts_of(text))[words][1] < PRINT_CONFIDENCE


def test_a_country_speaking_is_not_metonymy(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Norway said the ferry would resume service on Monday.")
    assert said(facts)["the ferry would resume service on Monday"][1] == 1.0


# Pronouns: gender and number (spaCy morphology, and what earlier mentions taught), the person
# of the same sentence first.
PRONOUNS = [
    # the judge's words are not given to the defendant she described
    # (his gender learned from "he", or given by "Mr.")
    (
        "Judge Elena Brandt read the verdict on Tuesday. Daniel Reed showed no remorse as he "
        "was led away. She described him as “cold and calculating.”",
        "cold and calculating.",
        "Elena Brandt",
    ),
    (
        "Judge Elena Brandt read the verdict on Tuesday. Mr. Reed, 34, stared at the floor. She "
        "described him as “cold and calculating.”",
        "cold and calculating.",
        "Elena Brandt",
    ),
    # a person of the same sentence comes before the last main-clause subject
    (
        "Spokeswoman Dana Cole spoke first. When Governor Paul Okafor announced the deal, he "
        "said the port would reopen.",
        "the port would reopen",
        "Paul Okafor",
    ),
    # a relative pronoun stands for the noun its clause describes
    (
        "The board thanked its outgoing treasurer Ivo Petrov, who said he had kept the accounts in "
        "order.",
        "he had kept the accounts in order",
        "Ivo Petrov",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), PRONOUNS)
def test_pronouns_resolve_by_gender_and_sentence(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert said(facts_of(text))[words] == (speaker, 1.0)


def test_a_pronoun_far_from_its_person_is_weak(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Harbour master Ken Oduya closed the port on Monday.\n\n"
        "Ships waited outside the breakwater for two days. Fuel prices rose in the city.\n\n"
        "Fishermen sold their catch at a loss. Markets ran short of ice.\n\n"
        "Insurers raised their rates for the coming season.\n\n"
        "He said the port would reopen on Thursday."
    )
    speaker, confidence = said(facts_of(text))["the port would reopen on Thursday"]
    assert speaker == "Ken Oduya"
    assert confidence < PRINT_CONFIDENCE


def test_quotation_paragraphs_keep_their_speaker_in_mind(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“The water rose in minutes,” her sister, Alma Reyes, said on Sunday.\n\n"
        "“We carried the children to the roof. We waited there all night.\n\n"
        "“Nobody came until the morning.”\n\n"
        "She added: “We lost everything we had.”"
    )
    assert said(facts_of(text))["We lost everything we had."] == ("Alma Reyes", 1.0)


# Groups: a coordinated subject is a group for a later "they"; "many of them" speaks for it.
GROUPS = [
    (
        "Governor Tom Reyes and city council leaders met the strikers on Monday. Later, they said "
        "a deal was close.",
        "a deal was close",
        "Tom Reyes and city council leaders",
    ),
    (
        "Pilots and air traffic controllers spent the night at the airport. Several of them said "
        "the runway lights failed twice.",
        "the runway lights failed twice",
        "Pilots and air traffic controllers",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), GROUPS)
def test_groups_speak_through_they_and_partitives(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert speaker in said(facts_of(text))[words][0]


# Descriptions that refer back: "the agency" to the organisation just named, "her office" to
# the person just named.
DESCRIPTIONS = [
    (
        "The Coastal Safety Board will expand patrols this summer. In a statement, the board said "
        "the plan would cost little.",
        "the plan would cost little",
        "Coastal Safety Board",
    ),
    (
        "Mayor Lin Zhao skipped the opening of the bridge. Her office said she was ill.",
        "she was ill",
        "Lin Zhao's office",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), DESCRIPTIONS)
def test_descriptions_refer_back(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert said(facts_of(text))[words][0] == speaker


# Who owns quoted words: the reporter of the clause they stand in, a bare attribution cut off
# by the sentence splitter, a name the parse made the root, the person the sentence before was
# about (a lone quote, less sure).
OWNERS = [
    (
        "Ana Roe said the mayor had called the plan “a gift to developers.”",
        "a gift to developers.",
        "Ana Roe",
        1.0,
    ),
    (
        "“The pilot asked me, ‘Can we land now?’” Vera Lund testified.",
        "The pilot asked me, ‘Can we land now?’",
        "Vera Lund",
        1.0,
    ),
    (
        "Ms. Ortiz, the committee's longest-serving member, called the merger “a betrayal of small "
        "farmers.”",
        "a betrayal of small farmers.",
        "Ortiz",
        1.0,
    ),
    (
        "Economist Ada Byrne gave reporters an image for the crisis. “It is not a storm, it is a "
        "slow leak.”",
        "It is not a storm, it is a slow leak.",
        "Ada Byrne",
        0.7,
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker", "confidence"), OWNERS)
def test_who_owns_quoted_words(facts_of, text, words, speaker, confidence) -> None:  # type: ignore[no-untyped-def]
    assert said(facts_of(text))[words] == (speaker, confidence)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Tilda Marsh of the Northern Herald reports that the mine had been closed for weeks.",
            "the mine had been closed for weeks",
        ),
        (
            "The mine had been closed for weeks, the Northern Herald's Tilda Marsh wrote.",
            "The mine had been closed for weeks",
        ),
    ],
)
def test_a_journalist_of_an_outlet_filing_the_story_is_sourcing(facts_of, text, words) -> None:  # type: ignore[no-untyped-def]
    assert words not in said(facts_of(text))


@pytest.mark.parametrize(
    "text",
    [
        # the person who spoke before holds no office: no one to yield to
        "“Half my trees will die,” said farmer Tomas Ruiz. Madrid has said the crisis is "
        "temporary.",
        # an "according to" source in the sentence tells whose account it is
        "“We saw no sign of a strike,” said Defense Secretary Ruth Alder. Washington has said "
        "the launch was a routine test, according to two officials.",
    ],
)
def test_metonymy_yields_only_to_an_official_and_not_past_a_source(facts_of, text) -> None:  # type: ignore[no-untyped-def]
    weak = [q for q in facts_of(text).quotes if not q.direct]
    assert weak
    assert all(q.confidence < PRINT_CONFIDENCE for q in weak)
    assert all(q.speaker in ("Madrid", "Washington") for q in weak)


def test_an_organisation_in_apposition_speaks(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The contractor, China Road Works, said it had cooperated fully.")
    assert said(facts)["it had cooperated fully"][0] == "China Road Works"
