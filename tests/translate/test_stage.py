"""translate_brief end to end over the tiny Argos packages, with the network blocked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import ModelMissingError
from briefing.models import Brief
from briefing.translate import translate_brief
from briefing.translate.engine import Engine
from briefing.translate.glossary import load_glossary
from briefing.translate.postedit import has_form
from briefing.translate.sentences import split_sentences
from briefing.translate.stage import engine_for

SCRIPT = {"ko": re.compile(r"[가-힣]"), "ru": re.compile(r"[А-Яа-яЁё]")}
LATIN = re.compile(r"[A-Za-z]")
LANGS = ["ko", "ru"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_is_translated_and_keeps_its_english(
    brief: Brief, tiny_settings: Settings, lang: str
) -> None:
    before = brief.model_dump()
    out = translate_brief(brief, lang, tiny_settings)
    assert brief.model_dump() == before  # the English brief is not touched
    assert out.lang == lang and brief.lang == "en"
    for original, text in zip(brief.texts(), out.texts(), strict=True):
        assert text.kind == original.kind
        assert text.source == original.text
        if text.kind != "label":
            assert SCRIPT[lang].search(text.text), text
            assert not text.untranslated
    assert out.people[0].evidence == brief.people[0].evidence


@pytest.mark.parametrize("lang", LANGS)
def test_names_come_from_the_glossary_else_from_the_model(
    brief: Brief, tiny_settings: Settings, lang: str
) -> None:
    glossary = load_glossary(lang)
    out = translate_brief(brief, lang, tiny_settings)
    for person in out.people:
        form = glossary.lookup(person.name.source)
        if form:
            assert person.name.text == form[:1].upper() + form[1:]
        else:  # "Zorblat Quimby": the model's translation of the name alone
            assert SCRIPT[lang].search(person.name.text) and not LATIN.search(person.name.text)
    assert out.places[0].name.text.lower() == glossary.lookup("Vostochny Cosmodrome").lower()


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_names_appear_in_glossary_form_inside_prose(
    brief: Brief, tiny_settings: Settings, lang: str
) -> None:
    glossary = load_glossary(lang)
    out = translate_brief(brief, lang, tiny_settings)
    checked = 0
    for text in out.texts():
        if text.kind != "prose":
            continue
        for english, form in glossary.find(text.source or ""):
            assert has_form(text.text, form, lang), (english, form, text.text)
            checked += 1
    assert checked >= 6


@pytest.mark.parametrize("lang", LANGS)
def test_all_sentences_go_to_the_model_in_one_call_and_the_second_build_does_no_model_work(
    brief: Brief, tiny_settings: Settings, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    real = Engine.translate

    def spy(self: Engine, segments: list[str], cache=None):  # type: ignore[no-untyped-def]
        calls.append(list(segments))
        return real(self, segments, cache)

    monkeypatch.setattr(Engine, "translate", spy)
    engine = engine_for(lang, tiny_settings)
    passes = engine.stats.passes
    first = translate_brief(brief, lang, tiny_settings)
    prose = [s for t in brief.texts() if t.kind == "prose" for s in split_sentences(t.text)]
    assert calls[0] == prose  # plain sentences, exactly as written: no markup added
    assert engine.stats.passes - passes == 2  # the sentences together, then the short names call
    info = first.translation
    assert info is not None and info.engine == f"translate-en_{lang}" and info.version == "0.1"
    assert info.sentences == len(prose) + 1  # + the one name not in the glossary
    assert info.cached == 0 and info.untranslated == 0

    calls.clear()
    middle = engine.stats.model_calls
    second = translate_brief(brief, lang, tiny_settings)
    assert (
        engine.stats.model_calls == middle and engine.stats.passes - passes == 2
    )  # all from the disk cache
    assert second.translation is not None and second.translation.cached == info.sentences
    assert second.model_dump(exclude={"translation"}) == first.model_dump(exclude={"translation"})


def test_decoding_settings_are_part_of_the_cache_key(brief: Brief, tiny_settings: Settings) -> None:
    translate_brief(brief, "ru", tiny_settings)
    wider = tiny_settings.model_copy(update={"beam_size": 3})
    out = translate_brief(brief, "ru", wider)
    assert out.translation is not None and out.translation.cached == 0


def test_an_unwritable_cache_directory_does_not_stop_translation(
    brief: Brief, tiny_settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    out = translate_brief(
        brief, "ko", tiny_settings.model_copy(update={"cache_dir": blocker / "cache"})
    )
    assert out.translation is not None and out.translation.cached == 0
    assert SCRIPT["ko"].search(out.bottom_line.text.text)


def test_user_glossary_overrides_names_in_lists_and_prose(
    brief: Brief, tiny_settings: Settings, tmp_path: Path
) -> None:
    user = tmp_path / "names.toml"
    user.write_text(
        '[ko]\n"Vladimir Putin" = "푸틴 대통령"\n"Zorblat Quimby" = "조블랫 큄비"\n',
        encoding="utf-8",
    )
    out = translate_brief(brief, "ko", tiny_settings.model_copy(update={"glossary": user}))
    assert out.people[0].name.text == "푸틴 대통령"
    assert out.people[3].name.text == "조블랫 큄비"
    assert "푸틴 대통령" in out.bottom_line.text.text


def test_english_stays_english(brief: Brief, tiny_settings: Settings) -> None:
    out = translate_brief(brief, "en", tiny_settings)
    assert out == brief and out is not brief


def test_missing_model_names_the_install_command(
    brief: Brief, tiny_settings: Settings, empty_argos: Path
) -> None:
    with pytest.raises(ModelMissingError) as err:
        translate_brief(brief, "ko", tiny_settings)
    assert str(err.value) == "no en→ko translation model installed; run: briefing models install ko"
    assert err.value.exit_code == 5


@pytest.mark.parametrize(
    ("lang", "kinds"), [("ko", ["시설", "도시", "국가"]), ("ru", ["объект", "город", "страна"])]
)
def test_labels_come_from_the_catalog(
    brief: Brief, tiny_settings: Settings, lang: str, kinds: list[str]
) -> None:
    out = translate_brief(brief, lang, tiny_settings)
    assert [p.kind.text for p in out.places if p.kind] == kinds
    assert [p.kind.source for p in out.places if p.kind] == ["facility", "city", "country"]


def test_a_label_missing_from_the_catalog_stays_english_and_is_marked(
    brief: Brief, tiny_settings: Settings
) -> None:
    from briefing.models import label

    brief.places[0].kind = label("spaceport")
    out = translate_brief(brief, "ru", tiny_settings)
    kind = out.places[0].kind
    assert kind is not None and (kind.text, kind.untranslated) == ("spaceport", True)


def _another(brief: Brief) -> Brief:
    """Return a second brief with other prose, so two briefs share some sentences, not all."""
    other = brief.model_copy(deep=True, update={"slug": "another-story"})
    other.bottom_line.text.text = "The ministers met again in Seoul on Friday."
    return other


@pytest.mark.parametrize("lang", LANGS)
def test_many_briefs_take_two_model_passes_and_match_one_at_a_time(
    brief: Brief, tiny_settings: Settings, lang: str, tmp_path: Path
) -> None:
    from briefing.translate import translate_many

    briefs = [brief, _another(brief), brief.model_copy(deep=True, update={"slug": "third"})]
    alone = [
        translate_brief(b, lang, tiny_settings.model_copy(update={"cache_dir": tmp_path / str(i)}))
        for i, b in enumerate(briefs)
    ]
    engine = engine_for(lang, tiny_settings)
    passes = engine.stats.passes
    together = translate_many(briefs, lang, tiny_settings)
    # One pass for every prose sentence of every brief, one for the names: not two per brief.
    assert engine.stats.passes - passes == 2
    for one, many in zip(alone, together, strict=True):
        assert isinstance(many, Brief)
        assert many.model_dump(exclude={"translation"}) == one.model_dump(exclude={"translation"})
        assert many.translation is not None and one.translation is not None
        assert many.translation.sentences == one.translation.sentences


def test_a_brief_that_fails_is_reported_alone(
    brief: Brief, tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.translate import TranslationFailed, stage, translate_many

    real = stage._assemble

    def fragile(plan, *args):  # type: ignore[no-untyped-def]
        if plan.out.slug == "another-story":
            raise ValueError("a text the post-editor cannot take")
        return real(plan, *args)

    monkeypatch.setattr(stage, "_assemble", fragile)
    good, bad = translate_many([brief, _another(brief)], "ko", tiny_settings)
    assert isinstance(good, Brief) and SCRIPT["ko"].search(good.bottom_line.text.text)
    assert isinstance(bad, TranslationFailed) and bad.slug == "another-story"
    assert "cannot take" in bad.error


def test_cuda_without_a_gpu_is_a_usage_error(brief: Brief, tiny_settings: Settings) -> None:
    from briefing.errors import BriefingError, ExitCode

    with pytest.raises(BriefingError, match="device = cuda, but CTranslate2 finds no CUDA") as err:
        translate_brief(brief, "ko", tiny_settings.model_copy(update={"device": "cuda"}))
    assert err.value.exit_code == ExitCode.USAGE


def test_auto_and_cpu_run_on_the_cpu_with_int8(brief: Brief, tiny_settings: Settings) -> None:
    for device in ("auto", "cpu"):
        engine = engine_for("ko", tiny_settings.model_copy(update={"device": device}))
        assert (engine.device, engine.compute_type) == ("cpu", "int8")


@pytest.mark.parametrize(
    ("keep_models", "loaded_before_each_pass", "loaded_after"),
    [(True, [0, 1], 2), (False, [0, 0], 0)],
)
def test_a_run_in_several_languages_can_hold_one_model_at_a_time(
    brief: Brief,
    tiny_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    keep_models: bool,
    loaded_before_each_pass: list[int],
    loaded_after: int,
) -> None:
    import briefing.translate
    from briefing import pipeline
    from briefing.translate import engine as engine_module

    real = briefing.translate.translate_many
    loaded: list[int] = []

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        loaded.append(len(engine_module._TRANSLATORS))
        return real(*args, **kwargs)

    monkeypatch.setattr(briefing.translate, "translate_many", counting)
    engine_module.release_translators()
    settings = tiny_settings.model_copy(update={"langs": ["en", "ko", "ru"]})
    done = pipeline.translate_all([brief], settings, keep_models=keep_models)
    assert loaded == loaded_before_each_pass
    assert len(engine_module._TRANSLATORS) == loaded_after
    assert sorted(done.briefs[0]) == ["en", "ko", "ru"] and not done.failures[0]
