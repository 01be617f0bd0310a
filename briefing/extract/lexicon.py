"""Language data for extraction: reporting verbs, titles, demonyms, country names.

Kept apart from the rules, textacy-style, so the lists can grow without touching the logic.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..models import PlaceKind

# Verbs that introduce speech, direct or reported ("X said", "X told Y that ...").
REPORTING_VERBS = frozenset(
    """
    say tell add state announce claim argue warn note explain insist declare report write
    suggest contend assert acknowledge admit deny stress emphasize emphasise urge reply respond
    comment remark predict vow pledge promise confirm recall observe conclude maintain reiterate
    indicate accuse complain concede caution ask quote cite testify allege estimate reveal
    tweet post announce counter retort
    """.split()
)

# Verbs whose subject owns words quoted inside their clause ("called it “a new dawn”").
SPEECH_ACTS = REPORTING_VERBS | frozenset(
    "call term describe dub label brand condemn praise welcome hail denounce decry".split()
)

# Reporting verbs whose clause complement is reported speech ("said (that) ...").
INDIRECT_VERBS = frozenset(
    """
    say tell add state announce claim argue warn note explain insist declare report write
    suggest contend assert acknowledge admit deny stress emphasize emphasise reply respond
    predict confirm recall observe conclude maintain reiterate indicate concede caution
    testify allege estimate reveal tweet post counter retort
    """.split()
)

# Pronouns a speaker is named by: one person ("he said"), a group ("they said").
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})

# Nouns that name a role or office; a name modified by one of these has that role.
TITLE_WORDS = frozenset(
    """
    president vice-president leader spokesman spokeswoman spokesperson minister secretary
    secretary-general director professor correspondent reporter chairman chairwoman chair
    chairperson envoy ambassador official chief head commander premier chancellor king queen
    prince princess emperor senator governor mayor analyst researcher editor ceo founder
    co-founder deputy representative adviser advisor aide lawmaker legislator congressman
    congresswoman judge justice attorney lawyer prosecutor economist scholar fellow diplomat
    negotiator officer executive pope cardinal bishop archbishop general colonel lieutenant
    captain sergeant admiral marshal dictator ruler monarch strongman correspondent anchor
    journalist columnist producer manager administrator coordinator commissioner councillor
    councilman councilwoman speaker whip candidate nominee rapporteur inspector investigator
    expert scientist researcher historian author writer activist campaigner organizer dean
    rector lecturer teacher student doctor physician surgeon general-secretary superintendent
    treasurer president-elect mp member cleric imam rabbi pastor priest sheikh spokesmen
    """.split()
)

# Honorifics dropped from names and kept as aliases ("Mr. Mugabe").
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame rev gen col lt sgt capt adm sen rep gov pres".split()
)

# Common nouns heading an organisation ("South Korea's foreign ministry", "Kyungnam University").
ORG_NOUNS = frozenset(
    """
    ministry department agency university institute parliament council commission committee
    assembly congress senate court bank party union federation association organization
    organisation foundation corporation company group office bureau service kremlin
    center centre initiative program programme fund council network academy school college
    """.split()
)

# Heads of a place name that make it a facility ("Vostochny Cosmodrome", "Narita Airport").
FACILITY_WORDS = frozenset(
    """
    cosmodrome spaceport airport airbase base port harbor harbour palace villa station plant
    reactor dam bridge stadium square hospital prison camp embassy consulate compound complex
    facility site launchpad mine refinery terminal
    """.split()
)

# Heads of a place name that make it a region ("Amur region", "Korean peninsula").
REGION_WORDS = frozenset(
    """
    region province state territory peninsula strip oblast krai county district prefecture
    valley basin coast island islands bank heights desert sea gulf shoal reef atoll river
    lake mountains strait
    """.split()
)

# Lower-case heads of unnamed government bodies ("South Korea's foreign ministry").
GOVT_NOUNS = frozenset({"ministry", "department", "agency"})

# Buildings that stand for the institution inside them: organisations, not places.
INSTITUTIONS = frozenset({"kremlin", "white house", "pentagon", "blue house", "elysee", "élysée"})

# Short forms of organisations merged into their full names.
ORG_ALIASES = {
    "un": "United Nations",
    "u n": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "nato": "NATO",
    "au": "African Union",
}

# Words that with an organisation noun make only a kind of body ("Foreign Ministry").
GENERIC_ORG_WORDS = frozenset(
    """
    foreign defense defence interior finance health justice education trade economy
    supreme constitutional national state central security intelligence armed forces
    military high federal general election electoral
    """.split()
)

# Landforms that a nationality adjective can name ("Korean peninsula", "Arabian Sea").
LANDFORM_WORDS = frozenset(
    "peninsula coast sea gulf strait island islands desert valley basin plateau mountains".split()
)

# Lower-case heads after an untagged group name ("ZANU-PF party").
GROUP_NOUNS = frozenset(
    "party faction movement militia coalition alliance front group organization network".split()
)

# Sub-national regions often in the news, which NER tags like cities (GPE).
KNOWN_REGIONS = frozenset(
    w.replace("-", " ")
    for w in """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada new-hampshire new-jersey
    new-mexico north-carolina north-dakota ohio oklahoma oregon pennsylvania
    rhode-island south-carolina south-dakota tennessee texas utah vermont virginia washington-state
    west-virginia wisconsin wyoming
    crimea donbas donbass donetsk luhansk kherson zaporizhzhia kashmir tigray amhara afar
    oromia darfur xinjiang tibet hong-kong gaza west-bank golan sinai kurdistan balochistan
    punjab sindh khyber-pakhtunkhwa mindanao aceh papua rakhine shan kachin chechnya dagestan
    siberia catalonia scotland wales quebec ontario
    """.split()
)

# Vague mentions that are never organisations on their own.
VAGUE_ORGS = frozenset({"government", "the government", "military", "the military", "police"})

# Country names and their usual variants, mapped to one standard name.
COUNTRY_ALIASES = {
    "u.s.": "United States",
    "us": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "united states of america": "United States",
    "the united states": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "dprk": "North Korea",
    "d.p.r.k.": "North Korea",
    "democratic people's republic of korea": "North Korea",
    "the democratic people's republic of korea": "North Korea",
    "rok": "South Korea",
    "r.o.k.": "South Korea",
    "republic of korea": "South Korea",
    "prc": "China",
    "p.r.c.": "China",
    "people's republic of china": "China",
    "uae": "United Arab Emirates",
    "u.a.e.": "United Arab Emirates",
    "russian federation": "Russia",
    "burma": "Myanmar",
    "cote d'ivoire": "Ivory Coast",
    "czechia": "Czech Republic",
    "holland": "Netherlands",
    "the netherlands": "Netherlands",
    "vatican": "Vatican City",
    "palestine": "Palestinian territories",
    "türkiye": "Turkey",
    "turkiye": "Turkey",
    "drc": "Democratic Republic of the Congo",
    "dr congo": "Democratic Republic of the Congo",
    "timor-leste": "East Timor",
}

# Standard names where CLDR's display name is not the one news copy uses.
STANDARD_COUNTRY = {
    "TR": "Turkey",
    "MM": "Myanmar",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "PS": "Palestinian territories",
    "HK": "Hong Kong",
    "MO": "Macau",
    "VA": "Vatican City",
    "SZ": "Eswatini",
    "TL": "East Timor",
    "CV": "Cape Verde",
}

# Nationality adjectives and plural nouns mapped to their country (for affiliations).
DEMONYMS = {
    "afghan": "Afghanistan",
    "albanian": "Albania",
    "algerian": "Algeria",
    "american": "United States",
    "angolan": "Angola",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "armenian": "Armenia",
    "australian": "Australia",
    "austrian": "Austria",
    "azerbaijani": "Azerbaijan",
    "bahraini": "Bahrain",
    "bangladeshi": "Bangladesh",
    "belarusian": "Belarus",
    "belgian": "Belgium",
    "bolivian": "Bolivia",
    "bosnian": "Bosnia and Herzegovina",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "bulgarian": "Bulgaria",
    "burmese": "Myanmar",
    "burundian": "Burundi",
    "cambodian": "Cambodia",
    "cameroonian": "Cameroon",
    "canadian": "Canada",
    "chadian": "Chad",
    "chilean": "Chile",
    "chinese": "China",
    "colombian": "Colombia",
    "congolese": "Democratic Republic of the Congo",
    "croatian": "Croatia",
    "cuban": "Cuba",
    "cypriot": "Cyprus",
    "czech": "Czech Republic",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "ecuadorian": "Ecuador",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "eritrean": "Eritrea",
    "estonian": "Estonia",
    "ethiopian": "Ethiopia",
    "filipino": "Philippines",
    "finnish": "Finland",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "ghanaian": "Ghana",
    "greek": "Greece",
    "guatemalan": "Guatemala",
    "haitian": "Haiti",
    "honduran": "Honduras",
    "hungarian": "Hungary",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "irish": "Ireland",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kenyan": "Kenya",
    "kuwaiti": "Kuwait",
    "kyrgyz": "Kyrgyzstan",
    "lao": "Laos",
    "laotian": "Laos",
    "latvian": "Latvia",
    "lebanese": "Lebanon",
    "liberian": "Liberia",
    "libyan": "Libya",
    "lithuanian": "Lithuania",
    "malaysian": "Malaysia",
    "malian": "Mali",
    "mexican": "Mexico",
    "moldovan": "Moldova",
    "mongolian": "Mongolia",
    "moroccan": "Morocco",
    "mozambican": "Mozambique",
    "namibian": "Namibia",
    "nepali": "Nepal",
    "nepalese": "Nepal",
    "new zealand": "New Zealand",
    "nicaraguan": "Nicaragua",
    "nigerian": "Nigeria",
    "nigerien": "Niger",
    "north korean": "North Korea",
    "norwegian": "Norway",
    "omani": "Oman",
    "pakistani": "Pakistan",
    "palestinian": "Palestinian territories",
    "panamanian": "Panama",
    "paraguayan": "Paraguay",
    "peruvian": "Peru",
    "philippine": "Philippines",
    "polish": "Poland",
    "portuguese": "Portugal",
    "qatari": "Qatar",
    "romanian": "Romania",
    "russian": "Russia",
    "rwandan": "Rwanda",
    "saudi": "Saudi Arabia",
    "senegalese": "Senegal",
    "serbian": "Serbia",
    "singaporean": "Singapore",
    "slovak": "Slovakia",
    "slovenian": "Slovenia",
    "somali": "Somalia",
    "south african": "South Africa",
    "south korean": "South Korea",
    "south sudanese": "South Sudan",
    "spanish": "Spain",
    "sri lankan": "Sri Lanka",
    "sudanese": "Sudan",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "syrian": "Syria",
    "taiwanese": "Taiwan",
    "tajik": "Tajikistan",
    "tanzanian": "Tanzania",
    "thai": "Thailand",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "turkmen": "Turkmenistan",
    "ugandan": "Uganda",
    "ukrainian": "Ukraine",
    "uruguayan": "Uruguay",
    "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela",
    "vietnamese": "Vietnam",
    "yemeni": "Yemen",
    "zambian": "Zambia",
    "zimbabwean": "Zimbabwe",
}

_FOLD_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Fold `text` for comparison: case, curly quotes, hyphens, dots and possessives."""
    text = unicodedata.normalize("NFKD", text).translate(_FOLD_QUOTES).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"'s\b|'$", "", text)
    text = re.sub(r"[-‐‑–—_]", " ", text)
    text = text.replace(".", "")
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Map folded country names from the CLDR (via Babel) to their standard names."""
    from babel import Locale

    names: dict[str, str] = {}
    for code, label in Locale("en").territories.items():
        # Babel lists regions too ("001" World, "150" Europe); countries have letter codes.
        if code.isalpha() and len(code) == 2 and code not in {"EU", "EZ", "UN", "QO", "XA", "XB"}:
            standard = STANDARD_COUNTRY.get(code) or _plain(label)
            names[fold(label)] = standard
            names[fold(_plain(label))] = standard
            names[fold(standard)] = standard
    for alias, label in COUNTRY_ALIASES.items():
        names[fold(alias)] = label
    return names


def _plain(label: str) -> str:
    """Turn CLDR display names into news style: "Bosnia & Herzegovina" → "… and …"."""
    label = re.sub(r"\s*\(.*?\)", "", label).replace(" SAR China", "").replace(" & ", " and ")
    return label.replace("St. ", "Saint ")


def country(name: str) -> str | None:
    """Return the standard country name for `name` ("U.S." → "United States"), else None."""
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    return _countries().get(key)


def demonym_country(word: str) -> str | None:
    """Return the country of a nationality adjective or noun ("Russian" → "Russia")."""
    key = fold(word)
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key.endswith("s") and key[:-1] in DEMONYMS:  # "Somalis", "Zimbabweans"
        return DEMONYMS[key[:-1]]
    return None


# Verbs that say what a side wants, threatens or risks (stakes).
STAKE_VERBS = frozenset(
    """
    want hope seek demand urge push press need aim try vow pledge offer refuse reject
    violate breach threaten endanger undermine risk jeopardize defy ban prohibit sanction
    warn fear restore protect defend resume negotiate oppose insist overhaul step resign
    impose lift suspend freeze invade intervene seize annex
    investigate charge arrest detain prosecute impeach indict sue kill attack release free
    withdraw cut raise fund spend tax borrow owe default
    """.split()
)

# Nouns that name what is at issue: conflicts, rules, risks, goals (stakes).
STAKE_NOUNS = frozenset(
    """
    war attack attacks conflict violence escalation cease-fire ceasefire truce peace talks
    negotiations deal agreement treaty sanctions sanction resolution resolutions ban law
    constitution election elections vote referendum sovereignty security stability
    prosperity democracy rights freedom weapons weapon nuclear missile missiles arms
    munitions shells technology aid assistance support control power resignation
    transition government protests crackdown insurgency fears fear concerns concern risk
    threat threats warnings warning test tests program programme cooperation controversy
    dispute crisis tension tensions standoff confrontation survival lives civilians casualties
    territory border independence legitimacy opposition airstrike airstrikes strike strikes
    rocket rockets bombing shelling offensive invasion occupation blockade siege fighting clashes
    raid raids hostages force intervention coup takeover
    investigation inquiry probe charges charge trial verdict arrest detention custody prosecution
    impeachment indictment lawsuit fraud corruption scandal testimony crime killing killings
    murder terrorism extremism insurrection treason censorship
    outbreak epidemic pandemic disease infection vaccine vaccines vaccination quarantine death
    deaths injuries safety health
    debt deficit budget tax taxes spending funding pay wages prices inflation rates interest jobs
    cuts layoffs bankruptcy rescue bailout investment trade tariffs economy recession shortage
    relations alliance ties diplomacy mediation settlement release swap withdrawal
    reform policy rule rules regulation regulations plan plans proposal bill legislation
    succession refusal legitimacy accountability
    climate emissions pollution drought flood floods wildfire wildfires famine hunger energy oil
    gas fuel blackout migration refugees asylum deportation housing rent eviction poverty
    unemployment education schools tuition strike strikes union unions privacy surveillance
    cyberattack hacking disinformation discrimination racism abuse harassment immigration
    question questions problem problems dispute restructuring crisis crises protest money funds
    """.split()
)

# Adjectives that say what a side is willing or unwilling to do (stakes).
STAKE_ADJECTIVES = frozenset(
    "reluctant willing unwilling eager determined ready prepared opposed committed".split()
)

# Nouns heading a news outlet or its output ("Russian media", "state television").
MEDIA_NOUNS = frozenset(
    """
    media newspaper newspapers paper daily tabloid broadcaster broadcasters outlet outlets
    television tv radio press newswire magazine
    """.split()
)

# Heads that name a news outlet only with a news word before them ("the state news agency",
# "a wire service", "media reports"); alone they may be any agency or report.
MEDIA_QUALIFIED = frozenset("agency agencies service services report reports".split())
MEDIA_QUALIFIERS = frozenset("news press wire media newspaper".split())

# People whose reporting is a story's sourcing ("correspondent X reported that …").
JOURNALIST_NOUNS = frozenset(
    "correspondent correspondents reporter reporters journalist journalists stringer".split()
)

# Wire services and broadcasters that news copy cites by name.
MEDIA_OUTLETS = frozenset(
    name.strip()
    for name in """
    reuters|ap|associated press|afp|agence france presse|xinhua|tass|itar tass|ria novosti|ria|
    interfax|yonhap|kcna|korean central news agency|kyodo|jiji|nhk|bbc|cnn|al jazeera|voa|
    voice of america|bloomberg|dpa|ansa|efe|anadolu|irna|fars|tasnim|sana|wafa|pti|bernama|
    antara|upi|nbc|abc|cbs|fox news|sky news|france 24|rfi|dw|deutsche welle|rfe rl|
    radio free europe|radio free asia|rfa|cctv|cgtn|global times|rt|sputnik|isna|mena
    """.split("|")
)

# Last words that make a name a news outlet ("The Washington Post", "Korea JoongAng Daily").
MEDIA_NAME_ENDS = frozenset(
    """
    times post journal herald gazette tribune telegraph news press television tv radio
    broadcasting daily chronicle newspaper media newswire
    """.split()
)

# Verbs with which an outlet, rather than an actor, speaks: the story's sourcing.
NEWS_VERBS = frozenset(
    "report say write add state note broadcast publish air carry quote cite claim".split()
)
# Verbs with which a journalist files a story ("correspondent X reported that …").
FILING_VERBS = frozenset("report write broadcast file".split())


def is_media_name(name: str) -> bool:
    """Tell whether `name` is a news outlet ("Reuters", "Yonhap news agency", "The Times")."""
    words = fold(name).removeprefix("the ").split()
    if not words:
        return False
    if " ".join(words) in MEDIA_OUTLETS:
        return True
    if words[-1] in ("agency", "service") and len(words) >= 2 and words[-2] in MEDIA_QUALIFIERS:
        return True
    return len(words) >= 2 and words[-1] in MEDIA_NAME_ENDS


# ---------------------------------------------------------------------- stakes

# Conjunctions that join a second statement to a sentence ("…, while Pyongyang wants …").
CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though", "as", "but"})
# Verbs of doubt: what they question is at issue ("question whether X can …").
DOUBT_VERBS = frozenset("question doubt wonder ask debate".split())
# Reactions: who condemned or welcomed what is news about the story, not what is at issue.
REACTION_VERBS = frozenset(
    "condemn praise welcome hail denounce decry express thank congratulate applaud mourn".split()
)
# Verbs whose complement is a risk: "threatens to destabilize", "fear (that) … could escalate".
RISK_VERBS = frozenset("threaten risk fear endanger jeopardize".split())
# Modifiers that do not say what kind of thing is at issue ("several earlier truces").
VAGUE_MODIFIERS = frozenset(
    """
    several many few some other earlier previous later recent latest such more further last
    first second third next new current same any all each both various numerous
    """.split()
)
# Verbs by which one side presses another to act: "urged X to step down", "called on X to …".
DEMAND_VERBS = frozenset("urge call press ask demand push pressure order force implore".split())
# Verbs whose object is what their subject wants.
WANT_VERBS = frozenset("want hope seek need demand aim wish request crave covet desire".split())
# Verbs of getting: "hopes to receive X" wants X.
GET_VERBS = frozenset("receive get obtain acquire secure win gain buy import keep".split())
# What is sent without anything being at stake: "sent condolences to the families".
COURTESY_NOUNS = frozenset(
    """
    condolence condolences message greeting congratulation congratulations thanks regards letter
    invitation
    """.split()
)
# Verbs by which something changes hands: "provide munitions to Russia" → "munitions for Russia".
TRANSFER_VERBS = frozenset("provide supply send sell give deliver transfer ship export".split())
# Rule-breaking and threatening verbs restated as nouns, so a quote is not repeated verbatim.
NOMINALIZATIONS = {
    "violate": ("violation of", "by"),
    "breach": ("breach of", "by"),
    "threaten": ("threat to", "from"),
    "undermine": ("undermining of", "by"),
    "endanger": ("danger to", "from"),
    "jeopardize": ("risk to", "from"),
    "defy": ("defiance of", "by"),
}
# Nouns that name a risk; their phrase says what is feared.
RISK_NOUNS = frozenset(
    "fear concern worry risk threat danger possibility prospect warning alarm".split()
)
# Prepositions whose object is what a story is about ("amid warnings …", "over the vote").
ISSUE_PREPS = frozenset({"amid", "over", "despite", "because", "due"})
# Meetings: at stake only through a change to them ("a resumption of talks").
MEETING_NOUNS = frozenset("talks negotiations summit meeting".split())
# Nouns of a change whose object is at stake: "a resumption of six-way talks".
CHANGE_NOUNS = frozenset(
    """
    resumption return restoration withdrawal release end lifting suspension collapse breakdown
    extension renewal implementation removal easing tightening expansion
    """.split()
)
# Nouns naming goals and rules that are at stake when a phrase names them with modifiers.
GOAL_NOUNS = frozenset(
    """
    peace prosperity security stability sovereignty democracy freedom rights resolution
    resolutions sanction sanctions agreement treaty deal cease-fire ceasefire truce constitution
    election elections talks negotiations program programme test tests control
    """.split()
)
# Nouns for people or bodies: actors in a story, at issue only with what befalls them.
ACTOR_NOUNS = frozenset(
    """
    people person man woman child family resident member citizen voter worker delegate
    supporter protester demonstrator soldier troop police lawmaker participant witness victim
    patient individual source group crowd team side party country nation state government
    administration authority agency company firm official leader staff colleague friend
    critic opponent ally rival partner parliament congress senate court council assembly
    legislature cabinet ministry military army forces troops gunmen militants rebels insurgents
    advocate investors donors
    """.split()
)
# Nouns that only measure a stretch of time: "in a matter of weeks", "a span of days".
SPAN_NOUNS = frozenset("matter span course space couple period stretch".split())
# Nouns that say when, not what: "the time Yoon declared martial law".
WHEN_NOUNS = frozenset("time day moment year week month hour night morning period era".split())
# Prepositions that complete a noun of an act ("mediation by", "scrutiny over", "sanctions
# on"); not "into" or "from", which mostly say where to ("fired missiles into the sea").
NOUN_PREPS = frozenset("by of against over on about between".split())
# Nouns of complex prepositions: "in exchange for", "on behalf of", "in the wake of".
PREP_NOUNS = frozenset(
    "exchange favour favor response addition front behalf light wake spite place view terms".split()
)
# Nouns of a feeling, whose "to"/"for" phrase says who feels it ("of concern to Washington").
FEELING_NOUNS = frozenset("concern worry alarm anxiety unease".split())
# Nouns naming a share of something: "part of X", "the majority of X" are about X.
PART_NOUNS = frozenset(
    "part majority minority number rest half share lot most some other others one".split()
)
# Pronouns that name no one by themselves: a clause's subject among them needs its antecedent.
PRONOUNS = frozenset("he she it they we i you this that these those who which".split())


# ---------------------------------------------------------------------- roles

# Verbs that state a role in a relative clause ("Jane Doe, who heads the agency").
LEADING_VERBS = frozenset("head lead chair run direct command represent advise".split())
# Prepositions that tie a name to its organisation ("Lee Byong-Chol from Kyungnam University").
AFFILIATION_PREPS = frozenset({"of", "from", "at", "with", "for"})
# Honorifics that tell a person's gender, for resolving "he" and "she".
FEMALE_HONORIFICS = frozenset({"ms", "mrs", "miss", "madam", "dame"})
MALE_HONORIFICS = frozenset({"mr", "sir"})


# ---------------------------------------------------------------------- places

# Directions: "the North" alone is a direction or a shorthand, too vague for a place.
COMPASS_WORDS = frozenset("north south east west northeast northwest southeast southwest".split())
# Words that introduce a place by its type ("the southern city of Odesa"), and that type.
PLACE_TYPES: dict[str, PlaceKind] = {
    "city": "city",
    "town": "city",
    "port": "city",
    "village": "city",
    "capital": "city",
    "province": "region",
    "region": "region",
    "district": "region",
    "state": "region",
    "island": "region",
    "county": "region",
}


# ---------------------------------------------------------------------- phrases

# Prepositions that give a clause's circumstances ("amid warnings …", "because of sanctions"):
# asides of the clause, phrases of their own.
ASIDE_PREPS = frozenset({"amid", "despite", "because", "due"})
# Prepositions that situate a clause in time ("soon after the attack"); on a verb they are asides.
TIME_PREPS = frozenset("after before during since until following ahead prior".split())
# Adverbs a short phrase keeps: they change what it says ("no longer", "only").
KEEP_ADVERBS = frozenset({"not", "never", "n't", "no", "only", "longer", "more", "less"})
# Possessive pronouns and the kind of owner each stands for ("its" → a country or a group).
POSSESSIVE_PRONOUNS = {"its": "thing", "their": "plural", "his": "person", "her": "person"}


# ---------------------------------------------------------------------- dates

# Modals of the future: a weekday governed by "will meet" is ahead of the article date.
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})  # "wo" as in "wo n't"
# Present-tense frames whose complement is still to come ("is due to vote on Friday").
FUTURE_FRAMES = frozenset(
    "due expect schedule set plan slate poise intend prepare go aim propose".split()
)
# Words before or around a weekday that point ahead ("next Tuesday", "ahead of Friday's vote").
AHEAD_WORDS = frozenset({"next", "coming", "upcoming", "ahead", "pending"})
# Day words counted from the article date.
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
# Parts of a day that a weekday may name with it ("Monday evening", "Tuesday night's").
DAY_PARTS = frozenset("morning afternoon evening night day midday noon midnight".split())
# Prepositions after which a date only bounds a span, never dates the news ("since April 25",
# "by Friday"). Not "until": "had not met until Wednesday" says they met on Wednesday.
SPAN_PREPS = frozenset({"since", "through", "by", "before", "from"})
