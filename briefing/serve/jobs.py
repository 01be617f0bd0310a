"""Web desk jobs: a store in SQLite under the jobs folder, and a bounded pool of builders.

A job's input is on disk before its row says `queued`, and the table is the queue: a builder
claims the oldest queued job in one statement, so no job is built twice at once. A server
killed mid-build leaves the job `running`; the next start puts it back in the queue (its
input is still there) or, after MAX_ATTEMPTS starts, marks it failed with that reason.

Layout of the jobs folder (the `jobs_dir` setting):

    jobs.sqlite3            the jobs table
    secret                  the key CSRF tokens and session cookies are signed with
    <job id>/input.txt      the article as received (pasted text or uploaded file)
    <job id>/facts.json     the extracted facts; after an edit, the corrected ones
    <job id>/briefs.json    the briefs shown on the result page, {lang: Brief}
    <job id>/files/         the documents to download, named as `briefing build` names them
"""

from __future__ import annotations

import contextlib
import enum
import json
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BusyError, OutputError
from ..io import atomic_write

SCHEMA_VERSION = 1
MAX_ATTEMPTS = 2  # server starts a job may see begin and not finish before it is given up
ID_BYTES = 12  # 16 URL-safe characters: job ids are unguessable, so a link is the capability


class JobStatus(enum.StrEnum):
    """Where a job is: waiting, being built, built, or given up."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(enum.StrEnum):
    """What a builder does with a job: read and extract first, or render stored facts."""

    BUILD = "build"
    RENDER = "render"


class Source(enum.StrEnum):
    """Where a job's article comes from."""

    TEXT = "text"
    FILE = "file"
    URL = "url"


_STATUSES = ", ".join(f"'{s}'" for s in JobStatus)
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,  -- arrival order: the queue is served oldest first
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ({_STATUSES})),
    stage TEXT,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,  -- the uploaded file's name, 'pasted text', or the URL
    options TEXT NOT NULL,  -- JSON: languages, formats, layout, paper, variant, header
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0,  -- facts edits saved
    title TEXT,
    error TEXT,
    code INTEGER,
    outputs TEXT NOT NULL DEFAULT '[]',  -- JSON: file names under files/
    missing TEXT NOT NULL DEFAULT '{{}}'  -- JSON: {{lang: reason}} for languages not built
);
CREATE INDEX IF NOT EXISTS jobs_queue ON jobs(status, seq);
"""


@dataclass
class Job:
    """One job as stored."""

    id: str
    kind: JobKind
    status: JobStatus
    source: Source
    origin: str
    options: dict[str, Any]
    created: float
    stage: str | None = None
    started: float | None = None
    finished: float | None = None
    attempts: int = 0
    revision: int = 0
    title: str | None = None
    error: str | None = None
    code: int | None = None
    outputs: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        return cls(
            id=row["id"],
            kind=JobKind(row["kind"]),
            status=JobStatus(row["status"]),
            source=Source(row["source"]),
            origin=row["origin"],
            options=json.loads(row["options"]),
            created=row["created"],
            stage=row["stage"],
            started=row["started"],
            finished=row["finished"],
            attempts=row["attempts"],
            revision=row["revision"],
            title=row["title"],
            error=row["error"],
            code=row["code"],
            outputs=json.loads(row["outputs"]),
            missing=json.loads(row["missing"]),
        )

    @property
    def active(self) -> bool:
        """Tell whether the job waits or is being built."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


def valid_id(value: str) -> bool:
    """Tell whether `value` looks like a job id (checked before it reaches SQL or a path)."""
    return len(value) == 16 and all(c.isascii() and (c.isalnum() or c in "-_") for c in value)


