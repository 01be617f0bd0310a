"""Wire the stages together: article → facts → briefs per language → Markdown/PDF files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .compose import compose
from .config import Settings
from .errors import BriefingError, ExitCode, InputError, ModelMissingError
from .io import atomic_write
from .models import Article, Brief, Facts
from .vocabulary import document_tag


@dataclass
class BuildResult:
    """What one build wrote, and which languages could not be built."""

    outputs: list[Path] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)  # lang -> one-line reason
    briefs: dict[str, Brief] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        return bool(self.missing)


def read(path: str | Path, settings: Settings, **header: object) -> Article:
    """Ingest an article from a path, '-' (stdin) or an http(s) URL, applying header overrides."""
    from .fetch import is_url

    if is_url(path):
        from .fetch import read_url

        return read_url(str(path), settings, **header)
    from .ingest import read_article

    return read_article(path, max_bytes=settings.max_bytes, **header)  # type: ignore[arg-type]


def facts_for(article: Article, settings: Settings) -> Facts:
    """Extract facts with the configured spaCy pipeline."""
    from .extract import extract
    from .nlp import load_pipeline

    return extract(article, nlp=load_pipeline(settings.spacy_model), settings=settings)


def briefs_for(facts: Facts, settings: Settings) -> tuple[dict[str, Brief], dict[str, str]]:
    """Compose the English brief and translate it into every other requested language.

    A language whose model is missing is reported in the second dict, unless settings.strict.
    """
    english = compose(facts)
    briefs: dict[str, Brief] = {}
    missing: dict[str, str] = {}
    for lang in settings.langs:
        if lang == "en":
            briefs[lang] = english
            continue
        from .translate import translate_brief

        try:
            briefs[lang] = translate_brief(english, lang, settings)
        except ModelMissingError as exc:
            if settings.strict:
                raise
            missing[lang] = str(exc)
    return briefs, missing


def render_outputs(briefs: dict[str, Brief], settings: Settings) -> dict[Path, bytes]:
    """Render every brief in every format, in memory (nothing is written yet).

    Files are named <slug>.<lang>.<ext>; the bilingual layout pairs English with each other
    language in <slug>.en-<lang>.<ext> and writes no English-only file.
    """
    from .render import render_document

    if settings.layout == "bilingual" and not any(lang != "en" for lang in settings.langs):
        raise BriefingError(
            "the bilingual layout needs a target language, e.g. --lang en,ko", ExitCode.USAGE
        )
    files: dict[Path, bytes] = {}
    for lang, brief in briefs.items():
        if settings.layout == "bilingual" and lang == "en":
            continue
        stem = settings.out_dir / f"{brief.slug}.{document_tag(brief.lang, settings.layout)}"
        doc = render_document(
            brief,
            layout=settings.layout,
            formats=settings.formats,
            paper=settings.paper,
            author=settings.author,
            variant=settings.pdf_variant,
        )
        if "md" in settings.formats:
            files[stem.with_name(stem.name + ".md")] = doc.markdown.encode("utf-8")
        if doc.pdf is not None:
            files[stem.with_name(stem.name + ".pdf")] = doc.pdf
    return files


def write_facts(facts: Facts, settings: Settings) -> BuildResult:
    """Compose, translate, render and write all outputs for one article's facts.

    Everything is rendered before the first file is written, and each file is written
    atomically, so a failure never leaves a half-written brief behind.
    """
    briefs, missing = briefs_for(facts, settings)
    files = render_outputs(briefs, settings)
    outputs = [atomic_write(path, data) for path, data in files.items()]
    return BuildResult(outputs=outputs, missing=missing, briefs=briefs)


def build(path: str | Path, settings: Settings, **header: object) -> BuildResult:
    """Build every requested language and format for one article file ('-' for stdin) or URL."""
    article = read(path, settings, **header)
    return write_facts(facts_for(article, settings), settings)


def load_facts(path: str | Path) -> Facts:
    """Read a facts JSON file (as written by `briefing extract`, perhaps edited by hand)."""
    p = Path(path)
    try:
        data = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read: {exc}") from None
    try:
        return Facts.model_validate_json(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "document"
        raise InputError(f"{p}: not valid facts JSON at {where}: {err['msg']}") from None
