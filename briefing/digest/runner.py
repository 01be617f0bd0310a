"""Run one digest: fetch feeds, brief new items in parallel, write the day's digest per language.

Order of work, each step recorded only after its files are on disk (see `state`):
1. under the run lock, fetch every feed (conditional GET) and record new items as pending,
   together with the feed's new validators;
2. brief pending items in a process pool (models loaded once per worker); each item's full
   briefs are written atomically into DIR/YYYY-MM-DD/, then the item is marked briefed;
3. for every day with briefed items, regenerate that day's digest with all of the day's stories
   (earlier ones included), write it atomically, then mark its items done.
A run killed anywhere is finished by the next: no story is lost, none is listed twice.

Every brief is read, composed, translated, rendered and named by `pipeline`, as for
`briefing build`; this module decides what to brief and when, and keeps the books.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..config import Settings, usable_cores
from ..errors import BriefingError, ExitCode, InputError, ModelMissingError
from ..fetch import Fetcher, fetcher_for
from ..models import Brief, Digest, DigestStory, Failure, FeedLine
from ..vocabulary import SOURCE_LANG, check_layout_langs, document_langs
from .feeds import FeedFetch, FeedSpec, fetch_feed
from .state import Item, ItemStatus, State, run_lock, state_errors

# On its first fetch a feed may list months of items; only this recent a window is briefed.
FIRST_RUN_WINDOW = dt.timedelta(hours=24)
FEED_THREADS = 8

Progress = Callable[[str, int, int], None]


@dataclass
class DigestOptions:
    """What one digest run does beyond the settings."""

    feeds: list[FeedSpec]
    since: dt.timedelta | None = None
    wait: bool = False
    day: dt.date | None = None  # the day new stories are filed under (default: today, local time)
    retries: int = 2
    backoff: float = 1.0


@dataclass
class DigestResult:
    """What a run fetched, briefed and wrote."""

    written: list[Path] = field(default_factory=list)
    briefs: list[Path] = field(default_factory=list)
    feeds: list[FeedFetch] = field(default_factory=list)
    new_items: int = 0
    briefed: int = 0
    pending: int = 0
    failures: list[Failure] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)
    out_of_time: bool = False  # the run reached its deadline; the rest waits for the next run

    @property
    def feed_failures(self) -> list[FeedFetch]:
        """Return the feeds that could not be fetched or read."""
        return [f for f in self.feeds if f.failed]

    @property
    def exit_code(self) -> ExitCode:
        """Return the run's exit code: network if every feed failed, partial if anything did."""
        if self.feeds and len(self.feed_failures) == len(self.feeds):
            return ExitCode.NETWORK
        if self.failures or self.missing or self.out_of_time:
            return ExitCode.PARTIAL
        return ExitCode.OK


@dataclass
class Outcome:
    """What briefing one item gave: its briefs and files, or an error."""

    key: str
    slug: str = ""
    briefs: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    permanent: bool = False
    fatal: BriefingError | None = None
    late: bool = False  # not started: the run's deadline had passed (the item stays pending)


def parse_since(value: str) -> dt.timedelta:
    """Parse a window such as 90m, 24h, 2d or 1w."""
    m = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", value or "")
    if not m:
        raise InputError(f"cannot read --since {value!r}: use a number and m, h, d or w (e.g. 24h)")
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
    return dt.timedelta(**{unit: int(m.group(1))})


def digest_langs(settings: Settings) -> list[str]:
    """Return the languages a digest is written in: those with a document in the run's layout.

    Each language's digest links to the full documents in that language, so the bilingual
    layout (English beside every translation, no English-only document) has no English digest.
    """
    return document_langs(settings.layout, settings.langs)


def worker_count(settings: Settings) -> int:
    """Return the number of worker processes: the setting, else one per usable core."""
    return settings.workers or usable_cores()


