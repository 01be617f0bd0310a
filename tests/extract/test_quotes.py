"""Quotes: marks (curly, straight, single, multi-paragraph, unbalanced) and speakers."""

from __future__ import annotations

import pytest

from briefing.extract.quotemarks import quote_text, scan


def inner(text: str) -> list[str]:
    return [quote_text(text, q) for q in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We need talks,” he said.", ["We need talks"]),
        ('"We need talks," he said.', ["We need talks"]),
        ("He said Israel 'will defend itself.'", ["will defend itself."]),
        # apostrophes are not quote marks
        ("Russia’s war and Kim's visit don't change it.", []),
        # a plural possessive inside a single-quoted phrase
        (
            "He was 'gravely concerned by the latest developments' in Gaza and urged 'restraint.'",
            ["gravely concerned by the latest developments", "restraint."],
        ),
        # a fragment and a second fragment in one sentence
        (
            "Kim pledged his “full support” for “all decisions” by Putin.",
            ["full support", "all decisions"],
        ),
        # a multi-paragraph quote: the first paragraph is left open, the next reopens
        (
            "“We are watching closely.\n\n“Any escalation would be dangerous,” he added.",
            ["We are watching closely. Any escalation would be dangerous"],
        ),
        # nested single quotes stay inside the outer quote
        (
            "“They called it ‘a new dawn’ for the region,” she said.",
            ["They called it ‘a new dawn’ for the region"],
        ),
    ],
)
def test_scan_finds_quoted_words(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“We will monitor the implementation, he said.",
        "He said “no.\n\nThen he left.",
        '"""',
        "“ ” “",
        "‘",
        "' ' '",
        "“a” ” ” “b",
        "x" * 10_000 + "“",
    ],
)
def test_unbalanced_marks_degrade_without_failing(text: str) -> None:
    for q in scan(text):
        assert 0 <= q.outer_start <= q.start <= q.end <= q.outer_end <= len(text)


def test_unclosed_quote_stops_before_its_attribution() -> None:
    assert inner("“We will monitor the implementation, he said.") == [
        "We will monitor the implementation"
    ]


def quotes(facts):  # type: ignore[no-untyped-def]
    return [(q.speaker, q.text, q.direct) for q in facts.quotes]


# One row per attribution pattern: text, quoted words, expected speaker.
SPEAKERS = [
    # speaker after the quote, inverted
    (
        "“Any transfer of arms would violate the resolutions,” said State Department spokesperson "
        "Matthew Miller.",
        "Any transfer of arms would violate the resolutions",
        "Matthew Miller",
    ),
    # speaker after, normal order
    (
        "“This is a clear violation,” Enrique Manalo told reporters.",
        "This is a clear violation",
        "Enrique Manalo",
    ),
    # speaker before, with a colon
    (
        "In a statement, Abiy Ahmed said: “Our commitment to peace is unwavering.”",
        "Our commitment to peace is unwavering.",
        "Abiy Ahmed",
    ),
    # speaker inside: the second sentence of the quote inherits it
    (
        "“That’s why we came here,” Vladimir Putin said. “They are also trying to develop space.”",
        "They are also trying to develop space.",
        "Vladimir Putin",
    ),
    # pronoun resolved to the last person who was a subject
    (
        "Benjamin Netanyahu was visiting Washington. He said during a meeting with Donald Trump, "
        "'Israel will not tolerate this.'",
        "Israel will not tolerate this.",
        "Benjamin Netanyahu",
    ),
    # according to
    (
        "“China does not have to broadcast its position,” according to Jung Dae-jin of Halla "
        "University.",
        "China does not have to broadcast its position",
        "Jung Dae-jin",
    ),
    # the quoted words belong to the speaker's own clause
    (
        "Kim Jong Un pledged his “full and unconditional support” for Moscow.",
        "full and unconditional support",
        "Kim Jong Un",
    ),
    # an unnamed speaker kept as a description
    (
        "“Cooperation should respect the resolutions,” a spokesperson from South Korea’s foreign "
        "ministry said.",
        "Cooperation should respect the resolutions",
        "spokesperson from South Korea’s foreign ministry",
    ),
    # a quote paragraph with no attribution belongs to the previous paragraph's speaker
    (
        "Nick Kay is the U.N. envoy. He says he heard from the president.\n\n"
        "“The first I heard of it was a phone call.”",
        "The first I heard of it was a phone call.",
        "Nick Kay",
    ),
    # an organisation speaking
    (
        "“The attack was cowardly,” the African Union said.",
        "The attack was cowardly",
        "African Union",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), SPEAKERS)
