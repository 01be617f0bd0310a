"""Organisations vs places, place kinds, country names, nationality adjectives."""

from __future__ import annotations

import pytest

from briefing.extract.lexicon import country, demonym_country, fold, known_place
from briefing.extract.mentions import place_evidence
from briefing.models import PRINT_CONFIDENCE


def places(facts):  # type: ignore[no-untyped-def]
    return {p.name: p.kind for p in facts.places}


def orgs(facts):  # type: ignore[no-untyped-def]
    return [o.name for o in facts.organizations]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Leaders met at the Vostochny Cosmodrome in Russia.", "Vostochny Cosmodrome", "facility"),
        (
            "He landed at Narita International Airport outside Tokyo.",
            "Narita International Airport",
            "facility",
        ),
        ("The talks were held in the Amur region of Russia.", "Amur region", "region"),
        ("The missiles fell near the Korean peninsula.", "Korean peninsula", "region"),
        ("Airstrikes hit targets across the Gaza Strip.", "Gaza Strip", "region"),
        ("The delegation flew to Hangzhou in China.", "Hangzhou", "city"),
        ("Officials in Moscow denied the report.", "Moscow", "city"),
        ("The ministers met in Poland.", "Poland", "country"),
    ],
)
def test_place_kinds(facts_of, text, name, kind) -> None:  # type: ignore[no-untyped-def]
    assert places(facts_of(text)).get(name) == kind


@pytest.mark.parametrize(
    ("text", "standard"),
    [
        ("The U.S. warned against the deal.", "United States"),
        ("The United States warned against the deal.", "United States"),
        ("The UK summoned the ambassador.", "United Kingdom"),
        ("Officials in the DPRK did not respond.", "North Korea"),
    ],
)
def test_countries_get_their_standard_name(facts_of, text, standard) -> None:  # type: ignore[no-untyped-def]
    assert places(facts_of(text)).get(standard) == "country"


def test_north_korea_names_merge_into_one_place(facts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "North Korea fired two missiles. The DPRK said the tests were routine. "
        "The Democratic People's Republic of Korea is under sanctions."
    )
    facts = facts_of(text)
    korea = [p for p in facts.places if p.name == "North Korea"]
    assert len(korea) == 1
    assert {"DPRK", "Democratic People's Republic of Korea"} <= set(korea[0].aliases)
    assert len(korea[0].evidence) == 3


@pytest.mark.parametrize(
    ("text", "adjective"),
    [
        ("Russian officials met Chinese diplomats.", "Russian"),
        ("North Korean artillery shells were shipped.", "North Korean"),
        ("Somali government soldiers fought off the attackers.", "Somali"),
    ],
)
def test_nationality_adjectives_are_not_places(facts_of, text, adjective) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert adjective not in places(facts)
    assert adjective not in orgs(facts)


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("The Kremlin said the talks were useful.", "Kremlin"),
        (
            "A spokesperson from South Korea's foreign ministry said the talks must respect the "
            "law.",
            "South Korea's foreign ministry",
        ),
        ("He teaches at Halla University in South Korea.", "Halla University"),
        ("Fighters loyal to the ZANU-PF party gathered outside.", "ZANU-PF"),
        (
            "The Center for Strategic and International Studies published a report.",
            "Center for Strategic and International Studies",
        ),
    ],
)
def test_institutions_ministries_universities_are_organisations(facts_of, text, org) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert org in orgs(facts)
    assert org not in places(facts)


def test_vague_government_is_not_an_organisation(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The government said the military would respond. The police arrested two men.")
    assert not any(
        o.lower() in {"government", "the government", "military", "police"} for o in orgs(facts)
    )


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        (
            "The Movement for Democratic Change rallied. The MDC said it would march.",
            "Movement for Democratic Change",
            "MDC",
        ),
        (
            "The U.S. State Department issued a warning. The State Department gave no details.",
            "U.S. State Department",
            "State Department",
        ),
        (
            "The United Nations said aid was blocked. The U.N. asked for access.",
            "United Nations",
            "U.N.",
        ),
    ],
)
def test_short_forms_of_organisations_merge(facts_of, text, full, short) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert orgs(facts).count(full) == 1
    assert short not in orgs(facts)