def run_digest(
    settings: Settings, options: DigestOptions, progress: Progress | None = None
) -> DigestResult:
    """Run one digest under the run lock and return what it did.

    The run ends by `settings.deadline` seconds after it got the lock: no fetch runs past it,
    no item is started after it, and workers still busy then are stopped; what is left waits
    for the next run (`result.out_of_time`). What was briefed goes into the digest.
    """
    check_layout_langs(settings.layout, settings.langs)
    with (
        run_lock(settings.state, wait=options.wait),
        state_errors(settings.state),
        State.open(settings.state) as state,
    ):
        deadline = time.monotonic() + settings.deadline
        run_id = state.start_run()
        result = DigestResult()
        status = "failed"
        try:
            _run(state, run_id, settings, options, result, progress, deadline)
            status = "ok" if result.exit_code == ExitCode.OK else "partial"
        finally:
            state.finish_run(
                run_id,
                status,
                {
                    "new": result.new_items,
                    "briefed": result.briefed,
                    "written": [str(p) for p in result.written],
                    "failures": [f"{x.what}: {x.error}" for x in result.failures],
                },
            )
        return result


def _run(
    state: State,
    run_id: int,
    settings: Settings,
    options: DigestOptions,
    result: DigestResult,
    progress: Progress | None,
    deadline: float,
) -> None:
    day = options.day or dt.date.today()
    with fetcher_for(
        settings, retries=options.retries, backoff=options.backoff, deadline=deadline
    ) as fetcher:
        result.feeds = _fetch_feeds(state, options, fetcher, result)
    result.failures += [
        Failure(what=f.name, error=f.error or "failed") for f in result.feed_failures
    ]

    todo = {item.key: item for item in state.pending(limit=settings.max_items)}
    briefing = _brief_items(list(todo.values()), day, settings, options, progress, deadline)
    finished = 0
    for outcome in briefing:
        _record(state, todo[outcome.key], outcome, day, result)
        finished += not outcome.late
    # Items not finished by the deadline stay pending, with no failure counted against them.
    result.out_of_time = finished < len(todo)
    result.pending = state.count(ItemStatus.PENDING)
    _write_digests(state, run_id, day, settings, result)


def _record(state: State, item: Item, outcome: Outcome, day: dt.date, result: DigestResult) -> None:
    """Record what briefing `item` gave, in the state and in the run's result."""
    if outcome.late:
        return
    if outcome.fatal is not None:
        raise outcome.fatal
    if outcome.error is not None:
        gave_up = state.mark_failed(item.key, outcome.error, permanent=outcome.permanent)
        note = "" if gave_up else " (will retry next run)"
        result.failures.append(
            Failure(what=item.title or item.url or item.key, error=outcome.error + note)
        )
        return
    state.mark_briefed(item.key, day=day, slug=outcome.slug, briefs=outcome.briefs)
    result.briefed += 1
    result.briefs += [Path(p) for _, paths in outcome.briefs.values() for p in paths]
    result.missing.update(outcome.missing)


# ---------------------------------------------------------------------- feeds


def _fetch_feeds(
    state: State, options: DigestOptions, fetcher: Fetcher, result: DigestResult
) -> list[FeedFetch]:
    def one(spec: FeedSpec) -> FeedFetch:
        row = state_rows.get(spec.url)
        return fetch_feed(
            spec,
            fetcher,
            etag=row["etag"] if row else None,
            last_modified=row["last_modified"] if row else None,
        )

    specs = list({spec.url: spec for spec in reversed(options.feeds)}.values())[::-1]  # each once
    state_rows = {spec.url: state.feed(spec.url) for spec in specs}
    with cf.ThreadPoolExecutor(max_workers=min(FEED_THREADS, max(1, len(specs)))) as pool:
        fetched = list(pool.map(one, specs))
    # Recording happens on this thread: one SQLite connection, one writer.
    for f in fetched:
        row = state_rows[f.spec.url]
        first_fetch = row is None or row["last_ok"] is None
        window = options.since or (FIRST_RUN_WINDOW if first_fetch else None)
        cutoff = dt.datetime.now(dt.UTC) - window if window else None
        for item in f.items:
            if cutoff and item.published and dt.datetime.fromisoformat(item.published) < cutoff:
                item.status = ItemStatus.SKIPPED
        seen = state.record_feed(
            f.spec.url,
            name=f.spec.name or f.title,
            status=f.status,
            error=f.error,
            etag=f.etag,
            last_modified=f.last_modified,
            entries=f.items,
        )
        f.new = sum(
            1
            for s, i in zip(seen, f.items, strict=True)
            if s.new and i.status != ItemStatus.SKIPPED
        )
        result.new_items += f.new
    return fetched


