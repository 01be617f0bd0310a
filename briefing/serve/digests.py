"""What the digest pages show, read from the digest's state database (never written to).

A file is served only when the state records it for that day: a digest file, or a document of
one of the day's stories. The request names the file; the path comes from the record.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .. import pipeline
from ..digest.state import State
from ..errors import BriefingError
from ..fetch import is_url
from ..models import Brief
from ..vocabulary import SOURCE_LANG

_STORY_LINK = re.compile(r'href="(\d{4}-\d{2}-\d{2})/([^"/]+)"')


@dataclass
class DayFile:
    """A file of a day: a digest or a story's document."""

    name: str
    path: Path

    @property
    def exists(self) -> bool:
        return self.path.is_file()


@dataclass
class Story:
    title: str
    feed: str | None
    url: str | None
    status: str
    files: list[DayFile] = field(default_factory=list)


@dataclass
class Day:
    """A day the digest wrote: its digest files per language, its stories, their files."""

    day: dt.date
    digests: dict[str, list[DayFile]] = field(default_factory=dict)  # lang -> md, pdf
    stories: list[Story] = field(default_factory=list)

    def files(self) -> dict[str, DayFile]:
        """Return every file of the day by name (the names the pages link to)."""
        found = {f.name: f for files in self.digests.values() for f in files}
        found.update({f.name: f for s in self.stories for f in s.files})
        return found


@dataclass
class Overview:
    """The digest's days, feeds and last run, for the digests page."""

    days: list[tuple[dt.date, int, list[str]]] = field(default_factory=list)  # day, stories, langs
    feeds: list[sqlite3.Row] = field(default_factory=list)
    last_run: sqlite3.Row | None = None
    error: str | None = None


def _open(state_path: Path) -> State | None:
    # State.open creates a missing database: a page that reads must not.
    return State.open(state_path) if state_path.is_file() else None


def overview(state_path: Path) -> Overview:
    """Return the days with a written digest (newest first), the feeds and the last run."""
    try:
        state = _open(state_path)
    except BriefingError as exc:
        return Overview(error=str(exc))
    if state is None:
        return Overview()
    with state:
        rows = state.conn.execute(
            "SELECT day, max(items) AS items, group_concat(DISTINCT lang) AS langs"
            " FROM digests GROUP BY day ORDER BY day DESC"
        ).fetchall()
        days = [
            (dt.date.fromisoformat(r["day"]), r["items"], sorted(r["langs"].split(",")))
            for r in rows
        ]
        return Overview(days=days, feeds=state.feeds(), last_run=state.last_run())


def load_day(state_path: Path, day: dt.date) -> Day | None:
    """Return what the state records for `day`, or None when no digest of that day was written."""
    state = _open(state_path)
    if state is None:
        return None
    with state:
        rows = state.conn.execute(
            "SELECT lang, path FROM digests WHERE day = ? ORDER BY lang, path", (day.isoformat(),)
        ).fetchall()
        if not rows:
            return None
        result = Day(day=day)
        for row in rows:
            path = Path(row["path"])
            result.digests.setdefault(row["lang"], []).append(DayFile(path.name, path))
        for item in state.day_items(day):
            briefs = state.briefs_of(item.key)
            english = briefs.get(SOURCE_LANG)
            title = item.title or item.url or item.key
            if english is not None:
                title = Brief.model_validate_json(english[0]).title.text
            files = [DayFile(Path(p).name, Path(p)) for _, paths in briefs.values() for p in paths]
            result.stories.append(
                Story(
                    title=title,
                    feed=item.entry.get("source"),
                    url=item.url if is_url(item.url) else None,  # never javascript: links
                    status=item.status,
                    files=sorted(files, key=lambda f: f.name),
                )
            )
        return result


def digest_html(day: Day, lang: str) -> Markup | None:
    """Return the day's digest in `lang` as HTML, story links pointing at the desk's downloads."""
    md = next((f for f in day.digests.get(lang, []) if f.name.endswith(".md")), None)
    if md is None or not md.exists:
        return None
    html = pipeline.digest_html(md.path.read_text(encoding="utf-8"))
    # Our own Markdown, with every feed text escaped in it (see render.environment). The digest
    # links each story to DAY/<document>.md beside it; the desk serves those files.
    return Markup(_STORY_LINK.sub(r'href="/digests/\1/files/\2"', html))
