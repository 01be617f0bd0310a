"""Article text is data in every layout; the PDF renderer fetches only the project's assets."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import markdown as md
import pytest
from pypdf import PdfReader

from briefing.models import (
    Brief,
    BriefEntity,
    BriefItem,
    BriefPerson,
    BriefQuote,
    SourceInfo,
    label,
    name,
    prose,
)
from briefing.render import render_document, render_html
from briefing.render.pdf import asset_fetcher, render_pdf
from briefing.resources import templates_dir

from .pdftools import pdf_text

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src="file:///etc/passwd">'
LINK = "[x](javascript:alert(1))"
HEADING = "# Not a heading"
HOSTILE = [SCRIPT, IMG, LINK, HEADING]

# A 1×1 red PNG: a real image that must not end up in a PDF when it lies outside templates/.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cf"
    "c000000301010018dd8db00000000049454e44ae426082"
)


def hostile_brief() -> Brief:
    """A brief whose every kind of text carries markup an article could smuggle in."""
    return Brief(
        slug="hostile",
        title=prose(f"{HEADING} {SCRIPT}"),
        bottom_line=BriefItem(text=prose(f"The article embeds {IMG} and {LINK} in its lead.")),
        event_date=dt.date(2024, 5, 6),
        people=[
            BriefPerson(name=name("Jane Doe"), role=prose(f"spokesperson {SCRIPT}")),
            BriefPerson(name=name("John Roe"), role=prose("analyst")),
        ],
        places=[BriefEntity(name=name(f"Springfield {IMG}"), kind=label("city"))],
        stakes=[
            BriefItem(text=prose(f"{LINK} is at stake")),
            BriefItem(text=prose(f"{HEADING} at stake")),
        ],
        reactions=[
            BriefQuote(
                speaker=name("Jane Doe"),
                text=prose(f"We reject {SCRIPT} and every {IMG} here"),
                direct=True,
            ),
            BriefQuote(
                speaker=name("John Roe"),
                text=prose(f"Markdown such as {LINK} stays text, truly"),
                direct=True,
            ),
        ],
        source=SourceInfo(name="Example News", published=dt.date(2024, 5, 6)),
        generator="briefing test",
    )


@pytest.fixture(scope="module")
def hostile_briefs(tiny_argos: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Brief]:
    from briefing.config import Settings
    from briefing.translate import translate_brief

    english = hostile_brief()
    settings = Settings(cache_dir=tmp_path_factory.mktemp("mt-cache"))
    return {"en": english, "ko": translate_brief(english, "ko", settings)}


LAYOUTS = [("brief", "en"), ("handout", "en"), ("bilingual", "ko")]


@pytest.mark.parametrize(("layout", "lang"), LAYOUTS)
def test_markup_in_article_text_stays_literal(
    hostile_briefs: dict[str, Brief], layout: str, lang: str
) -> None:
    doc = render_document(hostile_briefs[lang], layout=layout)
    # The Markdown file shows the text literally when any Markdown renderer reads it ...
    html_of_markdown = md.markdown(doc.markdown)
    for tag in ("<script", "<img", "<a ", "<h1>Not"):
        assert tag not in html_of_markdown
    # ... and the PDF's page is built without any of it as markup, and prints it as text.
    page = render_html(doc.brief, layout=layout)
    for tag in ("<script", "<img", "<a ", 'javascript:alert(1)"'):
        assert tag not in page
    text = pdf_text(doc.pdf)
    for item in HOSTILE:
        assert item in text, item
    reader = PdfReader(io.BytesIO(doc.pdf))
    assert all(not page.images and "/Annots" not in page for page in reader.pages)


def _secret_png(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(PNG)
    return secret


def _images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _page_with_image(brief: Brief, src: str) -> str:
    return render_html(brief).replace(
        "</body>", f'<img src="{src}" alt="x" style="width:2cm"></body>'
    )


def test_a_file_url_outside_templates_is_not_embedded(tmp_path: Path) -> None:
    secret = _secret_png(tmp_path)
    brief = hostile_brief()
    for src in (
        secret.as_uri(),
        f"{templates_dir().as_uri()}/../../{secret.relative_to('/')}",
        os.path.relpath(secret, templates_dir()),
    ):
        assert _images(render_pdf(brief, html=_page_with_image(brief, src))) == 0, src


def test_the_fetcher_serves_assets_and_refuses_everything_else(tmp_path: Path) -> None:
    from weasyprint import HTML

    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "ok.png").write_bytes(PNG)
    (assets / "link.png").symlink_to(_secret_png(tmp_path))
    fetcher = asset_fetcher(assets)
    refused = [
        (tmp_path / "outside" / "secret.png").as_uri(),
        (assets / "link.png").as_uri(),
        (assets / ".." / "outside" / "secret.png").as_uri(),
        "http://127.0.0.1:9/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ]
    srcs = [(assets / "ok.png").as_uri(), *refused]
    page = "".join(f'<img src="{s}" alt="x" style="width:1cm">' for s in srcs)
    pdf = HTML(string=page, base_url=str(assets) + "/", url_fetcher=fetcher).write_pdf()
    assert _images(pdf) == 1  # the positive control: an asset under the root is embedded
    assert sorted(fetcher.refused) == sorted(refused)
