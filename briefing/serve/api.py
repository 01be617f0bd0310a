"""The JSON API: submit briefs, follow jobs, fetch files, correct facts (OpenAPI at /docs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import ValidationError

from ..errors import BriefingError, ExitCode, InputError, TooLargeError, first_problem
from ..models import Facts
from .build import load_job_facts
from .desk import Desk
from .jobs import Job, Source
from .schemas import BriefRequest, BuildOptions, ErrorBody, Health, JobBody

router = APIRouter(prefix="/api", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": meaning}
    for status, meaning in [
        (400, "bad input (exit code 3): empty text, no sentences, not a URL"),
        (401, "no token, or a wrong one"),
        (404, "no such job or file"),
        (409, "the job is being built, or was edited meanwhile"),
        (413, "the article is over max_bytes (exit code 3)"),
        (415, "binary data, not text (exit code 3)"),
        (422, "bad or unknown option (exit code 2)"),
        (503, "the queue is full (exit code 7) or a model is missing (5)"),
    ]
}


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


DeskDep = Annotated[Desk, Depends(desk_of)]


def job_body(desk: Desk, job: Job) -> JobBody:
    sizes: dict[str, int] = {}
    for name in job.outputs:
        path = desk.store.output_path(job, name)
        if path is not None:
            sizes[name] = path.stat().st_size
    return JobBody.of(job, sizes)


def get_job(desk: Desk, job_id: str) -> Job:
    """Return the job `job_id`, or answer 404."""
    job = desk.store.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id[:40]!r}")
    return job


def accepted(desk: Desk, job: Job) -> JSONResponse:
    body = job_body(desk, job)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=202, headers={"Location": f"/api/jobs/{job.id}"}
    )


@router.post("/briefs", status_code=202, response_model=JobBody, responses=ERRORS)
def post_brief(request: BriefRequest, desk: DeskDep) -> JSONResponse:
    """Queue a brief of an article given as `text`, or as the `url` of its page."""
    options = BuildOptions.model_validate(request.model_dump(exclude={"text", "url"}))
    if (request.text is None) == (request.url is None):
        raise BriefingError("give the article as text or as url (one of them)", ExitCode.USAGE)
    if request.url is not None:
        job = desk.submit(source=Source.URL, origin=request.url.strip(), options=options)
    else:
        data = (request.text or "").encode("utf-8")
        job = desk.submit(source=Source.TEXT, origin="pasted text", options=options, data=data)
    return accepted(desk, job)


@router.post("/briefs/file", status_code=202, response_model=JobBody, responses=ERRORS)
async def post_brief_file(
    request: Request,
    desk: DeskDep,
    file: Annotated[UploadFile, File(description="The article: a text or Markdown file.")],
    langs: Annotated[str | None, Form(description="Comma-separated: en,ko,ru.")] = None,
    formats: Annotated[str | None, Form(description="Comma-separated: md,pdf.")] = None,
    layout: Annotated[str | None, Form()] = None,
    paper: Annotated[str | None, Form()] = None,
    pdf_variant: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form()] = None,
    source: Annotated[str | None, Form()] = None,
    date: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    """Queue a brief of an uploaded article file; options as form fields."""
    known = {"file", "langs", "formats", "layout", "paper", "pdf_variant", "title", "source"}
    unknown = sorted(set((await request.form()).keys()) - known - {"date"})
    if unknown:
        raise BriefingError(f"unknown option {unknown[0]!r}", ExitCode.USAGE)
    fields = {
        "langs": _csv(langs),
        "formats": _csv(formats),
        "layout": layout or None,
        "paper": paper or None,
        "pdf_variant": pdf_variant or None,
        "title": title or None,
        "source": source or None,
        "date": date or None,
    }
    options = parse_options(fields)
    limit = desk.settings.max_bytes
    data = await file.read(limit + 1)
    name = (file.filename or "uploaded file").rsplit("/", 1)[-1][:200]
    if len(data) > limit:
        raise TooLargeError(f"{name}: file is over the {limit:,}-byte limit")
    job = desk.submit(source=Source.FILE, origin=name, options=options, data=data)
    return accepted(desk, job)


def _csv(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_options(fields: dict[str, Any]) -> BuildOptions:
    """Validate options given as form fields; a bad one is a usage error (422)."""
    try:
        return BuildOptions.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise BriefingError(first_problem(exc, "body"), ExitCode.USAGE) from None


@router.get("/jobs", response_model=list[JobBody])
def list_jobs(desk: DeskDep, limit: int = 20) -> list[JobBody]:
    """List the latest jobs, newest first."""
    return [job_body(desk, j) for j in desk.store.recent(max(1, min(limit, 200)))]


@router.get("/jobs/{job_id}", response_model=JobBody, responses=ERRORS)
def get_job_status(job_id: str, desk: DeskDep) -> JobBody:
    """Show a job: its status, what it is doing, its files or why it failed."""
    return job_body(desk, get_job(desk, job_id))


@router.get("/jobs/{job_id}/files/{name}", responses=ERRORS)
def get_file(job_id: str, name: str, desk: DeskDep) -> FileResponse:
    """Download one of a job's files (the names are in the job's `files`)."""
    job = get_job(desk, job_id)
    path = desk.store.output_path(job, name)
    if path is None:
        raise HTTPException(404, f"job {job.id} has no file {name[:100]!r}")
    return download(path)


def download(path: Path) -> FileResponse:
    """Send a file as a download, typed by its extension."""
    media = {".pdf": "application/pdf", ".md": "text/markdown; charset=utf-8"}
    return FileResponse(
        path, media_type=media.get(path.suffix, "application/octet-stream"), filename=path.name
    )


@router.get("/jobs/{job_id}/facts", responses=ERRORS)
def get_facts(job_id: str, desk: DeskDep) -> Response:
    """Return the job's facts JSON (the corrected facts after an edit)."""
    job = get_job(desk, job_id)
    facts = load_job_facts(desk.store, job, desk.settings)
    if facts is None:
        raise HTTPException(404, f"job {job.id} has no facts yet ({job.status})")
    return Response(facts.model_dump_json(indent=2), media_type="application/json")


