"""The bilingual layout: each heading, bullet and quote level with its translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import ExitCode
from briefing.i18n import translations
from briefing.models import Brief
from briefing.render import Rendered, render_document
from briefing.render.environment import english

from .pdftools import Line, squeeze, text_lines

PREFIX = 10  # characters (spaces dropped) that identify a Markdown row
MIN_LINE = 8  # a shorter line that starts an item's text is more likely the end of another cell
ROW_TOLERANCE = 3.0  # points: the two fonts' ascents differ a little on one baseline grid


def rows(brief: Brief, lang: str) -> list[tuple[str, str]]:
    """The (English, translation) start of every row, in order, as the layout sets them."""
    t = translations(lang).gettext
    out = [(english(brief.title), brief.title.text)]

    def heading(message: str) -> None:
        out.append((message, t(message)))

    heading("Bottom line")
    out.append((english(brief.bottom_line.text), brief.bottom_line.text.text))
    heading("Who")
    out += [(english(p.name), p.name.text) for p in brief.people]
    heading("Organisations")
    out += [(english(o.name), o.name.text) for o in brief.organizations]
    heading("Where")
    out += [(english(p.name), p.name.text) for p in brief.places]
    heading("What is at stake")
    out += [(english(s.text), s.text.text) for s in brief.stakes]
    heading("Reactions")
    out += [(english(q.speaker), q.speaker.text) for q in brief.reactions]
    return out


def find_after(lines: list[Line], start: int, text: str, column: str, middle: float) -> int:
    """Index of the first line at or after `start`, in `column`, where `text` begins.

    The whole line must match: it is the start of `text` (and not a stub such as the last word
    of the cell before), or `text` is the start of it (a name followed by its role). Spaces
    are ignored, since lines break anywhere.
    """
    item = squeeze(text)
    for i in range(start, len(lines)):
        line = lines[i]
        words = squeeze(line.text)
        if (line.left < middle) != (column == "left"):
            continue
        if words.startswith(item) or (item.startswith(words) and len(words) >= MIN_LINE):
            return i
    raise AssertionError(f"row start {text[:40]!r} not found in the {column} column")


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_each_item_sits_level_with_its_translation(
    rendered: dict[tuple[str, str], Rendered], lang: str, tmp_path: Path
) -> None:
    doc = rendered["bilingual", lang]
    width, lines = text_lines(doc.pdf, tmp_path)
    expected = rows(doc.brief, lang)
    assert len(expected) > 30  # every section of the sample, not a token check
    left = right = 0
    for en, target in expected:
        left = find_after(lines, left, en, "left", width / 2)
        right = find_after(lines, right, target, "right", width / 2)
        a, b = lines[left], lines[right]
        assert a.page == b.page and abs(a.top - b.top) <= ROW_TOLERANCE, (en[:40], a, b)
        left, right = left + 1, right + 1


@pytest.mark.parametrize("lang", ["ko", "ru"])
def test_markdown_puts_each_item_and_its_translation_in_one_table_row(
    rendered: dict[tuple[str, str], Rendered], lang: str
) -> None:
    doc = rendered["bilingual", lang]
    table_rows = [line for line in doc.markdown.splitlines() if line.startswith("|")]
    for line in table_rows:  # a newline inside a cell would break the table
        assert line.startswith("| ") and line.endswith(" |") and line.count(" | ") >= 1, line
    for en, target in rows(doc.brief, lang)[1:]:  # the title is a pair of headings
        cells = [r for r in table_rows if squeeze(en)[:PREFIX] in squeeze(r).replace("*", "")]
        assert any(squeeze(target)[:PREFIX] in squeeze(r).replace("*", "") for r in cells), (
            en,
            target,
        )
    assert doc.markdown.count("| --- | --- |") >= 7  # one table per section


def test_an_english_brief_has_no_bilingual_layout(sample_briefs: dict[str, Brief]) -> None:
    from briefing.errors import BriefingError

    with pytest.raises(BriefingError, match="needs a target language"):
        render_document(sample_briefs["en"], layout="bilingual")


def test_render_writes_en_ko_files(
    sample_facts,
    sample_briefs,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    facts = tmp_path / "facts.json"
    facts.write_text(sample_facts.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["render", str(facts), "--layout", "bilingual", "--lang", "en,ko,ru", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    slug = sample_briefs["en"].slug
    assert sorted(p.name for p in out.iterdir()) == [
        f"{slug}.en-{lang}.{ext}" for lang in ("ko", "ru") for ext in ("md", "pdf")
    ]
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(facts),
            "--layout",
            "bilingual",
            "--lang",
            "en",
            "--out",
            str(tmp_path / "none"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == ExitCode.USAGE
    assert "needs a target language" in result.output
    assert not (tmp_path / "none").exists()
