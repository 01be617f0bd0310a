"""Daily digest: fetch feeds, brief what is new, write one digest per language, exactly once.

`run_digest(settings, DigestOptions(feeds=[...]))` is the whole job; `feeds`, `articles`,
`state`, `runner` and `render` are its stages.
"""

from __future__ import annotations

from .feeds import FeedSpec, load_feeds
from .runner import DigestOptions, DigestResult, parse_since, run_digest

__all__ = ["DigestOptions", "DigestResult", "FeedSpec", "load_feeds", "parse_since", "run_digest"]
