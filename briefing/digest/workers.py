"""The digest's worker processes: each loads spaCy once, then reads and extracts items and
renders stories. Grouping the items into stories, composing each story's English brief (both
need the facts of several items, and take milliseconds) and translation stay in the digest
process, one batched pass per language over all the run's stories (`runner`), so the
translation models are loaded once, not per worker.

An item goes through the workers once before the translation pass, `read_item` (page →
facts), and its story once after it, `write_item` (briefs → files): two pools, one on each
side of the pass, so that no worker sits idle beside the translation model.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from .. import pipeline
from ..config import Settings
from ..errors import BriefingError, InputError, ModelMissingError
from ..fetch import Fetcher, fetcher_for
from ..models import Brief, Facts
from .state import Item

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Read:
    """What reading one item and extracting its facts gave: the facts, or why not."""

    key: str
    facts: Facts | None = None
    error: str | None = None
    permanent: bool = False  # the item will never read: give it up at once
    fatal: BriefingError | None = None  # the whole run cannot go on (no spaCy model)
    late: bool = False  # not started: the run's deadline had passed (the item stays pending)


@dataclass
class Written:
    """What writing one story's documents gave: their paths by language, or why not."""

    key: str
    paths: dict[str, list[Path]] = field(default_factory=dict)
    error: str | None = None
    late: bool = False  # not started: the run's deadline had passed (the item stays pending)


def item_slug(slug: str, key: str) -> str:
    """Make an item's file slug: the brief's slug and a short hash of the item key (unique)."""
    return f"{slug[:50].rstrip('-')}-{hashlib.sha256(key.encode()).hexdigest()[:6]}"


def day_settings(settings: Settings, day: dt.date) -> Settings:
    """Return the settings that put a day's documents into its folder, DIR/YYYY-MM-DD/."""
    return settings.model_copy(update={"out_dir": settings.out_dir / day.isoformat()})


def write_documents(
    briefs: dict[str, Brief], day: dt.date, settings: Settings
) -> dict[str, list[Path]]:
    """Write the briefs' documents in the run's layout into the day's folder: {lang: paths}."""
    in_day = day_settings(settings, day)
    written = set(pipeline.write_outputs(pipeline.render_outputs(briefs, in_day)))
    return {
        lang: [p for p in pipeline.document_paths(b.slug, lang, in_day) if p in written]
        for lang, b in briefs.items()
    }


def read_item(item: Item, settings: Settings, fetcher: Fetcher) -> Read:
    """Read one item (its feed text, else its page) and extract its facts."""
    try:
        article = pipeline.read_entry(
            item.entry, url=item.url, feed_url=item.feed_url, fetcher=fetcher
        )
        return Read(item.key, facts=pipeline.facts_for(article, settings))
    except ModelMissingError as exc:
        return Read(item.key, fatal=exc)
    except BriefingError as exc:
        return Read(item.key, error=str(exc), permanent=isinstance(exc, InputError))
    except Exception as exc:  # one bad article must not stop the digest
        return Read(item.key, error=f"internal error: {type(exc).__name__}: {exc}")


