"""Render one brief in one layout to its outputs: Markdown and, if asked, PDF."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..errors import BriefingError, ExitCode
from ..models import Brief
from ..vocabulary import LAYOUTS, NEEDS_TARGET, SOURCE_LANG
from . import handout
from .html import render_html
from .markdown import render_markdown
from .pdf import layout_document, write_pdf


@dataclass
class Rendered:
    """The outputs of one brief in one layout."""

    brief: Brief  # what was rendered: for a handout, the brief as cut to fit
    markdown: str
    pdf: bytes | None = None
    pages: int | None = None
    renders: int = 0  # page layouts WeasyPrint ran (the handout may try several)


def check_layout(brief: Brief, layout: str) -> None:
    """Refuse a layout the brief cannot fill (a bilingual page needs a translated brief)."""
    if layout not in LAYOUTS:
        raise BriefingError(
            f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})", ExitCode.USAGE
        )
    if layout == "bilingual" and brief.lang == SOURCE_LANG:
        raise BriefingError(NEEDS_TARGET, ExitCode.USAGE)


def render_document(
    brief: Brief,
    *,
    layout: str = "brief",
    formats: Collection[str] = ("md", "pdf"),
    paper: str = "a4",
    author: str = "briefing",
    variant: str | None = None,
) -> Rendered:
    """Render `brief` in `layout`: Markdown always (it is cheap), PDF when 'pdf' is in `formats`.

    A handout is cut to fit its page budget by laying it out, counting pages and cutting
    more (see `handout.fit`), so even its Markdown needs the page layout.
    """
    check_layout(brief, layout)

    def lay_out(b: Brief) -> tuple[tuple[str, Any], int]:
        md = render_markdown(b, layout)
        document = layout_document(
            render_html(b, layout=layout, author=author, markdown=md),
            lang=b.lang,
            generator=b.generator,
            paper=paper,
            variant=variant,
        )
        return (md, document), len(document.pages)

    if layout == "handout":
        fitted = handout.fit(brief, lay_out)
        md, document = fitted.rendered
        pdf = write_pdf(document, variant) if "pdf" in formats else None
        return Rendered(fitted.brief, md, pdf, fitted.pages, fitted.renders)
    if "pdf" not in formats:
        return Rendered(brief, render_markdown(brief, layout))
    (md, document), pages = lay_out(brief)
    pdf = write_pdf(document, variant, english_first_cell=layout == "bilingual")
    return Rendered(brief, md, pdf, pages, 1)
