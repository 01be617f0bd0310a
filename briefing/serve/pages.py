"""The desk's pages: new brief, job (progress, then result), facts editor, digests, sign-in.

Every form works without JavaScript and carries a CSRF token; a page that is waiting for a
build reloads itself (meta refresh) until the job is done or failed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from .. import pipeline
from ..errors import BriefingError, ExitCode, InputError, TooLargeError
from ..vocabulary import LANGS
from . import digests
from .api import desk_of, download, get_job, parse_options, save_facts
from .build import load_briefs, load_job_facts
from .desk import Desk
from .editor import DROP, PLACE_KINDS, apply_edits, speaker_choices
from .jobs import JobStatus, Source
from .security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, new_browser_id
from .statuses import http_status
from .views import article_paragraphs, brief_sections, render_page

router = APIRouter(include_in_schema=False)

FORM_FIELDS = 60  # the largest form, the facts editor, has a few per fact


def set_cookie(response: Response, name: str, value: str) -> None:
    """Set a cookie scripts cannot read and other sites' requests do not carry."""
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")


def page(
    request: Request,
    name: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page; give the browser its CSRF cookie if it has none yet."""
    desk = desk_of(request)
    browser = request.cookies.get(CSRF_COOKIE)
    fresh = not browser or len(browser) > 64
    if fresh:
        browser = new_browser_id()
    assert browser is not None
    html = render_page(
        name, csrf=desk.guard.csrf_token(browser), token_required=desk.guard.required, **context
    )
    response = HTMLResponse(html, status_code=status, headers=headers)
    if fresh:
        set_cookie(response, CSRF_COOKIE, browser)
    return response


async def checked_form(request: Request, *, max_files: int = 0) -> FormData:
    """Read a posted form (text fields up to max_bytes) and check its CSRF token (403)."""
    desk = desk_of(request)
    form = await request.form(
        max_files=max_files, max_fields=FORM_FIELDS, max_part_size=desk.settings.max_bytes + 1
    )
    given = form.get(CSRF_FIELD)
    if not desk.guard.csrf_ok(
        request.cookies.get(CSRF_COOKIE), given if isinstance(given, str) else None
    ):
        raise HTTPException(403, "the form has expired or came from another site; reload the page")
    return form


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# ---------------------------------------------------------------------- new brief


@router.get("/", response_class=HTMLResponse)
def new_brief(request: Request) -> HTMLResponse:
    desk = desk_of(request)
    return page(request, "new.html.j2", values=defaults(desk), **new_context(desk), error=None)


def new_context(desk: Desk) -> dict[str, Any]:
    """Return what the new-brief page shows beside the form: recent jobs, missing models."""
    return {"jobs": desk.store.recent(15), "missing": pipeline.missing_models(LANGS)}


def defaults(desk: Desk) -> dict[str, Any]:
    s = desk.settings
    return {
        "text": "",
        "url": "",
        "langs": list(s.langs),
        "formats": list(s.formats),
        "layout": s.layout,
        "paper": s.paper,
        "pdf_variant": s.pdf_variant or "",
        "title": "",
        "source": "",
        "date": "",
    }


@router.post("/briefs")
async def submit_brief(request: Request) -> Response:
    desk = desk_of(request)
    form = await checked_form(request, max_files=1)
    text, url = text_field(form, "text"), text_field(form, "url").strip()
    values: dict[str, Any] = {
        "text": text,
        "url": url,
        "langs": [v for v in form.getlist("langs") if isinstance(v, str)],
        "formats": [v for v in form.getlist("formats") if isinstance(v, str)],
        **{k: text_field(form, k) for k in ("layout", "paper", "pdf_variant", "title", "source")},
        "date": text_field(form, "date").strip(),
    }
    upload = form.get("file")
    try:
        if not values["langs"]:
            raise BriefingError("choose at least one language", ExitCode.USAGE)
        if not values["formats"]:
            raise BriefingError("choose at least one format", ExitCode.USAGE)
        options = parse_options(
            {k: v or None for k, v in values.items() if k not in ("text", "url")}
        )
        has_file = isinstance(upload, UploadFile) and bool(upload.filename)
        given = [has_file, bool(url), bool(text.strip())]
        if sum(given) > 1:
            raise InputError("give the article one way: pasted text, a file, or a URL")
        if isinstance(upload, UploadFile) and has_file:
            limit = desk.settings.max_bytes
            data = await upload.read(limit + 1)
            name = (upload.filename or "uploaded file").rsplit("/", 1)[-1][:200]
            if len(data) > limit:
                raise TooLargeError(f"{name}: file is over the {limit:,}-byte limit")
            job = desk.submit(source=Source.FILE, origin=name, options=options, data=data)
        elif url:
            job = desk.submit(source=Source.URL, origin=url, options=options)
        else:
            data = text.encode("utf-8")
            job = desk.submit(source=Source.TEXT, origin="pasted text", options=options, data=data)
    except BriefingError as exc:
        return page(
            request,
            "new.html.j2",
            status=http_status(exc),
            values=values,
            **new_context(desk),
            error={"error": str(exc), "code": int(exc.exit_code)},
        )
    return redirect(f"/jobs/{job.id}")


# ---------------------------------------------------------------------- jobs


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    desk = desk_of(request)
    job = get_job(desk, job_id)
    context: dict[str, Any] = {"job": job, "sections": [], "paragraphs": [], "files": []}
    if job.active:
        context["position"] = desk.store.position(job) if job.status == JobStatus.QUEUED else 0
        return page(request, "job.html.j2", headers={"Refresh": "1"}, **context)
    if job.status == JobStatus.DONE:
        context["sections"] = brief_sections(load_briefs(desk.store, job))
        facts = load_job_facts(desk.store, job, desk.settings)
        context["paragraphs"] = article_paragraphs(facts) if facts else []
        for name in job.outputs:
            path = desk.store.output_path(job, name)
            if path is not None:
                context["files"].append((name, path.stat().st_size))
    context["has_input"] = desk.store.input_path(job.id).is_file()
    return page(request, "job.html.j2", **context)


@router.get("/jobs/{job_id}/files/{name}")
def job_file(request: Request, job_id: str, name: str) -> FileResponse:
    desk = desk_of(request)
    job = get_job(desk, job_id)
    path = desk.store.output_path(job, name)
    if path is None:
        raise HTTPException(404, f"job {job.id} has no file {name[:100]!r}")
    return download(path)


@router.get("/jobs/{job_id}/input")
def job_input(request: Request, job_id: str) -> FileResponse:
    desk = desk_of(request)
    job = get_job(desk, job_id)
    path = desk.store.input_path(job.id)
    if not path.is_file():
        raise HTTPException(404, f"job {job.id} has no stored input (its article is a URL)")
    return FileResponse(path, media_type="text/plain; charset=utf-8", filename="input.txt")


# ---------------------------------------------------------------------- facts editor


@router.get("/jobs/{job_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, job_id: str) -> HTMLResponse:
    desk = desk_of(request)
    job = get_job(desk, job_id)
    facts = load_job_facts(desk.store, job, desk.settings)
    if facts is None or job.status != JobStatus.DONE:
        raise HTTPException(
            409, f"job {job.id} is {job.status}; its facts can be edited once built"
        )
    return page(
        request,
        "edit.html.j2",
        job=job,
        facts=facts,
        speakers=speaker_choices(facts),
        kinds=PLACE_KINDS,
        drop=DROP,
        error=None,
    )


@router.post("/jobs/{job_id}/edit")
async def save_edit(request: Request, job_id: str) -> Response:
    desk = desk_of(request)
    form = await checked_form(request)
    job = get_job(desk, job_id)
    facts = load_job_facts(desk.store, job, desk.settings)
    if facts is None:
        raise HTTPException(404, f"job {job.id} has no facts to correct")
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    revision = fields.get("revision", "")
    if not revision.isdigit():
        raise BriefingError("the form has no revision; reload the editor", ExitCode.USAGE)
    try:
        edited = apply_edits(facts, fields)
    except BriefingError as exc:
        return page(
            request,
            "edit.html.j2",
            status=http_status(exc),
            job=job,
            facts=facts,
            speakers=speaker_choices(facts),
            kinds=PLACE_KINDS,
            drop=DROP,
            error={"error": str(exc), "code": int(exc.exit_code)},
        )
    save_facts(desk, job, edited, int(revision))
    return redirect(f"/jobs/{job.id}")


# ---------------------------------------------------------------------- digests


@router.get("/digests", response_class=HTMLResponse)
def digests_page(request: Request) -> HTMLResponse:
    desk = desk_of(request)
    return page(
        request,
        "digests.html.j2",
        overview=digests.overview(desk.settings.state),
        state=desk.settings.state,
    )


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(404, f"{value[:20]!r} is not a day (YYYY-MM-DD)") from None


def load_day(request: Request, day: str) -> digests.Day:
    found = digests.load_day(desk_of(request).settings.state, parse_day(day))
    if found is None:
        raise HTTPException(404, f"no digest was written for {day}")
    return found


@router.get("/digests/{day}", response_class=HTMLResponse)
def day_page(request: Request, day: str) -> HTMLResponse:
    found = load_day(request, day)
    sections = [(lang, digests.digest_html(found, lang)) for lang in sorted(found.digests)]
    return page(request, "day.html.j2", day=found, sections=sections)


@router.get("/digests/{day}/files/{name}")
def day_file(request: Request, day: str, name: str) -> FileResponse:
    found = load_day(request, day).files().get(name)
    if found is None or not found.exists:
        raise HTTPException(404, f"no file {name[:100]!r} in the digest of {day}")
    return download(found.path)


# ---------------------------------------------------------------------- sign-in


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if not desk_of(request).guard.required:
        return redirect("/")
    return page(request, "login.html.j2", error=None, next=request.query_params.get("next", "/"))


@router.post("/login")
async def login(request: Request) -> Response:
    desk = desk_of(request)
    form = await checked_form(request)
    target = text_field(form, "next")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    if not desk.guard.token_ok(text_field(form, "token")):
        return page(request, "login.html.j2", status=401, error="wrong token", next=target)
    response = redirect(target)
    set_cookie(response, SESSION_COOKIE, desk.guard.session_value())
    return response
