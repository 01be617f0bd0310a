"""Human-written UI text: gettext catalogs read from `locales/<lang>/LC_MESSAGES/briefing.po`.

The .po files are compiled in memory with Babel when first used, so there are no .mo files to
go stale. The renderer installs the result in Jinja2's i18n extension; the translate stage
uses it for `label` texts (such as place kinds).
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from ..resources import locales_dir

DOMAIN = "briefing"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message


# Labels the compose stage puts into a brief as `label` texts; listed here so `pybabel extract`
# finds them (babel.cfg) and the catalog test checks each has a ko and ru translation.
LABELS = (
    N_("country"),
    N_("city"),
    N_("region"),
    N_("facility"),
    N_("other"),
)


def po_path(lang: str) -> Path:
    """Return the catalog file for `lang`."""
    return locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def _compiled(path: str, mtime: float) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        catalog = read_po(fh, abort_invalid=True)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def translations(lang: str) -> gettext.NullTranslations:
    """Return gettext translations for `lang` (NullTranslations for English or no catalog)."""
    path = po_path(lang)
    if lang == "en" or not path.exists():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(_compiled(str(path), path.stat().st_mtime)))


def has_translation(lang: str, message: str) -> bool:
    """Tell whether the `lang` catalog translates `message`."""
    tr = translations(lang)
    return isinstance(tr, gettext.GNUTranslations) and message in tr._catalog  # noqa: SLF001


def gettext_label(lang: str, message: str) -> str | None:
    """Return the catalog translation of a label, or None when the catalog lacks it."""
    if lang == "en":
        return message
    return translations(lang).gettext(message) if has_translation(lang, message) else None
