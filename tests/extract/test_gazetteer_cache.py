"""The gazetteer tables are built once, then read from the user cache directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.extract import lexicon


def test_tables_are_built_once_then_read_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    built: list[int] = []

    def build() -> dict[str, list[str]]:
        built.append(1)
        return {"ohio": ["US"], "bavaria": ["DE"]}

    assert lexicon._on_disk("test", build) == {"ohio": ["US"], "bavaria": ["DE"]}
    assert lexicon._on_disk("test", build) == {"ohio": ["US"], "bavaria": ["DE"]}
    assert built == [1]
    (path,) = tmp_path.glob("gazetteer-test-*.json")
    # A damaged file is built again (and replaced), never trusted.
    path.write_text('{"ohio": ', encoding="utf-8")
    assert lexicon._on_disk("test", build) == {"ohio": ["US"], "bavaria": ["DE"]}
    assert built == [1, 1]
    # Another table version is another file: an upgrade never reads stale tables.
    monkeypatch.setattr(lexicon, "GAZETTEER_VERSION", lexicon.GAZETTEER_VERSION + 1)
    lexicon._on_disk("test", build)
    assert built == [1, 1, 1] and len(list(tmp_path.glob("gazetteer-test-*.json"))) == 2


def test_an_unwritable_cache_still_gives_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocked))
    assert lexicon._on_disk("test", lambda: {"x": 1}) == {"x": 1}


@pytest.mark.parametrize(
    ("packed", "unpacked"),
    [
        ("US:8804190 GB:5000", {"US": 8804190, "GB": 5000}),
        ("", {}),
        ("KR:9776000", {"KR": 9776000}),
    ],
)
def test_packed_city_values(packed: str, unpacked: dict[str, int]) -> None:
    assert lexicon._unpack(packed) == unpacked
