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


def test_a_quote_continued_over_paragraphs_is_one_quote_per_paragraph(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ana Ruiz said the bridge “will reopen in May.\n\n“Nobody wants another winter of detours.”"
    )
    direct = [(q.speaker, q.text) for q in facts_of(text).quotes if q.direct]
    assert direct == [
        ("Ana Ruiz", "will reopen in May."),
        ("Ana Ruiz", "Nobody wants another winter of detours."),
    ]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("“One.\n\n“Two,” she said.", ["One.", "Two"]),
        ("“One, two,” she said.", ["One, two"]),
        ('“One.\n\n"Two.\n\n“Three.”', ["One.", "Two.", "Three."]),
    ],
)
def test_paragraph_pieces_drop_the_reopening_marks(text, pieces) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract.quotemarks import paragraph_pieces, piece_text

    found = [piece_text(text, a, b) for q in scan(text) for a, b in paragraph_pieces(text, q)]
    assert found == pieces


# Names, handles and titles in quotation marks are not speech; neither is a term set off in a
# sentence where nobody speaks.
NOT_SPEECH = [
    ("The ministry renamed its account “truthcheckNZ” last week.", "truthcheckNZ"),
    ("The group said it had renamed its account “factwatch_24”.", "factwatch_24"),
    ("Fans sang “Born Under Northern Skies” as the team arrived.", "Born Under Northern Skies"),
    ("The rally ended outside the “Glass House” compound in the capital.", "Glass House"),
    ("Critics dubbed her “Lady Gold” during the campaign.", "Lady Gold"),
    ("A brass band opened the parade with “We Will Not Go Quietly”.", "We Will Not Go Quietly"),
    (
        "Crews loaded crates of caustic “cleaning salts” onto the barge on Monday.",
        "cleaning salts",
    ),
]


@pytest.mark.parametrize(("text", "words"), NOT_SPEECH)
def test_names_titles_and_terms_in_quotation_marks_are_not_quotes(facts_of, text, words) -> None:  # type: ignore[no-untyped-def]
    assert words not in [q.text for q in facts_of(text).quotes]


SPEECH = [
    ("“Enough,” the minister said.", "Enough", "minister"),
    ("“Never Again!” the mayor said.", "Never Again!", "mayor"),
    ("Rita Vance called the ruling a “disgrace.”", "disgrace.", "Rita Vance"),
    (
        "Officials said crews loaded crates of “cleaning salts” onto the barge.",
        "cleaning salts",
        "Officials",
    ),
    ("Ana Ruiz said: “Lights Out.”", "Lights Out.", "Ana Ruiz"),
]


@pytest.mark.parametrize(("text", "words", "speaker"), SPEECH)
def test_short_quotes_with_a_speaker_stay_quotes(facts_of, text, words, speaker) -> None:  # type: ignore[no-untyped-def]
    found = {q.text: q.speaker for q in facts_of(text).quotes if q.direct}
    assert found.get(words) == speaker


# Reported speech: what the clause is, where it ends, and when there is none.
CLAUSES = [
    # "warning that", "saying in a statement that it “…”": partly quoted clauses
    (
        "The Harbor Authority issued a statement on Monday, warning that the dam “could fail "
        "within days.”",
        "the dam “could fail within days.”",
    ),
    (
        "The airline apologized on Friday, saying in a statement that it “deeply regrets the "
        "delays.”",
        "it “deeply regrets the delays.”",
    ),
    # a clause that opens with a quotation and goes on outside it
    (
        "Harbour chief Lena Park wrote in her report, “The repairs were rushed” in the weeks "
        "before the storm.",
        "“The repairs were rushed” in the weeks before the storm",
    ),
    # the clause's own "that" goes, a conditional stays
    (
        "The union said that unless wages rose it would strike in March.",
        "unless wages rose it would strike in March",
    ),
    # a time phrase opening the clause goes, a subject that names a time stays
    ("Officials said on Monday the talks would resume.", "the talks would resume"),
    (
        "Critics say decades of building on flood plains made the damage worse.",
        "decades of building on flood plains made the damage worse",
    ),
    # another attribution ends it
    (
        "The ferry company said all passengers were accounted for and the coast guard said it had "
        "towed the ship to port.",
        "all passengers were accounted for",
    ),
    (
        "While the ministry says the water is safe, it also concedes that some wells are polluted.",
        "the water is safe",
    ),
    # the writer's aside, consequence or account of the speaker ends it
    (
        "The council said it would meet again in June, amid protests over the new road.",
        "it would meet again in June",
    ),
    (
        "The coach wrote on her website that the players had been paid late, prompting an inquiry "
        "by the league.",
        "the players had been paid late",
    ),
    (
        "Ramos said he had read the report and criticized the ministry for its delays.",
        "he had read the report",
    ),
    (
        "Captain Ito said the crew had followed every rule, as he left the inquiry.",
        "the crew had followed every rule",
    ),
    # the parse hung the clause elsewhere
    (
        "Rosa Diaz, who leads the nurses' union, told a crowd that filled the square that the "
        "talks were over.",
        "the talks were over",
    ),
    (
        "The organizers said 9,000 tickets sold within an hour.",
        "9,000 tickets sold within an hour",
    ),
    # interrupted by its attribution: the whole sentence
    (
        "The new tariff, say analysts, will raise prices for farmers.",
        "The new tariff, say analysts, will raise prices for farmers",
    ),
    (
        "The delay, Ms. Park said, was caused by a strike at the port.",
        "The delay, Ms. Park said, was caused by a strike at the port",
    ),
]


