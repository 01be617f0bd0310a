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


# ---------------------------------------------------------------------- people NER mistypes

# One row per kind of evidence that a name NER typed as something else (or left untagged) is a
# person: sentence, the person, the role the sentence gives them (None: not checked).
MISTYPED_PEOPLE = [
    # a title whose country runs into the name (NER: one organisation "Peru Dirk Hallam")
    (
        "A second mediator, the onetime trade commissioner to Peru Dirk Hallam, revised his "
        "testimony on Thursday.",
        "Dirk Hallam",
        "onetime trade commissioner to Peru",
    ),
    # a title right before the name (NER: a place), its participle parsed as a verb
    (
        "Stores will close next month in regions that no longer pay, said The Initech Company’s "
        "recently appointed board chair Marta Ruiz in a note.",
        "Marta Ruiz",
        "Initech Company’s recently appointed board chair",
    ),
    # a person noun in apposition (NER: an organisation)
    (
        "Anand Kumar Jha, a 29-year-old poet known for satire, was stabbed outside his flat.",
        "Anand Kumar Jha",
        "29-year-old poet known for satire",
    ),
    # an age in apposition (NER: an organisation)
    (
        "Greta Paulsen, 24, died in a clinic in Bergen after swallowing the capsules.",
        "Greta Paulsen",
        None,
    ),
    # a person noun in apposition, the name untagged
    (
        "Canadian Paul Reed and Australian Simon Days, two engineers with the Delta Water "
        "Project, were released in Quetta.",
        "Paul Reed",
        "two engineers with the Delta Water Project",
    ),
    # the subject of "said", or a surname that speaks elsewhere (NER: the given name a place)
    ("Marta Ruiz said the weakest lines would go first.", "Marta Ruiz", None),
    (
        "Marta Ruiz took charge in May. Ruiz said the weakest lines would go first.",
        "Marta Ruiz",
        None,
    ),
    # a given name only, beside a kinship noun: the owner is named
    (
        "President Olek Marsh and his wife Vera left the capital on Sunday.",
        "Vera",
        "Olek Marsh's wife",
    ),
    ("The senator met his first wife, Ingrid, while studying law.", "Ingrid", "first wife"),
    # a given name only, untagged, with an age before it
    (
        "Critics have little patience for the 48-year-old Vera, once a bank cashier, who wed the "
        "general in 1998.",
        "Vera",
        None,
    ),
]


@pytest.mark.parametrize(("text", "name", "role"), MISTYPED_PEOPLE)
def test_people_ner_mistypes_are_found_from_what_the_text_says_of_them(  # type: ignore[no-untyped-def]
    facts_of, text, name, role
) -> None:
    facts = facts_of(text)
    p = person(facts, name)
    assert p.confidence == 1.0
    if role is not None:
        assert p.role == role
    # The name is no organisation or place as well.
    assert not any(name in o.name for o in facts.organizations)
    assert not any(name in x.name for x in facts.places)


def test_a_name_joined_to_a_person_is_one_with_less_confidence(facts_of) -> None:  # type: ignore[no-untyped-def]
    # NER tags neither name: a name's shape beside a person's name is the only evidence for the
    # second; the apposition after the pair is theirs too.
    text = (
        "Canadian Paul Reed and Australian Simon Days, two engineers with the Delta Water "
        "Project, were released in Quetta."
    )
    days = person(facts_of(text), "Simon Days")
    assert 0.5 <= days.confidence < 1.0
    assert days.role == "two engineers with the Delta Water Project"


