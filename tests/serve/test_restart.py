"""A server killed with kill -9 mid-build: after a restart the job is finished, its input kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .server import Server, wait_until

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "examples" / "vostochny-summit.txt").read_text(encoding="utf-8")


def test_kill_9_during_a_build_then_restart(server: Callable[..., Server], tmp_path: Path) -> None:
    srv = server("--workers", "1")
    with srv.client() as http:
        ids = [
            http.post("/api/briefs", json={"text": SAMPLE, "formats": ["md", "pdf"]}).json()["id"]
            for _ in range(3)
        ]
        wait_until(
            lambda: http.get(f"/api/jobs/{ids[0]}").json()["status"] == "running",
            what="the first job to start",
        )
    srv.kill()  # mid-build: no shutdown code runs
    jobs = tmp_path / "jobs"
    for job_id in ids:
        assert (jobs / job_id / "input.txt").read_text(encoding="utf-8") == SAMPLE

    again = server("--workers", "1")
    with again.client() as http:
        bodies: dict[str, dict[str, Any]] = {}

        def all_finished() -> bool:
            for job_id in ids:
                bodies[job_id] = http.get(f"/api/jobs/{job_id}").json()
            return all(b["status"] in ("done", "failed") for b in bodies.values())

        wait_until(all_finished, timeout=180, what="the jobs after the restart")
    first = bodies[ids[0]]
    assert first["status"] == "done", first
    assert first["attempts"] == 2  # started before the kill, and again after it
    assert [bodies[i]["status"] for i in ids[1:]] == ["done", "done"]
    for job_id in ids:
        assert (jobs / job_id / "input.txt").read_text(encoding="utf-8") == SAMPLE
        assert len(bodies[job_id]["files"]) == 2
    assert "queued again" in again.log.read_text()
