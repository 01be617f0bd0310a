"""Render a Brief to Markdown with the layout's Jinja2 template, and Markdown to HTML."""

from __future__ import annotations

import re

import markdown as md
from markupsafe import escape

from ..models import Brief
from .environment import environment

# " [s4]" (one article) or " [B7]" (a story's article B); look-alikes in article text were
# written with character references (environment.escape_markdown), so only ours match.
_EVIDENCE = re.compile(r" \[(s|[A-Z]{1,3})(\d+)\]")


def render_markdown(brief: Brief, layout: str = "brief") -> str:
    """Render the brief as Markdown; all article text comes out as literal text."""
    env = environment(brief.lang, markdown=True, bilingual=layout == "bilingual")
    template = env.get_template(f"{layout}/{layout}.md.j2")
    text = template.render(brief=brief)
    # Collapse the blank-line runs left by optional sections; keep one final newline.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def markdown_to_html(text: str, *, evidence_href: str | None = None) -> str:
    """Convert our Markdown to an HTML fragment, styling evidence markers.

    With `evidence_href`, each marker of a one-article brief links to it followed by the
    sentence number: "#s" makes [s4] a link to "#s4", the article's fourth sentence on the web
    desk's result page. A story's markers ([B7]) stay plain: that page shows one article.
    """
    html = md.markdown(text, extensions=["sane_lists"], output_format="html")

    def marker(m: re.Match[str]) -> str:
        tag = f"[{m.group(1)}{m.group(2)}]"
        if evidence_href is None or m.group(1) != "s":
            return f' <span class="ev">{tag}</span>'
        return f' <a class="ev" href="{escape(evidence_href)}{m.group(2)}">{tag}</a>'

    return _EVIDENCE.sub(marker, html)
