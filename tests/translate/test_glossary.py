"""Name glossaries: coverage, CLDR countries, user overrides, matching inside sentences."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.resources import locales_dir
from briefing.translate.glossary import load_glossary, normalize

# Every person, organisation and place named in examples/vostochny-summit.txt.
SAMPLE_NAMES = [
    "Vladimir Putin",
    "Kim Jong Un",
    "Kim Jong-un",
    "Matthew Miller",
    "Jung Dae-jin",
    "Lee Byong-Chol",
    "Dmitry Peskov",
    "Lee Juhyun",
    "U.S. State Department",
    "State Department",
    "United Nations Security Council",
    "UN Security Council",
    "South Korea’s foreign ministry",
    "Han Peace Institute",
    "Halla University",
    "Kyungnam University",
    "Institute for Far Eastern Studies",
    "Kyungnam University’s Institute for Far Eastern Studies",
    "Kremlin",
    "VOA",
    "Voice of America",
    "Associated Press",
    "Reuters",
    "Russia",
    "North Korea",
    "DPRK",
    "Democratic People’s Republic of Korea",
    "United States",
    "U.S.",
    "South Korea",
    "Ukraine",
    "Vostochny Cosmodrome",
    "Amur region",
    "Pyongyang",
    "Moscow",
    "Korean peninsula",
    "China",
    "Hangzhou",
    "Vladivostok",
    "Asian Games",
]
# Heads of state and government of the G20 members and both Koreas, the UN and its main bodies.
LEADERS_AND_BODIES = [
    "Javier Milei",
    "Anthony Albanese",
    "Luiz Inácio Lula da Silva",
    "Mark Carney",
    "Xi Jinping",
    "Emmanuel Macron",
    "Friedrich Merz",
    "Narendra Modi",
    "Prabowo Subianto",
    "Giorgia Meloni",
    "Shigeru Ishiba",
    "Sanae Takaichi",
    "Claudia Sheinbaum",
    "Mohammed bin Salman",
    "Cyril Ramaphosa",
    "Recep Tayyip Erdogan",
    "Keir Starmer",
    "Donald Trump",
    "Ursula von der Leyen",
    "Lee Jae-myung",
    "Kim Jong Un",
    "António Guterres",
    "United Nations",
    "UN General Assembly",
    "Security Council",
    "Economic and Social Council",
    "Trusteeship Council",
    "International Court of Justice",
    "UN Secretariat",
    "IAEA",
    "World Food Programme",
    "Pentagon",
    "White House",
    "Russian Foreign Ministry",
    "Ministry of Unification",
    "Joint Chiefs of Staff",
    "KCNA",
    "Yonhap",
    "TASS",
    "Xinhua",
]
SCRIPT = {"ko": re.compile(r"[가-힣]"), "ru": re.compile(r"[А-Яа-яЁё]")}


@pytest.mark.parametrize("lang", ["ko", "ru"])
@pytest.mark.parametrize("english", SAMPLE_NAMES + LEADERS_AND_BODIES)
def test_glossary_covers_the_sample_and_world_leaders(lang: str, english: str) -> None:
    form = load_glossary(lang).lookup(english)
    assert form and SCRIPT[lang].search(form), (english, form)


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_every_shipped_entry_is_in_the_target_script(lang: str) -> None:
    data = tomllib.loads((locales_dir() / "glossary" / f"{lang}.toml").read_text(encoding="utf-8"))
    entries = {k: v for table in data.values() for k, v in table.items()}
    assert len(entries) > 200
    assert all(SCRIPT[lang].search(v) for v in entries.values()), [
        v for v in entries.values() if not SCRIPT[lang].search(v)
    ]


def test_ko_and_ru_glossaries_name_the_same_things() -> None:
    keys = {}
    for lang in ("ko", "ru"):
        data = tomllib.loads(
            (locales_dir() / "glossary" / f"{lang}.toml").read_text(encoding="utf-8")
        )
        keys[lang] = {normalize(k) for table in data.values() for k in table}
    assert keys["ko"] == keys["ru"]


@pytest.mark.parametrize(
    ("lang", "english", "expected"),
    [
        ("ko", "Germany", "독일"),
        ("ru", "Germany", "Германия"),  # from CLDR
        ("ko", "Myanmar", "미얀마"),
        ("ru", "Côte d’Ivoire", "Кот-д’Ивуар"),
        ("ko", "South Korea", "한국"),
        ("ru", "South Korea", "Южная Корея"),  # glossary beats CLDR
        ("ru", "North Korea", "Северная Корея"),
        ("ru", "United States", "США"),
        ("ko", "the Kremlin", "크렘린궁"),
        ("ru", "kim jong-un", "Ким Чен Ын"),  # folded lookups
        ("ko", "Nowhere Land", None),
    ],
)
def test_lookup(lang: str, english: str, expected: str | None) -> None:
    assert load_glossary(lang).lookup(english) == expected


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Russian President Vladimir Putin met Kim Jong-un.", ["Vladimir Putin", "Kim Jong-un"]),
        ("Putin told Kim.", ["Putin"]),
        ("the U.S. and South Korea’s foreign ministry", ["U.S.", "South Korea’s foreign ministry"]),
        ("He told us who was there.", []),  # acronyms (US, WHO) match in capitals only
        ("The WHO and the US agreed.", ["WHO", "US"]),
        ("in Russia’s far east", ["Russia", "far east"]),
        ("the Vostochny Cosmodrome", ["Vostochny Cosmodrome"]),
        ("Moscowitz and Pyongyangese", []),  # whole words only
    ],
)
def test_find_in_sentences(sentence: str, found: list[str]) -> None:
    assert [en for en, _ in load_glossary("ru").find(sentence)] == found


def test_user_glossary_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "names.toml"
    user.write_text(
        '[ko]\n"Kim Jong Un" = "김정은 위원장"\n"Zorblat Quimby" = "조블랫 큄비"\n'
        '[ru.people]\n"Zorblat Quimby" = "Зорблат Куимби"\n',
        encoding="utf-8",
    )
    ko, ru = load_glossary("ko", user), load_glossary("ru", user)
    assert ko.lookup("Kim Jong Un") == "김정은 위원장"
    assert ko.lookup("Zorblat Quimby") == "조블랫 큄비"
    assert ru.lookup("Zorblat Quimby") == "Зорблат Куимби"
    assert ru.lookup("Kim Jong Un") == "Ким Чен Ын"
    assert ("Zorblat Quimby", "Зорблат Куимби") in list(ru.find("Zorblat Quimby said so."))
    user.write_text('[ko]\n"Zorblat Quimby" = "큄비"\n', encoding="utf-8")  # edits are picked up
    assert load_glossary("ko", user).lookup("Zorblat Quimby") == "큄비"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('"Kim" = "김"\n', "must be a language table"),
        ("[ko\n", "cannot read glossary"),
        ('[ko]\n"Kim" = 3\n', "must be a string or a table"),
    ],
)
def test_bad_user_glossary_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_glossary("ko", user)


def test_missing_user_glossary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="glossary file not found"):
        load_glossary("ru", tmp_path / "nope.toml")
