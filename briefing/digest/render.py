"""Render a day's digest: cover, cross-story index of people/organisations/places, story briefs.

Markdown goes through the shared Jinja environment (every output escaped as Markdown text, UI
strings from the catalogs); HTML and PDF reuse the brief's page shell, print CSS and WeasyPrint
path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from .. import __version__
from ..models import Brief

DIGEST_LAYOUT = "digest"
SUMMARY_PEOPLE = 5
SUMMARY_STAKES = 2


@dataclass
class Story:
    """One story of the digest: its briefs in the digest's language and in English."""

    brief: Brief
    english: Brief
    feed: str | None = None
    new: bool = False
    link: str = ""  # relative path of the full brief (without extension)


@dataclass
class FeedLine:
    """A feed's line on the cover."""

    name: str
    url: str
    status: str
    error: str | None = None
    new: int = 0


@dataclass
class Failure:
    """Something that failed in this run: a feed or a story."""

    what: str
    error: str


@dataclass
class IndexEntry:
    name: str
    stories: list[int] = field(default_factory=list)

    @property
    def several(self) -> bool:
        return len(self.stories) > 1


@dataclass
class Digest:
    """Everything the digest template shows for one day and language."""

    day: dt.date
    lang: str
    stories: list[Story]
    feeds: list[FeedLine] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    pending: int = 0
    generated: dt.datetime | None = None
    layout: str = "brief"  # the layout of the full documents the stories link to

    @property
    def new_count(self) -> int:
        return sum(1 for s in self.stories if s.new)

    @property
    def update(self) -> bool:
        """True when this file is a later edition of the day (some stories were listed before)."""
        return any(not s.new for s in self.stories) and self.new_count > 0


def build_index(stories: list[Story], kind: str) -> list[IndexEntry]:
    """Index `kind` (people, organizations, places) across stories, keyed by the English name.

    Entries in several stories come first, then alphabetically; names are shown in the
    digest's language.
    """
    entries: dict[str, IndexEntry] = {}
    for number, story in enumerate(stories, 1):
        local = getattr(story.brief, kind)
        english = getattr(story.english, kind)
        for i, item in enumerate(english):
            key = item.name.text.casefold()
            shown = local[i].name.text if i < len(local) else item.name.text
            entry = entries.setdefault(key, IndexEntry(name=shown))
            if number not in entry.stories:
                entry.stories.append(number)
    return sorted(entries.values(), key=lambda e: (-len(e.stories), e.name.casefold()))


def render_digest_markdown(digest: Digest, *, link_suffix: str = ".md", link_base: str = "") -> str:
    """Render the digest as Markdown; story links point to `link_base + link + link_suffix`."""
    import re

    from ..render.environment import environment

    env = environment(digest.lang, markdown=True)
    template = env.get_template(f"{DIGEST_LAYOUT}/{DIGEST_LAYOUT}.md.j2")
    links = [Markup(_link(link_base, s.link, link_suffix)) for s in digest.stories]
    text = template.render(
        digest=digest,
        stories=list(zip(range(1, len(digest.stories) + 1), digest.stories, links, strict=True)),
        index={k: build_index(digest.stories, k) for k in ("people", "organizations", "places")},
        summary_people=SUMMARY_PEOPLE,
        summary_stakes=SUMMARY_STAKES,
        generator=f"briefing {__version__}",
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _link(base: str, link: str, suffix: str) -> str:
    # Our own file names (date folder, ASCII slug): nothing in them is Markdown syntax.
    return f"{base}{link}{suffix}"


def render_digest_html(digest: Digest, markdown: str, *, author: str = "briefing") -> str:
    """Render the digest page (Markdown → HTML inside the shared page shell)."""
    from ..render.environment import environment, localized_date
    from ..render.markdown import markdown_to_html

    env = environment(digest.lang, markdown=False)
    # The same message as the template's heading, so the catalogs translate both.
    title = env.from_string('{{ _("Daily digest") }}').render()
    day = localized_date(digest.day, digest.lang)
    return env.get_template("common/page.html.j2").render(
        lang=digest.lang,
        layout=DIGEST_LAYOUT,
        layout_css=f"{DIGEST_LAYOUT}/{DIGEST_LAYOUT}.css",
        title=f"{title} — {day}",
        author=author,
        generator=f"briefing {__version__}",
        description=f"{title} — {day}",
        created=digest.day.isoformat(),
        keywords=", ".join(e.name for e in build_index(digest.stories, "people")[:6]),
        running_source=f"{title} · {day}",
        translation=None,
        body=Markup(markdown_to_html(markdown)),  # our own Markdown: feed text in it is escaped
    )


def render_digest_pdf(
    digest: Digest,
    html: str,
    *,
    paper: str = "a4",
    variant: str | None = None,
    link_root: Path | None = None,
) -> bytes:
    """Lay the digest page out with the brief's WeasyPrint path and return PDF bytes.

    Links to PDF files under `link_root` are written relative to it (the digest's folder).
    """
    from ..render.pdf import layout_document, write_pdf

    document = layout_document(
        html, lang=digest.lang, generator=f"briefing {__version__}", paper=paper, variant=variant
    )
    return write_pdf(document, variant, link_root=link_root)


def render_digest_files(
    digest: Digest,
    out_dir: Path,
    formats: Iterable[str],
    *,
    paper: str = "a4",
    author: str = "briefing",
    variant: str | None = None,
) -> dict[Path, bytes]:
    """Render the digest in every format, in memory: {path: bytes}."""
    stem = digest_stem(digest.day, digest.lang)
    files: dict[Path, bytes] = {}
    formats = list(formats)
    if "md" in formats:
        files[out_dir / f"{stem}.md"] = render_digest_markdown(digest).encode("utf-8")
    if "pdf" in formats:
        # WeasyPrint resolves relative links against the page's base (our templates folder):
        # give it absolute ones and let the PDF writer make them relative again.
        base = Path(out_dir).resolve().as_uri() + "/"
        md = render_digest_markdown(digest, link_suffix=".pdf", link_base=base)
        html = render_digest_html(digest, md, author=author)
        files[out_dir / f"{stem}.pdf"] = render_digest_pdf(
            digest, html, paper=paper, variant=variant, link_root=out_dir
        )
    return files


def digest_stem(day: dt.date, lang: str) -> str:
    """Name a day's digest file, without extension: digest-YYYY-MM-DD.<lang>."""
    return f"digest-{day.isoformat()}.{lang}"


def story_link(day: dt.date, slug: str, tag: str) -> str:
    """Return the full brief's path relative to the digest, without extension.

    `tag` is the layout's part of the file name (`vocabulary.document_tag`): 'ko', 'handout.ko', 'en-ko'.
    """
    return str(PurePosixPath(day.isoformat()) / f"{slug}.{tag}")
