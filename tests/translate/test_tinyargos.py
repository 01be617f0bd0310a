"""Tiny Argos packages are real: Argos lists them, CTranslate2 runs them, output is in script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.translate.engine import Engine
from briefing.translate.packages import installed_models, require_model

SCRIPT = {"ko": re.compile(r"[가-힣]"), "ru": re.compile(r"[А-Яа-яЁё]")}
LATIN = re.compile(r"[A-Za-z]")


def test_argos_lists_the_tiny_packages(tiny_argos: Path) -> None:
    from argostranslate import package

    pairs = {(p.from_code, p.to_code) for p in package.get_installed_packages()}
    assert {("en", "ko"), ("en", "ru")} <= pairs
    assert {(m.from_code, m.to_code) for m in installed_models()} >= {("en", "ko"), ("en", "ru")}
    for m in installed_models():
        assert m.path.parent == tiny_argos
        assert (m.path / "model" / "model.bin").exists()


@pytest.mark.parametrize("lang", ["ko", "ru"])
@pytest.mark.parametrize(
    "sentence",
    [
        "Russian President Vladimir Putin met Wednesday with North Korean leader Kim Jong Un.",
        "“That’s why we came here,” Putin said.",
        "The missiles flew about 650 kilometers.",
    ],
)
def test_tiny_model_copies_piece_by_piece_into_the_target_script(
    tiny_argos: Path, lang: str, sentence: str
) -> None:
    engine = Engine(require_model(lang))
    source = engine.encode(sentence)
    target = engine._run_batch([source], retry=False)[0]
    assert len(target) == len(source)  # one target piece per source piece, then it stops
    assert [p.startswith("▁") for p in target] == [p.startswith("▁") for p in source]
    text = engine.decode(target)
    assert SCRIPT[lang].search(text) and not LATIN.search(text)
    assert len(text.split()) == len(sentence.split())  # word boundaries kept
    assert re.findall(r"\d+", text) == re.findall(r"\d+", sentence)
