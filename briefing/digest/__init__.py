"""Daily digest: fetch feeds, brief what is new, write one digest per language, exactly once.

`run_digest(settings, DigestOptions(feeds=[...]))` is the whole job; `feeds` (fetch and
parse feeds), `state` (the books) and `runner` (what to brief and when) are its parts; reading,
briefing and rendering go through `briefing.pipeline`.
"""

from __future__ import annotations

from .feeds import FeedSpec, load_feeds
from .runner import DigestOptions, DigestResult, parse_since, run_digest

__all__ = ["DigestOptions", "DigestResult", "FeedSpec", "load_feeds", "parse_since", "run_digest"]
