"""Digest state in SQLite: feeds, items, stories, briefs and digests written, the one-run lock.

An item moves pending → briefed (its story's brief, with it among the sources, is on disk) →
done (a digest that lists its story is on disk). Each step is recorded only after the files it
stands for were written atomically, so a run killed at any moment is finished by the next one:
pending items are briefed, briefed items are put in their day's digest, and nothing is briefed
or listed twice.

A story is the items that tell one event: each briefed item names its story (`items.story`,
the key of the story's first item, under which the story's briefs are kept), and keeps its
facts (`item_facts`) while its day lasts, so that a later run of the day can add an item to a
story and write the story's brief again from all of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BusyError, OutputError
from ..models import FeedEntry

SCHEMA_VERSION = 2
MAX_ATTEMPTS = 3  # runs in which an item may fail before it is given up
# How long to wait for another program that holds the database (sqlite3 shell, a backup).
BUSY_TIMEOUT = 30.0


class ItemStatus(enum.StrEnum):
    """Where an item is on its way into a digest (the `status` column)."""

    PENDING = "pending"  # recorded with its feed text, not briefed yet
    BRIEFED = "briefed"  # its full briefs are on disk
    DONE = "done"  # a digest that lists it is on disk
    FAILED = "failed"  # given up after MAX_ATTEMPTS runs (or at once: no article text)
    SKIPPED = "skipped"  # older than the window of the feed's first fetch


_STATUSES = ", ".join(f"'{status}'" for status in ItemStatus)
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    name TEXT,
    etag TEXT,
    last_modified TEXT,
    last_fetched TEXT,
    last_ok TEXT,
    last_status TEXT,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- arrival order: the order stories are listed in
    key TEXT NOT NULL UNIQUE,
    feed_url TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT,
    published TEXT,
    entry TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    edits INTEGER NOT NULL DEFAULT 0,
    edits_noted INTEGER NOT NULL DEFAULT 0,  -- edits after briefing already noted in a digest
    edit_day TEXT,  -- the day whose digest notes the edit
    edited_at TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ({_STATUSES})),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    day TEXT,
    slug TEXT,
    briefed_at TEXT,
    done_at TEXT,
    story TEXT  -- the key of the first item of its story (its own key when it is the first)
);
-- The same article reached through two feeds (or two GUIDs) is one item.
CREATE UNIQUE INDEX IF NOT EXISTS items_url ON items(url) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_status ON items(status, day);
CREATE INDEX IF NOT EXISTS items_story ON items(story);
-- What a briefed item's article says (Facts JSON), kept while its day's stories may grow.
CREATE TABLE IF NOT EXISTS item_facts (
    item_key TEXT PRIMARY KEY REFERENCES items(key),
    facts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS briefs (
    item_key TEXT NOT NULL REFERENCES items(key),
    lang TEXT NOT NULL,
    brief TEXT NOT NULL,
    paths TEXT NOT NULL,
    PRIMARY KEY (item_key, lang)
);
CREATE TABLE IF NOT EXISTS digests (
    day TEXT NOT NULL,
    lang TEXT NOT NULL,
    path TEXT NOT NULL,
    items INTEGER NOT NULL,
    written_at TEXT NOT NULL,
    run_id INTEGER,
    PRIMARY KEY (day, lang, path)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT,
    summary TEXT
);
"""


# How a database of each older schema becomes the current one, in one transaction.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 1 → 2: stories. Every item briefed so far is a story of its own; none has kept facts,
    # so a later item cannot join it (it starts a story of its own).
    1: (
        "ALTER TABLE items ADD COLUMN story TEXT",
        "UPDATE items SET story = key WHERE status IN ('briefed', 'done')",
        "CREATE INDEX IF NOT EXISTS items_story ON items(story)",
        "CREATE TABLE IF NOT EXISTS item_facts ("
        " item_key TEXT PRIMARY KEY REFERENCES items(key), facts TEXT NOT NULL)",
    ),
}


