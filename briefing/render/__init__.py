"""Render stage: Brief → Markdown, HTML, PDF."""

from __future__ import annotations

from .markdown import markdown_to_html, render_markdown
from .pdf import render_html, render_pdf

__all__ = ["markdown_to_html", "render_html", "render_markdown", "render_pdf"]