# ---------------------------------------------------------------------- briefing items

_worker_settings: Settings | None = None
_worker_fetcher: Fetcher | None = None
_worker_deadline = float("inf")


def _exit_with_parent(parent: int) -> None:
    """Exit once the digest process is gone (killed), instead of waiting for work forever."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(settings: Settings, retries: int, backoff: float, deadline: float) -> None:
    """Load the models once per worker process, before the first item arrives."""
    global _worker_settings, _worker_fetcher, _worker_deadline
    # A worker holds both ends of its task queue, so it would not see the parent die by itself.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _worker_settings = settings
    _worker_deadline = deadline
    # time.monotonic() is the system's monotonic clock, the same in every process of the run.
    _worker_fetcher = fetcher_for(settings, retries=retries, backoff=backoff, deadline=deadline)
    try:
        from ..nlp import load_pipeline

        load_pipeline(settings.spacy_model)
    except BriefingError:
        pass  # reported per item, where the error can reach the user


def _brief_in_worker(item: Item, day: dt.date) -> Outcome:
    assert _worker_settings is not None and _worker_fetcher is not None
    if time.monotonic() >= _worker_deadline:
        return Outcome(item.key, late=True)
    return brief_item(item, day, _worker_settings, _worker_fetcher)


def brief_item(item: Item, day: dt.date, settings: Settings, fetcher: Fetcher) -> Outcome:
    """Read, extract, compose, translate and render one item; write its full briefs atomically."""
    try:
        article = pipeline.read_entry(
            item.entry, url=item.url, feed_url=item.feed_url, fetcher=fetcher
        )
        english = pipeline.compose_brief(pipeline.facts_for(article, settings))
        english = english.model_copy(update={"slug": item_slug(english.slug, item.key)})
        briefs, missing = pipeline.translate_briefs(english, settings)
        written = _write_documents(briefs, day, settings)
    except ModelMissingError as exc:
        return Outcome(item.key, fatal=exc)
    except BriefingError as exc:
        return Outcome(item.key, error=str(exc), permanent=isinstance(exc, InputError))
    except Exception as exc:  # one bad article must not stop the digest
        return Outcome(item.key, error=f"internal error: {type(exc).__name__}: {exc}")
    # The English brief is what later translations and the index are made from: keep it too.
    kept = {SOURCE_LANG: english, **briefs}
    by_lang = {
        lang: (brief.model_dump_json(), [str(p) for p in written.get(lang, [])])
        for lang, brief in kept.items()
    }
    return Outcome(item.key, slug=english.slug, briefs=by_lang, missing=missing)


def item_slug(slug: str, key: str) -> str:
    """Make an item's file slug: the brief's slug and a short hash of the item key (unique)."""
    return f"{slug[:50].rstrip('-')}-{hashlib.sha256(key.encode()).hexdigest()[:6]}"


def _brief_items(
    items: list[Item],
    day: dt.date,
    settings: Settings,
    options: DigestOptions,
    progress: Progress | None,
    deadline: float,
) -> Iterator[Outcome]:
    """Brief `items`, yielding each outcome as soon as it is ready (so it is recorded at once).

    Stops at `deadline`: no item is started after it, and workers still busy are stopped.
    """
    total = len(items)
    if progress:
        progress("brief", 0, total)
    if time.monotonic() >= deadline:  # the feeds took all the time there was
        return
    workers = min(worker_count(settings), total)
    if workers <= 1:
        with fetcher_for(
            settings, retries=options.retries, backoff=options.backoff, deadline=deadline
        ) as fetcher:
            for n, item in enumerate(items, 1):
                if time.monotonic() >= deadline:
                    return
                yield brief_item(item, day, settings, fetcher)
                if progress:
                    progress("brief", n, total)
        return
    # Translation threads are shared out so that workers do not fight over the cores.
    worker_settings = settings
    if settings.threads == 0:
        worker_settings = settings.model_copy(update={"threads": max(1, usable_cores() // workers)})
    # spawn, not fork: the parent has run threads (feed fetching) and holds a SQLite connection.
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(worker_settings, options.retries, options.backoff, deadline),
    )
    try:
        futures = [pool.submit(_brief_in_worker, item, day) for item in items]
        try:
            done = cf.as_completed(futures, timeout=max(0.0, deadline - time.monotonic()))
            for n, future in enumerate(done, 1):
                yield future.result()
                if progress:
                    progress("brief", n, total)
        except TimeoutError:
            # Out of time: the items still running are stopped and stay pending. The pool's
            # workers are this process's only children.
            for child in multiprocessing.active_children():
                child.terminate()
    finally:
        # On a fatal error the caller stops listening: drop the items not started yet.
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------- documents


def _day_settings(settings: Settings, day: dt.date) -> Settings:
    """Return the settings that put a day's documents into its folder, DIR/YYYY-MM-DD/."""
    return settings.model_copy(update={"out_dir": settings.out_dir / day.isoformat()})