def test_direct_quote_speakers(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert (speaker, words, True) in quotes(facts_of(text))


# One row per reported-speech pattern: text, reported clause, speaker.
REPORTED = [
    (
        "Kremlin spokesman Dmitry Peskov said on Wednesday the talks were useful.",
        "the talks were useful",
        "Dmitry Peskov",
    ),
    (
        "Lee Byong-Chol told VOA that Russia will transfer basic technology, but Moscow will go "
        "slowly.",
        "Russia will transfer basic technology, but Moscow will go slowly",
        "Lee Byong-Chol",
    ),
    (
        "South Korean officials said they were closely monitoring the meeting.",
        "they were closely monitoring the meeting",
        "South Korean officials",
    ),
    # when they spoke is not part of who they are; a participle reports for the main subject
    (
        "West African leaders on Sunday gave the junta a week to restore the president, warning "
        "that they "
        "could use force.",
        "they could use force",
        "West African leaders",
    ),
    (
        "Media reports quoted unidentified Western officials as saying Russia hopes to receive "
        "shells.",
        "Russia hopes to receive shells",
        "unidentified Western officials",
    ),
    (
        "Analysts have taken note of the silence. They said China is managing the situation "
        "cautiously.",
        "China is managing the situation cautiously",
        "Analysts",
    ),
    (
        "According to Ambassador MaryKay Carlson, the incident endangered the crew.",
        "the incident endangered the crew",
        "MaryKay Carlson",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), REPORTED)
def test_reported_speech(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert (speaker, words, False) in quotes(facts_of(text))


def test_quote_evidence_points_at_the_quoted_words(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = "Talks began.\n\n“We need to discuss the economy,” Putin told Kim."
    facts = facts_of(text)
    q = next(q for q in facts.quotes if q.direct)
    ev = q.evidence[0]
    assert text[ev.start : ev.end] == "We need to discuss the economy,"
    assert facts.sentences[ev.sentence].paragraph == 1


def test_scare_quotes_after_so_called_are_not_speech(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Critics pointed to the party's so-called “final push” in 2003.")
    assert not [q for q in facts.quotes if q.direct]


def test_a_definite_role_resolves_to_the_person_named_with_it(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Monday.\n\n"
        "“We are ready for talks,” the spokesman said."
    )
    assert ("Dmitry Peskov", "We are ready for talks", True) in quotes(facts_of(text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The African Union condemned the attack. It said the attackers would be found.",
            "African Union",
        ),
        ("Witnesses described panic. They said the gunmen fled on foot.", "Witnesses"),
    ],
)
def test_it_and_they_resolve_to_the_organisation_or_group_that_spoke(
    facts_of, text, speaker
) -> None:  # type: ignore[no-untyped-def]
    assert speaker in [q.speaker for q in facts_of(text).quotes]


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "The African Union issued a statement on Friday, saying the attack was cowardly.",
            "the attack was cowardly",
            "African Union",
        ),
        (
            "Media reports cited unnamed officials as saying the talks had stalled.",
            "the talks had stalled",
            "unnamed officials",
        ),
    ],
)
def test_participle_attributions(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert (speaker, words, False) in quotes(facts_of(text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a colon introduces the quote paragraph below
        (
            "In a statement on Monday, the African Union said:\n\n“The attack will not go "
            "unpunished.”",
            "African Union",
        ),
        # the previous paragraph is about the speaker
        (
            "Nick Kay is the U.N. envoy to Somalia.\n\n“The first I heard of it was a phone call.”",
            "Nick Kay",
        ),
    ],
)
def test_quote_paragraph_takes_its_speaker_from_the_paragraph_before(
    facts_of, text, speaker
) -> None:  # type: ignore[no-untyped-def]
    assert [q.speaker for q in facts_of(text).quotes if q.direct] == [speaker]


# Statements whose speaker is a news outlet or a journalist filing the story are its sourcing:
# text, words of the statement that must not come out as a quote.
SOURCING = [
    (
        "Ukrainian media reported that three drones struck an oil depot near Odesa.",
        "three drones struck an oil depot near Odesa",
    ),
    (
        "State television said the president had signed the decree on Tuesday.",
        "the president had signed the decree on Tuesday",
    ),
    (
        "The Yonhap news agency reported that the missile flew about 300 kilometers.",
        "the missile flew about 300 kilometers",
    ),
    ("North Korea's state news agency KCNA said the test was a success.", "the test was a success"),
    (
        "Reuters reported that the ship was turned back at the border.",
        "the ship was turned back at the border",
    ),
    ("Media reports said the convoy had been hit twice.", "the convoy had been hit twice"),
    (
        "Correspondent Anna Petrova of VOA's Russian Service reported that protesters gathered "
        "outside the court.",
        "protesters gathered outside the court",
    ),
    ("A VOA correspondent in Kabul reported that the market reopened.", "the market reopened"),
    (
        "The talks ended without an agreement, according to state media.",
        "The talks ended without an agreement",
    ),
    (
        "“The launch was a complete success,” the official KCNA news agency said.",
        "The launch was a complete success",
    ),
]


@pytest.mark.parametrize(("text", "words"), SOURCING)
def test_news_sourcing_is_not_a_quote(facts_of, text, words) -> None:  # type: ignore[no-untyped-def]
    assert words not in [q.text for q in facts_of(text).quotes]


# Governments, officials and journalists who are actors keep their statements.
ACTORS = [
    ("Washington contends the sanctions are working.", "the sanctions are working", "Washington"),
    ("Iran has declared it will enrich uranium further.", "it will enrich uranium further", "Iran"),
    (
        "A reporter who was detained in Minsk said he had been beaten in custody.",
        "he had been beaten in custody",
        "reporter",
    ),
    (
        "“We will respond,” Kim Jong Un said, according to state media.",
        "We will respond",
        "Kim Jong Un",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), ACTORS)
def test_actors_statements_are_kept_beside_sourcing(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    assert speaker in [q.speaker for q in facts_of(text).quotes if q.text == words]
