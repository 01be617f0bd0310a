"""Fixtures for the render tests: the sample brief in en, ko, ru, rendered once per layout.

The Korean and Russian briefs come from the real translate stage over the tiny Argos
packages (`tiny_argos`), so the text is Hangul and Cyrillic made by a real model run —
not real translations, but the real path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import Brief, Facts
from briefing.render import Rendered, render_document

LANGS = ("en", "ko", "ru")
# Every layout × language the project promises; the bilingual layout pairs en with ko or ru.
COMBOS = [
    ("brief", "en"),
    ("brief", "ko"),
    ("brief", "ru"),
    ("handout", "en"),
    ("handout", "ko"),
    ("handout", "ru"),
    ("bilingual", "ko"),
    ("bilingual", "ru"),
]


@pytest.fixture(scope="session")
def sample_facts(sample_path: Path) -> Facts:
    """Extract the sample article's facts with the real pipeline."""
    from briefing import pipeline
    from briefing.config import Settings

    settings = Settings()
    return pipeline.facts_for(pipeline.read(sample_path, settings), settings)


@pytest.fixture(scope="session")
def sample_briefs(
    sample_facts: Facts,
    tiny_argos: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Brief]:
    """The sample brief in English and translated by the tiny ko and ru models."""
    from briefing.compose import compose
    from briefing.translate import translate_brief

    english = compose(sample_facts)
    settings = Settings(cache_dir=tmp_path_factory.mktemp("mt-cache"))
    return {
        "en": english,
        **{lang: translate_brief(english, lang, settings) for lang in ("ko", "ru")},
    }


@pytest.fixture(scope="session")
def rendered(sample_briefs: dict[str, Brief]) -> dict[tuple[str, str], Rendered]:
    """Every layout × language of the sample, rendered once (Markdown and A4 PDF)."""
    return {
        (layout, lang): render_document(sample_briefs[lang], layout=layout)
        for layout, lang in COMBOS
    }
