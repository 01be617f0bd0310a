"""The translate stage: Brief(en) → Brief(ko|ru), one brief or many at once.

labels → gettext catalogs; names → glossary, else the model on the name alone; prose → split
into sentences, glossary names put back into the output. Each translated Text keeps its English
in `source`. However many briefs are translated together, the model sees two batched passes:
every prose sentence of every brief (deduplicated, length-sorted, through the cache), then the
names the glossary lacks. A digest of forty stories is two passes per language, not eighty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import BriefingError
from ..i18n import gettext_label
from ..models import Brief, Text, TranslationInfo
from .cache import TranslationCache
from .engine import Engine, Translation, get_engine
from .glossary import Glossary, load_glossary
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
        device=settings.device,
        retry=settings.translation_retry,
    )


@dataclass
class TranslationFailed:
    """A brief that could not be translated, while the others of its pass were."""

    slug: str
    error: str


@dataclass
class _Plan:
    """One brief being translated: its copy, and its texts sorted by how they are translated."""

    out: Brief
    names: list[Text] = field(default_factory=list)
    proses: list[Text] = field(default_factory=list)
    split: list[list[str]] = field(default_factory=list)  # the sentences of each prose text

    @property
    def sentences(self) -> list[str]:
        return [s for parts in self.split for s in parts]


def _plan(brief: Brief, lang: str) -> _Plan:
    out = brief.model_copy(deep=True)
    out.lang = lang
    plan = _Plan(out)
    for text in out.texts():
        if text.kind == "label":
            _translate_label(text, lang)
        elif text.kind == "name":
            plan.names.append(text)
        else:
            plan.proses.append(text)
    plan.split = [split_sentences(t.text) for t in plan.proses]
    return plan


def _translate_label(text: Text, lang: str) -> None:
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
    (result,) = translate_many([brief], lang, settings)
    if isinstance(result, TranslationFailed):
        raise BriefingError(f"{result.slug}: cannot translate into {lang}: {result.error}")
    return result


def translate_many(
    briefs: Sequence[Brief], lang: str, settings: Settings
) -> list[Brief | TranslationFailed]:
    """Translate `briefs` into `lang` together, in two batched model passes; keep their order.

    Raises ModelMissingError when no en→lang package is installed. A brief whose own texts
    cannot be put together is returned as TranslationFailed, and the others are unharmed.
    """
    pending = [i for i, b in enumerate(briefs) if b.lang != lang]
    results: list[Brief | TranslationFailed] = [
        b.model_copy(deep=True, update={"lang": lang}) for b in briefs
    ]
    if not pending:
        return results
    engine = engine_for(lang, settings)
    glossary = load_glossary(lang, settings.glossary)
    plans = {i: _plan(briefs[i], lang) for i in pending}

    with TranslationCache(settings.cache_dir) as cache:
        # 1. Prose: every sentence of every brief in one batched pass.
        sentences = list(dict.fromkeys(s for p in plans.values() for s in p.sentences))
        done = dict(zip(sentences, engine.translate(sentences, cache), strict=True))

        # 2. Names: glossary first; the rest, and the model's own rendering of glossary names
        # it did not write in glossary form, in a second, short pass.
        needed = _names_to_restore(sentences, done, glossary, lang)
        unnamed = [
            t.text for p in plans.values() for t in p.names if glossary.lookup(t.text) is None
        ]
        helpers = [en for missing in needed.values() for en, _ in missing]
        names = list(dict.fromkeys(unnamed + helpers))
        named = dict(zip(names, engine.translate(names, cache), strict=True))

    edited = {
        sentence: apply_names(
            done[sentence].text,
            [(named[en].text, form) for en, form in missing if not named[en].untranslated],
            lang,
        )
        for sentence, missing in needed.items()
    }
    for i, plan in plans.items():
        try:
            results[i] = _assemble(plan, done, edited, named, glossary, engine)
        except Exception as exc:  # one story's texts must not sink the others of the pass
            results[i] = TranslationFailed(briefs[i].slug, f"{type(exc).__name__}: {exc}")
    return results


def _names_to_restore(
    sentences: list[str], done: dict[str, Translation], glossary: Glossary, lang: str
) -> dict[str, list[tuple[str, str]]]:
    """Return, per translated sentence, the glossary names its translation lacks in their form."""
    needed: dict[str, list[tuple[str, str]]] = {}
    for sentence in sentences:
        result = done[sentence]
        if result.untranslated:
            continue
        missing = [
            (en, form)
            for en, form in dict.fromkeys(glossary.find(sentence))
            if not has_form(result.text, form, lang)
        ]
        if missing:
            needed[sentence] = missing
    return needed


def _assemble(
    plan: _Plan,
    done: dict[str, Translation],
    edited: dict[str, str],
    named: dict[str, Translation],
    glossary: Glossary,
    engine: Engine,
) -> Brief:
    """Put one brief's translated sentences and names back into its texts."""
    for text, parts in zip(plan.proses, plan.split, strict=True):
        text.source = text.text
        if not parts:
            continue
        text.text = " ".join(edited.get(s, done[s].text) for s in parts)
        # Flag a text holding any English sentence, so layouts can mark it.
        text.untranslated = any(done[s].untranslated for s in parts)
    unnamed: list[str] = []
    for text in plan.names:
        text.source = text.text
        form = glossary.lookup(text.text)
        if form is None:
            unnamed.append(text.text)
            form = named[text.text].text
            text.untranslated = named[text.text].untranslated
        # Glossary forms are written for running text ("космодром Восточный"); a name standing
        # alone starts with a capital.
        text.text = form[:1].upper() + form[1:]
    counted = [done[s] for s in plan.sentences] + [named[n] for n in unnamed]
    plan.out.translation = TranslationInfo(
        engine=engine.model.name,
        version=engine.model.version,
        sentences=len(counted),
        untranslated=sum(r.untranslated for r in counted),
        cached=sum(r.cached for r in counted),
    )
    return plan.out


__all__ = ["TranslationFailed", "engine_for", "translate_brief", "translate_many"]
