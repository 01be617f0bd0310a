"""Lay an HTML page out with WeasyPrint and write it as PDF (plain, PDF/UA-1 or PDF/A-3u)."""

from __future__ import annotations

import functools
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..models import Brief
from ..resources import templates_dir
from .environment import environment
from .finishers import mark_english_cells, pagination_artifacts, relative_links
from .html import render_html

PAPER = {"a4": "A4", "letter": "letter"}
# WeasyPrint's names for our PDF variants; None is a plain PDF.
_WEASYPRINT_VARIANTS = {"ua-1": "pdf/ua-1", "a-3u": "pdf/a-3u"}


def css_string(text: str) -> str:
    """Quote `text` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def page_css(lang: str, generator: str, paper: str) -> str:
    """Return the per-document CSS: paper size, localised "page x of y", generator line."""
    env = environment(lang, markdown=False)
    env.autoescape = False  # CSS, not HTML: css_string quotes every value
    env.filters["css_string"] = css_string
    return env.get_template("common/page.css.j2").render(paper=PAPER[paper], generator=generator)


def asset_fetcher(root: Path):  # type: ignore[no-untyped-def]
    """Make a WeasyPrint URL fetcher that serves files under `root` and refuses everything else.

    No http(s), no data:, no file:// outside `root` (symlinks and '..' are resolved first), so
    nothing an article smuggles in can be embedded. Refused URLs are kept in `.refused`.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.root = root.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"briefing refuses to fetch {url}")

    return AssetFetcher()


def _variant_options(variant: str | None) -> dict[str, Any]:
    if variant is None:
        return {}
    return {"pdf_variant": _WEASYPRINT_VARIANTS[variant]}


def layout_document(
    html: str, *, lang: str, generator: str, paper: str = "a4", variant: str | None = None
) -> Any:
    """Lay the HTML page out with WeasyPrint; the result knows its `.pages` and writes the PDF.

    `lang` chooses the page furniture's language ("page x of y"), `generator` its footer line.
    """
    from weasyprint import CSS, HTML

    root = templates_dir()
    fetcher = asset_fetcher(root)
    document = HTML(string=html, base_url=str(root) + "/", url_fetcher=fetcher)
    extra = CSS(string=page_css(lang, generator, paper), url_fetcher=fetcher)
    return document.render(stylesheets=[extra], **_variant_options(variant))


def write_pdf(
    document: Any,
    variant: str | None = None,
    *,
    english_first_cell: bool = False,
    link_root: Path | None = None,
) -> bytes:
    """Write a laid-out document as PDF bytes (plain, PDF/UA-1 or PDF/A-3u).

    `english_first_cell` (the bilingual layout) marks the first cell of every table row as
    English in the tag tree: WeasyPrint tags the whole document with the root `lang` only,
    and a screen reader would read the English column with Korean or Russian rules.

    In a tagged PDF the running header, page numbers and footer are marked as pagination
    artifacts (see `pagination_artifacts`).

    `link_root` (the digest) turns links to PDF files under that folder into links relative
    to it (see `relative_links`), so the folder can be moved or copied as a whole.
    """
    steps: list[Any] = [pagination_artifacts]
    if english_first_cell:
        steps.append(mark_english_cells)
    if link_root is not None:
        steps.append(functools.partial(relative_links, link_root))

    def finish(document: Any, pdf: Any) -> None:
        for step in steps:
            step(document, pdf)

    pdf: bytes = document.write_pdf(finisher=finish, **_variant_options(variant))
    return pdf


def render_pdf(
    brief: Brief,
    *,
    layout: str = "brief",
    paper: str = "a4",
    author: str = "briefing",
    html: str | None = None,
    variant: str | None = None,
) -> bytes:
    """Render the brief to PDF bytes (A4 or letter, page numbers, running header, metadata).

    This lays out the brief as given; the handout's cutting to fit is `render_document`'s job.
    """
    page = html if html is not None else render_html(brief, layout=layout, author=author)
    document = layout_document(
        page, lang=brief.lang, generator=brief.generator, paper=paper, variant=variant
    )
    return write_pdf(document, variant)
