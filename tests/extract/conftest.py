"""Fixtures for extraction tests: one spaCy pipeline per session, and a text → Facts helper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from briefing.extract import extract
from briefing.models import Article, Facts
from briefing.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


@pytest.fixture(scope="session")
def facts_of(nlp) -> Callable[..., Facts]:  # type: ignore[no-untyped-def]
    """Return a function that extracts Facts from a text (optionally dated)."""

    def run(text: str, published: dt.date | None = None) -> Facts:
        return extract(Article(text=text, published=published), nlp=nlp)

    return run
