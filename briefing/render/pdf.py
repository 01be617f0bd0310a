"""Render a Brief to a standalone HTML page and, through WeasyPrint, to PDF."""

from __future__ import annotations

import functools
import logging
import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from ..models import Brief
from ..resources import templates_dir
from .environment import environment, localized_date
from .markdown import markdown_to_html, render_markdown

PAPER = {"a4": "A4", "letter": "letter"}
# Break opportunities for long unbroken tokens (URLs, hashes, runs of letters): without them a
# line breaker must try every character (overflow-wrap), which is quadratic and took minutes
# for a handful of 1000-character tokens.
LONG_TOKEN = 30
CHUNK = 24
_TEXT_NODE = re.compile(r"(?<=>)[^<]+")
_LONG_RUN = re.compile(r"(?:&[#\w]+;|[^\s&<])(?:&[#\w]+;|[^\s&<]){%d,}" % (LONG_TOKEN - 1))
_UNIT = re.compile(r"&[#\w]+;|.", re.S)
# Our names for the PDF variants WeasyPrint can write; None is a plain PDF.
PDF_VARIANTS = {"ua-1": "pdf/ua-1", "a-3u": "pdf/a-3u"}


def has_template(name: str) -> bool:
    """Tell whether templates/ holds `name`."""
    return (templates_dir() / name).is_file()


def break_long_words(html: str) -> str:
    """Put a <wbr> every CHUNK characters into each run of LONG_TOKEN or more without a space.

    Only text between tags is touched, and entities such as &amp; are kept whole.
    """

    def chunk(run: re.Match[str]) -> str:
        units = _UNIT.findall(run.group(0))
        return "<wbr>".join("".join(units[i : i + CHUNK]) for i in range(0, len(units), CHUNK))

    return _TEXT_NODE.sub(lambda node: _LONG_RUN.sub(chunk, node.group(0)), html)


def render_body(brief: Brief, layout: str, markdown: str | None = None) -> Markup:
    """Render the HTML body of a layout: its own HTML template if it has one, else its Markdown."""
    if has_template(f"{layout}/{layout}.html.j2"):
        env = environment(brief.lang, markdown=False, bilingual=layout == "bilingual")
        body = env.get_template(f"{layout}/{layout}.html.j2").render(brief=brief)
    else:  # our own Markdown output: article text in it is already escaped
        body = markdown_to_html(
            markdown if markdown is not None else render_markdown(brief, layout)
        )
    return Markup(break_long_words(body))


def render_html(
    brief: Brief, *, layout: str = "brief", author: str = "briefing", markdown: str | None = None
) -> str:
    """Render the brief as a complete HTML page for print (body, page shell, metadata)."""
    env = environment(brief.lang, markdown=False)
    published = brief.source.published or brief.event_date
    running_source = " · ".join(
        x
        for x in (brief.source.name, localized_date(published, brief.lang) if published else None)
        if x
    )
    keywords = ", ".join(p.name.text for p in brief.people[:6])

    return env.get_template("common/page.html.j2").render(
        lang=brief.lang,
        layout=layout,
        layout_css=f"{layout}/{layout}.css" if has_template(f"{layout}/{layout}.css") else None,
        title=brief.title.text,
        author=author,
        generator=brief.generator,
        description=brief.bottom_line.text.text,
        created=published.isoformat() if published else None,
        keywords=keywords,
        running_source=running_source,
        translation=brief.translation,
        body=render_body(brief, layout, markdown),
    )


def css_string(text: str) -> str:
    """Quote `text` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def page_css(lang: str, generator: str, paper: str) -> str:
    """Return the per-document CSS: paper size, localised "page x of y", generator line."""
    env = environment(lang, markdown=False)
    env.autoescape = False  # CSS, not HTML: css_string quotes every value
    env.filters["css_string"] = css_string
    return env.get_template("common/page.css.j2").render(paper=PAPER[paper], generator=generator)


def asset_fetcher(root: Path):  # type: ignore[no-untyped-def]
    """Make a WeasyPrint URL fetcher that serves files under `root` and refuses everything else.

    No http(s), no data:, no file:// outside `root` (symlinks and '..' are resolved first), so
    nothing an article smuggles in can be embedded. Refused URLs are kept in `.refused`.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.root = root.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"briefing refuses to fetch {url}")

    return AssetFetcher()


