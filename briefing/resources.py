"""Locate the data that ships inside the wheel: templates and locales."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


@functools.cache
def _data_dir(package: str, repo_dir: str) -> Path:
    try:
        path = Path(str(resources.files(package)))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return _REPO / repo_dir  # running from a source checkout without an install


def templates_dir() -> Path:
    """Return the directory holding the Jinja2 templates and print CSS."""
    return _data_dir("briefing._templates", "templates")


def locales_dir() -> Path:
    """Return the directory holding gettext catalogs and glossaries."""
    return _data_dir("briefing._locales", "locales")
