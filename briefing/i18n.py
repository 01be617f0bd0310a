"""Human-written UI text and locale rules: gettext catalogs, and dates formatted by Babel.

Catalogs are read from `locales/<lang>/LC_MESSAGES/briefing.po`, compiled in memory with Babel
when first used, so there are no .mo files to go stale. The renderer installs them in Jinja2's
i18n extension; the translate stage uses them for `label` texts (such as place kinds).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import lru_cache
from pathlib import Path

from .resources import locales_dir
from .vocabulary import SOURCE_LANG, babel_locale

DOMAIN = "briefing"


def N_(message: str) -> str:  # noqa: N802 - the gettext marker name pybabel looks for
    """Mark a message for extraction without translating it now."""
    return message


# What a story's sources can disagree on, as "Where sources differ" names it.
DIFFERENCE_LABELS = {
    "dead": N_("Number of dead"),
    "injured": N_("Number of injured"),
    "amount": N_("Amount"),
    "date": N_("Day of the event"),
    "speaker": N_("Who said it"),
}
# What an amount of money is of (stories.figures finds these beside the amount).
AMOUNT_LABELS = (
    N_("fine"),
    N_("aid"),
    N_("loan"),
    N_("damages"),
    N_("compensation"),
    N_("ransom"),
    N_("bail"),
    N_("budget"),
    N_("deal"),
    N_("investment"),
    N_("price"),
    N_("cost"),
    N_("tax"),
    N_("debt"),
    N_("reward"),
    N_("bonus"),
    N_("salary"),
    N_("grant"),
)
# Labels the compose stage puts into a brief as `label` texts; listed here so `pybabel extract`
# finds them (babel.cfg) and the catalog test checks each has a ko and ru translation.
LABELS = (
    N_("country"),
    N_("city"),
    N_("region"),
    N_("facility"),
    N_("other"),
    *DIFFERENCE_LABELS.values(),
    *AMOUNT_LABELS,
)


def po_path(lang: str) -> Path:
    """Return the catalog file for `lang`."""
    return locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def _compiled(path: str, mtime: float) -> tuple[bytes, frozenset[str]]:
    """Compile a .po file: its .mo bytes, and the (singular) messages it translates."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        catalog = read_po(fh, abort_invalid=True)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    translated = frozenset(
        m.id for m in catalog if isinstance(m.id, str) and m.id and m.string and not m.fuzzy
    )
    return out.getvalue(), translated


def translations(lang: str) -> gettext.NullTranslations:
    """Return gettext translations for `lang` (NullTranslations for English or no catalog)."""
    path = po_path(lang)
    if lang == SOURCE_LANG or not path.exists():
        return gettext.NullTranslations()
    mo, _ = _compiled(str(path), path.stat().st_mtime)
    return gettext.GNUTranslations(io.BytesIO(mo))


def has_translation(lang: str, message: str) -> bool:
    """Tell whether the `lang` catalog translates `message`."""
    # gettext() answers the message itself when the catalog lacks it; a translation that equals
    # its message ("OK") is still a translation, so ask the catalog, not the answer.
    path = po_path(lang)
    if lang == SOURCE_LANG or not path.exists():
        return False
    return message in _compiled(str(path), path.stat().st_mtime)[1]


def gettext_label(lang: str, message: str) -> str | None:
    """Return the catalog translation of a label, or None when the catalog lacks it."""
    if lang == SOURCE_LANG:
        return message
    return translations(lang).gettext(message) if has_translation(lang, message) else None


def format_date(value: dt.date, lang: str, fmt: str = "long") -> str:
    """Format a date for the locale: September 13, 2023 · 2023년 9월 13일 · 13 сентября 2023 г."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=babel_locale(lang))
