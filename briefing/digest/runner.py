"""Run one digest: fetch feeds, brief new items in parallel, write the day's digest per language.

Order of work, each step recorded only after its files are on disk (see `state`):
1. under the run lock, fetch every feed (conditional GET) and record new items as pending,
   together with the feed's new validators;
2. read pending items in a process pool (models loaded once per worker) and group them into
   stories, together with the stories already filed today (a new item of a known story joins
   it); each story's full briefs — a new story's, or a known story's with its new sources — are
   written atomically into DIR/YYYY-MM-DD/, then its new items are marked briefed;
3. for every day with briefed items, regenerate that day's digest with all of the day's stories
   (earlier ones included), write it atomically, then mark its items done.
A run killed anywhere is finished by the next: no item is lost, none is in two stories, no
story is listed twice.

Every brief is read, composed, translated, rendered and named by `pipeline`, as for
`briefing build`; this module decides what to brief and when, and keeps the books.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..config import Settings, usable_cores
from ..errors import BriefingError, ExitCode, InputError, ModelMissingError
from ..fetch import Fetcher, fetcher_for
from ..models import Brief, Digest, DigestStory, Facts, Failure, FeedLine
from ..vocabulary import SOURCE_LANG, check_layout_langs, document_langs
from .feeds import FeedFetch, FeedSpec, fetch_feed
from .state import Item, ItemStatus, State, run_lock, state_errors
from .workers import Workers, day_settings, item_slug, write_documents

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
    if todo:
        finished = _brief_items(state, todo, day, settings, options, result, progress, deadline)
        # Items not finished by the deadline stay pending, with no failure counted against them.
        result.out_of_time = finished < len(todo)
    result.pending = state.count(ItemStatus.PENDING)
    _write_digests(state, run_id, day, settings, result)
    state.forget_facts(before=day)


def _fail(state: State, item: Item, error: str, result: DigestResult, *, permanent: bool) -> None:
    """Record that briefing `item` failed this time (it is retried, or given up)."""
    gave_up = state.mark_failed(item.key, error, permanent=permanent)
    note = "" if gave_up else " (will retry next run)"
    result.failures.append(Failure(what=item.title or item.url or item.key, error=error + note))


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


def _brief_items(
    state: State,
    todo: dict[str, Item],
    day: dt.date,
    settings: Settings,
    options: DigestOptions,
    result: DigestResult,
    progress: Progress | None,
    deadline: float,
) -> int:
    """Brief the pending items: read in the workers, group and compose here, translate here,
    write in the workers.

    Each language is one translation pass over every story of the run (the sentences of forty
    stories make better batches than forty passes of one story's). A story's new items are
    marked briefed as soon as its files are on disk, so a run killed at any point loses no
    finished story. Returns how many items were finished (briefed or failed): at `deadline`
    the workers stop starting items and those still busy are stopped; the rest stays pending
    for the next run.

    The workers that read are gone before translation starts, and those that write start
    after it, with each language's model unloaded once its pass is done: idle workers would
    hold their memory (about 270 MB each, resident) beside the translation model's, and the
    peak of the run would grow by that much with every worker. Starting a worker again costs
    a fork of the forkserver, which already holds spaCy.
    """
    if time.monotonic() >= deadline:  # the feeds took all the time there was
        return 0

    def workers(jobs: int) -> Workers:
        count = min(worker_count(settings), jobs)
        retries, backoff = options.retries, options.backoff
        return Workers(settings, count, retries=retries, backoff=backoff, deadline=deadline)

    with workers(len(todo)) as readers:
        read, finished = _read_items(readers, state, todo, result, progress)
    if time.monotonic() >= deadline:  # what was read is read again next run
        return finished
    stories, failed = _compose_stories(state, todo, day, read, result)
    ready, failed_translation = _translate_stories(stories, state, todo, settings, result)
    finished += failed + failed_translation
    if ready:
        with workers(len(ready)) as writers:
            finished += _write_stories(writers, ready, state, todo, day, read, result, progress)
    return finished


def _read_items(
    workers: Workers,
    state: State,
    todo: dict[str, Item],
    result: DigestResult,
    progress: Progress | None,
) -> tuple[dict[str, Facts], int]:
    """Read and extract the items in the workers; return the facts by key and how many failed.

    The facts keep the order of arrival: a story's first item gives it its key and letter A.
    """
    read: dict[str, Facts] = {}
    failed = 0
    for n, r in enumerate(workers.read(todo.values()), 1):
        if r.fatal is not None:
            raise r.fatal
        if r.late:
            continue
        if r.facts is None:
            _fail(state, todo[r.key], r.error or "failed", result, permanent=r.permanent)
            failed += 1
        else:
            read[r.key] = r.facts
        if progress:
            progress("read", n, len(todo))
    return {key: read[key] for key in todo if key in read}, failed


def _fail_story(
    state: State, todo: dict[str, Item], plan: StoryPlan, error: str, result: DigestResult
) -> None:
    """Record the failure of every new item of a story (they are tried again next run)."""
    for key in plan.new:
        _fail(state, todo[key], error, result, permanent=False)


def _compose_stories(
    state: State, todo: dict[str, Item], day: dt.date, read: dict[str, Facts], result: DigestResult
) -> tuple[list[tuple[StoryPlan, Brief]], int]:
    """Group the read items into the day's stories and compose each story's English brief.

    Returns the stories with their briefs and how many items failed with a story that would
    not compose.
    """
    stories: list[tuple[StoryPlan, Brief]] = []
    failed = 0
    for plan in plan_stories(state, day, read):
        try:
            english = pipeline.compose_story_brief(plan.facts)
        except Exception as exc:  # one story that will not compose must not stop the digest
            _fail_story(state, todo, plan, f"internal error: {type(exc).__name__}: {exc}", result)
            failed += len(plan.new)
            continue
        slug = plan.slug or item_slug(english.slug, plan.story)
        stories.append((plan, english.model_copy(update={"slug": slug})))
    return stories, failed


_Ready = dict[str, tuple["StoryPlan", Brief, dict[str, Brief]]]


def _translate_stories(
    stories: list[tuple[StoryPlan, Brief]],
    state: State,
    todo: dict[str, Item],
    settings: Settings,
    result: DigestResult,
) -> tuple[_Ready, int]:
    """Translate every story in one pass per language; return those ready to write by story.

    A story whose translation fails is reported on its own; the count of its items is returned.
    """
    englishes = [english for _, english in stories]
    translated = pipeline.translate_all(englishes, settings, keep_models=False)
    result.missing.update(translated.missing)
    ready: _Ready = {}
    failed = 0
    for (plan, english), briefs, failures in zip(
        stories, translated.briefs, translated.failures, strict=True
    ):
        if failures:
            error = "; ".join(f"cannot translate into {k}: {e}" for k, e in failures.items())
            _fail_story(state, todo, plan, error, result)
            failed += len(plan.new)
        else:
            ready[plan.story] = (plan, english, briefs)
    return ready, failed


def _write_stories(
    workers: Workers,
    ready: _Ready,
    state: State,
    todo: dict[str, Item],
    day: dt.date,
    read: dict[str, Facts],
    result: DigestResult,
    progress: Progress | None,
) -> int:
    """Write each story's documents in the workers and mark its new items briefed as they land.

    Returns how many items were finished (briefed, or failed with their story's files).
    """
    finished = 0
    jobs = [(story, briefs, day) for story, (_, _, briefs) in ready.items()]
    for n, written in enumerate(workers.write(jobs), 1):
        if written.late:
            continue
        plan, english, briefs = ready[written.key]
        finished += len(plan.new)
        if written.error is not None:
            _fail_story(state, todo, plan, written.error, result)
        else:
            # The English brief is what later translations and the index are made from: it is
            # kept even when English was not asked for.
            kept = {SOURCE_LANG: english, **briefs}
            by_lang = {
                lang: (brief.model_dump_json(), [str(p) for p in written.paths.get(lang, [])])
                for lang, brief in kept.items()
            }
            state.mark_story_briefed(
                plan.story,
                plan.new,
                day=day,
                slug=english.slug,
                briefs=by_lang,
                facts={key: read[key].model_dump_json() for key in plan.new},
            )
            result.briefed += len(plan.new)
            result.briefs += [p for paths in written.paths.values() for p in paths]
        if progress:
            progress("write", n, len(jobs))
    return finished


@dataclass
class StoryPlan:
    """A story this run writes: a new one, or one filed earlier today that gains items."""

    story: str  # the key of its first item, under which its briefs are kept
    keys: list[str]  # every item, in order of arrival: article A, B, ...
    new: list[str]  # the pending items this run adds
    facts: list[Facts]  # one per item of `keys`
    slug: str | None = None  # a known story keeps its file names


def plan_stories(state: State, day: dt.date, read: dict[str, Facts]) -> list[StoryPlan]:
    """Group the items just read with the stories filed on `day`: which stories to write.

    A new item that tells the story of one filed today joins it (its brief is written again
    with every source); new items that tell a story of their own make a new story. Stories
    filed earlier, or items whose facts were not kept (briefed before stories existed), are
    not reopened.
    """
    filed = [item for item in state.day_items(day) if item.story]
    kept = state.facts_of([item.key for item in filed])
    filed = [item for item in filed if item.key in kept]
    known = [item.key for item in filed]
    keys = [*known, *read]
    facts = {k: Facts.model_validate_json(kept[k]) for k in known} | read
    labels = [*(item.story for item in filed), *([None] * len(read))]
    plans: list[StoryPlan] = []
    for members in pipeline.group_stories(list(facts.values()), labels):
        new = [keys[i] for i in members if labels[i] is None]
        if not new:
            continue  # a filed story with nothing new
        story = next((label for i in members if (label := labels[i]) is not None), None)
        if story is None:
            plans.append(StoryPlan(new[0], new, new, [facts[k] for k in new]))
            continue
        # Every filed item of that story (the grouping may have left one in another cluster).
        old = sorted((item for item in filed if item.story == story), key=lambda i: i.id)
        order = [item.key for item in old] + new
        slug = old[0].slug if old else None
        plans.append(StoryPlan(story, order, new, [facts[k] for k in order], slug=slug))
    return plans


# ---------------------------------------------------------------------- documents


def _complete_documents(
    state: State, items: list[Item], day: dt.date, lang: str, settings: Settings
) -> None:
    """Write each story's document in `lang` that the run's layout and formats still lack.

    Stories that an earlier run briefed without `lang` are translated now, together, from the
    English briefs kept in the state (ModelMissingError when there is no model); one briefed
    in another layout, or whose files were removed, is rendered again from its stored brief.
    Each is recorded in the state once its files are on disk.
    """
    in_day = day_settings(settings, day)
    lacking: list[tuple[Item, Brief, list[str]]] = []
    untranslated: list[tuple[Item, Brief]] = []
    for item in _story_leads(items):
        briefs = state.briefs_of(item.key)
        if lang not in briefs:
            untranslated.append((item, Brief.model_validate_json(briefs[SOURCE_LANG][0])))
            continue
        brief_json, paths = briefs[lang]
        brief = Brief.model_validate_json(brief_json)
        if not all(p.is_file() for p in pipeline.document_paths(brief.slug, lang, in_day)):
            lacking.append((item, brief, paths))
    if untranslated:
        englishes = [english for _, english in untranslated]
        done = pipeline.translate_all(englishes, settings, [lang], keep_models=False)
        if lang in done.missing:
            raise ModelMissingError(done.missing[lang])
        for (item, _), story, failures in zip(
            untranslated, done.briefs, done.failures, strict=True
        ):
            if failures:
                what = item.title or item.key
                raise BriefingError(f"{what}: cannot translate into {lang}: {failures[lang]}")
            lacking.append((item, story[lang], []))
    for item, brief, paths in lacking:
        written = write_documents({lang: brief}, day, settings)[lang]
        kept = list(dict.fromkeys([*paths, *map(str, written)]))
        state.add_brief(item.key, lang, brief.model_dump_json(), kept)


def _incomplete(
    items: list[Item], day: dt.date, settings: Settings, *, skip: Collection[str]
) -> bool:
    """Tell whether the digest of `day`, with these stories, lacks a file this run asks for.

    A later run with another --lang, --format or --layout then completes the day even with
    nothing new. Languages in `skip` (no model) are left out: they cannot be completed, and
    would otherwise rewrite the day on every run.
    """
    in_day = day_settings(settings, day)
    for lang in digest_langs(settings):
        if lang in skip:
            continue
        stem = pipeline.digest_stem(day, lang)
        wanted = [settings.out_dir / f"{stem}.{ext}" for ext in settings.formats]
        wanted += [
            p for item in items for p in pipeline.document_paths(item.slug or "", lang, in_day)
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


def _story_leads(items: list[Item]) -> list[Item]:
    """Return the first item of each story among `items` (it keeps the story's briefs)."""
    return [item for item in items if item.story_key == item.key]


def _stories(
    state: State, items: list[Item], day: dt.date, lang: str, settings: Settings
) -> list[DigestStory]:
    """Return the day's stories in `lang`, each linking to its document in the run's layout.

    A story is new when all its items are new in this run, updated when some are.
    """
    stories: list[DigestStory] = []
    for lead in _story_leads(items):
        members = [item for item in items if item.story_key == lead.key]
        fresh = [item.status == ItemStatus.BRIEFED for item in members]
        briefs = state.briefs_of(lead.key)
        english = Brief.model_validate_json(briefs[SOURCE_LANG][0])
        stories.append(
            DigestStory(
                brief=Brief.model_validate_json(briefs[lang][0]),
                english=english,
                feed=lead.entry.get("source"),
                new=all(fresh),
                updated=any(fresh) and not all(fresh),
                link=pipeline.story_link(day, lead.slug or english.slug, lang, settings.layout),
            )
        )
    return stories


def _feed_line(f: FeedFetch) -> FeedLine:
    return FeedLine(name=f.name, url=f.spec.url, status=f.status, error=f.error, new=f.new)


__all__ = ["DigestOptions", "DigestResult", "parse_since", "run_digest", "worker_count"]
