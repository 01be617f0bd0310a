"""Links between our PDFs are relative (GoToR), so an output folder can be moved."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.render.pdf import layout_document, write_pdf


def _actions(html: str, link_root: Path | None, variant: str | None = None) -> list[dict]:
    document = layout_document(html, lang="en", generator="briefing test", variant=variant)
    reader = PdfReader(io.BytesIO(write_pdf(document, variant, link_root=link_root)))
    return [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]


@pytest.mark.parametrize("variant", [None, "ua-1"])
def test_only_links_to_pdfs_under_the_root_become_relative(
    tmp_path: Path, variant: str | None
) -> None:
    root = tmp_path / "out"
    inside = (root / "2026-03-02" / "story one.en.pdf").resolve().as_uri()
    markdown = (root / "2026-03-02" / "story.en.md").resolve().as_uri()
    outside = (tmp_path / "elsewhere.pdf").resolve().as_uri()
    html = (
        f'<html lang="en"><head><title>t</title></head><body><p><a href="{inside}">a</a> '
        f'<a href="{markdown}">b</a> <a href="{outside}">c</a> <a href="https://example.org/x.pdf">d</a>'
        "</p></body></html>"
    )
    annotations = _actions(html, root, variant)
    assert len(annotations) == 4
    first, *rest = [a["/A"] for a in annotations]
    assert first["/S"] == "/GoToR" and first["/F"]["/UF"] == "2026-03-02/story one.en.pdf"
    assert [a["/S"] for a in rest] == ["/URI", "/URI", "/URI"]  # not a PDF, outside, the web
    assert rest[2]["/URI"] == "https://example.org/x.pdf"
    if variant == "ua-1":  # a tagged PDF names each link's target in /Contents
        assert annotations[0]["/Contents"] == "2026-03-02/story one.en.pdf"


def test_without_a_root_links_stay_as_written(tmp_path: Path) -> None:
    target = (tmp_path / "story.en.pdf").resolve().as_uri()
    (annotation,) = _actions(f'<html lang="en"><body><a href="{target}">a</a></body></html>', None)
    assert annotation["/A"]["/S"] == "/URI" and annotation["/A"]["/URI"] == target
