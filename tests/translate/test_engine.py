"""The engine's guard and retry, target prefixes, and lazy imports."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.models import Brief
from briefing.translate import engine as engine_module
from briefing.translate import stage, translate_brief
from briefing.translate.cache import TranslationCache
from briefing.translate.engine import (
    Engine,
    costliest_first,
    length_buckets,
    release_translators,
    replica_layout,
)
from briefing.translate.packages import InstalledModel, read_package

from .tinyargos import build_package

SENTENCES = ["Putin met Kim at the spaceport.", "The talks were important and substantive."]


def _unpack(lang: str, tmp: Path, **kwargs: str) -> InstalledModel:
    archive = build_package(lang, tmp, **kwargs)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp / "unpacked")
        top = zf.namelist()[0].split("/")[0]
    model = read_package(tmp / "unpacked" / top)
    assert model is not None
    return model


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, InstalledModel]:
    tmp = tmp_path_factory.mktemp("variants")
    return {
        "stop": _unpack("ru", tmp),
        "loop": _unpack("ru", tmp, fault="loop"),
        "never": _unpack("ru", tmp, fault="never"),
        "prefix": _unpack("ru", tmp, target_prefix="__ru__"),
    }


def test_a_looping_output_is_retried_with_other_decoding(
    variants: dict[str, InstalledModel],
) -> None:
    engine = Engine(variants["loop"], threads=1)
    looping = engine._run_batch([engine.encode(SENTENCES[0])], retry=False)[0]
    assert len(set(looping)) == 1  # the plain decoding repeats one piece
    before = engine.stats.model_calls
    results = engine.translate(SENTENCES)
    assert (
        engine.stats.model_calls - before == 2
    )  # one call for all sentences, one retry call for the loops
    assert not any(r.untranslated for r in results)
    plain = Engine(variants["stop"]).translate(SENTENCES)
    for fixed, good in zip(
        results, plain, strict=True
    ):  # the penalised retry copies most words again
        assert re.fullmatch(r"[^A-Za-z]+", fixed.text)
        assert len(set(fixed.text.split()) & set(good.text.split())) >= 2, (fixed.text, good.text)


def test_output_that_never_stops_keeps_the_english_marked_untranslated(
    variants: dict[str, InstalledModel], tmp_path: Path
) -> None:
    engine = Engine(variants["never"], threads=1)
    with TranslationCache(tmp_path) as cache:
        results = engine.translate(SENTENCES, cache)
        assert [(r.text, r.untranslated) for r in results] == [(s, True) for s in SENTENCES]
        again = engine.translate(SENTENCES, cache)  # the verdict is cached too
    assert all(r.cached and r.untranslated for r in again)
    assert engine.stats.model_calls == 2


def test_untranslated_sentences_are_counted_in_the_brief(
    variants: dict[str, InstalledModel],
    brief: Brief,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = Engine(variants["never"])
    monkeypatch.setattr(stage, "engine_for", lambda lang, settings: broken)
    out = translate_brief(brief, "ru", Settings(cache_dir=tmp_path))
    assert out.translation is not None
    assert out.translation.untranslated == out.translation.sentences > 0
    assert (
        out.bottom_line.text.untranslated
        and out.bottom_line.text.text == brief.bottom_line.text.text
    )
    # Names from the glossary do not need the model and are still translated.
    assert out.people[0].name.text == "Владимир Путин" and not out.people[0].name.untranslated
    assert out.people[3].name.untranslated and out.people[3].name.text == "Zorblat Quimby"


def test_target_prefix_is_sent_and_stripped(variants: dict[str, InstalledModel]) -> None:
    assert variants["prefix"].target_prefix == "__ru__"
    with_prefix = Engine(variants["prefix"]).translate(SENTENCES)
    plain = Engine(variants["stop"]).translate(SENTENCES)
    assert [r.text for r in with_prefix] == [r.text for r in plain]
    assert not any("__ru__" in r.text for r in with_prefix)


def test_sentences_of_similar_length_share_one_call(variants: dict[str, InstalledModel]) -> None:
    engine = Engine(variants["stop"], batch_size=32, threads=1)
    sentences = [f"Report number {i} says the talks in Moscow were long." for i in range(40)]
    results = engine.translate(sentences)
    assert engine.stats.model_calls == 2  # 40 sentences, batch_size 32: two calls, not forty
    assert all(re.search("[а-я]", r.text) and not r.untranslated for r in results)


@pytest.mark.parametrize(
    ("threads", "layout", "calls"),
    [
        (1, (1, 1), 2),
        (2, (2, 1), 2),
        (3, (3, 1), 3),
        (4, (4, 1), 4),
        (8, (8, 1), 8),
        (16, (8, 2), 8),
    ],
)
def test_every_replica_gets_a_sub_batch_and_the_order_is_kept(
    variants: dict[str, InstalledModel], threads: int, layout: tuple[int, int], calls: int
) -> None:
    sentences = [f"Report number {i} says the talks in Moscow were long." for i in range(40)]
    one = Engine(variants["stop"], batch_size=32, threads=1).translate(sentences)
    engine = Engine(variants["stop"], batch_size=32, threads=threads)
    assert engine.translate(sentences) == one  # same text for every sentence, in order
    # 40 sentences: one replica per 5, up to one per thread; threads left go inside them.
    assert engine.layout == layout
    # At most 32 sentences a call, and at least one call per replica.
    assert engine.stats.model_calls == calls


@pytest.mark.parametrize(
    ("cores", "segments", "layout"),
    [
        (16, 40, (8, 2)),  # one brief on 16 cores: 8 x 2 ran fastest (70.9 sentences/s)
        (16, 640, (16, 1)),  # a digest's sentences: 16 x 1 ran fastest (78.2 sentences/s)
        (2, 32, (2, 1)),
        (4, 3, (1, 4)),  # too few sentences to share: one replica with every thread
        (1, 640, (1, 1)),
    ],
)
def test_replica_layout_follows_the_work_and_the_machine(
    cores: int, segments: int, layout: tuple[int, int]
) -> None:
    assert replica_layout(cores, segments) == layout


def test_a_released_translator_is_loaded_again_when_next_used(
    variants: dict[str, InstalledModel],
) -> None:
    engine = Engine(variants["stop"], threads=1)
    first = engine.translate(SENTENCES)
    assert engine_module._TRANSLATORS
    release_translators()
    assert not engine_module._TRANSLATORS
    assert engine.translate(SENTENCES) == first
    assert len(engine_module._TRANSLATORS) == 1


def test_blank_segments_are_not_translated(variants: dict[str, InstalledModel]) -> None:
    engine = Engine(variants["stop"])
    assert [r.text for r in engine.translate(["", "  "])] == ["", "  "]
    assert engine.stats.model_calls == 0


@pytest.mark.parametrize(
    "code",
    [
        "import briefing.translate",
        "import briefing.cli",
        "from briefing.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
    ],
)
def test_help_and_imports_never_load_ctranslate2_or_argos(code: str) -> None:
    check = (
        code
        + "\nimport sys\nprint(sorted(m for m in ('ctranslate2', 'argostranslate', 'sentencepiece')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("lengths", "size", "expected"),
    [
        ([], 32, []),
        ([5, 3, 7], 32, [[1, 0, 2]]),  # short sentences share one sub-batch, sorted by length
        ([10, 40, 12, 90, 35], 32, [[0, 2], [4, 1], [3]]),  # at most 2× longest/shortest
        ([9, 9, 9, 9, 9], 2, [[0, 1], [2, 3], [4]]),  # and at most batch_size
    ],
)
def test_length_buckets(lengths: list[int], size: int, expected: list[list[int]]) -> None:
    assert length_buckets(lengths, size) == expected


@pytest.mark.parametrize(
    ("buckets", "lengths", "expected"),
    [
        ([], [], []),
        # Shortest first is how length_buckets cuts them; the long one must start first.
        ([[0, 1], [2], [3]], [4, 5, 20, 60], [[3], [2], [0, 1]]),
        # Many short sentences can hold more work than one long one: 6 × 25 > 1 × 100.
        ([[0, 1, 2, 3, 4, 5], [6]], [10, 10, 10, 10, 10, 10, 60], [[0, 1, 2, 3, 4, 5], [6]]),
    ],
)
def test_sub_batches_are_submitted_costliest_first(
    buckets: list[list[int]], lengths: list[int], expected: list[list[int]]
) -> None:
    assert costliest_first(buckets, lengths) == expected


def test_a_broken_model_file_is_a_model_error(
    variants: dict[str, InstalledModel], tmp_path: Path
) -> None:
    import shutil

    from briefing.errors import ModelMissingError

    broken = tmp_path / "broken"
    shutil.copytree(variants["stop"].path, broken)
    (broken / "model" / "model.bin").write_bytes(b"not a model")
    model = read_package(broken)
    assert model is not None
    with pytest.raises(
        ModelMissingError,
        match=r"cannot load translation model translate-en_ru .*"
        r"reinstall it with: briefing models install ru",
    ):
        Engine(model).translate(["Hello there."])


# Older Argos packages tokenize with Moses + subword-nmt BPE (bpe.model), not SentencePiece.
BPE_SENTENCES = [
    "The meeting came as media reports quoted unidentified Western officials.",
    "Pyongyang appears to want advanced technology for its satellites "
    "and nuclear-powered submarines.",
]


@pytest.fixture(scope="module")
def bpe_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .tinyargos import build_bpe_package

    return build_bpe_package("ru", tmp_path_factory.mktemp("bpe"))


def test_a_bpe_package_is_split_into_subwords_and_joined_back(
    bpe_archive: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bpe_archive) as zf:
        zf.extractall(tmp_path)
    model = read_package(tmp_path / "translate-en_ru-tiny-bpe")
    assert model is not None and model.tokenizer.name == "bpe.model"
    engine = Engine(model)
    pieces = engine.encode(BPE_SENTENCES[0])
    assert any(p.endswith("@@") for p in pieces) and "unidentified" not in pieces  # real subwords
    # The model copies its source: what comes back is the English, rejoined and detokenized.
    out = engine.translate(BPE_SENTENCES)
    assert [t.text for t in out] == BPE_SENTENCES
    assert not any(t.untranslated for t in out)


def test_a_bpe_package_installs_and_translates_a_brief(
    bpe_archive: Path, empty_argos: Path, brief: Brief, tmp_path: Path
) -> None:
    from briefing.translate import packages

    installed = packages.install_file(bpe_archive)
    assert installed.tokenizer.name == "bpe.model"
    russian = translate_brief(brief, "ru", Settings(cache_dir=tmp_path / "cache"))
    line = russian.bottom_line.text
    # English from the copying model, the names from the Russian glossary.
    assert "Владимир Путин met Wednesday with" in line.text, line.text
    assert "Vladimir Putin" not in line.text and line.source == brief.bottom_line.text.text
    assert russian.translation is not None and russian.translation.engine == "translate-en_ru"
    assert russian.translation.untranslated == 0
