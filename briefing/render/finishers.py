"""Finish a PDF that WeasyPrint wrote: tag-tree fixes for PDF/UA, and relative file links.

Each finisher takes WeasyPrint's document and its pydyf PDF just before it is serialised
(WeasyPrint's `finisher` hook) and edits the PDF objects in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..vocabulary import SOURCE_LANG


def relative_links(root: Path, document: Any, pdf: Any) -> None:
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


def ref_number(ref: Any) -> int | None:
    """Return the object number of a pydyf reference (b'12 0 R'), else None."""
    if isinstance(ref, bytes) and ref.endswith(b" R"):
        return int(ref.split()[0])
    return None


def deref(pdf: Any, ref: Any) -> Any:
    """Return the object a pydyf reference points to; anything else as it is."""
    number = ref_number(ref)
    return ref if number is None else pdf.objects[number]


def kids(pdf: Any, node: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Return (object number, element) for each child of a tag-tree node that is an object."""
    children = node.get("K")
    found = []
    for kid in children if isinstance(children, list) else [children]:
        number = ref_number(kid)
        if number is not None and isinstance(pdf.objects[number], dict):
            found.append((number, pdf.objects[number]))
    return found


def tag_tree(pdf: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (object number, element) for every element in the tag tree (none if untagged)."""
    root = deref(pdf, pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return
    seen: set[int] = set()
    stack = [root]
    while stack:
        for number, kid in kids(pdf, stack.pop()):
            if number not in seen:
                seen.add(number)
                yield number, kid
                stack.append(kid)


def pagination_artifacts(document: Any, pdf: Any) -> None:
    """Mark page-margin content (running header, page x of y, footer) as /Artifact.

    WeasyPrint tags margin-box text with structure elements that it leaves out of the tag
    tree (PDF 1.7 has no artifacts inside the tree), so the text is neither real content nor
    an artifact. PDF/UA-1 (7.8) wants running heads and page numbers marked as pagination
    artifacts, which screen readers skip: each marked-content sequence whose element is not
    in the tree becomes `/Artifact <</Type /Pagination>>`, and its parent-tree entry null.
    """
    import pydyf

    root = deref(pdf, pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):  # an untagged PDF
        return
    in_tree = {number for number, _ in tag_tree(pdf)}
    nums = deref(pdf, deref(pdf, root["ParentTree"])["Nums"])
    parents = {nums[i]: deref(pdf, nums[i + 1]) for i in range(0, len(nums) - 1, 2)}
    page_refs = pdf.pages["Kids"]  # pydyf keeps the page references flat: number, 0, 'R', ...
    for number in page_refs[0::3]:
        page = pdf.objects[number]
        mapping = parents.get(page.get("StructParents"))
        if not isinstance(mapping, list):
            continue
        outside = {
            mcid
            for mcid, ref in enumerate(mapping)
            if ref_number(ref) is not None and ref_number(ref) not in in_tree
        }
        if not outside:
            continue
        ops = deref(pdf, page["Contents"]).stream
        for i in range(1, len(ops) - 1):
            if isinstance(ops[i], dict) and ops[i].get("MCID") in outside and ops[i + 1] == b"BDC":
                ops[i - 1], ops[i] = "/Artifact", pydyf.Dictionary({"Type": "/Pagination"})
        for mcid in outside:
            mapping[mcid] = "null"


def mark_english_cells(document: Any, pdf: Any) -> None:
    """Mark the first cell of every table row as English (the bilingual layout's left column)."""
    import pydyf

    for _, node in tag_tree(pdf):  # nothing in an untagged PDF
        if node.get("S") == "/TR":
            cells = [kid for _, kid in kids(pdf, node) if kid.get("S") in ("/TD", "/TH")]
            if cells:
                cells[0]["Lang"] = pydyf.String(SOURCE_LANG)
