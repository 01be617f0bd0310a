"""Stakes: 3–6 clauses of what is at issue, with evidence, not quotes repeated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.ingest import read_article

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vostochny-summit.txt"


@pytest.fixture(scope="module")
def sample_facts(nlp):  # type: ignore[no-untyped-def]
    from briefing.extract import extract

    return extract(read_article(SAMPLE), nlp=nlp)


def test_three_to_six_stakes_with_evidence(sample_facts) -> None:  # type: ignore[no-untyped-def]
    stakes = sample_facts.stakes
    assert 3 <= len(stakes) <= 6
    text = sample_facts.article.text
    for s in stakes:
        ev = s.evidence[0]
        assert 0 <= ev.start < ev.end <= len(text)


def test_stakes_do_not_repeat_quotes(sample_facts) -> None:  # type: ignore[no-untyped-def]
    quoted = {q.text.strip(" .,").lower() for q in sample_facts.quotes if q.direct}
    assert not [s for s in sample_facts.stakes if s.text.strip(" .,").lower() in quoted]


# One row per stake pattern: text → a stake it must yield, in those words.
PATTERNS = [
    # a rule-breaking verb inside a quote is restated as a noun phrase
    (
        "“Any transfer of arms to Russia would violate Security Council resolutions,” said Matthew "
        "Miller.",
        "Violation of Security Council resolutions by any transfer of arms to Russia",
    ),
    # what a side wants: the object, its possessive named after the side
    (
        "Ankara hopes to buy new fighter jets for its air force.",
        "New fighter jets for Ankara's air force",
    ),
    # … through a reported clause and a raising verb, split from the other side's want
    (
        "Putin met Kim on Wednesday. Officials were quoted as saying Russia hopes to receive "
        "artillery "
        "shells, while Pyongyang appears to want advanced technology for its satellites.",
        "Advanced technology for Pyongyang's satellites",
    ),
    # … or, with no possessive to carry the side, the wanting clause itself
    ("The rebels want a share of oil revenue.", "The rebels want a share of oil revenue"),
    (
        "Flooding has cut roads across the province. Aid groups want the army to open roads to the "
        "worst-hit villages.",
        "Aid groups want the army to open roads to the worst-hit villages",
    ),
    # what would change hands, from the one warned (object control) or who promised
    # (subject control)
    ("Washington has warned Tehran not to send drones to Moscow.", "Drones from Tehran for Moscow"),
    ("Berlin pledged to deliver tanks to Kyiv.", "Tanks from Berlin for Kyiv"),
    (
        "Lee told VOA that Russia will transfer technology to North Korea.",
        "Technology from Russia for North Korea",
    ),
    # risks: a risk noun with what is feared, or with the clause it introduces
    (
        "The clashes have raised fears of a wider war in the region.",
        "Fears of a wider war in the region",
    ),
    ("Concerns grew that the dam could collapse.", "Concerns that the dam could collapse"),
    (
        "The drought threatens to wipe out the harvest.",
        "The drought threatens to wipe out the harvest",
    ),
    # issue phrases (amid, despite, because of) are stakes of their own, apart from their clause
    (
        "Talks resumed in Doha amid threats of new sanctions against the junta.",
        "Threats of new sanctions against the junta",
    ),
    ("Fighting continued despite a U.N.-brokered truce.", "A U.N.-brokered truce"),
    (
        "Tehran refused to attend because of sanctions imposed on its banks.",
        "Sanctions imposed on Tehran's banks",
    ),
    # a change to something at stake, with what changes
    (
        "The rebels seized the airport on Monday. The envoy was not optimistic about a quick "
        "resumption "
        "of peace talks with the rebels.",
        "A quick resumption of peace talks with the rebels",
    ),
    # an open question: what is doubted, with its "whether"
    (
        "Parliament met on Monday. Skeptics question whether the coalition can survive a vote of "
        "confidence.",
        "Whether the coalition can survive a vote of confidence",
    ),
    # what someone is to do: the purpose with its agent
    (
        "Opposition leader Maria Lopez has urged President Juan Ortega to step down and hand over "
        "power to an "
        "interim council to draft a new constitution and hold elections.",
        "An interim council to draft a new constitution and hold elections",
    ),
    # a time with a clause of its own is kept; a condition is not a statement of its own
    (
        "West African leaders on Sunday gave Niger's military junta a week to restore President "
        "Mohamed Bazoum "
        "to power, warning that they could use force if the coup leaders refused.",
        "West African leaders gave Niger's military junta a week to restore President Mohamed "
        "Bazoum to power",
    ),
    # "stopped short of …" keeps its phrase
    (
        "The United States has suspended some aid but has stopped short of calling the takeover a "
        "coup.",
        "The United States has suspended some aid but has stopped short of calling the takeover a "
        "coup",
    ),
    # another name set off by commas is left out; the commas of a list stay
    (
        "The Economic Community of West African States, or ECOWAS, imposed sanctions on Niger.",
        "The Economic Community of West African States imposed sanctions on Niger",
    ),
    (
        "Moscow sold drones to Russia, China, or Iran, officials said.",
        "Drones from Moscow for Russia, China, or Iran",
    ),
    # a pronoun subject is named; times, dates and attributions are left out
    (
        "Pyongyang vowed to give up its program. However, it has refused to return to talks.",
        "Pyongyang has refused to return to talks",
    ),
    (
        "Al-Qaida-linked militants attacked the presidential palace on Friday, officials said.",
        "Al-Qaida-linked militants attacked the presidential palace",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS)
def test_stake_patterns(facts_of, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in [s.text for s in facts_of(text).stakes]


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # vague modifiers do not make a bare noun a stake
        (
            "The truce was due to start on Monday. Both sides have broken several earlier truces.",
            "Several earlier truces",
        ),
        # a quoted clause is not repeated as a stake, even with its pronoun named
        (
            "Nick Kay spoke to the president.\n\n“He wanted to reassure me that he was unharmed.”",
            "Nick Kay wanted to reassure me he was unharmed",
        ),
        # a condition ("if …") is not a statement of its own
        (
            "West African leaders on Sunday gave Niger's military junta a week to restore "
            "President Mohamed "
            "Bazoum to power, warning that they could use force if the coup leaders refused.",
            "The coup leaders refused",
        ),
        # talks held are the news, not what is at issue
        (
            "Troops clashed on the border on Monday. The two leaders later held lengthy talks on "
            "trade in the capital.",
            "Lengthy talks on trade in the capital",
        ),
        # who spoke is not what is at issue
        (
            "Rebels shelled the port on Monday. The defense minister later said:",
            "The defense minister said",
        ),
        # courtesies sent are not something changing hands
        (
            "Gunmen attacked the hotel on Friday. The president sent condolences to the families "
            "of those killed.",
            "Condolences from the president for the families of those killed",
        ),
        # a reaction is news about the story, not what is at issue
        (
            "Rebels shelled the port on Monday. The U.N. chief condemned the attack.",
            "The U.N. chief condemned the attack",
        ),
    ],
)
def test_not_stakes(facts_of, text, unwanted) -> None:  # type: ignore[no-untyped-def]
    assert unwanted not in [s.text for s in facts_of(text).stakes]


def test_sample_stakes_are_short_and_keep_their_source_words(sample_facts) -> None:  # type: ignore[no-untyped-def]
    text = sample_facts.article.text
    for s in sample_facts.stakes:
        assert len(s.text.split()) <= 18
        ev = s.evidence[0]
        source = {w.lower() for w in re.findall(r"\w+", text[ev.start : ev.end])}
        # Every word of the stake comes from its evidence, but the few the frame adds
        # ("violation of … by", "from … for") and names put for pronouns.
        own = {w.lower() for w in re.findall(r"\w+", s.text)} - source
        assert own <= {"violation", "of", "by", "from", "for", "that", "s"} | {
            w.lower()
            for p in sample_facts.people + sample_facts.places
            for w in re.findall(r"\w+", p.name)
        }, s.text


def test_a_short_article_still_gets_stakes_from_its_lead(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Rebels attacked the presidential palace on Friday, threatening a fragile cease-fire."
    )
    assert facts.stakes and facts.stakes[0].evidence[0].sentence == 0


# Issue noun phrases and demands: one row per pattern, text → a stake it must yield.
ISSUE_PHRASES = [
    # a noun of an act with what it is about, whose and over what; a pronoun whose name
    # comes earlier in the phrase reads on its own
    (
        "A plan to impeach President Maria Solano over her decree on the courts has failed.",
        "A plan to impeach President Maria Solano over her decree on the courts",
    ),
    # the parser hangs the noun's own "by" phrase on the verb: it is the noun's
    (
        "The governor is resisting mediation by a retired judge in the land dispute.",
        "Mediation by a retired judge in the land dispute",
    ),
    # people are at issue with what befalls them
    (
        "Rockets fell on the town overnight. Aid groups warned about civilians trapped "
        "by the fighting near the border.",
        "Civilians trapped by the fighting near the border",
    ),
    # what one side urges or calls on another to do, with who is to do it
    (
        "The opposition leader has urged President Jorge Vela to step down and hand over power "
        "to an interim council.",
        "President Jorge Vela to step down and hand over power to an interim council",
    ),
    (
        "Protesters called on the government to release the detained journalists.",
        "The government to release the detained journalists",
    ),
    # a name in apposition to a common noun says who; times on a noun are left out
    (
        "The airline agreed to a rescue by its largest creditor, Norvik Bank, last month.",
        "The airline agreed to a rescue by its largest creditor Norvik Bank",
    ),
    (
        "The inquiry heard the testimony Tuesday of four former ministers.",
        "The testimony of four former ministers",
    ),
    # "that" as a determiner stays; a stretch of time goes as a whole
    (
        "That cheap credit has allowed lenders to avoid painful cuts in a matter of weeks.",
        "That cheap credit has allowed lenders to avoid painful cuts",
    ),
    # a participle keeps the adverb that completes it
    ("Regulators warned about diet pills bought online.", "Diet pills bought online"),
    # a plural-looking country name is "it"
    (
        "The Netherlands hopes it can finish a deal on fishing quotas with Norway.",
        "The Netherlands hopes it can finish a deal on fishing quotas with Norway",
    ),
]


def _candidates(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Return every candidate stake of `text`, chosen or not."""
    from briefing.extract import entities, quotes, speakers, stakes
    from briefing.extract.document import Layout, parse

    layout = Layout.of(parse(text, nlp))
    found = entities.find(layout)
    names = speakers.resolver(layout, found)
    return [c.text for c in stakes.scored(layout, quotes.find(layout, found, names), names)]


