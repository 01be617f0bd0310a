"""The job store: claimed once, recovered after a kill, expired in time, no path escapes."""

from __future__ import annotations

import concurrent.futures as cf
import time
from pathlib import Path

import pytest

from briefing.errors import BusyError
from briefing.serve.jobs import MAX_ATTEMPTS, JobStatus, JobStore, Source, valid_id


def make(store: JobStore, n: int = 1) -> list[str]:
    return [
        store.create(source=Source.TEXT, origin="pasted text", options={}, data=b"text %d" % i).id
        for i in range(n)
    ]


def test_input_is_stored_before_the_job_is_queued(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    (job_id,) = make(store)
    job = store.get(job_id)
    assert job is not None and job.status == JobStatus.QUEUED and valid_id(job_id)
    assert store.input_path(job_id).read_bytes() == b"text 0"


def test_each_job_is_claimed_once_by_racing_builders(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    ids = make(store, 30)
    with cf.ThreadPoolExecutor(8) as pool:
        claimed = list(pool.map(lambda _: store.claim(), range(40)))
    got = [j.id for j in claimed if j is not None]
    assert sorted(got) == sorted(ids)  # all of them, none twice
    assert claimed.count(None) == 10


def test_running_jobs_are_requeued_then_given_up(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    (job_id,) = make(store)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        job = store.claim()  # a builder starts it, then the server is killed
        assert job is not None and job.attempts == attempt
        store.close()
        store = JobStore(tmp_path)
        requeued, failed = store.recover()
        if attempt < MAX_ATTEMPTS:
            assert (requeued, failed) == (1, 0)
            queued = store.get(job_id)
            assert queued is not None and queued.status == JobStatus.QUEUED
    job = store.get(job_id)
    assert job is not None and job.status == JobStatus.FAILED and job.code == 1
    assert "server stopped during this build" in (job.error or "")
    assert store.input_path(job_id).is_file()  # the input is kept


def test_queue_limit(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    store.create(source=Source.TEXT, origin="a", options={}, data=b"a", queue_limit=1)
    with pytest.raises(BusyError):
        store.create(source=Source.TEXT, origin="b", options={}, data=b"b", queue_limit=1)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1  # no folder left behind


def test_expired_jobs_and_their_folders_go(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    old, new, waiting = make(store, 3)
    for job_id in (old, new):
        store.claim()
        store.finish(job_id, outputs=[], missing={}, title=None)
    store.conn.execute("UPDATE jobs SET finished = ? WHERE id = ?", (time.time() - 3 * 86400, old))
    assert store.expire(retention_days=2) == 1
    assert store.get(old) is None and not store.job_dir(old).exists()
    assert store.get(new) is not None and store.get(waiting) is not None


def test_output_lookup_takes_only_recorded_names(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    (job_id,) = make(store)
    files = store.files_dir(job_id)
    files.mkdir()
    (files / "a.en.md").write_text("brief")
    store.claim()
    store.finish(job_id, outputs=["a.en.md"], missing={}, title=None)
    job = store.get(job_id)
    assert job is not None
    assert store.output_path(job, "a.en.md") == files / "a.en.md"
    for name in ("../input.txt", "../../jobs.sqlite3", "/etc/passwd", "a.en.pdf", ""):
        assert store.output_path(job, name) is None
    assert store.get("../" + job_id[3:]) is None
    with pytest.raises(ValueError):
        store.job_dir("../../etc")
