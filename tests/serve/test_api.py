"""The JSON API: bad input is a 4xx with its message, jobs are built once, at most N at a time."""

from __future__ import annotations

import concurrent.futures as cf
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient

from briefing.config import Settings
from briefing.serve import create_app

from .server import Server, server_env, wait_until

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "examples" / "vostochny-summit.txt").read_text(encoding="utf-8")


def wait_done(get: Callable[[str], Any], job_id: str, timeout: float = 120) -> dict[str, Any]:
    """Poll the job until it is done or failed; return its last body."""
    body: dict[str, Any] = {}

    def finished() -> bool:
        nonlocal body
        body = get(f"/api/jobs/{job_id}").json()
        return body["status"] in ("done", "failed")

    wait_until(finished, timeout, what=f"job {job_id}")
    return body


def assert_error(response: httpx.Response, status: int, code: int, *words: str) -> None:
    """One line of JSON, {"error", "code"}, with the status and the words expected."""
    assert response.status_code == status, response.text
    assert "\n" not in response.text.strip()
    body = response.json()
    assert set(body) == {"error", "code"}
    assert body["code"] == code
    for word in words:
        assert word in body["error"], body


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("payload", "status", "code", "words"),
    [
        ({"text": ""}, 400, 3, ["no article"]),
        ({"text": "   \n\n  "}, 400, 3, ["no article"]),
        ({"text": "\x00\x01\x02binary\x00" * 50}, 415, 3, ["binary"]),
        ({"text": "Hi."}, 400, 3, ["no sentences"]),
        ({"text": SAMPLE, "colour": "red"}, 422, 2, ["unknown option 'colour'"]),
        ({"text": SAMPLE, "langs": ["fr"]}, 422, 2, ["langs"]),
        ({"text": SAMPLE, "layout": "poster"}, 422, 2, ["layout"]),
        ({"text": SAMPLE, "layout": "bilingual", "langs": ["en"]}, 422, 2, ["bilingual"]),
        ({"text": SAMPLE, "url": "https://example.org/a"}, 422, 2, ["one of them"]),
        ({}, 422, 2, ["one of them"]),
        ({"url": "ftp://example.org/a"}, 400, 3, ["not an http(s) URL"]),
    ],
)
def test_bad_briefs_are_4xx_with_the_message(
    client: TestClient, payload: dict[str, Any], status: int, code: int, words: list[str]
) -> None:
    assert_error(client.post("/api/briefs", json=payload), status, code, *words)
    assert client.get("/api/health").json()["jobs"]["queued"] == 0  # nothing was queued


def test_not_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/briefs", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(response, 422, 2, "JSON")


def test_oversized_text_is_413_before_the_body_is_read(
    make_settings: Callable[..., Settings],
) -> None:
    with TestClient(create_app(make_settings(max_bytes=2000), workers=1)) as client:
        big = "A sentence about the summit. " * 100  # 2,900 bytes
        assert_error(client.post("/api/briefs", json={"text": big}), 400 + 13, 3, "2,000-byte")
        # Declared too large: refused on the header, before any byte of the body.
        response = client.post(
            "/api/briefs",
            content=b"x" * 200_000,
            headers={"content-type": "application/json"},
        )
        assert_error(response, 413, 3, "2,000-byte limit")
        upload = {"file": ("big.txt", big.encode(), "text/plain")}
        assert_error(client.post("/api/briefs/file", files=upload), 413, 3, "big.txt")


def test_chunked_body_is_cut_off_at_the_limit(make_settings: Callable[..., Settings]) -> None:
    """Driven at the ASGI level: the test client would read a streamed body whole first."""
    app = create_app(make_settings(max_bytes=1000), workers=1)
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        # 64 MB in all if it were read whole, and no Content-Length to refuse it by.
        return {"type": "http.request", "body": b"x" * 65536, "more_body": read < 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/briefs",
        "raw_path": b"/api/briefs",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8080),
    }
    anyio.run(app, scope, receive, send)
    assert sent[0]["status"] == 413
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body["code"] == 3 and "1,000-byte limit" in body["error"]
    assert read <= 2, f"{read} chunks were read before the refusal"  # limit + form slack


