"""Fixtures for the translate tests; `tiny_argos` itself comes from tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import threading
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
        if old_env is None:
            os.environ.pop("ARGOS_PACKAGES_DIR", None)
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = old_env


@pytest.fixture(scope="session")
def built_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny .argosmodel files (not installed): ko and ru at version 0.1, ru also at 0.2."""
    from .tinyargos import build_package

    out = tmp_path_factory.mktemp("built")
    newer = out / "newer"
    newer.mkdir()
    return {
        "ko": build_package("ko", out),
        "ru": build_package("ru", out),
        "ru-0.2": build_package("ru", newer, version="0.2"),
    }


@pytest.fixture
def brief() -> Brief:
    """A brief written by hand with the sample article's names, labels and prose."""
    return Brief(
        slug="vostochny-summit",
        title=prose("Putin meets Kim Jong Un at Russia’s spaceport"),
        bottom_line=BriefItem(
            text=prose(
                "Russian President Vladimir Putin met Wednesday with North Korean leader "
                "Kim Jong Un at the Vostochny Cosmodrome. "
                "The U.S. and South Korea warned against an arms transfer."
            )
        ),
        event_date=dt.date(2023, 9, 13),
        people=[
            BriefPerson(name=name("Vladimir Putin"), role=prose("Russian President")),
            BriefPerson(name=name("Kim Jong Un"), role=prose("North Korean leader")),
            BriefPerson(
                name=name("Dmitry Peskov"),
                role=prose("Kremlin spokesman"),
                affiliation=name("Kremlin"),
            ),
            BriefPerson(name=name("Zorblat Quimby"), role=prose("a fictional analyst")),
        ],
        organizations=[
            BriefEntity(name=name("UN Security Council")),
            BriefEntity(name=name("Halla University")),
        ],
        places=[
            BriefEntity(name=name("Vostochny Cosmodrome"), kind=label("facility")),
            BriefEntity(name=name("Pyongyang"), kind=label("city")),
            BriefEntity(name=name("Ukraine"), kind=label("country")),
        ],
        stakes=[
            BriefItem(text=prose("a potential arms transfer from North Korea to Russia")),
            BriefItem(text=prose("basic technology, as requested by its leader Kim Jong-un")),
        ],
        reactions=[
            BriefQuote(
                speaker=name("Dmitry Peskov"),
                text=prose("The talks were important and substantive."),
                direct=True,
            )
        ],
        timeline=[
            TimelineEntry(
                date=dt.date(2019, 4, 25),
                text=prose("Kim held his first summit meeting with Putin in Vladivostok."),
            )
        ],
    )


@pytest.fixture
def index_server(
    built_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict]:
    """Serve an Argos-style index and the tiny packages on 127.0.0.1; point Argos at it."""
    from argostranslate import settings

    files = {f"/{p.name}": p.read_bytes() for p in built_packages.values()}
    state: dict = {"index": None, "requests": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["requests"].append(self.path)
            body = (
                json.dumps(state["index"]).encode()
                if self.path == "/index.json"
                else files.get(self.path)
            )
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    state["index"] = [
        {
            "type": "translate",
            "from_code": "en",
            "to_code": "ko",
            "package_version": "0.1",
            "links": [f"{base}/{built_packages['ko'].name}"],
        },
        {
            "type": "translate",
            "from_code": "en",
            "to_code": "ru",
            "package_version": "0.1",
            "links": [f"{base}/missing.argosmodel"],
        },
        {
            "type": "translate",
            "from_code": "ko",
            "to_code": "en",
            "package_version": "9.0",
            "links": [],
        },
    ]
    monkeypatch.setattr(settings, "remote_package_index", f"{base}/index.json")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
