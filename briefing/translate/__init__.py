"""Translate stage: Brief(en) → Brief(ko|ru) with installed Argos packages, offline.

CTranslate2 and argostranslate are imported only when a translation actually runs, so
`briefing --help` and English-only builds never load them.
"""

from __future__ import annotations

from .engine import release_translators
from .glossary import load_glossary
from .sentences import split_sentences
from .stage import TranslationFailed, engine_for, translate_brief, translate_many

__all__ = [
    "TranslationFailed",
    "engine_for",
    "load_glossary",
    "release_translators",
    "split_sentences",
    "translate_brief",
    "translate_many",
]