def test_possessive_organisation_names_split_into_owner_and_owned(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Lee works at Kyungnam University's Institute for Far Eastern Studies.")
    assert {"Kyungnam University", "Institute for Far Eastern Studies"} <= set(orgs(facts))


def test_plural_country_mention_is_not_a_place(facts_of) -> None:  # type: ignore[no-untyped-def]
    assert "Koreas" not in places(facts_of("Besides the two Koreas, Japan joined the talks."))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("U.S.", "United States"),
        ("the United States", "United States"),
        ("D.P.R.K.", "North Korea"),
        ("Democratic People’s Republic of Korea", "North Korea"),
        ("Russia", "Russia"),
        ("Moscow", None),
    ],
)
def test_country_lookup(name, expected) -> None:  # type: ignore[no-untyped-def]
    assert country(name) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Russian", "Russia"),
        ("North Korean", "North Korea"),
        ("Zimbabweans", "Zimbabwe"),
        ("Hangzhou", None),
    ],
)
def test_demonyms(word, expected) -> None:  # type: ignore[no-untyped-def]
    assert demonym_country(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong-un", "Kim Jong Un"),
        ("Putin’s", "putin"),
        ("U.N.", "UN"),
        ("‘Al-Shabab’", "'al shabab'"),
    ],
)
def test_fold_makes_variants_equal(a, b) -> None:  # type: ignore[no-untyped-def]
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "ISLAMABAD — Floods have killed at least 1,100 people in Pakistan since June.",
            "Islamabad",
            "city",
        ),
        ("Missiles struck the southern city of Odesa overnight.", "Odesa", "city"),
        ("Lawmakers in Texas passed the bill.", "Texas", "region"),
    ],
)
def test_datelines_places_named_by_type_and_known_regions(facts_of, text, name, kind) -> None:  # type: ignore[no-untyped-def]
    assert places(facts_of(text)).get(name) == kind


def test_a_lone_name_ner_calls_a_person_takes_the_label_it_has_elsewhere(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Al-Shabab claimed the attack. The group said al-Shabab fighters would strike again."
    )
    assert not [p for p in facts.people if "shabab" in p.name.lower()]
    assert any("shabab" in o.lower() for o in orgs(facts))


# ---------------------------------------------------------------------- gazetteers (issue 12)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UAE", "United Arab Emirates"),  # an acronym of the English name
        ("USA", "United States"),
        ("U.K.", "United Kingdom"),  # an alternate spelling in the data
        ("Burma", "Myanmar"),  # another data entry for the same ISO code
        ("Czechia", "Czech Republic"),
        ("Republic of Korea", "South Korea"),  # ISO's "Korea, Republic of", turned round
        ("Wales", None),  # shares the United Kingdom's code, but is a part of it
        ("AS", None),  # acronyms that are English words name no country
        ("us", None),  # an acronym counts only in capitals
    ],
)
def test_country_names_come_from_the_data(name, expected) -> None:  # type: ignore[no-untyped-def]
    assert country(name) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ohio", "region"),  # a US state
        ("Yunnan", "region"),  # a province
        ("Europe", "region"),  # a continent
        ("Kyiv", "city"),
        ("Kiev", "city"),  # an ASCII alternate name of a city
        ("Washington", "city"),  # a state and a city of the same country: the city
        ("Oklahoma", "region"),  # only an alternate name of Oklahoma City: the state
        ("Nerovia", None),
        ("n’t", None),
    ],
)
def test_known_places_and_their_kinds(name, kind) -> None:  # type: ignore[no-untyped-def]
    assert known_place(name) == kind


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Burmese", "Myanmar"), ("Filipinos", "Philippines"), ("Saudi", "Saudi Arabia")],
)
def test_demonyms_from_the_data(word, expected) -> None:  # type: ignore[no-untyped-def]
    assert demonym_country(word) == expected


