"""Run one digest: fetch feeds, brief new items in parallel, write the day's digest per language.

Order of work, each step recorded only after its files are on disk (see `state`):
1. under the run lock, fetch every feed (conditional GET) and record new items as pending,
   together with the feed's new validators;
2. brief pending items in a process pool (models loaded once per worker); each item's full
   briefs are written atomically into DIR/YYYY-MM-DD/, then the item is marked briefed;
3. for every day with briefed items, regenerate that day's digest with all of the day's stories
   (earlier ones included), write it atomically, then mark its items done.
A run killed anywhere is finished by the next: no story is lost, none is listed twice.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings, usable_cores
from ..errors import BriefingError, ExitCode, InputError, ModelMissingError
from ..fetch import Fetcher
from ..io import atomic_write
from ..models import Brief
from ..vocabulary import SOURCE_LANG, document_tag
from .feeds import FeedFetch, FeedSpec, fetch_feed
from .render import Digest, Failure, FeedLine, Story, digest_stem, render_digest_files, story_link
from .state import Item, State, run_lock

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

    @property
    def feed_failures(self) -> list[FeedFetch]:
        return [f for f in self.feeds if f.failed]

    @property
    def exit_code(self) -> ExitCode:
        if self.feeds and len(self.feed_failures) == len(self.feeds):
            return ExitCode.NETWORK
        if self.failures or self.missing:
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


def parse_since(value: str) -> dt.timedelta:
    """Parse a window such as 90m, 24h, 2d or 1w."""
    m = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", value or "")
    if not m:
        raise InputError(f"cannot read --since {value!r}: use a number and m, h, d or w (e.g. 24h)")
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
    return dt.timedelta(**{unit: int(m.group(1))})


def digest_langs(settings: Settings) -> list[str]:
    """Return the languages a digest is written in.

    Each language's digest links to the full documents in that language. The bilingual layout
    has no English-only document (English is beside every translation), so no English digest.
    """
    if settings.layout == "bilingual":
        return [lang for lang in settings.langs if lang != SOURCE_LANG]
    return list(settings.langs)


def worker_count(settings: Settings) -> int:
    """Return the number of worker processes: the setting, else one per usable core."""
    return settings.workers or usable_cores()


def run_digest(
    settings: Settings, options: DigestOptions, progress: Progress | None = None
) -> DigestResult:
    """Run one digest under the run lock and return what it did."""
    if settings.layout == "bilingual" and not digest_langs(settings):
        raise BriefingError(
            "the bilingual layout needs a target language, e.g. --lang en,ko", ExitCode.USAGE
        )
    with run_lock(settings.state, wait=options.wait), State.open(settings.state) as state:
        run_id = state.start_run()
        result = DigestResult()
        status = "failed"
        try:
            _run(state, run_id, settings, options, result, progress)
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
) -> None:
    day = options.day or dt.date.today()
    with Fetcher(
        timeout=settings.timeout,
        max_bytes=settings.max_bytes,
        retries=options.retries,
        backoff=options.backoff,
    ) as fetcher:
        result.feeds = _fetch_feeds(state, options, fetcher, result)
    for f in result.feed_failures:
        result.failures.append(Failure(f.name, f.error or "failed"))

    todo = state.pending(limit=settings.max_items)
    for outcome in _brief_items(todo, day, settings, options, progress):
        if outcome.fatal is not None:
            raise outcome.fatal
        item = next(i for i in todo if i.key == outcome.key)
        if outcome.error is not None:
            gave_up = state.mark_failed(item.key, outcome.error, permanent=outcome.permanent)
            what = item.title or item.url or item.key
            note = "" if gave_up else " (will retry next run)"
            result.failures.append(Failure(what, outcome.error + note))
            continue
        state.mark_briefed(item.key, day=day.isoformat(), slug=outcome.slug, briefs=outcome.briefs)
        result.briefed += 1
        result.briefs += [Path(p) for _, paths in outcome.briefs.values() for p in paths]
        result.missing.update(outcome.missing)
    result.pending = state.count("pending")
    _write_digests(state, run_id, day, settings, result)


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

    specs = list({spec.url: spec for spec in reversed(options.feeds)}.values())[
        ::-1
    ]  # each URL once
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
                item.status = "skipped"
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
            1 for s, i in zip(seen, f.items, strict=True) if s.new and i.status != "skipped"
        )
        result.new_items += f.new
    return fetched


# ---------------------------------------------------------------------- briefing items

_worker_settings: Settings | None = None
_worker_fetcher: Fetcher | None = None


def _exit_with_parent(parent: int) -> None:
    """Exit once the digest process is gone (killed), instead of waiting for work forever."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(settings: Settings, retries: int, backoff: float) -> None:
    """Load the models once per worker process, before the first item arrives."""
    global _worker_settings, _worker_fetcher
    # A worker holds both ends of its task queue, so it would not see the parent die by itself.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _worker_settings = settings
    _worker_fetcher = Fetcher(
        timeout=settings.timeout, max_bytes=settings.max_bytes, retries=retries, backoff=backoff
    )
    try:
        from ..nlp import load_pipeline

        load_pipeline(settings.spacy_model)
    except BriefingError:
        pass  # reported per item, where the error can reach the user