def now() -> str:
    """Return the current UTC time as an ISO string (what every timestamp column holds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class Item:
    """One feed item as stored."""

    key: str
    feed_url: str
    guid: str | None
    url: str | None
    title: str | None
    published: str | None
    entry: FeedEntry
    content_hash: str
    status: ItemStatus = ItemStatus.PENDING
    attempts: int = 0
    day: dt.date | None = None
    slug: str | None = None
    last_error: str | None = None
    edits: int = 0
    story: str | None = None  # the key of its story's first item, once briefed
    id: int = 0  # arrival order

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Item:
        return cls(
            key=row["key"],
            feed_url=row["feed_url"],
            guid=row["guid"],
            url=row["url"],
            title=row["title"],
            published=row["published"],
            entry=json.loads(row["entry"]),
            content_hash=row["content_hash"],
            status=ItemStatus(row["status"]),
            attempts=row["attempts"],
            day=dt.date.fromisoformat(row["day"]) if row["day"] else None,
            slug=row["slug"],
            last_error=row["last_error"],
            edits=row["edits"],
            story=row["story"],
            id=row["id"],
        )

    @property
    def story_key(self) -> str:
        """Return the key its story is kept under: its story's, or its own."""
        return self.story or self.key


@dataclass
class Seen:
    """What recording one fetched feed entry did."""

    new: bool = False
    edited: bool = False
    duplicate: bool = False