@pytest.mark.parametrize(
    ("text", "not_a_person"),
    [
        # nouns said of companies too are no evidence against NER's "organisation"
        ("Its rival Morgan Stanley reported a loss on Monday.", "Morgan Stanley"),
        ("Market leader Wells Fargo held steady.", "Wells Fargo"),
        # a company has an age too
        ("The 150-year-old Harrods, a department store, was sold.", "Harrods"),
        ("The 90-year-old Harrods was sold.", "Harrods"),
        # a title inside the organisation's own name
        ("Shares of General Motors fell after the recall.", "Motors"),
        # acronyms name bodies
        ("Analysts at NRG, a leading supplier, raised their forecast.", "NRG"),
    ],
)
def test_names_of_companies_stay_organisations(facts_of, text, not_a_person) -> None:  # type: ignore[no-untyped-def]
    assert not_a_person not in [p.name for p in facts_of(text).people]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # the title's country the recogniser began the person's name with (NER: "Chile Piet Vos")
        ("A former trade envoy to Chile Piet Vos revised his account.", "Piet Vos", None),
        # a short form defined in brackets names the office a person holds
        (
            "The Ohio State Auditor (OSA) is examining the contracts, two people said. "
            "Investigators at the office of the OSA, Rita Moss, wrote to the firm.",
            "Rita Moss",
            "Ohio State Auditor",
        ),
        # "her son Jacob": a possessive before a kinship title names whose
        (
            "The victims included Mary Ellen Price, 34, and her son Jacob, 7.",
            "Jacob",
            "Mary Ellen Price's son",
        ),
    ],
)
def test_names_cut_from_titles_and_offices_defined_in_brackets(facts_of, text, name, role) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    p = person(facts, name)
    if role is not None:
        assert p.role == role
    else:
        assert p.role is not None and p.role.endswith("Chile")
    assert not any(x.name.endswith(name) and x.name != name for x in facts.people)


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        # a transliteration: one vowel more
        (
            "Foreign Minister Mikhail Sobolevskiy arrived in Oslo. Minister Sobolevsky said the "
            "talks had been useful.",
            "Mikhail Sobolevskiy",
            "Sobolevsky",
        ),
        # an outlet's reporter NER ran into the outlet's name ("the Ledger’s Ortiz")
        (
            "As Lena Ortiz reports for the Daily Ledger, the outbreak began in May. But according "
            "to the Ledger’s Ortiz, officials knew earlier.",
            "Lena Ortiz",
            "Ortiz",
        ),
        # a surname NER typed as a place no gazetteer knows
        (
            "Musa Okoro was freed on Friday. Supporters of Okoro celebrated in the streets.",
            "Musa Okoro",
            "Okoro",
        ),
    ],
)
def test_other_forms_of_a_name_join_the_person(facts_of, text, name, alias) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert alias in person(facts, name).aliases
    assert [p.name for p in facts.people].count(name) == 1
    assert not any(alias in o.name for o in facts.organizations)
    assert alias not in [x.name for x in facts.places]


def test_surnames_a_consonant_apart_are_two_people(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Boris Johnston chaired the meeting. Mr. Johnson said nothing.")
    assert "Johnson" not in person(facts, "Boris Johnston").aliases


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("sobolevskiy", "sobolevsky", True),
        ("haddadi", "hadadi", True),  # a doubled letter
        ("karimoev", "karimaev", True),  # a vowel for a vowel
        ("sobolevski", "sobolevsky", True),  # "i" for a final "y"
        ("johnston", "johnson", False),  # a consonant
        ("moralez", "morales", False),
        ("ivanov", "ivanova", False),  # the feminine form: another person, a relative
        ("kovalenko", "kovalenka", False),
        ("lind", "linde", False),  # too short to tell
    ],
)
def test_spelling_variants_of_a_surname(a, b, same) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract.entities import variant

    assert variant(a, b) is same


def test_a_group_named_after_a_person_is_an_organisation(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The freed men included Omar Zadran, a cousin of the militia’s chief, Jalal Zadran, who "
        "runs the insurgent group’s Zadran network."
    )
    facts = facts_of(text)
    assert "Zadran network" in [o.name for o in facts.organizations]
    assert all(p.name.startswith(("Omar", "Jalal")) for p in facts.people)