@pytest.mark.parametrize(("text", "expected"), ISSUE_PHRASES)
def test_issue_phrases(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in _candidates(nlp, text)


# Fragments and non-issues: text → a stake it must not yield.
@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a possessive with no one named for it, a verb without its object
        (
            "The ministry unveiled its plan to reduce emissions on Monday. Its plan to reduce "
            "them drew criticism.",
            "Its plan to reduce them",
        ),
        # a group of people is an actor, not an issue
        ("Delegates for Vienna met the minister on Monday.", "Delegates for Vienna"),
        (
            "Four senior officials testified on Tuesday about the contract.",
            "Four senior officials",
        ),
        # who someone is, set off by commas, is a description
        (
            "Lena Brandt, long an advocate of direct democracy, spoke at the rally.",
            "Long an advocate of direct democracy",
        ),
        # a relative clause lifted out of its noun has lost its object
        (
            "The meeting Rafael Ortiz wanted with the minister never happened.",
            "Rafael Ortiz wanted with the minister",
        ),
        # a bare intransitive says nothing
        ("The meeting came amid a row over fishing rights.", "The meeting came"),
        # what is not there is not at issue
        (
            "Jets struck the port on Monday. There were no immediate reports of casualties "
            "from the strikes.",
            "No immediate reports of casualties from the strikes",
        ),
        # a feeling's "to" phrase says who feels it, not what about
        (
            "The vote is of particular concern to the White House.",
            "Particular concern to the White House",
        ),
        # a role stated with "is" is who someone is
        (
            "Talks stalled over the border. Anna Berg is the U.N. special envoy to the region.",
            "Anna Berg is the U.N. special envoy to the region",
        ),
        # the noun of a complex preposition: "in exchange for …"
        (
            "The rebels vowed to free the hostages in exchange for security guarantees.",
            "Exchange for security guarantees",
        ),
        # how a verb's act was done is not part of its object
        (
            "The party tried to rally support by saying turnout was low.",
            "Support by saying turnout was low",
        ),
        # a bare participle after its noun, then the verb: a garden path
        (
            "A curfew order issued banned all gatherings in the capital.",
            "A curfew order issued banned all gatherings in the capital",
        ),
        # a kind of place said of a named place is where, not what is at issue
        (
            "Nine people drowned when a boat capsized near the coastal town of Marenza in Italy.",
            "The coastal town of Marenza in Italy",
        ),
        (
            "Floods cut roads in the province of Limburg on Sunday, officials said.",
            "The province of Limburg",
        ),
        # a participle read as the verb, with the real verb after the comma
        (
            "A group of doctors, alarmed that the agency is refusing vaccines to detainees, "
            "is urging the ministry to act.",
            "A group of doctors alarmed the agency is refusing vaccines to detainees",
        ),
    ],
)
def test_not_issue_phrases(facts_of, text, unwanted) -> None:  # type: ignore[no-untyped-def]
    assert unwanted not in [s.text for s in facts_of(text).stakes]


