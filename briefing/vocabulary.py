"""The domain's vocabulary: languages, layouts, formats, paper sizes, PDF variants, locales.

Settings are validated with these types, the CLI builds its choices from them, and render,
translate and the digest branch on them: adding a language or a layout starts here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

from .errors import BriefingError, ExitCode

Lang = Literal["en", "ko", "ru"]
LANGS: tuple[Lang, ...] = get_args(Lang)
SOURCE_LANG: Lang = "en"  # articles are read, and briefs composed, in English
TARGET_LANGS: tuple[Lang, ...] = tuple(lang for lang in LANGS if lang != SOURCE_LANG)

Layout = Literal["brief", "handout", "bilingual"]
LAYOUTS: tuple[Layout, ...] = get_args(Layout)

Format = Literal["md", "pdf"]
FORMATS: tuple[Format, ...] = get_args(Format)

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = get_args(Paper)

PdfVariant = Literal["ua-1", "a-3u"]
PDF_VARIANTS: tuple[PdfVariant, ...] = get_args(PdfVariant)

Device = Literal["auto", "cpu", "cuda"]  # where CTranslate2 runs; auto: CUDA if it sees a GPU
DEVICES: tuple[Device, ...] = get_args(Device)

# Babel formats dates and numbers by locale; plain "en" would be Babel's generic English.
_BABEL_LOCALES: dict[str, str] = {"en": "en_US"}

NEEDS_TARGET = "the bilingual layout needs a target language, e.g. --lang en,ko"


def babel_locale(lang: str) -> str:
    """Return the Babel locale that formats dates and numbers for `lang`."""
    return _BABEL_LOCALES.get(lang, lang)


def document_langs(layout: str, langs: Iterable[str]) -> list[str]:
    """Return the languages of `langs` that get a document of their own in `layout`.

    A bilingual document sets English beside a translation, so there is no English-only one:
    `--layout bilingual --lang en,ko` makes one document, the Korean one (with English in it).
    """
    if layout == "bilingual":
        return [lang for lang in langs if lang != SOURCE_LANG]
    return list(langs)


def check_layout_langs(layout: str, langs: Iterable[str]) -> None:
    """Refuse (usage error) languages that give no document in `layout`: bilingual with only en."""
    if not document_langs(layout, langs):
        raise BriefingError(NEEDS_TARGET, ExitCode.USAGE)


def document_tag(lang: str, layout: str) -> str:
    """Name the part of a document's file name after the slug: 'ko', 'handout.ko' or 'en-ko'.

    So <slug>.ko.pdf (brief), <slug>.handout.ko.pdf and <slug>.en-ko.pdf can share a folder.
    """
    if layout == "bilingual":
        return f"{SOURCE_LANG}-{lang}"
    if layout == "handout":
        return f"handout.{lang}"
    return lang