@pytest.mark.parametrize(
    ("text", "label", "kind", "sure"),
    [
        ("Bolivia", "GPE", "country", True),
        ("Dnipro", "GPE", "city", True),
        ("Tarvik Airport", "FAC", "facility", True),  # a type word
        ("Kessa region", "LOC", "region", True),
        ("Western Europe", "LOC", "region", True),  # a compass word and a known place
        ("Brambleton", "GPE", "city", False),  # NER's label alone: a guess
        ("n’t", "GPE", "city", False),
    ],
)
def test_place_evidence(text, label, kind, sure) -> None:  # type: ignore[no-untyped-def]
    found_kind, confidence = place_evidence(text, label)
    assert found_kind == kind
    assert (confidence >= PRINT_CONFIDENCE) is sure


@pytest.mark.parametrize(
    "text",
    [
        "The envoy met Ruslan Tarkov in Minsk. Tarkov said the talks would go on.",
        "Analysts don’t expect the Ventrix deal to close before June.",
        "A Ukrainian told reporters the convoy had left.",
    ],
)
def test_no_place_is_printed_without_evidence(facts_of, text) -> None:  # type: ignore[no-untyped-def]
    printed = {p.name for p in facts_of(text).places if p.confidence >= PRINT_CONFIDENCE}
    assert printed <= {"Minsk"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guinea and Equatorial Guinea signed the accord.", {"Guinea", "Equatorial Guinea"}),
        ("Troops from Niger crossed into Nigeria.", {"Niger", "Nigeria"}),
    ],
)
def test_a_country_is_not_folded_into_a_longer_name(facts_of, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected <= set(places(facts_of(text)))


def test_a_place_naming_a_body_is_an_organisation(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The Dorset police said the road was closed after the crash.")
    assert "Dorset police" in orgs(facts)


# ---------------------------------------------------------------------- entity types (issue 12)


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("The Blue Horizon lander touched down near the crater on Friday.", "Blue Horizon"),
        ("Engineers said the Maria Castell rover had lost contact.", "Maria Castell"),
        ("The Arthur Penrose program will fund 40 new teachers.", "Arthur Penrose"),
    ],
)
def test_products_vehicles_and_programmes_are_not_people(facts_of, text, thing) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in facts_of(text).people}
    assert thing not in names


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "The Helena Marsh Foundation gave $2 million to the clinic.",
            "Helena Marsh Foundation",
        ),
        ("Visitors queued outside the Tomas Ferreira Museum on Sunday.", "Tomas Ferreira Museum"),
    ],
)
def test_institutions_named_after_people_are_organisations(facts_of, text, org) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    people = {p.name for p in facts.people}
    assert org in orgs(facts) or org in places(facts)
    assert not any(name in org for name in people)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Wildfires spread across the Crestline Mountains overnight.", "Crestline Mountains"),
        ("Storms flooded roads in Alder and Brook counties.", "Alder and Brook counties"),
    ],
)
def test_ranges_and_counties_are_regions_not_organisations(facts_of, text, region) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert region not in orgs(facts)


@pytest.mark.parametrize(
    ("text", "place", "kind"),
    [
        ("The clinic in Lorvale, Nevada, closed last week.", "Lorvale", "city"),
        (
            "She was taken to Marlow General hospital on Monday.",
            "Marlow General hospital",
            "facility",
        ),
        ("Protesters gathered at the Statehouse on Tuesday.", "Statehouse", "facility"),
        (
            "Farmers in the Qinghai-Tibet plateau lost their herds.",
            "Qinghai-Tibet plateau",
            "region",
        ),
    ],
)
def test_places_from_their_context(facts_of, text, place, kind) -> None:  # type: ignore[no-untyped-def]
    found = {p.name: p for p in facts_of(text).places}
    assert place in found
    assert found[place].kind == kind
    assert found[place].confidence >= PRINT_CONFIDENCE