def _write_documents(
    briefs: dict[str, Brief], day: dt.date, settings: Settings
) -> dict[str, list[Path]]:
    """Write the briefs' documents in the run's layout into the day's folder: {lang: paths}."""
    day_settings = _day_settings(settings, day)
    written = set(pipeline.write_outputs(pipeline.render_outputs(briefs, day_settings)))
    return {
        lang: [p for p in pipeline.document_paths(b.slug, lang, day_settings) if p in written]
        for lang, b in briefs.items()
    }


def _complete_documents(
    state: State, items: list[Item], day: dt.date, lang: str, settings: Settings
) -> None:
    """Write each story's document in `lang` that the run's layout and formats still lack.

    A story that an earlier run briefed without `lang` is translated now, from the English
    brief kept in the state (ModelMissingError when there is no model); one briefed in another
    layout, or whose files were removed, is rendered again from its stored brief. Each is
    recorded in the state once its files are on disk.
    """
    day_settings = _day_settings(settings, day)
    for item in items:
        briefs = state.briefs_of(item.key)
        if lang in briefs:
            brief_json, paths = briefs[lang]
            brief = Brief.model_validate_json(brief_json)
            if all(p.is_file() for p in pipeline.document_paths(brief.slug, lang, day_settings)):
                continue
        else:
            english = Brief.model_validate_json(briefs[SOURCE_LANG][0])
            brief = pipeline.brief_in(english, lang, settings)
            brief_json, paths = brief.model_dump_json(), []
        written = _write_documents({lang: brief}, day, settings)[lang]
        paths = list(dict.fromkeys([*paths, *map(str, written)]))
        state.add_brief(item.key, lang, brief_json, paths)


def _incomplete(
    items: list[Item], day: dt.date, settings: Settings, *, skip: Collection[str]
) -> bool:
    """Tell whether the digest of `day`, with these stories, lacks a file this run asks for.

    A later run with another --lang, --format or --layout then completes the day even with
    nothing new. Languages in `skip` (no model) are left out: they cannot be completed, and
    would otherwise rewrite the day on every run.
    """
    day_settings = _day_settings(settings, day)
    for lang in digest_langs(settings):
        if lang in skip:
            continue
        stem = pipeline.digest_stem(day, lang)
        wanted = [settings.out_dir / f"{stem}.{ext}" for ext in settings.formats]
        wanted += [
            p
            for item in items
            for p in pipeline.document_paths(item.slug or "", lang, day_settings)
        ]
        if not all(path.is_file() for path in wanted):
            return True
    return False


