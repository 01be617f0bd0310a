"""Gettext catalogs: every message in the templates has a Korean and a Russian translation."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
import typing
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from briefing.i18n import LABELS, gettext_label, po_path, translations
from briefing.models import PlaceKind

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["ko", "ru"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _template_messages() -> dict[str, tuple[str, ...]]:
    """Extract messages the way `pybabel extract -F babel.cfg -k N_` does."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        ids = tuple(message) if isinstance(message, tuple) else (message,)
        found[ids[0]] = ids
    return found


MESSAGES = _template_messages()


def test_templates_have_messages() -> None:
    assert {"Bottom line", "Who", "Where", "When", "country"} <= set(MESSAGES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_a_translation_with_the_same_placeholders(lang: str) -> None:
    with open(po_path(lang), "rb") as fh:
        catalog = read_po(fh)
    assert not catalog.fuzzy  # a fuzzy header would drop the plural rules
    missing, broken = [], []
    for msgid, ids in MESSAGES.items():
        message = catalog.get(ids[0])
        strings = message.string if message is not None else None
        strings = list(strings) if isinstance(strings, tuple) else [strings]
        if message is None or message.fuzzy or not all(strings):
            missing.append(msgid)
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        broken.extend((msgid, s) for s in strings if set(PLACEHOLDER.findall(s)) != wanted)
    assert not missing, f"{lang}: untranslated template messages: {missing}"
    assert not broken, f"{lang}: placeholders differ: {broken}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_place_kind_label_is_translated(lang: str) -> None:
    kinds = typing.get_args(PlaceKind)
    assert set(kinds) <= set(LABELS)
    for kind in kinds:
        label = gettext_label(lang, kind)
        assert label and label != kind


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("ru", 1, "1 материал"),
        ("ru", 3, "3 материала"),
        ("ru", 11, "11 материалов"),
        ("ru", 22, "22 материала"),
        ("ko", 1, "기사 1건"),
        ("ko", 7, "기사 7건"),
    ],
)
def test_plural_rules_come_from_the_catalog_header(lang: str, n: int, expected: str) -> None:
    assert (
        translations(lang).ngettext("%(num)d story", "%(num)d stories", n) % {"num": n} == expected
    )


def test_english_and_unknown_languages_get_null_translations() -> None:
    assert type(translations("en")) is gettext.NullTranslations
    assert type(translations("xx")) is gettext.NullTranslations
    assert gettext_label("en", "city") == "city"
    assert gettext_label("ko", "no such label") is None


def test_catalog_edits_are_read_without_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import i18n as catalog

    po = tmp_path / "ko" / "LC_MESSAGES" / "briefing.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Who"\nmsgstr "누구"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalog, "locales_dir", lambda: tmp_path)
    assert translations("ko").gettext("Who") == "누구"
    po.write_text(po.read_text(encoding="utf-8").replace("누구", "인물"), encoding="utf-8")
    os.utime(po, (po.stat().st_atime, po.stat().st_mtime + 5))
    assert translations("ko").gettext("Who") == "인물"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "2023년 9월 13일"),
        ("ru", "13 сентября 2023\u202fг."),
        ("en", "September 13, 2023"),
    ],
)
def test_dates_with_babel(lang: str, expected: str) -> None:
    from briefing.i18n import format_date

    assert format_date(dt.date(2023, 9, 13), lang) == expected