def _variant_options(variant: str | None) -> dict[str, Any]:
    if variant is None:
        return {}
    return {"pdf_variant": PDF_VARIANTS[variant]}


def layout_document(
    html: str, *, lang: str, generator: str, paper: str = "a4", variant: str | None = None
) -> Any:
    """Lay the HTML page out with WeasyPrint; the result knows its `.pages` and writes the PDF.

    `lang` chooses the page furniture's language ("page x of y"), `generator` its footer line.
    """
    from weasyprint import CSS, HTML

    # WeasyPrint warns on stderr about every refused resource; our refusals are deliberate.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    root = templates_dir()
    fetcher = asset_fetcher(root)
    document = HTML(string=html, base_url=str(root) + "/", url_fetcher=fetcher)
    extra = CSS(string=page_css(lang, generator, paper), url_fetcher=fetcher)
    return document.render(stylesheets=[extra], **_variant_options(variant))


def write_pdf(
    document: Any,
    variant: str | None = None,
    *,
    english_first_cell: bool = False,
    link_root: Path | None = None,
) -> bytes:
    """Write a laid-out document as PDF bytes (plain, PDF/UA-1 or PDF/A-3u).

    `english_first_cell` (the bilingual layout) marks the first cell of every table row as
    English in the tag tree: WeasyPrint tags the whole document with the root `lang` only,
    and a screen reader would read the English column with Korean or Russian rules.

    In a tagged PDF the running header, page numbers and footer are marked as pagination
    artifacts (see `_pagination_artifacts`).

    `link_root` (the digest) turns links to PDF files under that folder into links relative
    to it (see `_relative_links`), so the folder can be moved or copied as a whole.
    """
    steps: list[Any] = [_pagination_artifacts]
    if english_first_cell:
        steps.append(_mark_english_cells)
    if link_root is not None:
        steps.append(functools.partial(_relative_links, link_root))

    def finish(document: Any, pdf: Any) -> None:
        for step in steps:
            step(document, pdf)

    return document.write_pdf(finisher=finish, **_variant_options(variant))


def _relative_links(root: Path, document: Any, pdf: Any) -> None:
    """Replace web links to PDF files under `root` by remote go-to links with relative paths.

    WeasyPrint writes every outside link as an absolute URI. A PDF links to another PDF file
    with a GoToR action, whose file specification may be relative to the linking document
    (ISO 32000-1, 7.11.2 and 12.6.4.3); viewers such as Evince, Okular, Acrobat and pdf.js
    follow it.
    """
    import pydyf

    base = root.resolve()
    for obj in pdf.objects:
        if not isinstance(obj, dict) or obj.get("Subtype") != "/Link":
            continue
        action = obj.get("A")
        if not isinstance(action, dict) or action.get("S") != "/URI":
            continue
        parts = urlsplit(action["URI"].string)
        if parts.scheme != "file":
            continue
        target = Path(unquote(parts.path))
        if not target.is_relative_to(base) or target.suffix != ".pdf":
            continue
        relative = target.relative_to(base).as_posix()
        obj["A"] = pydyf.Dictionary(
            {
                "Type": "/Action",
                "S": "/GoToR",
                "F": pydyf.Dictionary(
                    {"Type": "/Filespec", "F": pydyf.String(relative), "UF": pydyf.String(relative)}
                ),
                "D": pydyf.Array([0, "/Fit"]),
                "NewWindow": "true",
            }
        )
        if "Contents" in obj:  # tagged PDFs describe each link by its target
            obj["Contents"] = pydyf.String(relative)


