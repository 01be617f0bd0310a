"""The digest groups the day's items into stories: one entry per story, its brief from all
of its sources, a later item of the day added to its story, and a state from before stories."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.digest import DigestOptions, FeedSpec, run_digest
from briefing.digest.state import SCHEMA_VERSION, ItemStatus, State
from briefing.errors import ExitCode, OutputError
from briefing.ingest import read_article
from briefing.models import Article, Brief

from .feedserver import FIXTURES, Entry, FeedServer, Static, paragraphs_html, rss
from .test_runner import snapshot, stories

STORIES = Path(__file__).resolve().parents[1] / "stories" / "data"
DAY = dt.date(2026, 3, 6)
# Three stories told by seven articles: the ferry by three outlets, the others by two.
SEVEN = [
    "ferry-a.txt",
    "talks-a.txt",
    "nordvik-a.txt",
    "ferry-b.txt",
    "talks-b.txt",
    "ferry-c.txt",
    "nordvik-b.txt",
]
# An item of the feed as old as its article: long past the first fetch's 24 hours.
SINCE = dt.timedelta(days=365 * 100)


def story_articles(names: list[str]) -> list[Article]:
    return [read_article(STORIES / name) for name in names]


def entries(server: FeedServer, names: list[str], *, full: bool = True) -> list[Entry]:
    """Feed entries for the articles, dated as the articles are; teasers link to pages."""
    out = []
    for name, article in zip(names, story_articles(names), strict=True):
        link = server.url(f"/story/{name}")
        page = (
            "<html><head><meta charset='utf-8'><title>x</title></head><body><article>"
            f"<h1>{article.title}</h1>{paragraphs_html(article.text)}</article></body></html>"
        )
        server.routes[f"/story/{name}"] = Static(page.encode())
        assert article.published is not None
        out.append(
            Entry(
                title=article.title or name,
                link=link,
                guid=f"urn:{name}",
                published=dt.datetime.combine(article.published, dt.time(12), dt.UTC),
                summary=article.text[:150],
                content=paragraphs_html(article.text) if full else None,
            )
        )
    return out


def serve(server: FeedServer, names: list[str]) -> None:
    server.routes["/feed"] = Static(rss(entries(server, names)), "application/rss+xml")


def options(server: FeedServer, day: dt.date = DAY) -> DigestOptions:
    return DigestOptions(
        feeds=[FeedSpec(server.url("/feed"), "Wire")], day=day, since=SINCE, retries=1, backoff=0.01
    )


def story_briefs(out: Path, day: dt.date = DAY) -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted((out / day.isoformat()).glob("*.en.md"))
    }


def sources(brief: str) -> list[str]:
    """The article URLs a story brief lists under Sources, in letter order."""
    if "## Sources" not in brief:  # a one-article brief
        return re.findall(r"^- Link: (\S+)$", brief, re.M)
    section = brief.split("## Sources\n", 1)[1]
    return re.findall(r"^- \*\*[A-Z]+\*\* — .* · (http\S+)$", section, re.M)


def test_three_stories_told_by_seven_articles(
    server: FeedServer, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, SEVEN)
    result = run_digest(settings, options(server))
    assert result.exit_code == ExitCode.OK and (result.new_items, result.briefed) == (7, 7)
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    text = digest.read_text(encoding="utf-8")
    assert stories(digest) == [
        "Ferry capsizes on Lake Victoria near Entebbe, 12 dead",
        "Kenya and Tanzania end sugar tariff dispute",
        "Nordvik unveils its first foldable phone at Mobile World Congress",
    ]
    assert text.count("*3 sources: Wire*") == 1
    assert text.count("*2 sources: Wire*") == 2
    assert "3 stories · 1 feed" in text
    briefs = story_briefs(settings.out_dir)
    assert len(briefs) == 3
    # Every item is a source of exactly one story brief, A first in order of arrival.
    listed = [url for brief in briefs.values() for url in sources(brief)]
    assert sorted(listed) == sorted(server.url(f"/story/{n}") for n in SEVEN)
    ferry = next(b for b in briefs.values() if "Ferry capsizes" in b)
    assert sources(ferry) == [server.url(f"/story/ferry-{x}.txt") for x in "abc"]
    assert "- **Number of dead**\n    - 12 [A1] [C1] · *2 of 3 sources*" in ferry
    links = re.findall(r"\[Full brief\]\(([^)]+)\)", text)
    assert sorted(Path(link).name for link in links) == sorted(f"{n[:-3]}.md" for n in briefs)
    with State.open(settings.state) as state:
        items = state.day_items(DAY)
        assert {i.story_key for i in items} == {i.key for i in items if i.story == i.key}
        assert len({i.story_key for i in items}) == 3

    before = snapshot(settings.out_dir)
    again = run_digest(settings, options(server))
    assert again.written == [] and again.briefed == 0 and again.exit_code == ExitCode.OK
    assert snapshot(settings.out_dir) == before


def test_a_later_run_adds_a_new_article_to_its_story(
    server: FeedServer, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, ["ferry-a.txt", "talks-a.txt", "ferry-b.txt"])
    run_digest(settings, options(server))
    briefs = story_briefs(settings.out_dir)
    (ferry_name,) = [n for n, b in briefs.items() if "Ferry capsizes" in b]
    assert "*2 of 2 sources*" in briefs[ferry_name]

    serve(server, ["ferry-a.txt", "talks-a.txt", "ferry-b.txt", "ferry-c.txt", "reykjavik.txt"])
    result = run_digest(settings, options(server))
    assert (result.new_items, result.briefed) == (2, 2)
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    text = digest.read_text(encoding="utf-8")
    # The ferry keeps its number and its file, now told by three sources; Reykjavik is new.
    assert stories(digest) == [
        "Ferry capsizes on Lake Victoria near Entebbe, 12 dead · *new sources*",
        "Kenya and Tanzania end sugar tariff dispute",
        "Reykjavik approves four-day week for city staff",
    ]
    assert "1 new in this update · 1 with new sources" in text
    assert "*3 sources: Wire*" in text
    after = story_briefs(settings.out_dir)
    assert len(after) == 3 and ferry_name in after
    assert sources(after[ferry_name]) == [server.url(f"/story/ferry-{x}.txt") for x in "abc"]
    assert "- **Who said it**: “We will not stop" in after[ferry_name]
    with State.open(settings.state) as state:
        items = {i.key: i for i in state.day_items(DAY)}
        ferry = [
            i
            for i in items.values()
            if i.story == "guid:" + server.url("/feed") + " urn:ferry-a.txt"
        ]
        assert sorted(i.key.rsplit(" ", 1)[1] for i in ferry) == [
            "urn:ferry-a.txt",
            "urn:ferry-b.txt",
            "urn:ferry-c.txt",
        ]
        assert all(i.status == ItemStatus.DONE for i in items.values())
    # The next day's items never reopen an earlier day's story, and its facts are let go.
    serve(
        server,
        [
            "ferry-a.txt",
            "talks-a.txt",
            "ferry-b.txt",
            "ferry-c.txt",
            "reykjavik.txt",
            "ferry-d.txt",
        ],
    )
    run_digest(settings, options(server, DAY + dt.timedelta(days=1)))
    assert stories(settings.out_dir / f"digest-{DAY + dt.timedelta(days=1)}.en.md") == [
        "Uganda ferry accident kills 12 on Lake Victoria"
    ]
    assert sources(story_briefs(settings.out_dir)[ferry_name]) == [
        server.url(f"/story/ferry-{x}.txt") for x in "abc"
    ]
    with State.open(settings.state) as state:
        kept = state.conn.execute("SELECT count(*) FROM item_facts").fetchone()[0]
    assert kept == 1  # the new day's item only


def v1_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "state-v1.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def test_a_state_from_before_stories_is_migrated_and_keeps_its_items(
    server: FeedServer, make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    path = v1_database(tmp_path / "v1.sqlite3")
    before = (
        sqlite3.connect(path)
        .execute("SELECT key, status, slug, day FROM items ORDER BY id")
        .fetchall()
    )
    assert [row[1] for row in before] == ["done", "done", "pending"]
    with State.open(path) as state:
        assert state.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        items = state.conn.execute("SELECT key, status, slug, day, story FROM items ORDER BY id")
        # Every item kept; each one already briefed is a story of its own.
        assert [tuple(r) for r in items] == [
            (*row, row[0] if row[1] == "done" else None) for row in before
        ]
        assert state.counts() == {"done": 2, "pending": 1}
    # A second open finds nothing to do.
    with State.open(path) as state:
        assert state.conn.execute("PRAGMA user_version").fetchone()[0] == 2
    # A run on the migrated state briefs the pending item and lists the day's three stories.
    settings = make_settings(state=path)
    server.routes["/feed"] = Static(rss([]), "application/rss+xml")
    result = run_digest(settings, options(server, dt.date(2026, 3, 2)))
    assert result.briefed == 1
    digest = settings.out_dir / "digest-2026-03-02.en.md"
    assert stories(digest) == [
        "Somali President Unharmed in Palace Attack; 17 Killed",
        "Israel, Gaza Militants Trade Airstrikes and Rocket Fire",
        "Zimbabwe Opposition's Tsvangirai Tells President Mugabe to Step Down",
    ]
    assert (
        "### 3. Zimbabwe Opposition's Tsvangirai Tells President Mugabe to Step Down · *new*"
        in (digest.read_text(encoding="utf-8"))
    )


def test_a_failed_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.digest import state as module

    path = v1_database(tmp_path / "v1.sqlite3")
    broken = (*module._MIGRATIONS[1], "UPDATE no_such_table SET x = 1")
    monkeypatch.setitem(module._MIGRATIONS, 1, broken)
    with pytest.raises(OutputError, match="no such table: no_such_table"):
        State.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(items)")]
    assert "story" not in columns


def test_a_story_entry_names_each_outlet_once_and_counts_every_source() -> None:
    from briefing.models import BriefItem, Digest, DigestStory, SourceInfo, prose
    from briefing.render.digest import render_digest_markdown

    outlets = ["AP", "Reuters", "AP", None]
    brief_ = Brief(
        slug="summit",
        title=prose("Leaders meet"),
        bottom_line=BriefItem(text=prose("Leaders met.")),
        source=SourceInfo(name="AP", url="https://example.org/a"),
        sources=[SourceInfo(name=o, url=f"https://example.org/{i}") for i, o in enumerate(outlets)],
    )
    single = brief_.model_copy(update={"slug": "other", "sources": []})
    digest = Digest(
        day=DAY,
        lang="en",
        stories=[
            DigestStory(brief=brief_, english=brief_, link="x/summit.en"),
            DigestStory(brief=single, english=single, link="x/other.en"),
        ],
    )
    text = render_digest_markdown(digest)
    assert "*4 sources: AP; Reuters; unknown source*\n" in text
    # One source: its outlet, and its link, as before stories.
    assert (
        "*AP*\n" in text and "[Full brief](x/other.en.md) · Original: https://example.org/a" in text
    )
    assert "[Full brief](x/summit.en.md)\n" in text
