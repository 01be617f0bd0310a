"""The JSON API's request and response bodies (FastAPI documents them in /openapi.json)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..config import Settings
from ..vocabulary import Format, Lang, Layout, Paper, PdfVariant
from .jobs import Job


class Strict(BaseModel):
    """Unknown fields are errors (422), so a misspelt option is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class BuildOptions(Strict):
    """How to build a brief; an option left out takes the server's setting."""

    langs: list[Lang] | None = Field(None, description='Languages, e.g. ["en", "ko"].')
    formats: list[Format] | None = Field(None, description="Formats: md, pdf.")
    layout: Layout | None = None
    paper: Paper | None = None
    pdf_variant: PdfVariant | None = Field(None, description="ua-1 or a-3u; none: plain PDF.")
    title: str | None = Field(None, max_length=500, description="Headline (wins over the text's).")
    source: str | None = Field(None, max_length=500, description="Publisher.")
    date: dt.date | None = Field(None, description="Publication date.")

    def job_options(self, settings: Settings) -> dict[str, Any]:
        """Return the options a job stores: these, with the server's settings for the rest."""
        langs = self.langs or list(settings.langs)
        formats = self.formats or list(settings.formats)
        return {
            "langs": list(dict.fromkeys(langs)),
            "formats": list(dict.fromkeys(formats)),
            "layout": self.layout or settings.layout,
            "paper": self.paper or settings.paper,
            "pdf_variant": self.pdf_variant or settings.pdf_variant,
            "header": {
                "title": self.title or None,
                "source": self.source or None,
                "date": self.date.isoformat() if self.date else None,
            },
        }


class BriefRequest(BuildOptions):
    """A brief to build: the article as `text`, or the `url` of its page."""

    text: str | None = Field(None, description="The article: plain text or Markdown.")
    url: str | None = Field(None, description="An http(s) URL of the article's page.")


class ErrorBody(BaseModel):
    """Every error: one line, and the exit code the CLI gives for the same failure."""

    error: str
    code: int


class FileLink(BaseModel):
    name: str
    url: str
    size: int


class JobBody(BaseModel):
    """A job as the API shows it."""

    id: str
    kind: str
    status: str = Field(description="queued, running, done or failed.")
    stage: str | None = Field(None, description="While running: reading, extracting, ...")
    source: str
    origin: str
    options: dict[str, Any]
    title: str | None = None
    created: float = Field(description="Unix time.")
    started: float | None = None
    finished: float | None = None
    attempts: int = Field(description="Times a builder took the job (1 unless a restart).")
    revision: int = Field(description="Facts edits saved.")
    error: str | None = None
    code: int | None = Field(None, description="The CLI's exit code for the failure.")
    files: list[FileLink] = Field(default_factory=list)
    missing: dict[str, str] = Field(default_factory=dict, description="{lang: reason}.")
    page: str = Field(description="The job's page in the web desk.")

    @classmethod
    def of(cls, job: Job, sizes: dict[str, int]) -> JobBody:
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            stage=job.stage,
            source=job.source,
            origin=job.origin,
            options=job.options,
            title=job.title,
            created=job.created,
            started=job.started,
            finished=job.finished,
            attempts=job.attempts,
            revision=job.revision,
            error=job.error,
            code=job.code,
            files=[
                FileLink(name=n, url=f"/api/jobs/{job.id}/files/{n}", size=sizes[n])
                for n in job.outputs
                if n in sizes
            ],
            missing=job.missing,
            page=f"/jobs/{job.id}",
        )


class Health(BaseModel):
    """The builders and the queue."""

    workers: int
    building: int
    peak: int = Field(description="The most jobs ever built at once since the server started.")
    jobs: dict[str, int]
