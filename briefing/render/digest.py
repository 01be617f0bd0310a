"""Render a day's digest: cover, cross-story index of people/organisations/places, story briefs.

Markdown goes through the shared Jinja environment (every output escaped as Markdown text, UI
strings from the catalogs); HTML and PDF reuse the brief's page shell, print CSS and WeasyPrint
path.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from ..models import Digest, DigestStory
from .environment import environment, localized_date
from .markdown import markdown_to_html
from .pdf import layout_document, write_pdf

DIGEST_LAYOUT = "digest"
SUMMARY_PEOPLE = 5
SUMMARY_STAKES = 2


@dataclass
class IndexEntry:
    """A name in the digest's index and the numbers of the stories it appears in."""

    name: str
    stories: list[int] = field(default_factory=list)

    @property
    def several(self) -> bool:
        """Tell whether the name appears in more than one story."""
        return len(self.stories) > 1


def build_index(stories: list[DigestStory], kind: str) -> list[IndexEntry]:
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
    document = layout_document(
        html, lang=digest.lang, generator=f"briefing {__version__}", paper=paper, variant=variant
    )
    return write_pdf(document, variant, link_root=link_root)


@dataclass
class RenderedDigest:
    """A day's digest in one language: Markdown, and PDF when asked for."""

    markdown: str | None = None
    pdf: bytes | None = None


def render_digest(
    digest: Digest,
    *,
    formats: Collection[str],
    link_root: Path,
    paper: str = "a4",
    author: str = "briefing",
    variant: str | None = None,
) -> RenderedDigest:
    """Render the digest in each of `formats`, in memory.

    Story links are relative to `link_root`, the folder the digest is written to; the PDF
    links to the documents' PDFs, the Markdown to their Markdown.
    """
    rendered = RenderedDigest()
    if "md" in formats:
        rendered.markdown = render_digest_markdown(digest)
    if "pdf" in formats:
        # WeasyPrint resolves relative links against the page's base (our templates folder):
        # give it absolute ones and let the PDF writer make them relative again.
        base = link_root.resolve().as_uri() + "/"
        md = render_digest_markdown(digest, link_suffix=".pdf", link_base=base)
        html = render_digest_html(digest, md, author=author)
        rendered.pdf = render_digest_pdf(
            digest, html, paper=paper, variant=variant, link_root=link_root
        )
    return rendered