# ---------------------------------------------------------------------- digests


def _write_digests(
    state: State, run_id: int, today: dt.date, settings: Settings, result: DigestResult
) -> None:
    """Write the digest of every day this run has to write (see `_days_to_write`)."""
    days, unbuildable = _days_to_write(state, today, settings)
    if unbuildable:  # nothing of today's to write, but the user asked for these languages
        if settings.strict:
            raise next(iter(unbuildable.values()))
        result.missing.update({lang: str(exc) for lang, exc in unbuildable.items()})
    # Stories edited at the source after they went out are noted once, in the latest day written.
    edited = state.edited_unnoted()
    for day in days:
        _write_day(
            state, run_id, day, settings, result, newly_noted=edited if day == days[-1] else []
        )


def _days_to_write(
    state: State, today: dt.date, settings: Settings
) -> tuple[list[dt.date], dict[str, ModelMissingError]]:
    """Return the days whose digest this run writes, and the languages it cannot write at all.

    Those are the days with stories not listed yet, and today when its files lack a language,
    format or layout this run asks for. A language without a model is reported (second value)
    only when today's digest is otherwise complete; else writing the day reports it.
    """
    days = state.days_to_write()
    todays = state.day_items(today) if today not in days else []
    if not todays:
        return days, {}
    unbuildable = pipeline.missing_models(digest_langs(settings))
    if _incomplete(todays, today, settings, skip=unbuildable):
        return sorted([*days, today]), {}  # the day's stories, in what this run asks for
    return days, unbuildable


def _write_day(
    state: State,
    run_id: int,
    day: dt.date,
    settings: Settings,
    result: DigestResult,
    *,
    newly_noted: list[Item],
) -> None:
    """Complete the day's documents, write its digest in every language, then mark it done."""
    items = state.day_items(day)
    noted = state.edits_noted_on(day) + newly_noted
    files: dict[Path, bytes] = {}
    records: list[tuple[str, str, int]] = []
    for lang in digest_langs(settings):
        try:
            _complete_documents(state, items, day, lang, settings)
        except ModelMissingError as exc:
            if settings.strict:
                raise
            result.missing[lang] = str(exc)
            continue
        digest = Digest(
            day=day,
            lang=lang,
            stories=_stories(state, items, day, lang, settings),
            feeds=[_feed_line(f) for f in result.feeds],
            failures=result.failures,
            edited=[i.title or i.key for i in noted],
            pending=result.pending,
            generated=dt.datetime.now(),
            layout=settings.layout,
        )
        rendered = pipeline.render_digest_outputs(digest, settings)
        files.update(rendered)
        records += [(lang, str(path), len(digest.stories)) for path in rendered]
    written = pipeline.write_outputs(files)
    # Only now, with every file of the day on disk, are the day's new items done.
    new_keys = [i.key for i in items if i.status == ItemStatus.BRIEFED]
    state.mark_done(day, new_keys, records, run_id, noted=[i.key for i in newly_noted])
    result.written += written


def _stories(
    state: State, items: list[Item], day: dt.date, lang: str, settings: Settings
) -> list[DigestStory]:
    """Return the day's stories in `lang`, each linking to its document in the run's layout."""
    stories: list[DigestStory] = []
    for item in items:
        briefs = state.briefs_of(item.key)
        english = Brief.model_validate_json(briefs[SOURCE_LANG][0])
        stories.append(
            DigestStory(
                brief=Brief.model_validate_json(briefs[lang][0]),
                english=english,
                feed=item.entry.get("source"),
                new=item.status == ItemStatus.BRIEFED,
                link=pipeline.story_link(day, item.slug or english.slug, lang, settings.layout),
            )
        )
    return stories


def _feed_line(f: FeedFetch) -> FeedLine:
    return FeedLine(name=f.name, url=f.spec.url, status=f.status, error=f.error, new=f.new)


__all__ = ["DigestOptions", "DigestResult", "parse_since", "run_digest", "worker_count"]
