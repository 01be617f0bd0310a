"""Render a Brief to Markdown with the layout's Jinja2 template, and Markdown to HTML."""

from __future__ import annotations

import re

import markdown as md
from markupsafe import escape

from ..models import Brief
from .environment import environment

_EVIDENCE = re.compile(r" \[s(\d+)\]")


def render_markdown(brief: Brief, layout: str = "brief") -> str:
    """Render the brief as Markdown; all article text comes out as literal text."""
    env = environment(brief.lang, markdown=True, bilingual=layout == "bilingual")
    template = env.get_template(f"{layout}/{layout}.md.j2")
    text = template.render(brief=brief)
    # Collapse the blank-line runs left by optional sections; keep one final newline.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def markdown_to_html(text: str, *, evidence_href: str | None = None) -> str:
    """Convert our Markdown to an HTML fragment, styling evidence markers.

    With `evidence_href`, each marker links to it followed by the sentence number: "#s" makes
    [s4] a link to "#s4", the article's fourth sentence on the web desk's result page.
    """
    html = md.markdown(text, extensions=["sane_lists"], output_format="html")
    if evidence_href is None:
        return _EVIDENCE.sub(r' <span class="ev">[s\1]</span>', html)
    href = escape(evidence_href)
    return _EVIDENCE.sub(
        lambda m: f' <a class="ev" href="{href}{m.group(1)}">[s{m.group(1)}]</a>', html
    )
