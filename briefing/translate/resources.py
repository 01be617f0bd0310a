"""Locate the shipped `locales/` directory (package data in a wheel, the repo in a checkout)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

REPO_LOCALES = Path(__file__).resolve().parents[2] / "locales"


@lru_cache(maxsize=1)
def locales_dir() -> Path:
    """Return the directory holding catalogs and glossaries."""
    # `locales/` ships as the data package briefing._locales (no __init__.py, so it may be a
    # namespace package: ask for its search locations rather than importlib.resources.files).
    try:
        spec = importlib.util.find_spec("briefing._locales")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location)
        if (path / "glossary").is_dir() or any(path.glob("*/LC_MESSAGES")):
            return path
    return REPO_LOCALES
