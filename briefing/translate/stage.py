"""The translate stage: Brief(en) → Brief(ko|ru).

labels → gettext catalogs; names → glossary, else the model on the name alone; prose → split
into sentences, all sentences of the brief in one batched model call, glossary names put back
into the output. Each translated Text keeps its English in `source`.
"""

from __future__ import annotations

from ..config import Settings
from ..i18n import gettext_label
from ..models import Brief, Text, TranslationInfo
from .cache import TranslationCache
from .engine import Engine, get_engine
from .glossary import load_glossary
from .postedit import apply_names, has_form
from .sentences import split_sentences


def engine_for(lang: str, settings: Settings) -> Engine:
    """Return the engine for en→lang with the decoding settings (ModelMissingError if none)."""
    return get_engine(
        lang,
        beam_size=settings.beam_size,
        batch_size=settings.batch_size,
        threads=settings.threads,
        compute_type=settings.compute_type,
    )


def _translate_labels(texts: list[Text], lang: str) -> None:
    for text in texts:
        translated = gettext_label(lang, text.text)
        text.source = text.text
        if translated is None:
            text.untranslated = True
        else:
            text.text = translated


def translate_brief(brief: Brief, lang: str, settings: Settings) -> Brief:
    """Return a copy of `brief` translated into `lang`.

    Raises ModelMissingError (naming the install command) when no en→lang package is installed.
    """
    out = brief.model_copy(deep=True)
    out.lang = lang
    if lang == brief.lang:
        return out
    engine = engine_for(lang, settings)
    glossary = load_glossary(lang, settings.glossary)
    texts = out.texts()
    labels = [t for t in texts if t.kind == "label"]
    names = [t for t in texts if t.kind == "name"]
    proses = [t for t in texts if t.kind == "prose"]
    _translate_labels(labels, lang)

    with TranslationCache(settings.cache_dir) as cache:
        # 1. Prose: every sentence of the brief in one batched pass.
        split = [split_sentences(t.text) for t in proses]
        sentences = [s for parts in split for s in parts]
        results = dict(zip(sentences, engine.translate(sentences, cache), strict=True))

        # 2. Names: glossary first; the rest, and the model's own rendering of glossary names
        # it did not write in glossary form, in a second, short pass.
        unnamed = [t.text for t in names if glossary.lookup(t.text) is None]
        needed: dict[str, list[tuple[str, str]]] = {}
        for sentence in dict.fromkeys(sentences):
            result = results[sentence]
            if result.untranslated:
                continue
            missing = [
                (en, form)
                for en, form in dict.fromkeys(glossary.find(sentence))
                if not has_form(result.text, form, lang)
            ]
            if missing:
                needed[sentence] = missing
        helpers = [en for missing in needed.values() for en, _ in missing]
        name_results = dict(
            zip(unnamed + helpers, engine.translate(unnamed + helpers, cache), strict=True)
        )

    edited = {}
    for sentence, missing in needed.items():
        pairs = [
            (name_results[en].text, form)
            for en, form in missing
            if not name_results[en].untranslated
        ]
        edited[sentence] = apply_names(results[sentence].text, pairs, lang)

    for text, parts in zip(proses, split, strict=True):
        text.source = text.text
        if not parts:
            continue
        rendered = [edited.get(s, results[s].text) for s in parts]
        text.text = " ".join(rendered)
        # Flag a text holding any English sentence, so layouts can mark it.
        text.untranslated = any(results[s].untranslated for s in parts)
    for text in names:
        text.source = text.text
        form = glossary.lookup(text.text)
        if form is None:
            form = name_results[text.text].text
            text.untranslated = name_results[text.text].untranslated
        # Glossary forms are written for running text ("космодром Восточный"); a name standing
        # alone starts with a capital.
        text.text = form[:1].upper() + form[1:]

    counted = [results[s] for s in sentences] + [name_results[n] for n in unnamed]
    out.translation = TranslationInfo(
        engine=engine.model.name,
        version=engine.model.version,
        sentences=len(counted),
        untranslated=sum(r.untranslated for r in counted),
        cached=sum(r.cached for r in counted),
    )
    return out


__all__ = ["engine_for", "translate_brief"]
