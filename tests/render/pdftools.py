"""Read PDFs the way a test needs: text (pypdf), page images and word boxes (poppler)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install poppler-utils (see README)")
    return path


def pdf_text(pdf: bytes) -> str:
    """Extract a PDF's text with pypdf, whitespace collapsed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def squeeze(text: str) -> str:
    """Drop all whitespace, so text broken across lines still matches."""
    return "".join(text.split())


def page_png(pdf: bytes, tmp_path: Path, page: int = 1, dpi: int = 40) -> Path:
    """Render one page to PNG with pdftoppm (poppler-utils) and return its path."""
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
    )
    return tmp_path / "page.png"


def ink_fraction(png: Path) -> float:
    """Return the share of a page image's pixels that are not near-white."""
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L")
        histogram = gray.histogram()
    return sum(histogram[:200]) / max(1, sum(histogram))


@dataclass(frozen=True)
class Line:
    """A line of text as poppler lays it out: page (from 1), top edge and left edge in points."""

    page: int
    top: float
    left: float
    text: str


_PAGE = re.compile(r"<page width=\"([\d.]+)\"[^>]*>(.*?)</page>", re.S)
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\"[^>]*>(.*?)</word>", re.S)


def text_lines(pdf: bytes, tmp_path: Path) -> tuple[float, list[Line]]:
    """Return the page width and every text line with its position (pdftotext -bbox-layout)."""
    source = tmp_path / "lines.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines: list[Line] = []
    width = 0.0
    for number, (page_width, body) in enumerate(_PAGE.findall(out), start=1):
        width = float(page_width)
        for line in _LINE.findall(body):
            words = _WORD.findall(line)
            if words:
                lines.append(
                    Line(
                        number,
                        min(float(w[1]) for w in words),
                        float(words[0][0]),
                        " ".join(unescape(w[2]) for w in words),
                    )
                )
    return width, sorted(lines, key=lambda ln: (ln.page, ln.top, ln.left))
