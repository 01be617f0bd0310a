"""The web desk's parts, made once per server: settings, job store, builders, guard, pages."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from .. import pipeline
from ..config import Settings, usable_cores
from ..errors import InputError
from ..fetch import is_url
from ..vocabulary import check_layout_langs
from .build import build_job, header_of, warm_up
from .jobs import Builders, Job, JobStore, Source
from .schemas import BuildOptions
from .security import Guard, load_secret

log = logging.getLogger("briefing.serve")

EXPIRY_INTERVAL = 3600.0  # seconds between two sweeps of expired jobs
MAX_URL = 2000


class Desk:
    """Everything a request handler needs; the app's lifespan starts and stops the builders."""

    def __init__(
        self, settings: Settings, *, token: str | None = None, workers: int | None = None
    ) -> None:
        self.settings = settings
        self.workers = workers or settings.serve_workers or usable_cores()
        self.store = JobStore(settings.jobs_dir)
        self.guard = Guard(load_secret(settings.jobs_dir / "secret"), token)
        self.builders = Builders(
            self.store, lambda job: build_job(job, self.store, settings), self.workers
        )
        self._stop = threading.Event()
        self._sweeper: threading.Thread | None = None

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        """Recover jobs a killed server left, drop expired ones, start the builders."""
        requeued, failed = self.store.recover()
        if requeued or failed:
            log.warning(
                "after an unclean stop: %d job(s) queued again, %d given up", requeued, failed
            )
        self.store.expire(self.settings.jobs_retention)
        threading.Thread(
            target=warm_up, args=(self.settings,), name="briefing-warm-up", daemon=True
        ).start()
        self.builders.start()
        self._sweeper = threading.Thread(target=self._sweep, name="briefing-expiry", daemon=True)
        self._sweeper.start()

    def stop(self) -> None:
        self._stop.set()
        self.builders.stop()
        self.store.close()

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        self.start()
        try:
            yield
        finally:
            self.stop()

    def _sweep(self) -> None:
        while not self._stop.wait(EXPIRY_INTERVAL):
            self.store.expire(self.settings.jobs_retention)

    # ------------------------------------------------------------------ jobs

    def submit(
        self, *, source: Source, origin: str, options: BuildOptions, data: bytes | None = None
    ) -> Job:
        """Check a new brief's article and options, store its input and queue it.

        Text and files are read here (cheap, and the user hears at once what is wrong with
        them); a URL is fetched by the builder.
        """
        job_options = options.job_options(self.settings)
        check_layout_langs(job_options["layout"], job_options["langs"])
        if source == Source.URL:
            if not is_url(origin) or len(origin) > MAX_URL:
                raise InputError(f"{origin[:100]}: not an http(s) URL")
        else:
            if data is None or not data.strip():
                raise InputError("no article: paste its text, upload a file or give a URL")
            named = origin if source == Source.FILE else None
            pipeline.read_text(data, self.settings, origin=named, **header_of(job_options))
        job = self.store.create(
            source=source,
            origin=origin,
            options=job_options,
            data=data,
            queue_limit=self.settings.serve_queue,
        )
        self.builders.notify()
        return job