def _ref_number(ref: Any) -> int | None:
    """Return the object number of a pydyf reference (b'12 0 R'), else None."""
    if isinstance(ref, bytes) and ref.endswith(b" R"):
        return int(ref.split()[0])
    return None


def _deref(pdf: Any, ref: Any) -> Any:
    """Return the object a pydyf reference points to; anything else as it is."""
    number = _ref_number(ref)
    return ref if number is None else pdf.objects[number]


def _kids(pdf: Any, node: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Return (object number, element) for each child of a tag-tree node that is an object."""
    kids = node.get("K")
    found = []
    for kid in kids if isinstance(kids, list) else [kids]:
        number = _ref_number(kid)
        if number is not None and isinstance(pdf.objects[number], dict):
            found.append((number, pdf.objects[number]))
    return found


def _tag_tree(pdf: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (object number, element) for every element in the tag tree (none if untagged)."""
    root = _deref(pdf, pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return
    seen: set[int] = set()
    stack = [root]
    while stack:
        for number, kid in _kids(pdf, stack.pop()):
            if number not in seen:
                seen.add(number)
                yield number, kid
                stack.append(kid)


def _pagination_artifacts(document: Any, pdf: Any) -> None:
    """Mark page-margin content (running header, page x of y, footer) as /Artifact.

    WeasyPrint tags margin-box text with structure elements that it leaves out of the tag
    tree (PDF 1.7 has no artifacts inside the tree), so the text is neither real content nor
    an artifact. PDF/UA-1 (7.8) wants running heads and page numbers marked as pagination
    artifacts, which screen readers skip: each marked-content sequence whose element is not
    in the tree becomes `/Artifact <</Type /Pagination>>`, and its parent-tree entry null.
    """
    import pydyf

    root = _deref(pdf, pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):  # an untagged PDF
        return
    in_tree = {number for number, _ in _tag_tree(pdf)}
    nums = _deref(pdf, _deref(pdf, root["ParentTree"])["Nums"])
    parents = {nums[i]: _deref(pdf, nums[i + 1]) for i in range(0, len(nums) - 1, 2)}
    kids = pdf.pages["Kids"]  # pydyf keeps the page references flat: number, 0, 'R', ...
    for number in kids[0::3]:
        page = pdf.objects[number]
        mapping = parents.get(page.get("StructParents"))
        if not isinstance(mapping, list):
            continue
        outside = {
            mcid
            for mcid, ref in enumerate(mapping)
            if _ref_number(ref) is not None and _ref_number(ref) not in in_tree
        }
        if not outside:
            continue
        ops = _deref(pdf, page["Contents"]).stream
        for i in range(1, len(ops) - 1):
            if isinstance(ops[i], dict) and ops[i].get("MCID") in outside and ops[i + 1] == b"BDC":
                ops[i - 1], ops[i] = "/Artifact", pydyf.Dictionary({"Type": "/Pagination"})
        for mcid in outside:
            mapping[mcid] = "null"


def _mark_english_cells(document: Any, pdf: Any) -> None:
    import pydyf

    for _, node in _tag_tree(pdf):  # nothing in an untagged PDF
        if node.get("S") == "/TR":
            cells = [kid for _, kid in _kids(pdf, node) if kid.get("S") in ("/TD", "/TH")]
            if cells:
                cells[0]["Lang"] = pydyf.String("en")


def render_pdf(
    brief: Brief,
    *,
    layout: str = "brief",
    paper: str = "a4",
    author: str = "briefing",
    html: str | None = None,
    variant: str | None = None,
) -> bytes:
    """Render the brief to PDF bytes (A4 or letter, page numbers, running header, metadata).

    This lays out the brief as given; the handout's cutting to fit is `render_document`'s job.
    """
    page = html if html is not None else render_html(brief, layout=layout, author=author)
    document = layout_document(
        page, lang=brief.lang, generator=brief.generator, paper=paper, variant=variant
    )
    return write_pdf(document, variant)