def test_uploaded_binary_and_unknown_field(client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    response = client.post("/api/briefs/file", files={"file": ("photo.png", png, "image/png")})
    assert_error(response, 415, 3, "photo.png", "binary")
    response = client.post(
        "/api/briefs/file",
        files={"file": ("a.txt", SAMPLE.encode(), "text/plain")},
        data={"speed": "fast"},
    )
    assert_error(response, 422, 2, "unknown option 'speed'")
    response = client.post(
        "/api/briefs/file",
        files={"file": ("a.txt", SAMPLE.encode(), "text/plain")},
        data={"langs": "en,xx"},
    )
    assert_error(response, 422, 2, "langs")


def test_unknown_job_and_file_are_404(client: TestClient) -> None:
    assert_error(client.get("/api/jobs/AAAAAAAAAAAAAAAA"), 404, 2, "no job")
    assert_error(client.get("/api/jobs/..%2F..%2Fetc"), 404, 2)
    job = client.post("/api/briefs", json={"text": SAMPLE}).json()
    wait_done(client.get, job["id"])
    for name in ("../jobs.sqlite3", "..%2Fjobs.sqlite3", "input.txt", "../secret"):
        response = client.get(f"/api/jobs/{job['id']}/files/{name}")
        assert response.status_code == 404, name
        assert "SQLite" not in response.text


# ---------------------------------------------------------------------- a brief, then a correction


def test_brief_by_api_then_corrected_facts(client: TestClient) -> None:
    response = client.post("/api/briefs", json={"text": SAMPLE, "formats": ["md", "pdf"]})
    assert response.status_code == 202
    assert response.headers["location"] == f"/api/jobs/{response.json()['id']}"
    job = wait_done(client.get, response.json()["id"])
    assert job["status"] == "done", job
    assert job["attempts"] == 1
    # Pasted text has no file name: the slug comes from the headline, as `briefing build -`.
    slug = "russian-president-vladimir-putin-met-with-north-korean-leade"  # 60 characters
    assert {f["name"] for f in job["files"]} == {f"{slug}.en.md", f"{slug}.en.pdf"}
    md = next(f for f in job["files"] if f["name"].endswith(".md"))
    text = client.get(md["url"]).text
    assert "## Who" in text and "Jung Dae-jin" in text
    pdf = client.get(next(f["url"] for f in job["files"] if f["name"].endswith(".pdf")))
    assert pdf.content.startswith(b"%PDF")

    facts = client.get(f"/api/jobs/{job['id']}/facts").json()
    facts["people"] = [p for p in facts["people"] if p["name"] != "Jung Dae-jin"]
    stale = client.put(f"/api/jobs/{job['id']}/facts?revision=0", json=facts)
    assert stale.status_code == 202, stale.text
    again = client.put(f"/api/jobs/{job['id']}/facts?revision=0", json=facts)
    assert_error(again, 409, 2, "revision")
    job = wait_done(client.get, job["id"])
    assert job["status"] == "done" and job["revision"] == 1
    text = client.get(md["url"]).text
    who = text.split("## Who", 1)[1].split("\n## ", 1)[0]
    assert "Jung Dae-jin" not in who
    assert client.get(f"/api/jobs/{job['id']}/facts").json()["people"] == facts["people"]


def test_facts_of_another_article_are_refused(client: TestClient) -> None:
    job = wait_done(client.get, client.post("/api/briefs", json={"text": SAMPLE}).json()["id"])
    facts = client.get(f"/api/jobs/{job['id']}/facts").json()
    facts["article"]["text"] = "Another article altogether. It says other things."
    assert_error(client.put(f"/api/jobs/{job['id']}/facts?revision=0", json=facts), 400, 3)
    # A facts document that does not validate is bad input, as `briefing render` says of it.
    facts["nonsense"] = 1
    bad = client.put(f"/api/jobs/{job['id']}/facts?revision=0", json=facts)
    assert_error(bad, 400, 3, "not valid facts JSON at nonsense")


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/briefs", "/api/briefs/file", "/api/jobs/{job_id}"} <= set(spec["paths"])
    assert "/jobs/{job_id}" not in spec["paths"]  # pages are not part of the API


# ---------------------------------------------------------------------- concurrency


def test_twenty_concurrent_briefs_each_built_once_at_most_n_at_a_time(
    make_settings: Callable[..., Settings],
) -> None:
    workers = 2
    app = create_app(make_settings(), workers=workers)
    with TestClient(app) as client:
        texts = [SAMPLE.replace("Wednesday", f"Wednesday ({i})", 1) for i in range(20)]
        with cf.ThreadPoolExecutor(20) as pool:
            responses = list(
                pool.map(lambda t: client.post("/api/briefs", json={"text": t}), texts)
            )
        assert [r.status_code for r in responses] == [202] * 20
        ids = [r.json()["id"] for r in responses]
        assert len(set(ids)) == 20
        jobs = [wait_done(client.get, i, timeout=300) for i in ids]
        health = client.get("/api/health").json()
    assert [j["status"] for j in jobs] == ["done"] * 20, [j["error"] for j in jobs]
    assert [j["attempts"] for j in jobs] == [1] * 20  # each taken by a builder exactly once
    # Each job's Markdown holds its own article's text: no job was built from another's input.
    assert health["jobs"]["done"] == 20
    # The most building at once, from the jobs' own start and end times, and as counted.
    events = sorted(
        [(j["started"], 1) for j in jobs] + [(j["finished"], -1) for j in jobs],
        key=lambda e: (e[0], e[1]),
    )
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    assert peak <= workers
    assert 1 <= health["peak"] <= workers
    assert health["workers"] == workers


def test_full_queue_is_503(make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(serve_queue=2), workers=1)
    with TestClient(app) as client:
        app.state.desk.builders.stop()  # nobody builds: the queue only fills
        codes = [client.post("/api/briefs", json={"text": SAMPLE}).status_code for _ in range(3)]
        assert codes == [202, 202, 503]
        assert_error(client.post("/api/briefs", json={"text": SAMPLE}), 503, 7, "waiting")


# ---------------------------------------------------------------------- the token


def test_token_is_required_when_set(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(), token="s3cret-token", workers=1)) as client:
        assert_error(client.get("/api/health"), 401, 2, "token")
        assert_error(client.get("/api/health", headers={"Authorization": "Bearer wrong"}), 401, 2)
        ok = client.get("/api/health", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200
        assert_error(client.post("/api/briefs", json={"text": SAMPLE}), 401, 2)
        page = client.get("/", headers={"accept": "text/html"}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_non_loopback_host_without_token_refuses_to_start(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", "--host", "0.0.0.0", "--port", "0"],
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "token" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_non_loopback_bind_without_token_is_401(
    server: Callable[..., Server],
) -> None:
    srv = server("--host", "0.0.0.0", BRIEFING_SERVE_TOKEN="t0ken-for-the-test")
    base = srv.base
    assert "0.0.0.0" in srv.log.read_text()  # it listens beyond loopback
    response = httpx.get(base + "/api/jobs")
    assert_error(response, 401, 2, "token")
    response = httpx.post(base + "/api/briefs", json={"text": SAMPLE})
    assert_error(response, 401, 2)
    ok = httpx.get(base + "/api/jobs", headers={"Authorization": "Bearer t0ken-for-the-test"})
    assert ok.status_code == 200 and json.loads(ok.text) == []


def test_busy_port_is_one_line_exit_2(server: Callable[..., Server], tmp_path: Path) -> None:
    srv = server()
    port = srv.base.rsplit(":", 1)[1]
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", "--port", port],
        env=server_env(tmp_path / "other"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "cannot listen" in proc.stderr and proc.stderr.count("\n") == 1
    assert time.monotonic() - start < 30
