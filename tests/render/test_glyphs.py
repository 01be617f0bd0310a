"""The glyph-coverage checker itself: it passes real glyphs and catches missing ones."""

from __future__ import annotations

import pytest

from .glyphs import coverage_problems, parse_to_unicode


@pytest.mark.parametrize(
    ("cmap", "expected"),
    [
        (b"2 beginbfchar\n<0003> <0020>\n<4007> <d55c>\nendbfchar", {3: " ", 0x4007: "한"}),
        (b"1 beginbfchar\n<0010> <00660069>\nendbfchar", {0x10: "fi"}),  # a ligature
        (b"1 beginbfchar\n<0dcb> <d83add00>\nendbfchar", {0xDCB: "\U0001e900"}),  # a surrogate pair
        (b"1 beginbfrange\n<0041> <0043> <0061>\nendbfrange", {0x41: "a", 0x42: "b", 0x43: "c"}),
        (b"1 beginbfrange\n<0001> <0002> [<0416> <0436>]\nendbfrange", {1: "Ж", 2: "ж"}),
    ],
)
def test_parse_to_unicode(cmap: bytes, expected: dict[int, str]) -> None:
    assert parse_to_unicode(cmap) == expected


def _pdf(body: str, fonts: str) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=f'<html lang="ko"><body style="font-family: {fonts}">{body}</body></html>'
    ).write_pdf()


def test_hangul_and_cyrillic_with_our_fonts_pass() -> None:
    text = "한국어 보고서 — Русский текст — English"
    assert coverage_problems(_pdf(text, '"DejaVu Serif", "NanumMyeongjo"'), expected=text) == []


def test_a_character_no_font_has_is_reported() -> None:
    # U+0378 is unassigned: no font draws it, so WeasyPrint emits a glyph id the font lacks.
    problems = coverage_problems(_pdf("한국어 \u0378 text", '"DejaVu Serif", "NanumMyeongjo"'))
    assert any("U+0378" in p and "no outline" in p for p in problems), problems


def test_expected_text_missing_from_the_pdf_is_reported() -> None:
    pdf = _pdf("Русский текст", '"DejaVu Serif"')
    assert coverage_problems(pdf, expected="Русский текст") == []
    assert any("U+D55C" in p for p in coverage_problems(pdf, expected="한"))
