"""Every layout × language of the sample: pages, text in the right language, glyphs, furniture."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import __version__
from briefing.i18n import translations
from briefing.models import Brief
from briefing.render import Rendered
from briefing.render.environment import english

from .conftest import COMBOS
from .glyphs import coverage_problems, scripts_drawn
from .pdftools import ink_fraction, page_png, pdf_text, squeeze

# Page budgets: the handout is one page for the sample; the others have no hard budget, but a
# sample brief running far past these would mean a broken layout (overflowing rows, blank pages).
MAX_PAGES = {"brief": 5, "handout": 1, "bilingual": 8}
# Characters of each script, to tell which language a text is in.
HANGUL = range(0xAC00, 0xD7A4)
CYRILLIC = range(0x0400, 0x0500)
LATIN = range(0x41, 0x7B)
SCRIPT = {"ko": HANGUL, "ru": CYRILLIC}


def share_of(text: str, script: range) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(ord(c) in script for c in letters) / max(1, len(letters))


def shown_texts(brief: Brief, layout: str) -> str:
    """Every text the layout prints (the handout leaves out place kinds)."""
    texts = brief.texts()
    if layout == "handout":
        texts = [t for t in texts if t.kind != "label"]
    return " ".join(t.text for t in texts)


@pytest.mark.parametrize(("layout", "lang"), COMBOS)
def test_page_count(rendered: dict[tuple[str, str], Rendered], layout: str, lang: str) -> None:
    doc = rendered[layout, lang]
    reader = PdfReader(io.BytesIO(doc.pdf))
    assert len(reader.pages) == doc.pages
    assert 1 <= doc.pages <= MAX_PAGES[layout]


@pytest.mark.parametrize(("layout", "lang"), COMBOS)
def test_every_character_has_an_embedded_glyph(
    rendered: dict[tuple[str, str], Rendered], layout: str, lang: str
) -> None:
    doc = rendered[layout, lang]
    assert coverage_problems(doc.pdf, expected=shown_texts(doc.brief, layout)) == []


@pytest.mark.parametrize(("layout", "lang"), COMBOS)
def test_page_one_png_is_not_blank(
    rendered: dict[tuple[str, str], Rendered], layout: str, lang: str, tmp_path: Path
) -> None:
    ink = ink_fraction(page_png(rendered[layout, lang].pdf, tmp_path))
    assert 0.01 < ink < 0.6, ink


@pytest.mark.parametrize(("layout", "lang"), COMBOS)
def test_text_holds_headline_names_and_quotes(
    rendered: dict[tuple[str, str], Rendered], layout: str, lang: str
) -> None:
    doc = rendered[layout, lang]
    text = squeeze(pdf_text(doc.pdf))
    brief = doc.brief
    wanted = [brief.title.text, *(p.name.text for p in brief.people[:3])]
    wanted += [q.text.text for q in brief.reactions if q.direct][:2]
    assert wanted[3:], "the sample has direct quotes"
    for item in wanted:
        assert squeeze(item) in text, item
    if layout == "bilingual":  # and the English original beside each
        for item in [
            english(brief.title),
            english(brief.people[0].name),
            english(brief.reactions[0].text),
        ]:
            assert squeeze(item) in text, item


@pytest.mark.parametrize(("layout", "lang"), [c for c in COMBOS if c[1] != "en"])
def test_translated_text_is_in_the_target_script(
    rendered: dict[tuple[str, str], Rendered], layout: str, lang: str
) -> None:
    doc = rendered[layout, lang]
    text = pdf_text(doc.pdf)
    if layout == "bilingual":
        # Both languages side by side (a Hangul syllable is one letter for several Latin ones).
        assert share_of(text, SCRIPT[lang]) > 0.2 and share_of(text, LATIN) > 0.3
    else:
        assert share_of(text, SCRIPT[lang]) > 0.6
        # Prose is translated: the English bottom line is not on the page.
        assert squeeze(english(doc.brief.bottom_line.text)) not in squeeze(text)


@pytest.mark.parametrize("layout", ["brief", "handout", "bilingual"])
def test_hangul_is_set_in_nanum_and_cyrillic_in_dejavu(
    rendered: dict[tuple[str, str], Rendered], layout: str
) -> None:
    ko = scripts_drawn(rendered[layout, "ko"].pdf)
    hangul_fonts = {font for font, chars in ko.items() if any(ord(c) in HANGUL for c in chars)}
    assert hangul_fonts and all(font.startswith("Nanum") for font in hangul_fonts), hangul_fonts
    ru = scripts_drawn(rendered[layout, "ru"].pdf)
    cyrillic_fonts = {font for font, chars in ru.items() if any(ord(c) in CYRILLIC for c in chars)}
    assert cyrillic_fonts and all(font.startswith("DejaVu") for font in cyrillic_fonts), (
        cyrillic_fonts
    )


def test_korean_sample_brief_is_small(rendered: dict[tuple[str, str], Rendered]) -> None:
    # Subset TrueType Nanum keeps it tiny; whole CJK fonts made such PDFs swell to 16 MB.
    assert len(rendered["brief", "ko"].pdf) <= 1_500_000


@pytest.mark.parametrize(("layout", "lang"), COMBOS)
def test_page_furniture(rendered: dict[tuple[str, str], Rendered], layout: str, lang: str) -> None:
    doc = rendered[layout, lang]
    reader = PdfReader(io.BytesIO(doc.pdf))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    counter = translations(lang).gettext("Page %(page)s of %(pages)s")
    for number, text in enumerate(pages, start=1):
        assert f"briefing {__version__}" in text  # footer: the version
        assert "Voice of America (VOA)" in text  # masthead (page 1) or running header
        assert counter % {"page": number, "pages": len(pages)} in text, text[-200:]  # localised
        if doc.brief.translation:
            engine = doc.brief.translation.engine
            assert (
                engine in text and doc.brief.translation.version in text
            )  # machine-translation notice


def test_handout_shows_no_evidence_markers(rendered: dict[tuple[str, str], Rendered]) -> None:
    assert "[s1]" in pdf_text(rendered["brief", "ko"].pdf)
    for lang in ("en", "ko", "ru"):
        doc = rendered["handout", lang]
        assert "[s" not in pdf_text(doc.pdf) and "[s" not in doc.markdown


def test_handout_keeps_two_or_three_reactions_and_key_facts(
    rendered: dict[tuple[str, str], Rendered],
) -> None:
    for lang in ("en", "ko", "ru"):
        brief = rendered["handout", lang].brief
        assert 2 <= len(brief.reactions) <= 3
        assert brief.people and brief.places and brief.event_date and brief.stakes
    text = pdf_text(rendered["handout", "en"].pdf).casefold()  # headings are set in capitals
    for part in [
        "Key facts",
        "Who",
        "Where",
        "When",
        "September 13, 2023",
        "Vostochny Cosmodrome",
        "Source: Voice of America (VOA)",
    ]:
        assert part.casefold() in text, part
