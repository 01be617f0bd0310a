"""The desk's pages: Jinja2 templates in templates/serve/, autoescaped, no JavaScript needed."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__, pipeline
from ..models import Brief, Facts
from ..resources import templates_dir
from ..vocabulary import FORMATS, LANGS, LAYOUTS, PAPERS, PDF_VARIANTS

EVIDENCE_HREF = "#s"  # [s4] links to the article's sentence 4 on the same page


def _when(value: float | None) -> str:
    if value is None:
        return ""
    return dt.datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M:%S")


def _size(value: int) -> str:
    return f"{value / 1024:.1f} KB" if value >= 1024 else f"{value} B"


@functools.cache
def environment() -> jinja2.Environment:
    """Return the pages' environment: HTML autoescaping, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "serve")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["when"] = _when
    env.filters["size"] = _size
    env.globals.update(
        language_name=pipeline.language_name,
        version=__version__,
        LANGS=LANGS,
        FORMATS=FORMATS,
        LAYOUTS=LAYOUTS,
        PAPERS=PAPERS,
        PDF_VARIANTS=PDF_VARIANTS,
    )
    return env


def render_page(name: str, **context: Any) -> str:
    """Render the page template `name` with `context`."""
    return environment().get_template(name).render(**context)


@dataclass
class SentenceView:
    """A sentence of the article as the result page shows it, with its anchor number."""

    number: int  # 1-based, as in the markers: [s4] is number 4
    text: str


def article_paragraphs(facts: Facts) -> list[list[SentenceView]]:
    """Return the article's sentences grouped by paragraph, for the evidence anchors."""
    text = facts.article.text
    paragraphs: dict[int, list[SentenceView]] = {}
    for i, sentence in enumerate(facts.sentences):
        view = SentenceView(i + 1, text[sentence.start : sentence.end])
        paragraphs.setdefault(sentence.paragraph, []).append(view)
    return [paragraphs[k] for k in sorted(paragraphs)]


def brief_sections(briefs: dict[str, Brief]) -> list[tuple[str, Markup]]:
    """Return each language's brief as HTML, evidence markers linking to the article below."""
    ordered = [lang for lang in LANGS if lang in briefs]
    # Our own renderer's output: article text in it is already escaped.
    return [
        (lang, Markup(pipeline.brief_html(briefs[lang], evidence_href=EVIDENCE_HREF)))
        for lang in ordered
    ]
