"""Locate the data that ships inside the wheel: templates and locales."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


@functools.cache
def _data_dir(package: str, repo_dir: str) -> Path:
    # templates/ and locales/ ship as the data packages briefing._templates and
    # briefing._locales. They have no __init__.py, so they are namespace packages: ask for
    # their search locations (importlib.resources.files gives a MultiplexedPath for those).
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location)
        if path.is_dir() and any(path.iterdir()):
            return path
    return _REPO / repo_dir  # a source checkout that was never installed


def templates_dir() -> Path:
    """Return the directory holding the Jinja2 templates and print CSS."""
    return _data_dir("briefing._templates", "templates")


def locales_dir() -> Path:
    """Return the directory holding gettext catalogs and glossaries."""
    return _data_dir("briefing._locales", "locales")
