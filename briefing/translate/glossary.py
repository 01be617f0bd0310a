"""Name glossaries: English name → Korean or Russian form.

Sources, later ones winning: country and region names from CLDR (through Babel), the shipped
glossaries `locales/glossary/<lang>.toml`, then the user's glossary file (`--glossary`, the
`glossary` setting). Shipped files have tables `[people]`, `[organizations]`, `[places]` (any
table names work; they only group entries). The user file has one table per language::

    [ko]
    "Ri Son Il" = "리선일"
    [ru.people]
    "Ri Son Il" = "Ри Сон Иль"
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import MAX_SETTINGS_FILE_BYTES
from ..errors import InputError
from ..io import read_text_bounded
from ..resources import locales_dir
from ..vocabulary import SOURCE_LANG

_DASHES = r"\-\u2010-\u2015"  # for character classes
_SEP = re.compile(rf"[\s{_DASHES}]+")
# CLDR codes that are not places a brief would name.
_SKIP_TERRITORIES = {"ZZ", "QO", "EZ", "UN", "EU"}


def normalize(name: str) -> str:
    """Fold a name for lookup: case, hyphens and spaces, apostrophes, a leading 'the'."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    text = _SEP.sub(" ", text).strip().casefold()
    return text.removeprefix("the ").strip()


def _pattern(name: str) -> str:
    words = [w for w in _SEP.split(name.strip()) if w]
    parts = [re.escape(w).replace("'", "['’]").replace("’", "['’]") for w in words]
    body = rf"[\s{_DASHES}]+".join(parts)
    # Names with lower-case letters match in any case ("Ri Son-il"); acronyms only in
    # capitals, so that "US" and "WHO" do not match "us" and "who".
    return f"(?i:{body})" if any(c.islower() for c in name) else body


@dataclass
class Glossary:
    """Names for one target language."""

    lang: str
    entries: dict[str, str] = field(default_factory=dict)  # normalized English → target form
    names: dict[str, str] = field(default_factory=dict)  # normalized English → English as written

    def add(self, english: str, target: str) -> None:
        """Add or override one entry."""
        key = normalize(english)
        if key and target.strip():
            self.entries[key] = target.strip()
            self.names[key] = english.strip()

    def lookup(self, name: str) -> str | None:
        """Return the target form of `name`, or None."""
        return self.entries.get(normalize(name))

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def _regex(self) -> re.Pattern[str] | None:
        cached = self.__dict__.get("_compiled")
        if cached is None or cached[0] != len(self.entries):
            names = sorted(self.names.values(), key=len, reverse=True)
            body = "|".join(_pattern(n) for n in names if n)
            regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if body else None
            self.__dict__["_compiled"] = cached = (len(self.entries), regex)
        return cached[1]

    def find(self, text: str) -> Iterator[tuple[str, str]]:
        """Yield (name as written in `text`, target form) for each glossary name in `text`.

        Longest names win where names overlap ("Anton Varga" rather than "Varga").
        """
        regex = self._regex
        if regex is None:
            return
        for match in regex.finditer(text):
            key = normalize(match.group(0))
            if key in self.entries:
                yield match.group(0), self.entries[key]


def _flatten(table: dict[str, Any], where: str) -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        if isinstance(value, str):
            yield key, value
        elif isinstance(value, dict):
            yield from _flatten(value, f"{where}.{key}")
        else:
            raise InputError(f"glossary {where}: {key!r} must be a string or a table")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text_bounded(path, MAX_SETTINGS_FILE_BYTES))
    except InputError as exc:
        if not Path(path).exists():
            raise InputError(f"glossary file not found: {path}") from None
        raise InputError(f"cannot read glossary {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"cannot read glossary {path}: {exc}") from None


def _territory_names(lang: str) -> Iterator[tuple[str, str]]:
    from babel import Locale

    english = Locale(SOURCE_LANG).territories
    local = Locale.parse(lang).territories
    for code, name in english.items():
        if not code.isalpha() or code in _SKIP_TERRITORIES or code not in local:
            continue
        yield name, local[code]
        if "(" in name:  # "Myanmar (Burma)": also the plain name
            yield name.split("(")[0].strip(), local[code].split("(")[0].strip()


@lru_cache(maxsize=8)
def _shipped(lang: str) -> tuple[tuple[str, str], ...]:
    entries = list(_territory_names(lang))
    path = locales_dir() / "glossary" / f"{lang}.toml"
    if path.exists():
        entries += list(_flatten(_read_toml(path), path.name))
    return tuple(entries)


@lru_cache(maxsize=16)
def _user(path: str, mtime: float, lang: str) -> tuple[tuple[str, str], ...]:
    data = _read_toml(Path(path))
    for key, value in data.items():
        if not isinstance(value, dict):
            raise InputError(
                f"glossary {path}: top-level {key!r} must be a language table such as [ko] or [ru]"
            )
    table = data.get(lang, {})
    return tuple(_flatten(table, f"{Path(path).name} [{lang}]"))


def load_glossary(lang: str, user: Path | None = None) -> Glossary:
    """Return the glossary for `lang`: CLDR, then shipped entries, then the user file."""
    glossary = Glossary(lang)
    for english, target in _shipped(lang):
        glossary.add(english, target)
    if user is not None:
        user = Path(user)
        try:
            mtime = user.stat().st_mtime
        except OSError:
            raise InputError(f"glossary file not found: {user}") from None
        for english, target in _user(str(user.resolve()), mtime, lang):
            glossary.add(english, target)
    return glossary
