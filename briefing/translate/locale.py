"""Locale rules for dates and numbers (Babel), for code outside the templates."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal

_BABEL = {"en": "en_US"}


def format_date(value: dt.date, lang: str, fmt: str = "long") -> str:
    """Format a date: September 13, 2023 · 2023년 9월 13일 · 13 сентября 2023 г."""
    return _format_date(value, format=fmt, locale=_BABEL.get(lang, lang))


def format_number(value: float, lang: str) -> str:
    """Format a number with the locale's separators: 1,250.5 · 1,250.5 · 1 250,5."""
    return format_decimal(value, locale=_BABEL.get(lang, lang))
