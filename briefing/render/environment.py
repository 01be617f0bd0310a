"""The Jinja2 environment shared by all layouts: i18n, date filters, Markdown escaping."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup

from ..i18n import format_date, translations
from ..io import one_line
from ..models import Evidence, Text, article_letter, source_count
from ..resources import templates_dir
from ..vocabulary import SOURCE_LANG

# Characters that Markdown (or raw HTML inside Markdown) would treat as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(?=\s|$)")
# "[s42]", or a story's "[B7]", after _MD_SPECIAL has escaped its brackets.
_MARKER_LOOKALIKE = re.compile(r"\\\[\s*([a-zA-Z]{1,3}\s*\d+)\s*\\\]")


def escape_markdown(value: Any) -> str:
    """Escape text so it renders as literal text in Markdown, never as markup or HTML.

    Control characters are dropped, and text that looks like an evidence marker ("[s42]" in
    an article) is written with character references, so that it never reads or is styled
    as one of ours (`render.markdown` styles only the real " [s4]").
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = one_line(str(value))  # no newline can start a new block
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MARKER_LOOKALIKE.sub(r"&#91;\1&#93;", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def evidence_marker(evidence: list[Evidence] | None) -> Markup:
    """Render evidence as sentence markers (1-based for readers).

    One article: its first sentence, ' [s4]'. A story: a sentence of each article that
    supports the fact, article letter first, ' [A3] [B7]'.
    """
    if not evidence:
        return Markup("")
    if evidence[0].article is None:
        return Markup(f" [s{evidence[0].sentence + 1}]")
    return Markup(
        "".join(
            f" [{article_letter(e.article)}{e.sentence + 1}]"
            for e in evidence
            if e.article is not None
        )
    )


def article_letters(evidence: list[Evidence] | None) -> str:
    """Name the articles of a story that the evidence points into: 'A, C'."""
    found = dict.fromkeys(e.article for e in evidence or [] if e.article is not None)
    return ", ".join(article_letter(i) for i in sorted(found))


def localized_date(value: dt.date | None, lang: str, fmt: str = "long") -> str:
    """Format a date for the locale (13 September 2023, 2023년 9월 13일, 13 сентября 2023 г.)."""
    if value is None:
        return ""
    return format_date(value, lang, fmt)


class Pair(str):
    """A string in the target language that also carries its English original as `.en`.

    The bilingual layout's `_()` and `date` return these, so a template writes one message
    and shows both sides: `{{ h }}` and `{{ h.en }}`.
    """

    en: str

    def __new__(cls, text: str, en: str) -> Pair:
        obj = super().__new__(cls, text)
        obj.en = en
        return obj


def english(value: Text | str | None) -> str:
    """Return the English original of a translated Text (its own text when never translated)."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.source if value.source is not None else value.text
    return getattr(value, "en", str(value))


@functools.cache
def language_name(code: str) -> str:
    """Name a language in itself: English, 한국어, Русский."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@functools.cache
def _loader() -> jinja2.BaseLoader:
    return jinja2.FileSystemLoader(str(templates_dir()))


def environment(lang: str, *, markdown: bool, bilingual: bool = False) -> jinja2.Environment:
    """Make an environment for `lang`; Markdown templates escape every output as Markdown text.

    With `bilingual`, `_()` and the `date` filter return a `Pair` carrying the English text too.
    """
    env = jinja2.Environment(
        loader=_loader(),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        finalize=escape_markdown if markdown else None,
    )
    catalog = translations(lang)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = lambda d, fmt="long": localized_date(d, lang, fmt)
    env.filters["en"] = english
    env.filters["letters"] = article_letters
    env.globals["ev"] = evidence_marker
    env.globals["source_count"] = source_count
    env.globals["letter"] = article_letter
    env.globals["lang"] = lang
    env.globals["language_name"] = language_name
    if bilingual:

        def pair_gettext(message: str, **variables: Any) -> Pair:
            # Catalog messages are trusted text; escaping happens when the Pair is output.
            return Pair(catalog.gettext(message) % variables, message % variables)

        env.globals["gettext"] = pair_gettext  # `_` resolves "gettext" at call time
        env.filters["date"] = lambda d, fmt="long": Pair(
            localized_date(d, lang, fmt), localized_date(d, SOURCE_LANG, fmt)
        )
    return env