def _brief_in_worker(item: Item, day: str) -> Outcome:
    assert _worker_settings is not None and _worker_fetcher is not None
    return brief_item(item, dt.date.fromisoformat(day), _worker_settings, _worker_fetcher)


def brief_item(item: Item, day: dt.date, settings: Settings, fetcher: Fetcher) -> Outcome:
    """Read, extract, compose, translate and render one item; write its full briefs atomically."""
    from ..pipeline import briefs_for, facts_for
    from .articles import article_for

    try:
        article = article_for(item, fetcher)
        facts = facts_for(article, settings)
        briefs, missing = briefs_for(facts, settings)
        slug = item_slug(briefs["en"] if "en" in briefs else next(iter(briefs.values())), item.key)
        briefs = {lang: b.model_copy(update={"slug": slug}) for lang, b in briefs.items()}
        written = _write_briefs(briefs, day, settings)
    except ModelMissingError as exc:
        return Outcome(item.key, fatal=exc)
    except BriefingError as exc:
        return Outcome(item.key, error=str(exc), permanent=isinstance(exc, InputError))
    except Exception as exc:  # one bad article must not stop the digest
        return Outcome(item.key, error=f"internal error: {type(exc).__name__}: {exc}")
    if "en" not in briefs:
        # The English brief is what translations and the index are made from: keep it too.
        from ..compose import compose

        briefs["en"] = compose(facts).model_copy(update={"slug": slug})
    by_lang: dict[str, tuple[str, list[str]]] = {}
    for lang, brief in briefs.items():
        prefix = f"{slug}.{document_tag(brief.lang, settings.layout)}."
        paths = (
            [str(p) for p in written if p.name.startswith(prefix)] if lang in settings.langs else []
        )
        by_lang[lang] = (brief.model_dump_json(), paths)
    return Outcome(item.key, slug=slug, briefs=by_lang, missing=missing)


def item_slug(brief: Brief, key: str) -> str:
    """Make the item's file slug: the brief's slug plus a short hash of the item key (unique per item)."""
    import hashlib

    return f"{brief.slug[:50].rstrip('-')}-{hashlib.sha256(key.encode()).hexdigest()[:6]}"


def _brief_items(
    items: list[Item],
    day: dt.date,
    settings: Settings,
    options: DigestOptions,
    progress: Progress | None,
) -> Iterator[Outcome]:
    """Brief `items`, yielding each outcome as soon as it is ready (so it is recorded at once)."""
    total = len(items)
    if progress:
        progress("brief", 0, total)
    workers = min(worker_count(settings), total)
    if workers <= 1:
        with Fetcher(
            timeout=settings.timeout,
            max_bytes=settings.max_bytes,
            retries=options.retries,
            backoff=options.backoff,
        ) as fetcher:
            for n, item in enumerate(items, 1):
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
        initargs=(worker_settings, options.retries, options.backoff),
    )
    try:
        futures = [pool.submit(_brief_in_worker, item, day.isoformat()) for item in items]
        for n, future in enumerate(cf.as_completed(futures), 1):
            yield future.result()
            if progress:
                progress("brief", n, total)
    finally:
        # On a fatal error the caller stops listening: drop the items not started yet.
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------- digests


def _write_digests(
    state: State, run_id: int, today: dt.date, settings: Settings, result: DigestResult
) -> None:
    days = state.days_to_write()
    todays = state.day_items(today.isoformat()) if today.isoformat() not in days else []
    if todays:
        unbuildable = _without_model(settings)
        if _incomplete(todays, today, settings, skip=unbuildable):
            days = sorted(
                [*days, today.isoformat()]
            )  # the day's stories, in what this run asks for
        elif unbuildable:  # nothing to write, but the user asked for these languages
            if settings.strict:
                raise next(iter(unbuildable.values()))
            result.missing.update({lang: str(exc) for lang, exc in unbuildable.items()})
    # Stories edited at the source after they went out are noted once, in the latest day written.
    edited = state.edited_unnoted()
    for day_text in days:
        day = dt.date.fromisoformat(day_text)
        newly_noted = edited if day_text == days[-1] else []
        noted = state.edits_noted_on(day_text) + newly_noted
        items = state.day_items(day_text)
        files: dict[Path, bytes] = {}
        records: list[tuple[str, str, int]] = []
        for lang in digest_langs(settings):
            stories = _stories(state, items, day, lang, settings, result)
            if stories is None:
                continue
            digest = Digest(
                day=day,
                lang=lang,
                stories=stories,
                feeds=_feed_lines(result.feeds),
                failures=result.failures,
                edited=[i.title or i.key for i in noted],
                pending=result.pending,
                generated=dt.datetime.now(),
                layout=settings.layout,
            )
            rendered = render_digest_files(
                digest,
                settings.out_dir,
                settings.formats,
                paper=settings.paper,
                author=settings.author,
                variant=settings.pdf_variant,
            )
            files.update(rendered)
            records += [(lang, str(path), len(stories)) for path in rendered]
        written = [atomic_write(path, data) for path, data in files.items()]
        # Only now, with every file of the day on disk, are the day's new items done.
        new_keys = [i.key for i in items if i.status == "briefed"]
        state.mark_done(day_text, new_keys, records, run_id, noted=[i.key for i in newly_noted])
        result.written += written


