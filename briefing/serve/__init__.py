"""The web desk (`briefing serve`): new briefs, results, a facts editor and digests in a browser.

A FastAPI application beside the CLI, calling the stages only through `briefing.pipeline`:
`app` (the application, access check, errors), `api` (the JSON API), `pages` and `views`
(the HTML pages, templates/serve/), `desk` (what a server holds), `jobs` (the job store and
the builders), `build` (one job through the pipeline), `editor` (facts corrections),
`digests` (the digest's state, read only), `security` (tokens, CSRF), `statuses` (exit code →
HTTP status), `schemas` (the API's bodies).
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
