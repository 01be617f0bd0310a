"""On-disk translation cache (SQLite): a second build of the same article does no model work."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

FILENAME = "translations.sqlite3"


def cache_key(signature: str, segment: str) -> str:
    """Key a segment by the model/decoding signature and the exact source text."""
    return hashlib.sha256(json.dumps([signature, segment], ensure_ascii=False).encode()).hexdigest()


class TranslationCache:
    """Map (signature, source segment) → (translation, untranslated flag).

    The cache only speeds things up: if the directory cannot be written, it stays empty and
    translation goes on without it.
    """

    def __init__(self, directory: Path | None) -> None:
        self.db: sqlite3.Connection | None = None
        if directory is None:
            return
        try:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(Path(directory) / FILENAME, timeout=30)
            # WAL lets digest workers read while one of them writes.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS segments ("
                "key TEXT PRIMARY KEY, text TEXT NOT NULL, untranslated INTEGER NOT NULL)"
            )
            self.db.commit()
        except (OSError, sqlite3.Error) as exc:
            log.warning("translation cache disabled (%s): %s", directory, exc)
            self.close()

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[str, bool]]:
        """Return the cached entries among `keys`."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, tuple[str, bool]] = {}
        if self.db is None:
            return found
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for key, text, flag in self.db.execute(
                    f"SELECT key, text, untranslated FROM segments WHERE key IN ({marks})", chunk
                ):
                    found[key] = (text, bool(flag))
        except sqlite3.Error as exc:
            log.warning("translation cache read failed: %s", exc)
        return found

    def put_many(self, entries: dict[str, tuple[str, bool]]) -> None:
        """Store translations."""
        if self.db is None or not entries:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO segments (key, text, untranslated) VALUES (?, ?, ?)",
                    [(k, t, int(u)) for k, (t, u) in entries.items()],
                )
        except sqlite3.Error as exc:
            log.warning("translation cache write failed: %s", exc)

    def close(self) -> None:
        """Close the database."""
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