def _phrase(nlp, text: str, root_word: str, level: int = 0):  # type: ignore[no-untyped-def]
    from briefing.extract.compress import Phrase, collect

    doc = nlp(text)
    root = next(t for t in doc if t.text == root_word)
    return Phrase([collect(root, level)])


@pytest.mark.parametrize(
    ("text", "root", "reads"),
    [
        ("The rebels want a share of oil revenue.", "want", True),
        ("A quick resumption of peace talks with the rebels", "resumption", True),
        # a possessive pronoun with no name before it in the phrase
        ("Its plan to cut taxes was shelved.", "plan", False),
        # … and with one
        ("A bid to oust Mayor Ana Ruiz over her budget stalled.", "bid", True),
        # "hundreds of them": the pronoun's own phrase is not its antecedent
        ("Hundreds of them lined the streets.", "lined", False),
    ],
)
def test_reads_alone(nlp, text, root, reads) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract.compress import reads_alone

    assert reads_alone(_phrase(nlp, text, root)) is reads


def test_stakes_read_on_their_own(sample_facts) -> None:  # type: ignore[no-untyped-def]
    """No stake of the sample ends on a function word or carries an unnamed pronoun."""
    for s in sample_facts.stakes:
        words = s.text.split()
        assert words[-1].lower() not in {"the", "a", "of", "to", "and", "or", "in", "for"}, s.text
        assert not {w.lower() for w in words} & {"its", "their", "his", "her", "them"}, s.text


