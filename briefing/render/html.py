"""Render a Brief to a standalone HTML page for print: the layout's body inside the page shell."""

from __future__ import annotations

import re

from markupsafe import Markup

from ..models import Brief
from ..resources import templates_dir
from .environment import environment, localized_date
from .markdown import markdown_to_html, render_markdown

# Break opportunities for long unbroken tokens (URLs, hashes, runs of letters): without them a
# line breaker must try every character (overflow-wrap), which is quadratic and took minutes
# for a handful of 1000-character tokens.
LONG_TOKEN = 30
CHUNK = 24
_TEXT_NODE = re.compile(r"(?<=>)[^<]+")
_LONG_RUN = re.compile(rf"(?:&[#\w]+;|[^\s&<])(?:&[#\w]+;|[^\s&<]){{{LONG_TOKEN - 1},}}")
_UNIT = re.compile(r"&[#\w]+;|.", re.S)
RUNNING_SOURCES = 3  # outlets a story's page header names


def has_template(name: str) -> bool:
    """Tell whether templates/ holds `name`."""
    return (templates_dir() / name).is_file()


def break_long_words(html: str) -> str:
    """Put a <wbr> every CHUNK characters into each run of LONG_TOKEN or more without a space.

    Only text between tags is touched, and entities such as &amp; are kept whole.
    """

    def chunk(run: re.Match[str]) -> str:
        units = _UNIT.findall(run.group(0))
        return "<wbr>".join("".join(units[i : i + CHUNK]) for i in range(0, len(units), CHUNK))

    return _TEXT_NODE.sub(lambda node: _LONG_RUN.sub(chunk, node.group(0)), html)


def render_body(
    brief: Brief, layout: str, markdown: str | None = None, *, evidence_href: str | None = None
) -> Markup:
    """Render the HTML body of a layout: its own HTML template if it has one, else its Markdown.

    `evidence_href` turns the Markdown path's evidence markers into links (see markdown_to_html).
    """
    if has_template(f"{layout}/{layout}.html.j2"):
        env = environment(brief.lang, markdown=False, bilingual=layout == "bilingual")
        body = env.get_template(f"{layout}/{layout}.html.j2").render(brief=brief)
    else:  # our own Markdown output: article text in it is already escaped
        body = markdown_to_html(
            markdown if markdown is not None else render_markdown(brief, layout),
            evidence_href=evidence_href,
        )
    return Markup(break_long_words(body))


def render_html(
    brief: Brief, *, layout: str = "brief", author: str = "briefing", markdown: str | None = None
) -> str:
    """Render the brief as a complete HTML page for print (body, page shell, metadata)."""
    env = environment(brief.lang, markdown=False)
    published = brief.source.published or brief.event_date
    outlet = brief.source.name
    if brief.sources:  # a story: its outlets, and the day of its event
        published = brief.event_date or published
        names = list(dict.fromkeys(s.name for s in brief.sources if s.name))
        outlet = ", ".join(names[:RUNNING_SOURCES]) + (" …" if len(names) > RUNNING_SOURCES else "")
    running_source = " · ".join(
        x for x in (outlet, localized_date(published, brief.lang) if published else None) if x
    )
    keywords = ", ".join(p.name.text for p in brief.people[:6])

    return env.get_template("common/page.html.j2").render(
        lang=brief.lang,
        layout=layout,
        layout_css=f"{layout}/{layout}.css" if has_template(f"{layout}/{layout}.css") else None,
        title=brief.title.text,
        author=author,
        generator=brief.generator,
        description=brief.bottom_line.text.text,
        created=published.isoformat() if published else None,
        keywords=keywords,
        running_source=running_source,
        translation=brief.translation,
        body=render_body(brief, layout, markdown),
    )
