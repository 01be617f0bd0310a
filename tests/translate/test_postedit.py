"""Glossary names put into translated sentences: Korean particles, Russian case endings."""

from __future__ import annotations

import pytest

from briefing.translate.postedit import (
    apply_names,
    final_consonant,
    fix_particle,
    has_form,
    particle_for,
)


@pytest.mark.parametrize(
    ("word", "final"),
    [
        ("푸틴", 4),
        ("모스크바", 0),
        ("서울", 8),
        ("김정은", 4),
        ("평양", 21),
        ("UN", 4),
        ("IAEA", 0),
        ("G20", 21),
        ("BRICS", 0),
        ("NATO", 0),
        ("푸틴 대통령", 21),
        ("", None),
        ("Путин", None),
    ],
)
def test_final_consonant(word: str, final: int | None) -> None:
    assert final_consonant(word) == final


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        ("푸틴", "는", "은"),
        ("푸틴", "가", "이"),
        ("푸틴", "를", "을"),
        ("푸틴", "와", "과"),
        ("모스크바", "은", "는"),
        ("모스크바", "이", "가"),
        ("모스크바", "을", "를"),
        ("모스크바", "과", "와"),
        ("평양", "로", "으로"),
        ("모스크바", "으로", "로"),
        ("서울", "으로", "로"),  # ㄹ takes 로
        ("블라디보스토크", "라고", "라고"),
        ("김정은", "라고", "이라고"),
        ("유엔", "나", "이나"),
        ("UN", "가", "이"),
        ("NATO", "이", "가"),
        ("푸틴", "의", "의"),
    ],
)
def test_particle_for(word: str, particle: str, expected: str) -> None:
    assert particle_for(word, particle) == expected


@pytest.mark.parametrize(
    ("word", "rest", "expected"),
    [
        ("푸틴", "는 말했다.", "은 말했다."),
        ("모스크바", "은 거부했다", "는 거부했다"),
        ("푸틴", "와의 회담", "과의 회담"),  # a particle followed by another particle
        ("평양", "로부터", "으로부터"),
        ("푸틴", "이다.", "이다."),  # the copula is not the subject particle: left alone
        ("모스크바", "이번 주", "이번 주"),  # a following word, not a particle
        ("푸틴", " 대통령은", " 대통령은"),  # the particle belongs to the next word
    ],
)
def test_fix_particle(word: str, rest: str, expected: str) -> None:
    assert fix_particle(word, rest) == expected


@pytest.mark.parametrize(
    ("output", "pairs", "expected"),
    [
        # Korean: the model wrote its own rendering; the glossary form goes in, particles agree.
        (
            "푸치니는 김정운과 만났다.",
            [("푸치니", "푸틴"), ("김정운", "김정은")],
            "푸틴은 김정은과 만났다.",
        ),
        (
            "보스토치니 코스모드롬을 방문했다.",
            [("보스토치니 코스모드롬", "보스토치니 우주기지")],
            "보스토치니 우주기지를 방문했다.",
        ),
        ("모스코가 평양으로 보냈다.", [("모스코", "모스크바")], "모스크바가 평양으로 보냈다."),
        ("모스콘이 말했다", [("모스콘", "모스크바")], "모스크바가 말했다"),
        (
            "푸틴 대통령은 말했다.",
            [("푸틴", "푸틴")],
            "푸틴 대통령은 말했다.",
        ),  # same form: untouched
        ("김은 말했다.", [("김", "김정은")], "김은 말했다."),  # one syllable: too risky to replace
        ("북한푸치니는", [("푸치니", "푸틴")], "북한푸치니는"),  # inside another word: untouched
    ],
)
def test_apply_names_korean(output: str, pairs: list[tuple[str, str]], expected: str) -> None:
    assert apply_names(output, pairs, "ko") == expected


@pytest.mark.parametrize(
    ("output", "pairs", "expected"),
    [
        # The model declined its own rendering; the glossary form takes the same case ending.
        (
            "Переговоры Ким Чен Уна и Путина.",
            [("Ким Чен Ун", "Ким Чен Ын")],
            "Переговоры Ким Чен Ына и Путина.",
        ),
        ("встреча с Ким Чен Уном", [("Ким Чен Ун", "Ким Чен Ын")], "встреча с Ким Чен Ыном"),
        ("Ким Чен Ун сказал", [("Ким Чен Ун", "Ким Чен Ын")], "Ким Чен Ын сказал"),
        ("заявил Дмитрий Пескoв", [("Дмитрий Пескoв", "Дмитрий Песков")], "заявил Дмитрий Песков"),
        ("из Москвы", [("Москва", "Москва")], "из Москвы"),  # same form: untouched
        ("из Пхёньяна", [("Пхёньян", "Пхеньян")], "из Пхеньяна"),
        # The glossary form cannot take the model's endings: the model's words stay.
        ("в Амурском регионе", [("Амурский регион", "Амурская область")], "в Амурском регионе"),
        (
            "Амурский регион граничит",
            [("Амурский регион", "Амурская область")],
            "Амурская область граничит",
        ),
        ("у Владимира Путена", [("Владимир Путен", "Владимир Путин")], "у Владимира Путина"),
        (
            "сказал Путину",
            [("Путин", "Владимир Путин")],
            "сказал Владимир Путину",
        ),  # last word declines
    ],
)
def test_apply_names_russian(output: str, pairs: list[tuple[str, str]], expected: str) -> None:
    assert apply_names(output, pairs, "ru") == expected


@pytest.mark.parametrize(
    ("output", "form", "lang", "present"),
    [
        ("Путина встретил Ким", "Путин", "ru", True),
        ("в России", "Россия", "ru", True),
        ("в Южной Корее", "Южная Корея", "ru", True),
        ("в Корее", "Южная Корея", "ru", False),
        ("푸틴은 말했다", "푸틴", "ko", True),
        ("김정은과 푸틴", "김정은", "ko", True),
        ("북한김정은", "김정은", "ko", False),
    ],
)
def test_has_form(output: str, form: str, lang: str, present: bool) -> None:
    assert has_form(output, form, lang) is present
