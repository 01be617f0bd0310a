"""Render stage: Brief → Markdown, HTML, PDF, in the brief, handout or bilingual layout."""

from __future__ import annotations

from .digest import RenderedDigest, render_digest
from .document import Rendered, render_document
from .html import render_body, render_html
from .markdown import markdown_to_html, render_markdown
from .pdf import render_pdf

__all__ = [
    "Rendered",
    "RenderedDigest",
    "markdown_to_html",
    "render_body",
    "render_digest",
    "render_document",
    "render_html",
    "render_markdown",
    "render_pdf",
]