def test_words_of_the_headline_raise_a_stake(nlp) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract import stakes
    from briefing.extract.document import Layout, parse

    layout = Layout.of(
        parse(
            "Farmers blocked roads in the north on Monday. The ministry published a plan for "
            "new rail links to the coast. Farmers oppose a proposed tax on diesel fuel.",
            nlp,
        )
    )

    def score(headline: frozenset[str]) -> float:
        found = stakes.scored(layout, [], None, headline)
        return next(c.score for c in found if "diesel" in c.text)

    assert score(stakes.headline_words("Farmers protest diesel tax")) > score(frozenset())


def test_stakes_about_one_side_need_not_be_alike(nlp) -> None:  # type: ignore[no-untyped-def]
    """Redundancy is judged on what a stake says, not on the names it shares."""
    from briefing.extract import stakes
    from briefing.extract.compress import Phrase

    doc = nlp("Ruritania faces sanctions. Ruritania seeks a loan from the fund.")
    one = stakes.Candidate(Phrase([list(doc[0:3])]), "clause", 1.0, 0)
    two = stakes.Candidate(Phrase([list(doc[4:11])]), "clause", 1.0, 1)
    assert not stakes._alike(one, two)
    assert stakes._keys(one) & stakes._keys(two) == set()


# Issue 12, second pass: candidates the rules add, one row per pattern (text → a candidate).
MORE_CANDIDATES = [
    # a participle of wanting names the side with what it wants
    (
        "Police raided the offices of separatist groups seeking to split the province from the "
        "country.",
        "Separatist groups seeking to split the province from the country",
    ),
    # a demand inside a quote is restated with who is to act
    (
        "“We advise residents not to drink tap water until further notice,” the utility said in a "
        "statement.",
        "Residents not to drink tap water",
    ),
    # "pleaded with X to …", which the parser reads as a purpose
    (
        "The union pleaded with the ministry to reverse its decision to close rural clinics.",
        "The ministry to reverse its decision to close rural clinics",
    ),
    # a passive act named by the noun the article itself uses for it
    (
        "Three journalists were released on Friday in an exchange of prisoners. Their release "
        "ended a long standoff.",
        "Release of three journalists in an exchange of prisoners",
    ),
    # … with the article's preposition
    (
        "A convoy of aid trucks was attacked near the border. The attack on the convoy drew "
        "wide condemnation.",
        "Attack on a convoy of aid trucks near the border",
    ),
    # … or, for a verb of a public issue, a regular noun the word index knows
    (
        "The mayor of Port Alba was impeached by the city council on Monday.",
        "Impeachment of the mayor of Port Alba by the city council",
    ),
    ("Five reservists were killed in the ambush.", "Killing of five reservists in the ambush"),
    # what a side calls for, named as a demand; a measure threatened, named as a threat
    ("Protesters called for the minister's resignation.", "Calls for the minister's resignation"),
    (
        "The European Union threatened new tariffs on steel imports.",
        "Threats of new tariffs on steel imports from the European Union",
    ),
    # … but what is threatened is at risk
    (
        "The rebels threatened the fragile truce in the north.",
        "Threat to the fragile truce from the rebels",
    ),
    # an adverb that changes what a clause says stays, and so does a verb's particle
    (
        "The minister barely survived a vote of confidence on Tuesday.",
        "The minister barely survived a vote of confidence",
    ),
    (
        "The council rolled back its ban on street vendors after a week of protests.",
        "The council rolled back its ban on street vendors",
    ),
    # a comparative keeps what it compares with, and a noun after a possessive is no apposition
    (
        "The city now spends more on police overtime than it pays for schools, parks or "
        "children's libraries.",
        "The city spends more on police overtime than it pays for schools, parks or "
        "children's libraries",
    ),
    # "how" is what the concern is about
    (
        "Farmers raised concerns about how the new tariffs would hurt grain exports.",
        "Concerns about how the new tariffs would hurt grain exports",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MORE_CANDIDATES)
def test_more_candidates(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in _candidates(nlp, text)


# Phrases that must not be candidates: misreadings, and frames that do not apply.
@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a question that lost its wh-word
        ("Where do the peace talks go from here?", "Do the peace talks go from here"),
        # a second verb after "and" misread as an adjective of the next noun
        (
            "Ivo Brandt wrote for a website promoting free speech and opposing censorship that "
            "was founded by his brother.",
            "Free speech and opposing censorship",
        ),
        # a comparative without what it compares with, or a "than" without its comparative
        (
            "The city now spends more on police overtime than it pays for schools.",
            "The city spends more on police overtime",
        ),
        (
            "The city now spends more on police overtime than it pays for schools.",
            "Police overtime than it pays for schools",
        ),
        # the sentence's verb read as a participle of a noun, or as what a purpose states
        (
            "The union's threat to halt trains to win higher pay stranded thousands of commuters.",
            "Higher pay stranded thousands of commuters",
        ),
        (
            "The union's threat to halt trains to win higher pay stranded thousands of commuters.",
            "Trains to win higher pay stranded thousands of commuters",
        ),
        (
            "The council's readiness to turn to loans to maintain services bankrupted the city.",
            "Loans to maintain services bankrupted the city",
        ),
        (
            "The council's readiness to turn to loans to maintain services bankrupted the city.",
            "Services bankrupted the city",
        ),
        # a purpose is not who is urged to act
        ("The envoy urged restraint to avoid a wider war.", "Restraint to avoid a wider war"),
        # a warning not to hand something over is a transfer at stake (see PATTERNS)
        (
            "Washington has warned Tehran not to send drones to Moscow.",
            "Tehran not to send drones to Moscow",
        ),
        # people are not what is called for; a verb with an object is not "press for"
        ("Activists called for Ortiz at the rally.", "Calls for Ortiz"),
        (
            "The family pressed charges against the driver for the crash.",
            "Pressure for the crash",
        ),
        # a measure threatened is no threat to it
        (
            "The European Union threatened new tariffs on steel imports.",
            "Threat to new tariffs on steel imports from the European Union",
        ),
        # a reaction, in the words reports use for one
        (
            "The senator slammed the government's plan to raise taxes on fuel.",
            "The senator slammed the government's plan to raise taxes on fuel",
        ),
    ],
)
def test_not_candidates(nlp, text, unwanted) -> None:  # type: ignore[no-untyped-def]
    assert unwanted not in _candidates(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "The hostages were not released on Friday.",  # what did not happen
        "The report was based on interviews with farmers.",  # "basement" is another word
        "The patient was taken to hospital on Monday.",  # "take" is no act noun
        "Fears were fuelled by rumours of a devaluation.",  # "fuel" is not an issue verb
        "The two suspects were handed over to the police.",  # a phrasal verb
        "The ministers were charged with fraud.",  # "charge … with" has no noun form
        "Ali Reza was named envoy to the talks.",  # a complement: what he became
        # the parse may take a date for what was released
        "Two nurses who had been held in the north since 2018 were released on Monday in a swap "
        "for three prisoners.",
    ],
)
def test_no_act_noun_where_none_fits(nlp, text) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract import stakes
    from briefing.extract.document import Layout, parse

    layout = Layout.of(parse(text, nlp))
    wrong = [c.text for c in stakes.scored(layout, [], None) if c.kind == "event"]
    if "were released on Monday" in text:
        wrong = [w for w in wrong if "2018" in w]
    assert not wrong