class JobStore:
    """The jobs table and each job's folder; safe to share between threads."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                self.root / "jobs.sqlite3",
                timeout=30,
                isolation_level=None,
                check_same_thread=False,
            )
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the jobs folder {self.root}: {exc}") from None
        self.conn.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")  # a job's state outlives a kill -9
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                self.conn.executescript(_SCHEMA)
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise OutputError(f"{self.root}: not a usable jobs database: {exc}") from None
        if version > SCHEMA_VERSION:
            self.conn.close()
            raise OutputError(f"{self.root}: jobs from a newer briefing (schema {version})")

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one immediate transaction, one thread at a time."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ paths

    def job_dir(self, job_id: str) -> Path:
        if not valid_id(job_id):
            raise ValueError(f"not a job id: {job_id!r}")
        return self.root / job_id

    def input_path(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "input.txt"

    def facts_path(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "facts.json"

    def briefs_path(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "briefs.json"

    def files_dir(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "files"

    def output_path(self, job: Job, name: str) -> Path | None:
        """Return the path of the job's file `name` if the job lists it and it is there.

        The name from the request is only ever compared with the names the job recorded; the
        path is built from the recorded one.
        """
        recorded = next((n for n in job.outputs if n == name), None)
        if recorded is None:
            return None
        path = self.files_dir(job.id) / recorded
        if path.parent != self.files_dir(job.id) or not path.is_file():
            return None
        return path

    # ------------------------------------------------------------------ writing

    def create(
        self,
        *,
        source: Source,
        origin: str,
        options: dict[str, Any],
        data: bytes | None = None,
        queue_limit: int | None = None,
    ) -> Job:
        """Store a new job's input, then queue the job; raise BusyError when the queue is full."""
        job_id = secrets.token_urlsafe(ID_BYTES)
        folder = self.job_dir(job_id)
        try:
            folder.mkdir(parents=True)
            if data is not None:
                atomic_write(folder / "input.txt", data)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise OutputError(f"cannot store the job's input in {folder}: {exc}") from None
        now = time.time()
        try:
            with self.transaction() as db:
                if queue_limit is not None:
                    waiting = db.execute(
                        "SELECT count(*) FROM jobs WHERE status = 'queued'"
                    ).fetchone()[0]
                    if waiting >= queue_limit:
                        raise BusyError(
                            f"{waiting} briefs are waiting to be built; try again in a minute"
                        )
                seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM jobs").fetchone()[0]
                db.execute(
                    "INSERT INTO jobs (id, seq, kind, status, source, origin, options, created)"
                    " VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)",
                    (job_id, seq, JobKind.BUILD, source, origin, json.dumps(options), now),
                )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job = self.get(job_id)
        assert job is not None
        return job

    def claim(self) -> Job | None:
        """Take the oldest queued job for building, or return None when none waits."""
        with self.transaction() as db:
            row = db.execute(
                "UPDATE jobs SET status = 'running', stage = 'starting', started = ?,"
                " attempts = attempts + 1, error = NULL, code = NULL"
                " WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1)"
                " RETURNING *",
                (time.time(),),
            ).fetchone()
        return Job.from_row(row) if row is not None else None

    def set_stage(self, job_id: str, stage: str) -> None:
        """Note what a running job is doing now (shown on its page)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE jobs SET stage = ? WHERE id = ? AND status = 'running'", (stage, job_id)
            )

    def finish(
        self, job_id: str, *, outputs: list[str], missing: dict[str, str], title: str | None
    ) -> None:
        """Record a built job: its files (already on disk) and the languages not built."""
        with self.transaction() as db:
            db.execute(
                "UPDATE jobs SET status = 'done', stage = NULL, finished = ?, outputs = ?,"
                " missing = ?, title = coalesce(?, title) WHERE id = ?",
                (time.time(), json.dumps(outputs), json.dumps(missing), title, job_id),
            )

    def fail(self, job_id: str, error: str, code: int) -> None:
        """Record a job that could not be built, with a one-line reason and its exit code."""
        with self.transaction() as db:
            db.execute(
                "UPDATE jobs SET status = 'failed', stage = NULL, finished = ?, error = ?,"
                " code = ? WHERE id = ?",
                (time.time(), error, code, job_id),
            )

    def requeue_render(self, job_id: str, facts_json: str, revision: int) -> Job | None:
        """Save corrected facts and queue the job to render them; None if it moved on meanwhile.

        `revision` is the one the editor showed: a second edit made from the same page, or one
        made while the job is still building, is refused rather than silently lost.
        """
        with self.transaction() as db:
            row = db.execute("SELECT status, revision FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or row["status"] != JobStatus.DONE or row["revision"] != revision:
                return None
            atomic_write(self.facts_path(job_id), facts_json)
            db.execute(
                "UPDATE jobs SET kind = 'render', status = 'queued', stage = NULL, started = NULL,"
                " finished = NULL, attempts = 0, revision = revision + 1 WHERE id = ?",
                (job_id,),
            )
        return self.get(job_id)

    # ------------------------------------------------------------------ reading

    def get(self, job_id: str) -> Job | None:
        if not valid_id(job_id):
            return None
        with self.lock:
            row = self.conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row is not None else None

    def recent(self, limit: int = 20) -> list[Job]:
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM jobs ORDER BY seq DESC LIMIT ?", (limit,)
            ).fetchall()
        return [Job.from_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Return the number of jobs in each status."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT status, count(*) AS n FROM jobs GROUP BY status"
            ).fetchall()
        return dict.fromkeys(JobStatus, 0) | {r["status"]: r["n"] for r in rows}

    def position(self, job: Job) -> int:
        """Return how many queued jobs are ahead of `job`."""
        with self.lock:
            row = self.conn.execute(
                "SELECT count(*) FROM jobs WHERE status = 'queued'"
                " AND seq < (SELECT seq FROM jobs WHERE id = ?)",
                (job.id,),
            ).fetchone()
        return int(row[0])

    # ------------------------------------------------------------------ upkeep

    def recover(self) -> tuple[int, int]:
        """Put jobs a killed server left running back in the queue, or give them up.

        Returns (requeued, failed). Run at start-up, before any builder runs.
        """
        with self.transaction() as db:
            failed = db.execute(
                "UPDATE jobs SET status = 'failed', stage = NULL, finished = ?, code = 1,"
                " error = 'the server stopped during this build ' || attempts || ' times;"
                " given up (the input is kept)'"
                " WHERE status = 'running' AND attempts >= ?",
                (time.time(), MAX_ATTEMPTS),
            ).rowcount
            requeued = db.execute(
                "UPDATE jobs SET status = 'queued', stage = NULL, started = NULL"
                " WHERE status = 'running'"
            ).rowcount
        return requeued, failed

    def expire(self, retention_days: float) -> int:
        """Remove jobs that finished more than `retention_days` ago, with their folders."""
        cutoff = time.time() - retention_days * 86400
        with self.transaction() as db:
            ids = [
                r["id"]
                for r in db.execute(
                    "SELECT id FROM jobs WHERE status IN ('done', 'failed') AND finished < ?",
                    (cutoff,),
                )
            ]
            db.executemany("DELETE FROM jobs WHERE id = ?", [(i,) for i in ids])
        for job_id in ids:  # rows first: a folder without a row is never served
            shutil.rmtree(self.job_dir(job_id), ignore_errors=True)
        return len(ids)


Build = Callable[[Job], None]


class Builders:
    """A fixed number of builder threads that take jobs from the store, oldest first.

    `build(job)` does the work and records the outcome; `building` and `peak` count the jobs
    being built now and the most ever built at once (GET /api/health shows both).
    """

    def __init__(self, store: JobStore, build: Build, workers: int) -> None:
        self.store = store
        self.build = build
        self.workers = workers
        self.building = 0
        self.peak = 0
        self._wake = threading.Condition()
        self._stopping = False
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for n in range(self.workers):
            thread = threading.Thread(target=self._loop, name=f"briefing-builder-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def notify(self) -> None:
        """Wake a builder: a job was queued."""
        with self._wake:
            self._wake.notify()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop taking jobs and wait up to `timeout` seconds for the builds in progress."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _loop(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
            job = self.store.claim()
            if job is None:
                with self._wake:
                    if not self._stopping:
                        # A queued job wakes us; the timeout also catches one queued by
                        # another process sharing the folder.
                        self._wake.wait(timeout=1.0)
                continue
            with self._wake:
                self.building += 1
                self.peak = max(self.peak, self.building)
            try:
                self.build(job)
            finally:
                with self._wake:
                    self.building -= 1
