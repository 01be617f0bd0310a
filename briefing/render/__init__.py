"""Render stage: Brief → Markdown, HTML, PDF, in the brief, handout or bilingual layout."""

from __future__ import annotations

from .document import LAYOUTS, Rendered, output_tag, render_document
from .markdown import markdown_to_html, render_markdown
from .pdf import PDF_VARIANTS, render_html, render_pdf

__all__ = [
    "LAYOUTS",
    "PDF_VARIANTS",
    "Rendered",
    "markdown_to_html",
    "output_tag",
    "render_document",
    "render_html",
    "render_markdown",
    "render_pdf",
]
