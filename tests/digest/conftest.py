"""Fixtures for digest tests: a local feed server, fixture articles, settings in a temp dir."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.config import Settings
from briefing.models import Article

from .feedserver import FeedServer, fixture_articles


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def other_server() -> Iterator[FeedServer]:
    """A second server on 127.0.0.1 (another port): an internal service, say."""
    srv = FeedServer().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def articles() -> list[Article]:
    return fixture_articles()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings writing into tmp_path: English Markdown, one worker, short timeouts."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "state": tmp_path / "state" / "digest.sqlite3",
            "out_dir": tmp_path / "out",
            "langs": ["en"],
            "formats": ["md"],
            "workers": 1,
            "timeout": 2.0,
        }
        return Settings(**(values | overrides))

    return make