class State:
    """The digest database. Open it with `State.open(path)`; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path) -> State:
        """Open (creating if needed) the state database at `path`."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open digest state {path}: {exc}") from None
        conn.row_factory = sqlite3.Row
        try:
            # WAL lets `digest --status` read while a run writes; FULL sync makes each
            # commit durable before the next file is written.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:  # a new database
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:
                _migrate(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise state_error(path, exc) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise OutputError(f"{path}: not a usable digest state database: {exc}") from None
        if version > SCHEMA_VERSION:
            conn.close()
            raise OutputError(f"{path}: digest state from a newer briefing (schema {version})")
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one immediate transaction: all of it is recorded, or none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ feeds

    def feed(self, url: str) -> sqlite3.Row | None:
        """Return the feed's row (validators, last fetch), or None for a feed never fetched."""
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return row

    def feeds(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM feeds ORDER BY url").fetchall()

    def record_feed(
        self,
        url: str,
        *,
        name: str | None,
        status: str,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        entries: list[Item] | None = None,
    ) -> list[Seen]:
        """Record a feed fetch and its entries in one transaction.

        The validators (ETag, Last-Modified) are saved together with the new items, so a
        crash can never leave a feed marked fetched while its items are unrecorded.
        """
        stamp = now()
        seen: list[Seen] = []
        with self.transaction() as db:
            db.execute(
                "INSERT INTO feeds (url, name) VALUES (?, ?) ON CONFLICT(url) DO UPDATE SET name = "
                "coalesce(excluded.name, feeds.name)",
                (url, name),
            )
            ok = status in ("ok", "not-modified", "warning")
            db.execute(
                "UPDATE feeds SET last_fetched = ?, last_status = ?, last_error = ?,"
                " last_ok = CASE WHEN ? THEN ? ELSE last_ok END WHERE url = ?",
                (stamp, status, error, ok, stamp, url),
            )
            if status in ("ok", "warning"):
                db.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE url = ?",
                    (etag, last_modified, url),
                )
            seen.extend(self._record_item(db, item, stamp) for item in entries or [])
        return seen

    def _record_item(self, db: sqlite3.Connection, item: Item, stamp: str) -> Seen:
        row = db.execute(
            "SELECT key, status, content_hash FROM items WHERE key = ?", (item.key,)
        ).fetchone()
        if row is None:
            if item.url and db.execute("SELECT 1 FROM items WHERE url = ?", (item.url,)).fetchone():
                return Seen(duplicate=True)
            db.execute(
                "INSERT INTO items (key, feed_url, guid, url, title, published, entry,"
                " content_hash, first_seen, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item.key,
                    item.feed_url,
                    item.guid,
                    item.url,
                    item.title,
                    item.published,
                    json.dumps(item.entry, ensure_ascii=False),
                    item.content_hash,
                    stamp,
                    item.status,
                ),
            )
            return Seen(new=True)
        if row["content_hash"] == item.content_hash:
            return Seen()
        if row["status"] == ItemStatus.PENDING:
            # Not briefed yet: brief the latest version.
            db.execute(
                "UPDATE items SET entry = ?, content_hash = ?, title = ?, published = ?"
                " WHERE key = ?",
                (
                    json.dumps(item.entry, ensure_ascii=False),
                    item.content_hash,
                    item.title,
                    item.published,
                    item.key,
                ),
            )
        else:
            # Already briefed (or given up): note the edit, never brief or list it again.
            db.execute(
                "UPDATE items SET content_hash = ?, edits = edits + 1, edited_at = ? WHERE key = ?",
                (item.content_hash, stamp, item.key),
            )
        return Seen(edited=True)

    # ------------------------------------------------------------------ items

    def pending(self, limit: int | None = None) -> list[Item]:
        """Return items still to brief, oldest first."""
        sql = "SELECT * FROM items WHERE status = 'pending' ORDER BY id"
        rows = self.conn.execute(
            sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()
        ).fetchall()
        return [Item.from_row(r) for r in rows]

    def count(self, status: ItemStatus) -> int:
        """Count the items in `status`."""
        row = self.conn.execute("SELECT count(*) FROM items WHERE status = ?", (status,)).fetchone()
        return int(row[0])

    def mark_story_briefed(
        self,
        story: str,
        keys: list[str],
        *,
        day: dt.date,
        slug: str,
        briefs: dict[str, tuple[str, list[str]]],
        facts: dict[str, str],
    ) -> None:
        """Record that a story's briefs are written with the pending items `keys` among its
        sources: {lang: (brief JSON, [paths])}, kept under `story` (its first item's key)
        in place of its earlier briefs; `facts` {key: Facts JSON} for the items of the day."""
        stamp = now()
        with self.transaction() as db:
            db.execute("DELETE FROM briefs WHERE item_key = ?", (story,))
            for lang, (brief_json, paths) in briefs.items():
                db.execute(
                    "INSERT INTO briefs (item_key, lang, brief, paths) VALUES (?, ?, ?, ?)",
                    (story, lang, brief_json, json.dumps(paths)),
                )
            db.executemany(
                "UPDATE items SET status = 'briefed', day = ?, slug = ?, story = ?,"
                " briefed_at = ?, last_error = NULL WHERE key = ? AND status = 'pending'",
                [(day.isoformat(), slug, story, stamp, key) for key in keys],
            )
            db.executemany(
                "INSERT OR REPLACE INTO item_facts (item_key, facts) VALUES (?, ?)",
                list(facts.items()),
            )

    def facts_of(self, keys: list[str]) -> dict[str, str]:
        """Return the Facts JSON kept for those of `keys` that have it."""
        found: dict[str, str] = {}
        for key in keys:
            row = self.conn.execute(
                "SELECT facts FROM item_facts WHERE item_key = ?", (key,)
            ).fetchone()
            if row is not None:
                found[key] = row["facts"]
        return found

    def forget_facts(self, before: dt.date) -> None:
        """Drop the facts of items filed before `before`: their stories can no longer grow."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM item_facts WHERE item_key IN"
                " (SELECT key FROM items WHERE day IS NOT NULL AND day < ?)",
                (before.isoformat(),),
            )

    def add_brief(self, key: str, lang: str, brief_json: str, paths: list[str]) -> None:
        """Record one more language of an already briefed item."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO briefs (item_key, lang, brief, paths) VALUES (?, ?, ?, ?)",
                (key, lang, brief_json, json.dumps(paths)),
            )

    def mark_failed(self, key: str, error: str, *, permanent: bool = False) -> bool:
        """Count a failure; give the item up after MAX_ATTEMPTS (or at once); return True if so."""
        with self.transaction() as db:
            db.execute(
                "UPDATE items SET attempts = attempts + 1, last_error = ? WHERE key = ?",
                (error, key),
            )
            db.execute(
                "UPDATE items SET status = 'failed'"
                " WHERE key = ? AND status = 'pending' AND (? OR attempts >= ?)",
                (key, permanent, MAX_ATTEMPTS),
            )
            row = db.execute("SELECT status FROM items WHERE key = ?", (key,)).fetchone()
        return row is not None and row["status"] == "failed"

    def days_to_write(self) -> list[dt.date]:
        """Days that have briefed items not yet in a written digest."""
        rows = self.conn.execute(
            "SELECT DISTINCT day FROM items WHERE status = 'briefed' ORDER BY day"
        ).fetchall()
        return [dt.date.fromisoformat(r["day"]) for r in rows]

    def day_items(self, day: dt.date) -> list[Item]:
        """Every item of `day` that belongs in its digest (already listed, or about to be)."""
        rows = self.conn.execute(
            # Stories in an earlier edition keep their numbers; this run's follow in arrival order.
            "SELECT * FROM items WHERE day = ? AND status IN ('briefed', 'done')"
            " ORDER BY status = 'briefed', done_at, id",
            (day.isoformat(),),
        ).fetchall()
        return [Item.from_row(r) for r in rows]

    def briefs_of(self, key: str) -> dict[str, tuple[str, list[str]]]:
        rows = self.conn.execute(
            "SELECT lang, brief, paths FROM briefs WHERE item_key = ?", (key,)
        ).fetchall()
        return {r["lang"]: (r["brief"], json.loads(r["paths"])) for r in rows}

    def mark_done(
        self,
        day: dt.date,
        keys: list[str],
        digests: list[tuple[str, str, int]],
        run_id: int | None,
        noted: list[str] | None = None,
    ) -> None:
        """Atomically record the day's digest files [(lang, path, items)] and mark their items done.

        `noted` are the keys of edited items the digest noted; they are not noted again.
        """
        stamp = now()
        with self.transaction() as db:
            db.executemany(
                "UPDATE items SET edits_noted = edits, edit_day = ? WHERE key = ?",
                [(day.isoformat(), k) for k in noted or []],
            )
            for lang, path, count in digests:
                db.execute(
                    "INSERT OR REPLACE INTO digests (day, lang, path, items, written_at, run_id)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (day.isoformat(), lang, path, count, stamp, run_id),
                )
            db.executemany(
                "UPDATE items SET status = 'done', done_at = ?"
                " WHERE key = ? AND status = 'briefed'",
                [(stamp, k) for k in keys],
            )

    def edited_unnoted(self) -> list[Item]:
        """Items edited at the source after they were briefed, not yet noted in a digest."""
        rows = self.conn.execute(
            "SELECT * FROM items WHERE edits > edits_noted AND status IN ('briefed', 'done')"
            " ORDER BY id"
        ).fetchall()
        return [Item.from_row(r) for r in rows]

    def edits_noted_on(self, day: dt.date) -> list[Item]:
        """Edited items whose edit the digest of `day` already notes (kept when it is rewritten)."""
        rows = self.conn.execute(
            "SELECT * FROM items WHERE edit_day = ? AND edits = edits_noted ORDER BY id",
            (day.isoformat(),),
        ).fetchall()
        return [Item.from_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Return the number of items in each status."""
        rows = self.conn.execute(
            "SELECT status, count(*) AS n FROM items GROUP BY status"
        ).fetchall()
        return {r["status"]: r["n"] for r in rows}

    # ------------------------------------------------------------------ runs

    def start_run(self) -> int:
        cur = self.conn.execute("INSERT INTO runs (started) VALUES (?)", (now(),))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
            (now(), status, json.dumps(summary, ensure_ascii=False), run_id),
        )

    def last_run(self) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return row

    def last_digests(self, limit: int = 6) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT * FROM digests ORDER BY written_at DESC, day DESC, lang LIMIT ?", (limit,)
        ).fetchall()


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring an older database to SCHEMA_VERSION in one transaction: all of it, or none.

    The version is read again under the write lock, so that two processes opening the same
    old database migrate it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        while version < SCHEMA_VERSION:
            for statement in _MIGRATIONS[version]:
                conn.execute(statement)
            version += 1
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def state_error(path: Path, exc: sqlite3.OperationalError) -> BusyError | OutputError:
    """Turn SQLite's refusal into the user's error: busy (7) or not writable (4).

    Busy: another program holds the database (a sqlite3 shell, a backup) past BUSY_TIMEOUT.
    Not writable: a read-only database or folder, a full disk.
    """
    text = str(exc)
    if "locked" in text or "busy" in text:
        return BusyError(
            f"digest state {path} is locked by another program ({text} after "
            f"{BUSY_TIMEOUT:g} s); try again later"
        )
    return OutputError(f"cannot use digest state {path}: {text}")


@contextlib.contextmanager
def state_errors(path: Path) -> Iterator[None]:
    """Report SQLite errors inside the block as `state_error` does."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise state_error(path, exc) from None


@contextlib.contextmanager
def run_lock(state_path: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the one-run-at-a-time lock beside the state file; raise BusyError if it is taken.

    The lock is an OS file lock, so it is released when the holder dies, even by kill -9.
    """
    from filelock import FileLock, Timeout

    lock_path = Path(str(state_path) + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {lock_path.parent}: {exc.strerror or exc}") from None
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        raise BusyError(
            f"another digest run is in progress (lock {lock_path}); try again later or use --wait"
        ) from None
    except OSError as exc:  # a read-only folder, say
        raise OutputError(f"cannot create the lock {lock_path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()