@router.put("/jobs/{job_id}/facts", status_code=202, response_model=JobBody, responses=ERRORS)
def put_facts(
    job_id: str, body: Annotated[dict[str, Any], Body()], desk: DeskDep, revision: int
) -> JSONResponse:
    """Replace a built job's facts with corrected ones and render its briefs again.

    The body is a facts JSON (`briefing schema facts`); one that is not valid is bad input
    (400, code 3), as `briefing render` says of it. `revision` is the job's revision the
    corrections were made on (409 if it changed).
    """
    try:
        facts = Facts.model_validate(body)
    except ValidationError as exc:
        raise InputError(f"not valid facts JSON at {first_problem(exc)}") from None
    job = save_facts(desk, get_job(desk, job_id), facts, revision)
    return accepted(desk, job)


def save_facts(desk: Desk, job: Job, facts: Facts, revision: int) -> Job:
    """Store corrected facts and queue the job to render them (409 if it cannot be now)."""
    current = load_job_facts(desk.store, job, desk.settings)
    if current is None:
        raise HTTPException(404, f"job {job.id} has no facts to correct")
    checked = Facts.model_validate_json(facts.model_dump_json())  # what `briefing render` reads
    if checked.article.text != current.article.text:
        raise InputError("the corrected facts are of another article")
    saved = desk.store.requeue_render(job.id, checked.model_dump_json(indent=2) + "\n", revision)
    if saved is None:
        raise HTTPException(
            409,
            f"job {job.id} is {job.status} at revision {job.revision}; reload it and edit again",
        )
    desk.builders.notify()
    return saved


@router.get("/health", response_model=Health)
def health(desk: DeskDep) -> Health:
    """Show the builders (how many, how many busy, the most ever busy) and the jobs by status."""
    b = desk.builders
    return Health(workers=b.workers, building=b.building, peak=b.peak, jobs=desk.store.counts())
