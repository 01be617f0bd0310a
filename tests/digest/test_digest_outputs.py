"""The digest's outputs: the cross-story index, the PDF, and Korean and Russian digests."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from briefing.compose import compose
from briefing.config import Settings
from briefing.digest import run_digest
from briefing.errors import ExitCode
from briefing.models import (
    Article,
    BriefEntity,
    BriefPerson,
    Digest,
    DigestStory,
    Facts,
    Person,
    Place,
    name,
)
from briefing.render.digest import build_index, render_digest_markdown

from .feedserver import FeedServer
from .test_runner import DAY, all_stories, options, serve, stories, titles


def _story(title: str, people: list[str], places: list[str]) -> DigestStory:
    brief = compose(
        Facts(
            article=Article(text=f"{title}. Something happened there today.", title=title),
            people=[Person(name=p) for p in people],
            places=[Place(name=p, kind="city") for p in places],
        )
    )
    return DigestStory(brief=brief, english=brief, link=f"2026-03-02/{brief.slug}.en")


def test_index_puts_names_in_several_stories_first(tmp_path: Path) -> None:
    stories_ = [
        _story("Talks in Seoul", ["Kim Jong Un", "Yoon Suk Yeol"], ["Seoul"]),
        _story("Launch at Vostochny", ["Vladimir Putin", "Kim Jong Un"], ["Vostochny Cosmodrome"]),
        _story(
            "Envoys in Beijing",
            ["Antony Blinken", "Kim Jong Un", "Vladimir Putin"],
            ["Beijing", "Seoul"],
        ),
    ]
    people = build_index(stories_, "people")
    assert [(e.name, e.stories) for e in people] == [
        ("Kim Jong Un", [1, 2, 3]),
        ("Vladimir Putin", [2, 3]),
        ("Antony Blinken", [3]),
        ("Yoon Suk Yeol", [1]),
    ]
    assert next((e.name, e.stories) for e in build_index(stories_, "places")) == ("Seoul", [1, 3])

    text = render_digest_markdown(Digest(day=dt.date(2026, 3, 2), lang="en", stories=stories_))
    assert (
        "- **Kim Jong Un** — 1, 2, 3\n- **Vladimir Putin** — 2, 3\n\n"
        "Also: Antony Blinken (3); Yoon Suk Yeol (1)" in text
    )
    (tmp_path / "digest.md").write_text(text, encoding="utf-8")
    assert stories(tmp_path / "digest.md") == [
        "Talks in Seoul",
        "Launch at Vostochny",
        "Envoys in Beijing",
    ]


def test_index_shows_translated_names_keyed_by_the_english_ones() -> None:
    english = _story("Talks", ["Vladimir Putin"], []).brief
    korean = english.model_copy(deep=True, update={"lang": "ko"})
    korean.people = [BriefPerson(name=name("블라디미르 푸틴"))]
    korean.places = [BriefEntity(name=name("서울"))]
    again = korean.model_copy(deep=True)
    entries = build_index(
        [DigestStory(brief=korean, english=english), DigestStory(brief=again, english=english)],
        "people",
    )
    assert [(e.name, e.stories) for e in entries] == [("블라디미르 푸틴", [1, 2])]


def test_pdf_digest_names_its_stories_and_links_to_their_full_briefs(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    from pypdf import PdfReader

    settings = make_settings(formats=["md", "pdf"])
    serve(server, articles[:2])
    result = run_digest(settings, options(server))
    pdf = settings.out_dir / f"digest-{DAY}.en.pdf"
    assert pdf in result.written
    reader = PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for title in titles(articles[:2]):
        assert title in text
    assert "Daily digest" in text
    assert reader.metadata.title == "Daily digest — March 2, 2026"
    # Links are PDF-to-PDF (GoToR) with paths relative to the digest: they survive a move.
    moved = settings.out_dir.rename(settings.out_dir.with_name("moved"))
    actions = [a.get_object()["/A"] for page in reader.pages for a in page.get("/Annots") or []]
    assert {a["/S"] for a in actions} == {"/GoToR"}
    targets = sorted(moved / a["/F"]["/UF"] for a in actions)
    assert targets == sorted((moved / DAY.isoformat()).glob("*.en.pdf"))
    assert len(targets) == 2
    assert all(not PurePosixPath(a["/F"]["/F"]).is_absolute() for a in actions)


def test_korean_and_russian_digests(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    tiny_argos: Path,
) -> None:
    settings = make_settings(langs=["en"], cache_dir=tiny_argos.parent / "digest-cache")
    sample = articles[-1]  # the Vostochny summit: Putin and Kim
    serve(server, [sample])
    run_digest(settings, options(server))
    # A later run of the day asks for Korean and Russian too: the earlier story is translated now.
    serve(server, [sample, articles[0]])
    result = run_digest(settings.model_copy(update={"langs": ["en", "ko", "ru"]}), options(server))
    assert result.exit_code == ExitCode.OK and result.missing == {}
    expected = titles([sample, articles[0]])
    assert all_stories(settings.out_dir, "en") == expected
    for lang, heading, putin in (
        ("ko", "# 일일 다이제스트 — 2026년 3월 2일", "블라디미르 푸틴"),
        ("ru", "# Ежедневный дайджест — 2 марта 2026 г.", "Владимир Путин"),
    ):
        digest = settings.out_dir / f"digest-{DAY}.{lang}.md"
        text = digest.read_text(encoding="utf-8")
        assert text.startswith(heading + "\n"), text[:80]
        assert len(all_stories(settings.out_dir, lang)) == 2  # each story once
        assert putin in text  # glossary name in the index and the story
        assert "Vladimir Putin" not in text
        assert len(list((settings.out_dir / DAY.isoformat()).glob(f"*.{lang}.md"))) == 2


def test_a_missing_translation_model_still_sends_the_english_digest(
    server: FeedServer, articles: list[Article], tmp_path: Path
) -> None:
    serve(server, articles[:1])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "ARGOS_"))}
    env |= {
        "ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    (tmp_path / "no-models").mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "digest",
            server.url("/feed"),
            "--state",
            str(tmp_path / "s.db"),
            "--out",
            str(tmp_path / "out"),
            "--lang",
            "en,ko",
            "--format",
            "md",
            "--workers",
            "1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == ExitCode.PARTIAL, proc.stderr
    written = [Path(p).name for p in proc.stdout.splitlines()]
    assert len(written) == 1 and written[0].endswith(".en.md")
    assert (
        "briefing: warning: ko digest not built: no en→ko translation model installed; "
        "run: briefing models install ko"
    ) in proc.stderr
