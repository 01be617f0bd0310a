"""briefing: news article → analyst brief (en, ko, ru) as Markdown and PDF.

The stages are plain functions from one model to the next::

    from briefing import read_article, extract, compose, translate_brief
    from briefing import render_markdown, render_pdf
    article = read_article("article.txt")
    facts = extract(article)
    brief = compose(facts)
    md = render_markdown(brief)

Names are imported lazily so that `briefing --help` does not load spaCy or WeasyPrint.
"""

from __future__ import annotations

import importlib
from typing import Any

from .vocabulary import LANGS

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it from here

_EXPORTS = {
    "Article": "briefing.models",
    "Facts": "briefing.models",
    "Brief": "briefing.models",
    "Settings": "briefing.config",
    "load_settings": "briefing.config",
    "read_article": "briefing.ingest",
    "parse_article": "briefing.ingest",
    "extract": "briefing.extract",
    "compose": "briefing.compose",
    "translate_brief": "briefing.translate",
    "render_markdown": "briefing.render",
    "render_html": "briefing.render",
    "render_pdf": "briefing.render",
    "build": "briefing.pipeline",
}

__all__ = ["LANGS", "__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