def test_an_untagged_name_after_in_that_a_gazetteer_knows_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    from briefing.extract.document import Layout, parse
    from briefing.extract.mentions import mentions

    text = "The counselor was having lunch with the envoy in Kyiv when the call came."
    layout = Layout.of(parse(text, nlp))
    found = [m for m in mentions(layout, []) if m.text == "Kyiv"]
    assert found and found[0].kind == "place" and found[0].place_kind == "city"


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("The bill passed, but Congress has not funded it.", "Congress"),
        ("The measure stalled in the Senate last year.", "Senate"),
    ],
)
def test_a_legislature_named_by_its_kind_is_an_organisation(facts_of, text, org) -> None:  # type: ignore[no-untyped-def]
    assert org in orgs(facts_of(text))


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        (
            "Acme Gas & Electric Co. raised its rates. ACME said costs had risen.",
            "Acme Gas & Electric Co.",
            "ACME",
        ),
        (
            "Northwind Shipping Corp. cut 200 jobs. NSC blamed weak demand.",
            "Northwind Shipping Corp.",
            "NSC",
        ),
    ],
)
def test_a_company_abbreviation_joins_its_full_name(facts_of, text, full, short) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert short not in orgs(facts)
    entry = next(o for o in facts.organizations if o.name.startswith(full.split()[0]))
    assert short in entry.aliases


@pytest.mark.parametrize(
    ("text", "start", "end", "name"),
    [
        ("Donors backed Reyes’s 2018 campaign.", 2, 5, "Reyes"),
        ("Donors backed Ana Reyes's second run.", 2, 6, "Ana Reyes"),
        ("Donors backed Ana Reyes.", 2, 4, "Ana Reyes"),
    ],
)
def test_a_person_name_ends_at_a_possessive(nlp, text, start, end, name) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    from briefing.extract.mentions import trim

    span = trim(Span(nlp(text), start, end, label="PERSON"))
    assert span is not None and span.text == name


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        # the recogniser tags only the short form
        (
            "The Ohio State Auditor (OSA) is examining the contracts. The OSA declined to comment.",
            "Ohio State Auditor",
            "OSA",
        ),
        # a word the short form leaves out ("State")
        (
            "The Nevada State Gaming Regulator (NGR) fined the casino. A spokesman for the NGR "
            "declined to comment.",
            "Nevada State Gaming Regulator",
            "NGR",
        ),
    ],
)
def test_a_short_form_defined_in_brackets_names_the_organisation(
    facts_of, text, full, short
) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    named = [o for o in facts.organizations if o.name == full]
    assert named and short in named[0].aliases
    assert short not in orgs(facts)


def test_a_country_defined_in_brackets_stays_a_country(facts_of) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("The United Arab Emirates (UAE) said it would respond.")
    assert places(facts).get("United Arab Emirates") == "country"
    assert "United Arab Emirates" not in orgs(facts)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # a storm's name
        ("Storm Odile hit the coast on Sunday, cutting power to thousands.", "Storm Odile", None),
        # a work named by its kind right before it
        ("The film Dark Harbour was cited by the judge.", "Dark Harbour", None),
        # a company's name by its last word
        ("The lawsuit names Varnel Pharma as a defendant.", "Varnel Pharma", "org"),
        (
            "The lawsuit names Dorrick Controls and Varnel Pharma as defendants.",
            "Dorrick Controls",
            "org",
        ),
        # a name beside a noun of a business
        ("The company, Varnel Widgets, was fined.", "Varnel Widgets", "org"),
        ("The retailer, Dana Brook, said sales fell.", "Dana Brook", "org"),
        # a facility's name where a place stands
        (
            "The march began near Albert Bridge and ended at Curzon Square.",
            "Albert Bridge",
            "place",
        ),
    ],
)
def test_names_ner_calls_people_that_name_other_things(facts_of, text, name, kind) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(text)
    assert name not in {p.name for p in facts.people}
    if kind == "org":
        assert name in orgs(facts)
    elif kind == "place":
        assert name in places(facts)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name beside a noun of a person stays one
        ("The man, Tobias Grell, was arrested on Monday.", "Tobias Grell"),
        ("The group's founder, Dana Brook, said sales fell.", "Dana Brook"),
        # a surname like a facility word, where no place stands
        ("The talks were led by Ruth Bridge, a retired judge.", "Ruth Bridge"),
    ],
)
def test_people_beside_person_nouns_stay_people(facts_of, text, name) -> None:  # type: ignore[no-untyped-def]
    assert name in {p.name for p in facts_of(text).people}
