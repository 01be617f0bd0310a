"""People: roles before/after the name, appositions, copulas, surname merging, credits."""

from __future__ import annotations

import pytest


def person(facts, name):  # type: ignore[no-untyped-def]
    found = [p for p in facts.people if p.name == name]
    assert found, f"{name!r} not among {[p.name for p in facts.people]}"
    return found[0]


# One row per role pattern: sentence, person, expected role, expected affiliation.
ROLES = [
    # title before the name
    (
        "Kremlin spokesman Dmitry Peskov said the talks were useful.",
        "Dmitry Peskov",
        "Kremlin spokesman",
        "Kremlin",
    ),
    (
        "Japanese Prime Minister Fumio Kishida arrived in Seoul on Sunday.",
        "Fumio Kishida",
        "Japanese Prime Minister",
        "Japan",
    ),
    ("Spokesperson Mao Ning said Beijing opposed the move.", "Mao Ning", "Spokesperson", None),
    # apposition after the name
    (
        "Dmitry Peskov, the Kremlin spokesman, said the talks were useful.",
        "Dmitry Peskov",
        "Kremlin spokesman",
        "Kremlin",
    ),
    (
        "Getachew Reda, a spokesman for the Tigray People's Liberation Front, told VOA the rebels "
        "agreed.",
        "Getachew Reda",
        "spokesman for the Tigray People's Liberation Front",
        "Tigray People's Liberation Front",
    ),
    # apposition before the name
    (
        "The founding president of the Alliance for Progress, Maria Lopez, urged calm.",
        "Maria Lopez",
        "founding president of the Alliance for Progress",
        "Alliance for Progress",
    ),
    # relative clause and copula
    (
        "The idea came from Jung Dae-jin who is director of the Han Peace Institute at Halla "
        "University.",
        "Jung Dae-jin",
        "director of the Han Peace Institute at Halla University",
        "Han Peace Institute",
    ),
    (
        "Nick Kay is the U.N. special representative to Somalia.",
        "Nick Kay",
        "U.N. special representative to Somalia",
        "United Nations",
    ),
    (
        "Jane Doe, who heads the World Food Program, warned of famine.",
        "Jane Doe",
        "heads the World Food Program",
        "World Food Program",
    ),
    # a bare title completed by the organisation named with the person
    (
        "Professor Lee Byong-Chol from Kyungnam University's Institute for Far Eastern Studies "
        "disagreed.",
        "Lee Byong-Chol",
        "Professor from Kyungnam University's Institute for Far Eastern Studies",
        "Kyungnam University's Institute for Far Eastern Studies",
    ),
]


# Long titles before a name, titles written short, descriptions of a person (issue 12).
ROLES += [
    (
        "Deputy Director of Regional Planning Maria Olsen said the plan was ready.",
        "Regional Planning Maria Olsen",
        "Deputy Director of Regional Planning",
        None,
    ),
    (
        "Democratic county health Commissioner Lisa Grant has ordered new tests.",
        "Lisa Grant",
        "Democratic county health Commissioner",
        None,
    ),
    (
        "Auditors questioned the mayor and Interior Minister Park Ji-won on Monday.",
        "Park Ji-won",
        "Interior Minister",
        None,
    ),
    (
        "“We waited all night,” Lisbon resident Rui Costa said after the storm.",
        "Rui Costa",
        "Lisbon resident",
        None,
    ),
    (
        "Senator Paul Hart of Ohio voted against the bill on Tuesday.",
        "Paul Hart",
        "Senator of Ohio",
        None,
    ),
    (
        "Tom Baker, a senior Green Party figure, said the vote was lost.",
        "Tom Baker",
        "senior Green Party figure",
        "Green Party",
    ),
    # a long relative clause tells what the person did, not what they are
    (
        "Hamid Noori, a retired engineer who wrote about the floods for years on his own website, "
        "was arrested on Monday.",
        "Hamid Noori",
        "retired engineer",
        None,
    ),
    # an office given
    (
        "Mark Dunn was appointed acting director of the port authority last week.",
        "Mark Dunn",
        "acting director of the port authority",
        None,
    ),
    # "the judge" refers back to the fuller description before it
    (
        "A retired judge is chairing the inquiry. The judge, Jonas Berg, opened it on Monday.",
        "Jonas Berg",
        "retired judge",
        None,
    ),
]


@pytest.mark.parametrize(("text", "name", "role", "affiliation"), ROLES)
def test_role_and_affiliation_patterns(facts_of, text, name, role, affiliation) -> None:  # type: ignore[no-untyped-def]
    p = person(facts_of(text), name)
    assert p.role == role
    assert p.affiliation == affiliation


