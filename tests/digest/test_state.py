"""The digest state: item lifecycle, failures, the run lock, unusable databases."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from pathlib import Path

import pytest

from briefing.digest.state import MAX_ATTEMPTS, Item, State, run_lock
from briefing.errors import BusyError, OutputError


def item(
    key: str, content_hash: str = "h1", url: str | None = None, status: str = "pending"
) -> Item:
    return Item(
        key=key,
        feed_url="http://feed.test/rss",
        guid=key,
        url=url,
        title=f"Story {key}",
        published=None,
        entry={"title": f"Story {key}"},
        content_hash=content_hash,
        status=status,
    )


def test_items_move_pending_briefed_done(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        seen = state.record_feed(
            "http://feed.test/rss",
            name="Feed",
            status="ok",
            etag='"e"',
            entries=[item("a", url="http://n.test/a"), item("b"), item("c", url="http://n.test/a")],
        )
        assert [(s.new, s.duplicate) for s in seen] == [(True, False), (True, False), (False, True)]
        assert [i.key for i in state.pending()] == ["a", "b"]
        assert state.feed("http://feed.test/rss")["etag"] == '"e"'

        state.mark_story_briefed(
            "a",
            ["a"],
            day=dt.date(2026, 3, 2),
            slug="story-a",
            briefs={"en": ("{}", ["out/a.en.md"])},
            facts={"a": "{}"},
        )
        assert state.days_to_write() == [dt.date(2026, 3, 2)]
        assert [i.key for i in state.day_items(dt.date(2026, 3, 2))] == ["a"]
        state.mark_done(dt.date(2026, 3, 2), ["a"], [("en", "out/digest.en.md", 1)], run_id=None)
        assert state.days_to_write() == [] and state.counts() == {"done": 1, "pending": 1}
        assert state.briefs_of("a") == {"en": ("{}", ["out/a.en.md"])}
        assert state.facts_of(["a", "b"]) == {"a": "{}"}
        assert [i.story for i in state.day_items(dt.date(2026, 3, 2))] == ["a"]


def test_failing_item_is_given_up_after_max_attempts(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        state.record_feed(
            "http://feed.test/rss", name=None, status="ok", entries=[item("a"), item("b")]
        )
        results = [state.mark_failed("a", "HTTP 503") for _ in range(MAX_ATTEMPTS)]
        assert results == [False] * (MAX_ATTEMPTS - 1) + [True]
        assert state.mark_failed("b", "no sentences", permanent=True) is True
        assert state.counts() == {"failed": 2}
        failed = state.conn.execute(
            "SELECT last_error FROM items WHERE status = 'failed' ORDER BY id"
        )
        assert [row["last_error"] for row in failed] == ["HTTP 503", "no sentences"]


def test_a_failed_fetch_keeps_the_old_validators(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        state.record_feed(
            "http://feed.test/rss", name=None, status="ok", etag='"v1"', last_modified="Mon"
        )
        state.record_feed("http://feed.test/rss", name=None, status="error", error="HTTP 500")
        row = state.feed("http://feed.test/rss")
        assert (row["etag"], row["last_modified"], row["last_status"], row["last_error"]) == (
            '"v1"',
            "Mon",
            "error",
            "HTTP 500",
        )
        assert row["last_ok"] is not None


def test_lock_refuses_a_second_holder_and_wait_waits(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    order: list[str] = []

    def second() -> None:
        with run_lock(path, wait=True):
            order.append("second")

    with run_lock(path):
        with (
            pytest.raises(BusyError, match="another digest run is in progress"),
            run_lock(path),
        ):
            pass
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.2)
        order.append("first done")
    waiter.join(timeout=10)
    assert order == ["first done", "second"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database, just text" * 200, "not a usable digest state database"),
        (None, "digest state from a newer briefing (schema 99)"),
    ],
)
def test_unusable_state_is_one_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "s.db"
    if content is None:
        import sqlite3

        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version=99")
        conn.close()
    else:
        path.write_bytes(content)
    with pytest.raises(OutputError, match=re.escape(message)):
        State.open(path)
