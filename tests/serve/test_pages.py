"""The pages without a browser: CSRF on forms, article text as data, a bug as one line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefing.config import Settings
from briefing.serve import create_app

from .test_api import SAMPLE, assert_error, wait_done

HTML = {"accept": "text/html"}


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, "the form has no CSRF token"
    return found.group(1)


def test_a_form_needs_its_csrf_token(client: TestClient) -> None:
    token = csrf_of(client.get("/", headers=HTML).text)
    form = {"text": SAMPLE, "langs": "en", "formats": "md", "layout": "brief", "paper": "a4"}
    refused = client.post("/briefs", data=form, headers=HTML, follow_redirects=False)
    assert refused.status_code == 403 and "expired" in refused.text
    other = TestClient(client.app)  # another browser: its own cookie, so the token is not its
    stolen = other.post("/briefs", data={**form, "csrf": token}, follow_redirects=False)
    assert stolen.status_code == 403
    ok = client.post("/briefs", data={**form, "csrf": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"].startswith("/jobs/")


def test_form_errors_keep_the_text_and_say_why(client: TestClient) -> None:
    token = csrf_of(client.get("/", headers=HTML).text)
    form = {"text": "\x00\x01binary\x00" * 20, "langs": "en", "formats": "md", "csrf": token}
    page = client.post("/briefs", data=form, headers=HTML)
    assert page.status_code == 415 and "binary" in page.text and 'id="error"' in page.text
    page = client.post("/briefs", data={"text": SAMPLE, "formats": "md", "csrf": token})
    assert page.status_code == 422 and "choose at least one language" in page.text
    assert "Vostochny Cosmodrome" in page.text  # the pasted text is still there


def test_article_text_is_never_markup(client: TestClient) -> None:
    hostile = SAMPLE.replace(
        "Putin told Kim.", 'Putin told Kim. <script>alert("x")</script> <b onmouseover=x>bold</b>'
    )
    job = client.post("/api/briefs", json={"text": hostile, "title": "<i>Title</i>"}).json()
    assert wait_done(client.get, job["id"])["status"] == "done"
    page = client.get(f"/jobs/{job['id']}", headers=HTML).text
    assert "<script>alert" not in page and "<b onmouseover" not in page and "<i>Title" not in page
    assert "&lt;script&gt;" in page and "&lt;i&gt;Title" in page


def test_evidence_markers_link_to_sentences_on_the_page(client: TestClient) -> None:
    job = client.post("/api/briefs", json={"text": SAMPLE}).json()
    wait_done(client.get, job["id"])
    page = client.get(f"/jobs/{job['id']}", headers=HTML).text
    targets = set(re.findall(r'<a class="ev" href="#s(\d+)">\[s\1\]</a>', page))
    assert len(targets) > 5
    for number in targets:
        assert f'id="s{number}"' in page


def test_a_bug_is_one_line_never_a_traceback(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in the desk")

    with TestClient(create_app(make_settings(), workers=1), raise_server_exceptions=False) as c:
        monkeypatch.setattr("briefing.pipeline.compose_brief", boom)
        job = wait_done(c.get, c.post("/api/briefs", json={"text": SAMPLE}).json()["id"])
        assert job["status"] == "failed" and job["code"] == 1
        assert job["error"] == "internal error: RuntimeError: a bug in the desk"
        monkeypatch.setattr("briefing.serve.api.JobBody.of", boom)
        assert_error(c.get("/api/jobs"), 500, 1, "internal error: RuntimeError")
        page = c.get("/api/jobs", headers=HTML)
        assert "Traceback" not in page.text