def test_delayed_identification_lead_gives_the_role_to_the_person_named_next(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The U.S. special envoy for Sudan arrived in Khartoum on Monday for talks with army "
        "leaders.\n\n"
        "Tom Perriello, speaking to reporters at the airport, said he hoped for a cease-fire."
    )
    assert person(facts_of(text), "Tom Perriello").role == "U.S. special envoy for Sudan"


@pytest.mark.parametrize(
    ("text", "name", "aliases"),
    [
        # surname mentions, Western order
        (
            "Christopher Hill arrived in Tokyo. Hill said talks would resume.",
            "Christopher Hill",
            ["Hill"],
        ),
        # surname first, and a hyphenated spelling of the same name
        (
            "Kim Jong Un toured the site. Kim later met officials. Aides to Kim Jong-un declined "
            "to comment.",
            "Kim Jong Un",
            ["Kim", "Kim Jong-un"],
        ),
        # honorific forms
        (
            "President Robert Mugabe spoke on Sunday. Critics said Mr. Mugabe had lost support.",
            "Robert Mugabe",
            ["Mr. Mugabe"],
        ),
        # a surname NER misses is still tied to the person
        (
            'Gregory Poling studies the region. "Any escalation would be dangerous," Poling added.',
            "Gregory Poling",
            ["Poling"],
        ),
    ],
)
def test_surname_and_variant_mentions_merge_into_one_person(facts_of, text, name, aliases) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    p = person(facts, name)
    assert set(aliases) <= set(p.aliases)
    # The same person is never listed twice.
    folded = [x.name.lower().replace("-", " ") for x in facts.people]
    assert len(folded) == len(set(folded))
    assert all(x.name not in aliases for x in facts.people)


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("The talks ended on Friday.\n\nLee Juhyun contributed to this report.", "Lee Juhyun"),
        ("The talks ended on Friday.\n\nReporting by Jane Doe; editing by John Roe.", "Jane Doe"),
        (
            "The talks ended on Friday.\n\nMargaret Besheer at the United Nations contributed to "
            "this report.",
            "Margaret Besheer",
        ),
    ],
)
def test_credit_lines_are_source_credits_not_people(facts_of, text, credited) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert credited not in [p.name for p in facts.people]
    assert any(credited in c for c in facts.credits)


def test_every_person_mention_has_evidence_into_the_text(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "Russian President Vladimir Putin met Kim Jong Un. Putin praised Kim."
    facts = facts_of(text)
    putin = person(facts, "Vladimir Putin")
    assert [text[e.start : e.end] for e in putin.evidence] == ["Vladimir Putin", "Putin"]
    assert {e.sentence for e in putin.evidence} == {0, 1}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # short titles: kept as written, and "the governor" finds her
        ("Democratic Gov. Ann Ward signed the budget.", "Ann Ward", "Democratic Gov."),
        ("Lt. Col. Ian Marsh led the convoy.", "Ian Marsh", "Lt. Col"),
        # "his widow" says whose
        (
            "Omar Karim ran the bakery for forty years. His widow, Nadia Karim, keeps it open.",
            "Nadia Karim",
            "Omar Karim's widow",
        ),
        # two people under one plural title
        (
            "The panel includes former ministers Aldo Vitti and Rosa Bianchi.",
            "Rosa Bianchi",
            "former ministers",
        ),
    ],
)
def test_short_shared_and_possessive_roles(facts_of, text, name, role) -> None:  # type: ignore[no-untyped-def]
    assert person(facts_of(text), name).role == role


def test_the_governor_resolves_to_the_person_titled_gov(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "Democratic Gov. Ann Ward missed the launch.\n\nThe governor said she was ill."
    said = {q.text: q.speaker for q in facts_of(text).quotes}
    assert said["she was ill"] == "Ann Ward"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("This was not the first visit Carla Ruiz had made to the site.", "Carla Ruiz"),
        ("Prices fell at the fund Daniel Reed runs.", "Daniel Reed"),
    ],
)
def test_words_before_a_name_that_are_no_title_are_no_role(facts_of, text, name) -> None:  # type: ignore[no-untyped-def]
    assert person(facts_of(text), name).role is None


def test_an_indefinite_description_with_a_workplace_is_a_role(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "“The wells are empty,” said Maria Lopez, a hydrologist at the University of Seville."
    p = person(facts_of(text), "Maria Lopez")
    assert p.role == "hydrologist at the University of Seville"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # the organisation a person is given with, when nothing else says who they are
        (
            "The ship was seized last week, according to Sui Wen of the Northern Herald.",
            "Sui Wen",
            "Northern Herald",
        ),
        # people joined under one apposition share it
        (
            "Canadian Ruth Olsen and German Karl Brandt, both lecturers at the Free University, "
            "were released on Friday.",
            "Karl Brandt",
            "lecturers at the Free University",
        ),
    ],
)
def test_organisation_and_shared_apposition_roles(facts_of, text, name, role) -> None:  # type: ignore[no-untyped-def]
    assert person(facts_of(text), name).role == role