@pytest.mark.parametrize(("text", "words"), CLAUSES)
def test_reported_clauses(facts_of, text, words) -> None:  # type: ignore[no-untyped-def]
    assert words in [q.text for q in facts_of(text).quotes if not q.direct]


@pytest.mark.parametrize(
    "text",
    [
        # wholly quoted: only the direct quote
        "“We are relieved,” Lena Park said.",
        # the statement is the quotation after the dash
        "Mayor Lena Park softened her tone on Monday — “We will find the money,” she said.",
    ],
)
def test_quoted_clauses_are_not_repeated_as_reported_speech(facts_of, text) -> None:  # type: ignore[no-untyped-def]
    assert [q.direct for q in facts_of(text).quotes] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "The agency did not say how many people were evacuated.",
        "The minister declined to say whether the talks would resume.",
        "The mayor tried to claim that the fire was an accident.",
        "The survey data suggest that most voters oppose the plan.",
        "The statistics agency estimates that exports fell by a tenth.",
        "The governor will announce that the schools are closing.",
    ],
)
def test_no_statement_is_reported(facts_of, text) -> None:  # type: ignore[no-untyped-def]
    assert facts_of(text).quotes == []


def test_a_person_suggesting_is_speaking(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Health minister Ana Lima suggested that the clinic could reopen in June.")
    assert ("Ana Lima", "the clinic could reopen in June", False) in quotes(facts)


def test_a_claim_according_to_a_source_is_kept_below_the_print_threshold(facts_of) -> None:  # type: ignore[no-untyped-def]
    from briefing.models import PRINT_CONFIDENCE

    facts = facts_of("The ship sank in calm seas, according to a coast guard official.")
    claim = next(q for q in facts.quotes if q.text == "The ship sank in calm seas")
    assert claim.speaker == "coast guard official"
    assert claim.confidence < PRINT_CONFIDENCE


def test_a_final_attribution_the_parse_hung_inside_the_clause(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Once the fire was out, two workers were treated at the scene, guards and nurses said."
    )
    reported = [(q.speaker, q.text) for q in facts.quotes if not q.direct]
    assert reported == [
        ("guards and nurses", "Once the fire was out, two workers were treated at the scene")
    ]


@pytest.mark.parametrize(
    ("text", "words", "printed"),
    [
        # said, told, testified, added, wrote, warned: the statement as made
        ("Officials said the bridge was unsafe.", "the bridge was unsafe", True),
        ("The agency warned that the river could flood.", "the river could flood", True),
        ("Dr. Ana Lima testified that the records were altered.", "the records were altered", True),
        # claimed, insisted, admitted, announced: the writer's framing, kept but not printed
        ("The firm claimed that its books were in order.", "its books were in order", False),
        ("Ana Lima insisted that the plan was legal.", "the plan was legal", False),
        (
            "City officials admitted that the pumps had failed twice.",
            "the pumps had failed twice",
            False,
        ),
    ],
)
def test_framing_verbs_keep_reported_speech_below_the_print_threshold(
    facts_of, text, words, printed
) -> None:  # type: ignore[no-untyped-def]
    from briefing.models import PRINT_CONFIDENCE

    found = {q.text: q.confidence for q in facts_of(text).quotes if not q.direct}
    assert (found[words] >= PRINT_CONFIDENCE) is printed


@pytest.mark.parametrize(
    ("text", "words", "kept"),
    [
        (
            "She writes for ‘Northern Lights’, a small literary journal, from her home.",
            "Northern Lights",
            False,
        ),
        ("“Lights Out”, the mayor said.", "Lights Out", True),
    ],
)
def test_a_comma_after_the_mark_is_speech_only_before_an_attribution(
    facts_of, text, words, kept
) -> None:  # type: ignore[no-untyped-def]
    assert (words in [q.text for q in facts_of(text).quotes]) is kept


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the clause of a relative clause with a gap is no statement
        (
            "The operators announced plans to automate two terminals, a move the union says "
            "would cost 800 jobs.",
            None,
        ),
        # a verb joined to a clause about someone else stays in it
        (
            "Judge Ana Wells said Kamau had betrayed the trust of millions and showed no remorse.",
            "Kamau had betrayed the trust of millions and showed no remorse",
        ),
    ],
)
def test_clause_subjects_decide_what_is_reported(facts_of, text, words) -> None:  # type: ignore[no-untyped-def]
    reported = [q.text for q in facts_of(text).quotes if not q.direct]
    assert reported == ([words] if words else [])