def write_item(key: str, briefs: dict[str, Brief], day: dt.date, settings: Settings) -> Written:
    """Render and write one story's documents in every language it has."""
    try:
        return Written(key, paths=write_documents(briefs, day, settings))
    except BriefingError as exc:
        return Written(key, error=str(exc))
    except Exception as exc:  # one story that will not render must not stop the digest
        return Written(key, error=f"internal error: {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------- the process pool

# Set in each worker process by `_init_worker`: its settings, its HTTP client, the deadline.
_settings: Settings | None = None
_fetcher: Fetcher | None = None
_deadline = float("inf")


def _gone(pid: int) -> bool:
    """Tell whether process `pid` has ended (a zombie not yet reaped counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no /proc (not Linux): os.kill said it runs
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _exit_when_gone(digest: int) -> None:
    """Exit once the digest process is gone (killed), instead of waiting for work forever.

    A worker's parent is the forkserver, not the digest process, and the forkserver stays
    until its last worker exits: so the worker watches the digest process itself.
    """
    while True:
        time.sleep(0.5)
        if _gone(digest):
            os._exit(1)


def _init_worker(
    settings: Settings, retries: int, backoff: float, deadline: float, digest: int
) -> None:
    """Load spaCy once per worker process, before the first item arrives."""
    global _settings, _fetcher, _deadline  # one worker process, one of each
    # A worker holds both ends of its task queue, so it would not see the digest die by itself.
    threading.Thread(target=_exit_when_gone, args=(digest,), daemon=True).start()
    _settings, _deadline = settings, deadline
    # time.monotonic() is the system's monotonic clock, the same in every process of the run.
    _fetcher = fetcher_for(settings, retries=retries, backoff=backoff, deadline=deadline)
    try:
        from ..nlp import load_pipeline

        load_pipeline(settings.spacy_model)
    except BriefingError:
        pass  # reported per item, where the error can reach the user


def _read_in_worker(item: Item) -> Read:
    assert _settings is not None and _fetcher is not None
    if time.monotonic() >= _deadline:
        return Read(item.key, late=True)
    return read_item(item, _settings, _fetcher)


def _write_in_worker(job: tuple[str, dict[str, Brief], dt.date]) -> Written:
    assert _settings is not None
    key, briefs, day = job
    if time.monotonic() >= _deadline:
        return Written(key, late=True)
    return write_item(key, briefs, day, _settings)


# multiprocessing's resource tracker (a helper process started with the first pool) removes the
# pool's semaphores if this process is killed or stopped at its deadline, and then warns about
# them on our stderr: a second line after the one such a run already wrote, in every cron log.
# It takes its warning filters from this interpreter's -W options when it starts.
_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def _context() -> multiprocessing.context.BaseContext:
    """Return the way worker processes start: forked from a server that has spaCy loaded.

    Not a plain fork: the digest process has run threads (feed fetching) and holds a SQLite
    connection. The forkserver is started once per process and loads `preload` before forking,
    so workers share its models; without forkserver (not on every platform), spawn.
    """
    if _QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(_QUIET_TRACKER)
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["briefing.digest.preload"])
    return context


class Workers:
    """Run story tasks in `count` worker processes that load spaCy once each (shared)."""

    def __init__(
        self,
        settings: Settings,
        count: int,
        *,
        retries: int,
        backoff: float,
        deadline: float = float("inf"),
    ) -> None:
        self.settings = settings
        self.count = max(1, count)
        self.deadline = deadline
        self._retries, self._backoff = retries, backoff
        self._pool: cf.ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        # Every worker count, one included, runs in worker processes: the digest process keeps
        # the state database and the translation models, the workers spaCy and WeasyPrint.
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self.count,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(self.settings, self._retries, self._backoff, self.deadline, os.getpid()),
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            # On an error the caller stops listening: drop the tasks not started yet.
            self._pool.shutdown(wait=True, cancel_futures=True)

    def read(self, items: Iterable[Item]) -> Iterator[Read]:
        """Read each item and extract its facts, yielding each result as soon as it is ready."""
        return self._as_completed(_read_in_worker, items)

    def write(self, jobs: Iterable[tuple[str, dict[str, Brief], dt.date]]) -> Iterator[Written]:
        """Write each story's documents, yielding each result as soon as it is ready."""
        return self._as_completed(_write_in_worker, jobs)

    def _as_completed(self, task: Callable[[T], R], args: Iterable[T]) -> Iterator[R]:
        """Yield each task's result as it is ready; at the deadline, stop the busy workers."""
        assert self._pool is not None
        futures: list[cf.Future[Any]] = [self._pool.submit(task, arg) for arg in args]
        try:
            left = (
                max(0.0, self.deadline - time.monotonic()) if self.deadline < float("inf") else None
            )
            for future in cf.as_completed(futures, timeout=left):
                yield future.result()
        except TimeoutError:
            # Out of time: the items still running are stopped and stay pending. The pool's
            # workers are this process's only multiprocessing children.
            for child in multiprocessing.active_children():
                child.terminate()
