"""Fixtures for the web desk: settings in a temp dir, an in-process app, a real server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefing.config import Settings
from briefing.serve import create_app

from .server import Server, start_server


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings that keep everything under tmp_path: English Markdown unless told otherwise."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "jobs_dir": tmp_path / "jobs",
            "state": tmp_path / "state.sqlite3",
            "cache_dir": tmp_path / "cache",
            "out_dir": tmp_path / "out",
            "langs": ["en"],
            "formats": ["md"],
            "timeout": 2.0,
        }
        return Settings(**(values | overrides))

    return make


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    """An in-process desk with two builders (the lifespan runs: builders start and stop)."""
    with TestClient(create_app(make_settings(), workers=2)) as c:
        yield c


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start real `briefing serve` processes; every one left running is stopped at the end."""
    started: list[Server] = []

    def start(*args: str, **env: str) -> Server:
        srv = start_server(tmp_path, *args, **env)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()
