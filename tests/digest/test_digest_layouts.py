"""`digest --layout`: the full document beside each story is a brief, a handout or bilingual."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.digest import run_digest
from briefing.errors import BriefingError, ExitCode, ModelMissingError
from briefing.models import Article

from .feedserver import FeedServer
from .test_runner import DAY, options, serve, stories, titles


def links(digest: Path) -> list[tuple[str, str]]:
    """Return (label, target) of every story link in a digest Markdown file."""
    return re.findall(r"^\[([^\]]+)\]\(([^)]+)\)", digest.read_text(encoding="utf-8"), re.M)


def day_files(out: Path) -> list[str]:
    return sorted(p.name for p in (out / DAY.isoformat()).iterdir())


def pdf_links(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return [
        a.get_object()["/A"]["/F"]["/UF"]
        for page in reader.pages
        for a in page.get("/Annots") or []
    ]


def test_handout_layout_writes_one_handout_per_story_and_links_to_it(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    from pypdf import PdfReader

    settings = make_settings(formats=["md", "pdf"], layout="handout")
    serve(server, articles[:2])
    result = run_digest(settings, options(server))
    assert result.exit_code == ExitCode.OK

    names = day_files(settings.out_dir)
    assert len(names) == 4 and all(".handout.en." in n for n in names), names
    for pdf in (settings.out_dir / DAY.isoformat()).glob("*.pdf"):
        assert len(PdfReader(pdf).pages) <= 2  # a handout: one page, two for a long story
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    found = links(digest)
    assert [label for label, _ in found] == ["Handout", "Handout"]
    assert sorted(settings.out_dir / t for _, t in found) == sorted(
        (settings.out_dir / DAY.isoformat()).glob("*.handout.en.md")
    )
    assert sorted(
        settings.out_dir / t for t in pdf_links(settings.out_dir / f"digest-{DAY}.en.pdf")
    ) == sorted((settings.out_dir / DAY.isoformat()).glob("*.handout.en.pdf"))


def test_bilingual_layout_writes_english_beside_the_translation(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    tiny_argos: Path,
) -> None:
    settings = make_settings(
        langs=["en", "ko"], layout="bilingual", cache_dir=tiny_argos.parent / "bi-cache"
    )
    sample = articles[-1]  # the Vostochny summit: Putin and Kim
    serve(server, [sample])
    result = run_digest(settings, options(server))
    assert result.exit_code == ExitCode.OK and result.missing == {}

    # No English-only document and no English digest: English stands beside every translation.
    (full,) = day_files(settings.out_dir)
    assert full.endswith(".en-ko.md")
    assert [p.name for p in result.written] == [f"digest-{DAY}.ko.md"]
    digest = settings.out_dir / f"digest-{DAY}.ko.md"
    assert links(digest) == [("영어 원문 대조본", f"{DAY}/{full.removesuffix('.md')}.md")]
    text = (settings.out_dir / DAY.isoformat() / full).read_text(encoding="utf-8")
    # Item by item: each name on the same table row as its translation.
    assert re.search(r"^\| \*\*Vladimir Putin\*\*.* \| \*\*블라디미르 푸틴\*\*", text, re.M), text[
        :2000
    ]
    assert f"# {titles([sample])[0]}" in text


def test_a_layout_change_during_the_day_renders_earlier_stories_in_the_new_layout(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:1])
    run_digest(settings, options(server))
    first = day_files(settings.out_dir)
    assert len(first) == 1 and first[0].endswith(".en.md") and ".handout." not in first[0]

    serve(server, articles[:2])
    result = run_digest(settings.model_copy(update={"layout": "handout"}), options(server))
    assert result.exit_code == ExitCode.OK
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    assert stories(digest) == titles(articles[:2])
    targets = [settings.out_dir / t for _, t in links(digest)]
    assert len(targets) == 2 and all(
        t.is_file() and t.name.endswith(".handout.en.md") for t in targets
    )
    assert first[0] in day_files(settings.out_dir)  # the earlier brief stays where it was


def test_a_removed_full_brief_is_written_again_before_the_digest_links_to_it(
    server: FeedServer, articles: list[Article], make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings()
    serve(server, articles[:1])
    run_digest(settings, options(server))
    (removed,) = (settings.out_dir / DAY.isoformat()).iterdir()
    before = removed.read_bytes()
    removed.unlink()
    serve(server, articles[:2])
    run_digest(settings, options(server))
    assert removed.read_bytes() == before


def test_bilingual_needs_a_target_language(
    make_settings: Callable[..., Settings], server: FeedServer
) -> None:
    settings = make_settings(layout="bilingual")
    with pytest.raises(BriefingError, match="the bilingual layout needs a target language") as err:
        run_digest(settings, options(server))
    assert err.value.exit_code == ExitCode.USAGE
    assert not settings.state.exists() and not settings.out_dir.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"layout": "handout"}, [f"digest-{DAY}.en.md"]),
        ({"formats": ["md", "pdf"]}, [f"digest-{DAY}.en.md", f"digest-{DAY}.en.pdf"]),
    ],
)
def test_a_run_with_nothing_new_completes_the_day_in_a_new_layout_or_format(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    change: dict[str, object],
    expected: list[str],
) -> None:
    settings = make_settings()
    serve(server, articles[:2])
    run_digest(settings, options(server))
    changed = settings.model_copy(update=change)
    result = run_digest(changed, options(server))
    assert result.new_items == 0 and result.exit_code == ExitCode.OK
    assert sorted(p.name for p in result.written) == expected
    digest = settings.out_dir / f"digest-{DAY}.en.md"
    assert stories(digest) == titles(articles[:2])
    assert all((settings.out_dir / t).is_file() for _, t in links(digest))
    if "formats" in change:
        assert len(list((settings.out_dir / DAY.isoformat()).glob("*.en.pdf"))) == 2
    again = run_digest(changed, options(server))
    assert again.written == []  # complete now: nothing new, nothing written


def test_a_language_without_a_model_does_not_rewrite_the_day_on_every_run(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argostranslate.settings

    empty = tmp_path / "no-models"
    empty.mkdir()
    monkeypatch.setattr(argostranslate.settings, "package_dirs", [empty])
    settings = make_settings(langs=["en", "ko"])
    serve(server, articles[:1])
    first = run_digest(settings, options(server))
    assert first.exit_code == ExitCode.PARTIAL and "ko" in first.missing
    assert [p.name for p in first.written] == [f"digest-{DAY}.en.md"]
    again = run_digest(settings, options(server))
    assert again.written == []
    # Still said: the run was asked for Korean and could not make it.
    assert (
        again.exit_code == ExitCode.PARTIAL and "briefing models install ko" in again.missing["ko"]
    )
    with pytest.raises(ModelMissingError):
        run_digest(settings.model_copy(update={"strict": True}), options(server))


def test_a_language_added_later_in_the_day_is_written_with_nothing_new(
    server: FeedServer,
    articles: list[Article],
    make_settings: Callable[..., Settings],
    tiny_argos: Path,
) -> None:
    settings = make_settings(cache_dir=tiny_argos.parent / "later-cache")
    serve(server, articles[:2])
    run_digest(settings, options(server))
    result = run_digest(settings.model_copy(update={"langs": ["en", "ru"]}), options(server))
    assert result.new_items == 0 and result.exit_code == ExitCode.OK
    # The English digest is rewritten as it was; the Russian one is new, with both stories.
    assert sorted(p.name for p in result.written) == [f"digest-{DAY}.en.md", f"digest-{DAY}.ru.md"]
    russian = settings.out_dir / f"digest-{DAY}.ru.md"
    assert russian.read_text(encoding="utf-8").startswith("# Ежедневный дайджест")
    assert len(stories(russian)) == 2
    assert all((settings.out_dir / t).is_file() and t.endswith(".ru.md") for _, t in links(russian))
