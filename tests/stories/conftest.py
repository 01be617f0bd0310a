"""Fixtures for the story tests: the labelled articles and the dev set, extracted once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import pipeline
from briefing.config import Settings
from briefing.models import Facts

DATA = Path(__file__).resolve().parent / "data"
GROUPS = DATA / "groups.json"
EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def extract(paths: list[Path]) -> dict[str, Facts]:
    settings = Settings()
    return {p.name: pipeline.facts_for(pipeline.read(p, settings), settings) for p in paths}


@pytest.fixture(scope="session")
def labels() -> dict[str, str]:
    """The labelled grouping: article file name → story name."""
    data: dict[str, str] = json.loads(GROUPS.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def labelled(labels: dict[str, str]) -> dict[str, Facts]:
    """The facts of every labelled article, by file name."""
    return extract([DATA / name for name in sorted(labels)])


@pytest.fixture(scope="session")
def dev() -> dict[str, Facts]:
    """The facts of the 17 dev articles in ../shared/eval (17 different stories)."""
    if not EVAL_DIR.is_dir():
        pytest.skip(f"no dev set at {EVAL_DIR}")
    return extract(sorted(EVAL_DIR.glob("*.txt")))
