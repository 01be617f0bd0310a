"""Wire the stages together: source → Article → Facts → Brief(en) → Briefs per language → files.

`briefing build` and `render`, the digest and any other front end go through these functions
and nothing below them, so there is one place that composes, translates, renders and names a
brief's files. Everything is rendered in memory before the first file is written, and every
file is written atomically, so a failure never leaves a half-written brief behind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Unpack

from pydantic import ValidationError

from .config import Settings
from .errors import BriefingError, InputError, ModelMissingError, TooLargeError, first_problem
from .io import atomic_write, read_text_bounded, remove_stale_parts
from .models import SCHEMA_VERSION, Article, Brief, Digest, Facts, FeedEntry, Header, StoryFacts
from .vocabulary import SOURCE_LANG, check_layout_langs, document_langs, document_tag

if TYPE_CHECKING:
    from .fetch import Fetcher

# A facts file holds its article's text, the sentence spans and the facts: a few times the text.
FACTS_SIZE_FACTOR = 4


@dataclass
class BuildResult:
    """What one build wrote, and which languages could not be built."""

    outputs: list[Path] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)  # lang -> one-line reason
    briefs: dict[str, Brief] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        """Tell whether some language asked for could not be built."""
        return bool(self.missing)


# ---------------------------------------------------------------------- reading


def read(path: str | Path, settings: Settings, **header: Unpack[Header]) -> Article:
    """Ingest an article from a path, '-' (stdin) or an http(s) URL, applying header overrides."""
    from .fetch import is_url

    if is_url(path):
        return read_url(str(path), settings, trusted=True, **header)
    from .ingest import read_article

    return read_article(path, max_bytes=settings.max_bytes, **header)


def read_url(url: str, settings: Settings, *, trusted: bool, **header: Unpack[Header]) -> Article:
    """Ingest the article page at `url`.

    `trusted`: the operator gave it (`briefing build URL`). A URL from someone else (a web desk
    user) is not: like a link found in a feed, it must lead to public addresses only (or to
    `allowed_networks`), redirects included, so it cannot reach the server's own network.
    """
    from .fetch import fetcher_for
    from .ingest import article_from_page

    with fetcher_for(settings) as fetcher:
        response = fetcher.get(url, trusted=trusted)
    return article_from_page(response, origin=url, **header)


def read_text(
    data: bytes, settings: Settings, *, origin: str | None, **header: Unpack[Header]
) -> Article:
    """Ingest an article given as bytes (uploaded as `origin`, or pasted: None) as a file is read.

    Pasted text has no file name: its slug comes from the title, and the brief names no file.
    """
    from .ingest import decode, parse_article

    label = origin or "pasted text"
    if len(data) > settings.max_bytes:
        raise TooLargeError(f"{label}: input is over the {settings.max_bytes:,}-byte limit")
    return parse_article(decode(data, label), origin=origin, **header)


def read_entry(entry: FeedEntry, *, url: str | None, feed_url: str, fetcher: Fetcher) -> Article:
    """Ingest a feed entry: the text it carries, else its page (fetched with `fetcher`)."""
    from .ingest import article_from_entry

    return article_from_entry(entry, url=url, feed_url=feed_url, fetcher=fetcher)


def load_facts(path: str | Path, settings: Settings) -> Facts:
    """Read a facts JSON file (as written by `briefing extract`, perhaps edited by hand).

    The file may be FACTS_SIZE_FACTOR times `max_bytes`: it holds the article's text, its
    sentence spans and the facts. A file from another schema version is refused.
    """
    p = Path(path)
    limit = FACTS_SIZE_FACTOR * settings.max_bytes
    data = read_text_bounded(p, limit, hint=" (it grows with --max-bytes)")
    try:
        raw = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not valid facts JSON: {exc}") from None
    version = raw.get("schema_version", SCHEMA_VERSION) if isinstance(raw, dict) else None
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{p}: facts schema_version {version!r}; this briefing reads version {SCHEMA_VERSION}"
        )
    try:
        return Facts.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"{p}: not valid facts JSON at {first_problem(exc)}") from None


# ---------------------------------------------------------------------- facts and briefs


def facts_for(article: Article, settings: Settings) -> Facts:
    """Extract facts with the configured spaCy pipeline."""
    from .extract import extract
    from .nlp import load_pipeline

    return extract(article, nlp=load_pipeline(settings.spacy_model), settings=settings)


def load_models(settings: Settings) -> None:
    """Load what building a brief needs: spaCy's pipeline and the gazetteers, WeasyPrint, the
    fonts of every script.

    A long-running process (the web desk) then does not make its first brief wait, and a
    process that forks workers after this (the digest's forkserver) shares all of it with them
    instead of each worker loading its own copy.
    """
    from .ingest import parse_article
    from .models import BriefItem, prose
    from .render import render_document

    # One short article through extraction loads the pipeline and every table its rules use.
    article = "The minister met officials in Seoul, Ohio and Berlin on Monday, a spokesman said."
    facts_for(parse_article(article, origin="warm-up"), settings)
    # Latin, Hangul and Cyrillic text, so that Pango loads every font a brief can use.
    text = prose("Talks in Seoul — 서울 회담 — переговоры в Сеуле.")
    render_document(Brief(slug="warm-up", title=text, bottom_line=BriefItem(text=text)))


def compose_brief(facts: Facts, *, slug: str | None = None) -> Brief:
    """Compose the English brief, the one every translation is made from (`slug` renames it)."""
    from .compose import compose

    english = compose(facts)
    return english if slug is None else english.model_copy(update={"slug": slug})


# ---------------------------------------------------------------------- stories


def group_stories(
    facts: Sequence[Facts], known: Sequence[str | None] | None = None
) -> list[list[int]]:
    """Return which articles tell the same story: lists of indexes into `facts`.

    `known` marks articles already filed under a story (its name): those stories are kept,
    and a new article that belongs to one joins it (see `stories.group`).
    """
    from .stories import group_articles

    return group_articles(facts, known)


def story_facts(facts: Sequence[Facts]) -> StoryFacts:
    """Merge the facts of a story's articles, article A first (see `stories.merge`)."""
    from .stories import merge_facts

    return merge_facts(facts)


def compose_story_brief(facts: Sequence[Facts], *, slug: str | None = None) -> Brief:
    """Compose the English brief of a story from its articles' facts, article A first.

    A story of one article is that article's brief, as `compose_brief` writes it.
    """
    if len(facts) == 1:
        return compose_brief(facts[0], slug=slug)
    if not facts:
        raise InputError("a story needs at least one article")
    from .compose import compose_story

    english = compose_story(story_facts(facts))
    return english if slug is None else english.model_copy(update={"slug": slug})


@dataclass
class Translations:
    """Several stories' briefs in every language asked for, translated together."""

    briefs: list[dict[str, Brief]]  # per story: its brief in each language built
    failures: list[dict[str, str]]  # per story: {lang: error} where its own texts failed
    missing: dict[str, str] = field(default_factory=dict)  # {lang: reason}: no model


def translate_all(
    englishes: list[Brief],
    settings: Settings,
    langs: Iterable[str] | None = None,
    *,
    keep_models: bool = True,
) -> Translations:
    """Return every story in each of `langs` (default: the settings'), English as it is.

    Each language is one batched translation pass over all the stories' sentences. A language
    without a model is reported in `missing` (raised instead when settings.strict); a story
    whose own texts fail in a language is reported in its `failures`, the others are unharmed.
    Without `keep_models`, each language's model is unloaded once its pass is done, so that
    a run translating into several languages holds one model at a time.
    """
    from .translate import TranslationFailed, release_translators, translate_many

    out = Translations(briefs=[{} for _ in englishes], failures=[{} for _ in englishes])
    for lang in settings.langs if langs is None else langs:
        if lang == SOURCE_LANG:
            for story, english in zip(out.briefs, englishes, strict=True):
                story[lang] = english
            continue
        try:
            results = translate_many(englishes, lang, settings)
        except ModelMissingError as exc:
            if settings.strict:
                raise
            out.missing[lang] = str(exc)
            continue
        finally:
            if not keep_models:
                release_translators()
        for i, result in enumerate(results):
            if isinstance(result, TranslationFailed):
                out.failures[i][lang] = result.error
            else:
                out.briefs[i][lang] = result
    return out


def translate_briefs(
    english: Brief, settings: Settings, langs: Iterable[str] | None = None
) -> tuple[dict[str, Brief], dict[str, str]]:
    """Return the brief in each of `langs` (default: the settings'), and {lang: reason} for
    each language whose model is missing (raised instead when settings.strict)."""
    done = translate_all([english], settings, langs)
    for lang, error in done.failures[0].items():
        raise BriefingError(f"cannot translate into {lang}: {error}")
    return done.briefs[0], done.missing


def missing_models(langs: Iterable[str]) -> dict[str, ModelMissingError]:
    """Return {lang: error} for each language of `langs` whose translation model is missing."""
    from .translate.packages import find_model, missing_model_error

    return {
        lang: missing_model_error(lang)
        for lang in langs
        if lang != SOURCE_LANG and find_model(lang) is None
    }


# ---------------------------------------------------------------------- documents


def document_name(slug: str, lang: str, layout: str) -> str:
    """Name a brief's document without folder or extension: <slug>.ko, <slug>.handout.ko, ..."""
    return f"{slug}.{document_tag(lang, layout)}"


def document_paths(slug: str, lang: str, settings: Settings) -> list[Path]:
    """Return the files of a brief's document in `lang`, in the settings' layout and formats."""
    stem = document_name(slug, lang, settings.layout)
    return [settings.out_dir / f"{stem}.{ext}" for ext in settings.formats]


def claim_slug(slug: str, taken: set[str]) -> str:
    """Return `slug`, else slug-2, slug-3, ... whichever `taken` lacks, and add it to `taken`."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def render_outputs(briefs: dict[str, Brief], settings: Settings) -> dict[Path, bytes]:
    """Render every brief in every format, in memory (nothing is written yet).

    Files are named <slug>.<lang>.<ext>; the bilingual layout pairs English with each other
    language in <slug>.en-<lang>.<ext> and writes no English-only file.
    """
    from .render import render_document

    files: dict[Path, bytes] = {}
    for lang in document_langs(settings.layout, briefs):
        brief = briefs[lang]
        doc = render_document(
            brief,
            layout=settings.layout,
            formats=settings.formats,
            paper=settings.paper,
            author=settings.author,
            variant=settings.pdf_variant,
        )
        rendered = {"md": doc.markdown.encode("utf-8"), "pdf": doc.pdf}
        for path in document_paths(brief.slug, brief.lang, settings):
            data = rendered[path.suffix[1:]]
            if data is not None:
                files[path] = data
    return files


def write_outputs(files: dict[Path, bytes]) -> list[Path]:
    """Write rendered files, each atomically, and return their paths.

    Temporary files that a killed writer left in those folders (hours old) are removed first.
    """
    for folder in dict.fromkeys(path.parent for path in files):
        remove_stale_parts(folder)
    return [atomic_write(path, data) for path, data in files.items()]


def write_briefs(facts: Facts, settings: Settings, *, taken: set[str] | None = None) -> BuildResult:
    """Compose, translate, render and write every requested language and format of `facts`.

    `taken` holds the slugs earlier briefs of the same command were written under; this
    brief gets one of its own (see `claim_slug`), chosen before any of its files is written.
    """
    return write_story([facts], settings, taken=taken)


def write_story(
    facts: Sequence[Facts], settings: Settings, *, taken: set[str] | None = None
) -> BuildResult:
    """Write one brief from the facts of a story's articles (A first) as `write_briefs` does."""
    check_layout_langs(settings.layout, settings.langs)
    english = compose_story_brief(facts)
    if taken is not None:
        english = english.model_copy(update={"slug": claim_slug(english.slug, taken)})
    briefs, missing = translate_briefs(english, settings)
    outputs = write_outputs(render_outputs(briefs, settings))
    return BuildResult(outputs=outputs, missing=missing, briefs=briefs)


def build(
    path: str | Path,
    settings: Settings,
    *,
    taken: set[str] | None = None,
    **header: Unpack[Header],
) -> BuildResult:
    """Build every requested language and format for one article file ('-' for stdin) or URL.

    Pass the same `taken` set to every build of one command, so that two articles whose
    slugs agree (a/news.txt and b/news.txt) never write the same files.
    """
    article = read(path, settings, **header)
    return write_briefs(facts_for(article, settings), settings, taken=taken)


def build_story(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    on_error: Callable[[str | Path, BriefingError], None] | None = None,
    **header: Unpack[Header],
) -> BuildResult:
    """Build one story brief from several article files or URLs, article A first.

    An article that cannot be read is passed to `on_error` and left out (raised instead
    without `on_error`, or when settings.strict); the story is told by the others. When none
    can be read, the first article's error is raised.
    """
    facts: list[Facts] = []
    first: BriefingError | None = None
    for path in paths:
        try:
            facts.append(facts_for(read(path, settings, **header), settings))
        except ModelMissingError:
            raise
        except BriefingError as exc:
            if on_error is None or settings.strict:
                raise
            first = first or exc
            on_error(path, exc)
    if not facts:
        assert first is not None
        raise first
    return write_story(facts, settings)


def brief_html(brief: Brief, *, evidence_href: str | None = None) -> str:
    """Render the full brief (the brief layout, as in its Markdown and PDF) as an HTML fragment.

    With `evidence_href` (say "#s"), each evidence marker links to it plus the sentence number.
    """
    from .render import render_body

    return str(render_body(brief, "brief", evidence_href=evidence_href))


def language_name(lang: str) -> str:
    """Name a language in itself, as the layouts do: English, 한국어, Русский."""
    from .render.environment import language_name as name

    return name(lang)


# ---------------------------------------------------------------------- digests


def digest_html(markdown: str) -> str:
    """Render a day's digest Markdown, as the digest wrote it, as an HTML fragment."""
    from .render import markdown_to_html

    return markdown_to_html(markdown)


def digest_stem(day: dt.date, lang: str) -> str:
    """Name a day's digest file, without extension: digest-YYYY-MM-DD.<lang>."""
    return f"digest-{day.isoformat()}.{lang}"


def story_link(day: dt.date, slug: str, lang: str, layout: str) -> str:
    """Return a story's document path relative to the digest, without extension.

    The digest lies in the output folder, each story's documents in a folder of its day:
    2024-03-05/<slug>.ko (brief), 2024-03-05/<slug>.handout.ko, 2024-03-05/<slug>.en-ko.
    """
    return str(PurePosixPath(day.isoformat()) / document_name(slug, lang, layout))


def render_digest_outputs(digest: Digest, settings: Settings) -> dict[Path, bytes]:
    """Render a day's digest in the settings' formats, in memory, named for the output folder."""
    from .render import render_digest

    rendered = render_digest(
        digest,
        formats=settings.formats,
        link_root=settings.out_dir,
        paper=settings.paper,
        author=settings.author,
        variant=settings.pdf_variant,
    )
    stem = settings.out_dir / digest_stem(digest.day, digest.lang)
    files: dict[Path, bytes] = {}
    if rendered.markdown is not None:
        files[stem.with_name(f"{stem.name}.md")] = rendered.markdown.encode("utf-8")
    if rendered.pdf is not None:
        files[stem.with_name(f"{stem.name}.pdf")] = rendered.pdf
    return files