@pytest.mark.parametrize(
    ("text", "verb", "act"),
    [
        ("The mayor was impeached.", "impeached", ("impeachment", "of")),
        ("Troops were withdrawn from the city.", "withdrawn", ("withdrawal", "of")),
        ("The talks were suspended.", "suspended", ("suspension", "of")),
        ("Two men were arrested.", "arrested", ("arrest", "of")),
        # the article's own noun and preposition come first
        ("The aid was delayed. The delay of the aid angered donors.", "delayed", ("delay", "of")),
        (
            "The depot was shelled. The shelling of the depot went on.",
            "shelled",
            ("shelling", "of"),
        ),
        ("The plan was reviewed. A review into the plan began.", "reviewed", ("review", "into")),
        # no noun is guessed for a verb of no public issue
        ("The contract was signed.", "signed", None),
        ("The report was based on interviews.", "based", None),
    ],
)
def test_act_noun(nlp, text, verb, act) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract import stakes
    from briefing.extract.document import Layout, parse

    layout = Layout.of(parse(text, nlp))
    tok = next(t for t in layout.doc if t.text == verb)
    assert stakes.act_noun(tok, stakes.Namer(layout, None)) == act


def test_act_nouns_need_the_pipelines_word_index(nlp) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract.document import known_nouns, parse

    nouns = known_nouns(parse("The mayor was impeached.", nlp))
    assert {"impeachment", "withdrawal", "release"} <= nouns
    assert "impeach" not in nouns
    assert known_nouns(nlp("A doc parsed elsewhere.")) == frozenset()


