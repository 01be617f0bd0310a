"""PDF variants: plain by default, PDF/UA-1 (tagged, language, title) and PDF/A-3u on request."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.cli import main
from briefing.models import Brief
from briefing.render import render_document

from .glyphs import coverage_problems

CASES = [("brief", "ko"), ("handout", "ru"), ("bilingual", "ko"), ("handout", "en")]


def xmp(reader: PdfReader) -> str:
    meta = reader.trailer["/Root"].get("/Metadata")
    return meta.get_object().get_data().decode("utf-8") if meta is not None else ""


def elements(reader: PdfReader) -> Iterator[tuple[int, Any]]:
    """Yield (object number, element) for every element reachable from the tag tree's root."""
    seen: set[int] = set()
    stack: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        kids = stack.pop().get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if (
                hasattr(kid, "idnum")
                and kid.idnum not in seen
                and hasattr(kid.get_object(), "keys")
            ):
                seen.add(kid.idnum)
                yield kid.idnum, kid.get_object()
                stack.append(kid.get_object())


def structure(reader: PdfReader) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Count the tag tree's element types, and (type, language) for elements with /Lang."""
    types: Counter[str] = Counter()
    langs: Counter[tuple[str, str]] = Counter()
    for _, node in elements(reader):
        if "/S" in node:
            types[str(node["/S"])] += 1
            if "/Lang" in node:
                langs[str(node["/S"]), str(node["/Lang"])] += 1
    return types, langs


@pytest.fixture(scope="module")
def variants(
    sample_briefs: dict[str, Brief],
) -> dict[tuple[str, str, str | None], tuple[Brief, bytes]]:
    out = {}
    for layout, lang in CASES:
        for variant in (None, "ua-1", "a-3u"):
            doc = render_document(sample_briefs[lang], layout=layout, variant=variant)
            out[layout, lang, variant] = (doc.brief, doc.pdf)
    return out


@pytest.mark.parametrize(("layout", "lang"), CASES)
def test_default_is_a_plain_pdf(variants, layout: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    _, pdf = variants[layout, lang, None]
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert (
        "/StructTreeRoot" not in root and "/MarkInfo" not in root and "/OutputIntents" not in root
    )
    assert "pdfuaid" not in xmp(reader) and "pdfaid" not in xmp(reader)
    assert root["/Lang"] == lang


@pytest.mark.parametrize(("layout", "lang"), CASES)
def test_ua1_is_tagged_with_language_and_title(variants, layout: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    brief, pdf = variants[layout, lang, "ua-1"]
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a pypdf BooleanObject)
    assert root["/Lang"] == lang
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == brief.title.text
    assert 'pdfuaid:part="1"' in xmp(reader)
    types, langs = structure(reader)
    assert types["/H1"] >= 1 and types["/H2"] >= 3 and types["/P"] >= 1
    if layout == "bilingual":
        # Every row's first cell is the English original, and is tagged as English.
        assert langs[("/TD", "en")] + langs[("/TH", "en")] == types["/TR"] > 30
        assert types["/TD"] + types["/TH"] == 2 * types["/TR"]
    else:
        assert types["/L"] >= 1 and not langs
    assert coverage_problems(pdf) == []


@pytest.mark.parametrize(("layout", "lang"), CASES)
def test_a3u_declares_conformance_and_an_output_intent(variants, layout: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    _, pdf = variants[layout, lang, "a-3u"]
    reader = PdfReader(io.BytesIO(pdf))
    meta = xmp(reader)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="U"' in meta
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
    assert not reader.is_encrypted
    assert coverage_problems(pdf) == []  # PDF/A needs every font embedded; U needs Unicode maps


def test_cli_and_environment_select_the_variant(
    sample_facts,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    facts = tmp_path / "facts.json"
    facts.write_text(sample_facts.model_dump_json(), encoding="utf-8")
    runner = CliRunner()
    args = ["render", str(facts), "--lang", "en", "--format", "pdf", "--layout", "handout"]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "ua"), "--pdf-variant", "ua-1"])
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "ua").glob("*.handout.en.pdf")
    assert "/StructTreeRoot" in PdfReader(pdf).trailer["/Root"]
    monkeypatch.setenv("BRIEFING_PDF_VARIANT", "a-3u")
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "a").glob("*.handout.en.pdf")
    assert 'pdfaid:part="3"' in xmp(PdfReader(pdf))
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "x"), "--pdf-variant", "a-1b"])
    assert result.exit_code == 2


def marked_content(reader: PdfReader) -> list[tuple[list[int], int]]:
    """Per page: MCIDs whose structure element is outside the tag tree, and pagination artifacts."""
    import re

    in_tree = {number for number, _ in elements(reader)}
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {nums[i]: nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    pages = []
    for page in reader.pages:
        content = page.get_contents().get_data()
        mapping = parents[page["/StructParents"]]
        mcids = [int(m) for m in re.findall(rb"/MCID (\d+)", content)]
        outside = [
            m for m in mcids if not hasattr(mapping[m], "idnum") or mapping[m].idnum not in in_tree
        ]
        pages.append((outside, len(re.findall(rb"/Artifact\s*<<\s*/Type /Pagination", content))))
    return pages


@pytest.mark.parametrize(("layout", "lang"), CASES)
def test_ua1_marks_running_headers_and_page_numbers_as_pagination_artifacts(  # type: ignore[no-untyped-def]
    variants, layout: str, lang: str
) -> None:
    brief, pdf = variants[layout, lang, "ua-1"]
    reader = PdfReader(io.BytesIO(pdf))
    for outside, artifacts in marked_content(reader):
        assert outside == []  # all tagged content is in the tag tree
        assert artifacts >= 2  # header or notice, page x of y, footer
    for page in reader.pages:  # still printed on every page
        assert brief.generator in " ".join(page.extract_text().split())
