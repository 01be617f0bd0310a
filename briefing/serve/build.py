"""Build one web desk job through the pipeline, as `briefing build` (or `render`) would.

Runs on a builder thread of the server process, so the spaCy pipeline and the translation
models are loaded once per server and shared by every job.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from .. import pipeline
from ..config import Settings
from ..errors import BriefingError, ExitCode
from ..io import atomic_write
from ..models import Article, Brief, Facts, Header
from ..vocabulary import SOURCE_LANG, check_layout_langs
from .jobs import Job, JobKind, JobStore, Source

# spaCy does not promise that one pipeline may parse on two threads at once, and parsing
# holds the GIL for most of its time anyway: builders take turns at extraction.
_EXTRACT_LOCK = threading.Lock()

OPTION_FIELDS = ("langs", "formats", "layout", "paper", "pdf_variant")


def warm_up(settings: Settings) -> None:
    """Load the extraction models before the first job needs them (errors wait for a job)."""
    try:
        with _EXTRACT_LOCK:
            pipeline.load_models(settings)
    except BriefingError:
        pass  # a missing model fails each job with its own message and exit code


def job_settings(settings: Settings, job: Job, files_dir: Path) -> Settings:
    """Return the server's settings with the job's options, writing into `files_dir`."""
    update: dict[str, Any] = {k: job.options[k] for k in OPTION_FIELDS if k in job.options}
    update["out_dir"] = files_dir
    return settings.model_copy(update=update)


def header_of(options: dict[str, Any]) -> Header:
    """Return the title, source and date a job's options give (they win over the article's)."""
    given = options.get("header", {})
    return Header(title=given.get("title"), source=given.get("source"), date=given.get("date"))


def read_job_article(job: Job, store: JobStore, settings: Settings) -> Article:
    """Read the job's article: its stored input, else its URL through the shared fetcher."""
    if job.source == Source.URL:
        # A URL from a desk user, not the operator: it may not lead into the server's network.
        return pipeline.read_url(job.origin, settings, trusted=False, **header_of(job.options))
    data = store.input_path(job.id).read_bytes()
    origin = job.origin if job.source == Source.FILE else None
    return pipeline.read_text(data, settings, origin=origin, **header_of(job.options))


def build_job(job: Job, store: JobStore, settings: Settings) -> None:
    """Build `job` and record the outcome; every error becomes a failed job with its reason."""
    try:
        _build(job, store, settings)
    except BriefingError as exc:
        store.fail(job.id, str(exc), int(exc.exit_code))
    except Exception as exc:  # a bug: the job says so; the server and other jobs go on
        store.fail(job.id, f"internal error: {type(exc).__name__}: {exc}", int(ExitCode.INTERNAL))


def _build(job: Job, store: JobStore, settings: Settings) -> None:
    files_dir = store.files_dir(job.id)
    wanted = job_settings(settings, job, files_dir)
    check_layout_langs(wanted.layout, wanted.langs)
    facts: Facts
    if job.kind == JobKind.BUILD:
        store.set_stage(job.id, "reading")
        article = read_job_article(job, store, settings)
        store.set_stage(job.id, "extracting")
        with _EXTRACT_LOCK:
            facts = pipeline.facts_for(article, settings)
        atomic_write(store.facts_path(job.id), facts.model_dump_json(indent=2) + "\n")
    else:
        facts = pipeline.load_facts(store.facts_path(job.id), settings)
    store.set_stage(job.id, "translating")
    english = pipeline.compose_brief(facts)
    briefs, missing = pipeline.translate_briefs(english, wanted)
    store.set_stage(job.id, "rendering")
    files = pipeline.render_outputs(briefs, wanted)
    written = pipeline.write_outputs(files)
    shown: dict[str, Brief] = {SOURCE_LANG: english, **briefs}
    atomic_write(
        store.briefs_path(job.id),
        json.dumps({lang: b.model_dump(mode="json") for lang, b in shown.items()}),
    )
    names = [p.name for p in written]
    for stale in files_dir.iterdir():  # files of an earlier revision that this one lacks
        if stale.name not in names and stale.is_file():
            stale.unlink()
    store.finish(job.id, outputs=names, missing=missing, title=english.title.text)


def load_briefs(store: JobStore, job: Job) -> dict[str, Brief]:
    """Return the briefs a built job shows, {lang: Brief}; empty if it has none yet."""
    try:
        data = json.loads(store.briefs_path(job.id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {lang: Brief.model_validate(b) for lang, b in data.items()}


def load_job_facts(store: JobStore, job: Job, settings: Settings) -> Facts | None:
    """Return a job's facts (the corrected ones after an edit), or None before extraction."""
    path = store.facts_path(job.id)
    if not path.is_file():
        return None
    return pipeline.load_facts(path, settings)
