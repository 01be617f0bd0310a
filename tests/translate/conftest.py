"""Fixtures for the translate tests; `tiny_argos` itself comes from tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import (
    Brief,
    BriefEntity,
    BriefItem,
    BriefPerson,
    BriefQuote,
    TimelineEntry,
    label,
    name,
    prose,
)


@pytest.fixture
def tiny_settings(tiny_argos: Path, tmp_path: Path) -> Settings:
    """Settings with a fresh translation cache, over the tiny packages."""
    return Settings(cache_dir=tmp_path / "cache", beam_size=2)


@pytest.fixture
def empty_argos(tiny_argos: Path, tmp_path: Path) -> Iterator[Path]:
    """Point Argos at an empty packages directory for one test."""
    from argostranslate import settings

    empty = tmp_path / "no-packages"
    empty.mkdir()
    saved = (settings.package_data_dir, settings.package_dirs)
    settings.package_data_dir, settings.package_dirs = empty, [empty]
    old_env = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(empty)
    try:
        yield empty
    finally:
        settings.package_data_dir, settings.package_dirs = saved
        os.environ["ARGOS_PACKAGES_DIR"] = old_env or ""


@pytest.fixture
def brief() -> Brief:
    """A brief written by hand with the sample article's names, labels and prose."""
    return Brief(
        slug="vostochny-summit",
        title=prose("Putin meets Kim Jong Un at Russia’s spaceport"),
        bottom_line=BriefItem(text=prose(
            "Russian President Vladimir Putin met Wednesday with North Korean leader Kim Jong Un "
            "at the Vostochny Cosmodrome. The U.S. and South Korea warned against an arms transfer.")),
        event_date=dt.date(2023, 9, 13),
        people=[
            BriefPerson(name=name("Vladimir Putin"), role=prose("Russian President")),
            BriefPerson(name=name("Kim Jong Un"), role=prose("North Korean leader")),
            BriefPerson(name=name("Dmitry Peskov"), role=prose("Kremlin spokesman"),
                        affiliation=name("Kremlin")),
            BriefPerson(name=name("Zorblat Quimby"), role=prose("a fictional analyst")),
        ],
        organizations=[BriefEntity(name=name("UN Security Council")),
                       BriefEntity(name=name("Halla University"))],
        places=[BriefEntity(name=name("Vostochny Cosmodrome"), kind=label("facility")),
                BriefEntity(name=name("Pyongyang"), kind=label("city")),
                BriefEntity(name=name("Ukraine"), kind=label("country"))],
        stakes=[BriefItem(text=prose("a potential arms transfer from North Korea to Russia"))],
        reactions=[BriefQuote(speaker=name("Dmitry Peskov"),
                              text=prose("The talks were important and substantive."), direct=True)],
        timeline=[TimelineEntry(date=dt.date(2019, 4, 25), text=prose(
            "Kim held his first summit meeting with Putin in Vladivostok."))],
    )