CROSSHEADS = """The council voted on Monday to close two hospitals in the east of Port Alba.

Unions want the council to delay the closures until a review of emergency care is done.

Shortages of nurses deepen the crisis

Both hospitals have struggled with shortages of nurses for a decade.

“It is a sad day,” said Ana Ruiz.

(Reporting by Ivo Brandt)
"""


def test_crossheads_are_short_paragraphs_that_are_not_prose(nlp) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract import stakes
    from briefing.extract.document import Layout, parse

    layout = Layout.of(parse(CROSSHEADS, nlp))
    assert stakes.crossheads(layout) == ["Shortages of nurses deepen the crisis"]


def test_words_of_crossheads_count_as_the_headlines(nlp) -> None:  # type: ignore[no-untyped-def]
    """A subheading names what its section is about, as the headline does for the story."""
    from briefing.extract import stakes
    from briefing.extract.document import Layout, parse

    layout = Layout.of(parse(CROSSHEADS, nlp))
    words = stakes.story_headline(layout, "Port Alba to close two hospitals")
    assert {"shortages", "nurses", "hospitals"} <= words

    def score(headline: frozenset[str]) -> float:
        found = stakes.scored(layout, [], None, headline)
        return next(c.score for c in found if c.text.startswith("Both hospitals"))

    assert score(words) > score(stakes.headline_words("Port Alba to close two hospitals"))