def _without_model(settings: Settings) -> dict[str, ModelMissingError]:
    """Return {lang: error} for each digest language whose translation model is not installed."""
    from ..translate.packages import find_model, missing_model_error

    return {
        lang: missing_model_error(lang)
        for lang in digest_langs(settings)
        if lang != SOURCE_LANG and find_model(lang) is None
    }


def _incomplete(
    items: list[Item], date: dt.date, settings: Settings, *, skip: Collection[str]
) -> bool:
    """Tell whether the digest of `date`, with these stories, lacks a file this run asks for.

    A later run with another --lang, --format or --layout then completes the day even with
    nothing new. Languages in `skip` (no model) are left out: they cannot be completed, and
    would otherwise rewrite the day on every run.
    """
    for lang in digest_langs(settings):
        if lang in skip:
            continue
        wanted = [settings.out_dir / f"{digest_stem(date, lang)}.{ext}" for ext in settings.formats]
        wanted += [p for item in items for p in _documents(settings, date, item.slug or "", lang)]
        if not all(path.is_file() for path in wanted):
            return True
    return False


def _stories(
    state: State,
    items: list[Item],
    day: dt.date,
    lang: str,
    settings: Settings,
    result: DigestResult,
) -> list[Story] | None:
    """Return the day's stories in `lang`, or None when that language cannot be built.

    Every story links to its full document in this run's layout. One that an earlier run
    briefed without this language is translated now, from the English brief kept in the state;
    one briefed in another layout (or whose files were removed) is rendered again from its
    stored brief. Either way its files are written before the digest that links to them.
    """
    stories: list[Story] = []
    for item in items:
        briefs = state.briefs_of(item.key)
        english = Brief.model_validate_json(briefs["en"][0])
        slug = item.slug or english.slug
        if lang in briefs:
            brief_json, paths = briefs[lang]
            brief = Brief.model_validate_json(brief_json)
        else:
            from ..translate import translate_brief

            try:
                brief = translate_brief(english, lang, settings)
            except ModelMissingError as exc:
                if settings.strict:
                    raise
                result.missing[lang] = str(exc)
                return None
            brief_json, paths = brief.model_dump_json(), []
        if lang not in briefs or not all(
            p.is_file() for p in _documents(settings, day, slug, lang)
        ):
            written = [str(p) for p in _write_briefs({lang: brief}, day, settings)]
            paths = list(dict.fromkeys([*paths, *written]))
            state.add_brief(item.key, lang, brief_json, paths)
        stories.append(
            Story(
                brief=brief,
                english=english,
                feed=item.entry.get("source"),
                new=item.status == "briefed",
                link=story_link(day, slug, document_tag(lang, settings.layout)),
            )
        )
    return stories


def _write_briefs(briefs: dict[str, Brief], day: dt.date, settings: Settings) -> list[Path]:
    """Render the briefs' full documents in the run's layout; write them into the day's folder."""
    from ..pipeline import render_outputs

    day_settings = settings.model_copy(update={"out_dir": settings.out_dir / day.isoformat()})
    return [atomic_write(p, d) for p, d in render_outputs(briefs, day_settings).items()]


def _documents(settings: Settings, day: dt.date, slug: str, lang: str) -> list[Path]:
    """Return the paths of a story's full documents in `lang`, in the run's layout and formats."""
    link = story_link(day, slug, document_tag(lang, settings.layout))
    return [settings.out_dir / f"{link}.{ext}" for ext in settings.formats]


def _feed_lines(feeds: list[FeedFetch]) -> list[FeedLine]:
    return [
        FeedLine(name=f.name, url=f.spec.url, status=f.status, error=f.error, new=f.new)
        for f in feeds
    ]


__all__ = ["DigestOptions", "DigestResult", "parse_since", "run_digest", "worker_count"]
