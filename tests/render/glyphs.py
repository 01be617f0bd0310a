"""Check that every character of a PDF is drawn with a real glyph of a font embedded in it.

WeasyPrint can fall back to a font without the script (WeasyPrint #1593, #2880) or, when no
font has a character, draw a glyph id that is .notdef, blank, or not in the font at all; the
text layer still says "한국어" while the page shows boxes or nothing. So this reads the PDF
itself: for every font on every page, the embedded font program (fontTools) and the
ToUnicode map (glyph id → text); a character counts as covered only when its glyph exists in
the embedded program and has an outline. Then every non-space character of the page's text
(pypdf) must be covered by a font on that page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@dataclass
class EmbeddedFont:
    """One font resource of a page: its name, ToUnicode map and the glyphs that have ink."""

    name: str
    to_unicode: dict[int, str] = field(default_factory=dict)  # character code (CID) → text
    cid_to_gid: dict[int, int] | None = None  # None: Identity
    glyphs: int = 0  # glyphs in the embedded program
    inked: set[int] = field(default_factory=set)  # glyph ids with an outline
    embedded: bool = False

    def gid(self, cid: int) -> int:
        return cid if self.cid_to_gid is None else self.cid_to_gid.get(cid, 0)

    def covered(self) -> set[str]:
        """Characters this font draws with a real glyph."""
        out: set[str] = set()
        for cid, text in self.to_unicode.items():
            gid = self.gid(cid)
            if gid != 0 and gid in self.inked:
                out.update(text)
        return out

    def blank(self) -> dict[str, int]:
        """Visible characters mapped to .notdef, to a glyph without ink, or to no glyph at all."""
        out: dict[str, int] = {}
        for cid, text in self.to_unicode.items():
            gid = self.gid(cid)
            if gid == 0 or gid not in self.inked:
                for ch in text:
                    if not ch.isspace() and ch not in _INVISIBLE:
                        out[ch] = gid
        return out


# Format characters that legitimately have no ink (joiners, soft hyphen, BOM).
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def _utf16(hex_bytes: bytes) -> str:
    return bytes.fromhex(hex_bytes.decode()).decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """Read a ToUnicode CMap's bfchar and bfrange entries into {code: text}."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            parts = _HEX.findall(line)
            if len(parts) < 3:
                continue
            lo, hi = int(parts[0], 16), int(parts[1], 16)
            if b"[" in line:  # <lo> <hi> [<dst> <dst> ...]
                for code, dst in zip(range(lo, hi + 1), parts[2:], strict=False):
                    out[code] = _utf16(dst)
            else:
                start = _utf16(parts[2])
                for offset, code in enumerate(range(lo, hi + 1)):
                    out[code] = start[:-1] + chr(ord(start[-1]) + offset)
    return out


def _inked_glyphs(program: bytes) -> tuple[int, set[int]]:
    font = TTFont(io.BytesIO(program), lazy=True)
    order = font.getGlyphOrder()
    inked: set[int] = set()
    if "glyf" in font:
        glyf = font["glyf"]
        for gid, glyph_name in enumerate(order):
            glyph = glyf[glyph_name]
            if glyph.numberOfContours != 0:  # > 0 simple, < 0 composite
                inked.add(gid)
    elif "CFF " in font:
        charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
        for gid, glyph_name in enumerate(order):
            charstring = charstrings[glyph_name]
            charstring.decompile()
            if any(
                op
                in (
                    "rlineto",
                    "rrcurveto",
                    "hlineto",
                    "vlineto",
                    "rcurveline",
                    "rlinecurve",
                    "vvcurveto",
                    "hhcurveto",
                    "vhcurveto",
                    "hvcurveto",
                    "flex",
                    "hflex",
                )
                for op in charstring.program
                if isinstance(op, str)
            ):
                inked.add(gid)
    return len(order), inked


def read_font(font: DictionaryObject) -> EmbeddedFont:
    """Read a page font resource: ToUnicode, CIDToGIDMap and the embedded program's glyphs."""
    info = EmbeddedFont(name=str(font.get("/BaseFont", "?")).lstrip("/"))
    if "/ToUnicode" in font:
        info.to_unicode = parse_to_unicode(font["/ToUnicode"].get_object().get_data())
    descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    cid_map = descendant.get("/CIDToGIDMap")
    if cid_map is not None and not isinstance(cid_map.get_object(), str):
        raw = cid_map.get_object().get_data()
        info.cid_to_gid = {
            i: int.from_bytes(raw[2 * i : 2 * i + 2], "big") for i in range(len(raw) // 2)
        }
    descriptor = descendant.get("/FontDescriptor")
    if descriptor is not None:
        descriptor = descriptor.get_object()
        for key in ("/FontFile2", "/FontFile3", "/FontFile"):
            if key in descriptor:
                info.embedded = True
                if key != "/FontFile":  # Type 1 programs: none of ours; counted as embedded only
                    info.glyphs, info.inked = _inked_glyphs(descriptor[key].get_object().get_data())
                break
    return info


def page_fonts(reader: PdfReader) -> Iterator[tuple[int, list[EmbeddedFont]]]:
    """Yield (page number from 1, fonts of that page, including fonts of its form XObjects)."""
    for number, page in enumerate(reader.pages, start=1):
        fonts: list[EmbeddedFont] = []
        stack = [page.get("/Resources")]
        while stack:
            resources = stack.pop()
            if resources is None:
                continue
            resources = resources.get_object()
            fonts.extend(
                read_font(ref.get_object()) for ref in (resources.get("/Font") or {}).values()
            )
            for ref in (resources.get("/XObject") or {}).values():
                xobject = ref.get_object()
                if xobject.get("/Subtype") == "/Form":
                    stack.append(xobject.get("/Resources"))
        yield number, fonts


def coverage_problems(pdf: bytes, expected: str = "") -> list[str]:
    """List every way the PDF's text is not fully drawn with embedded, subset, real glyphs.

    `expected` (e.g. every text of the brief) must be covered too, wherever it is placed.
    An empty list means every character has ink.
    """
    reader = PdfReader(io.BytesIO(pdf))
    problems: list[str] = []
    everywhere: set[str] = set()
    for number, fonts in page_fonts(reader):
        covered: set[str] = set()
        for font in fonts:
            if not font.embedded:
                problems.append(f"page {number}: font {font.name} is not embedded")
            elif not _SUBSET_TAG.match(font.name):
                problems.append(f"page {number}: font {font.name} is embedded whole, not subset")
            problems.extend(
                f"page {number}: {ch!r} (U+{ord(ch):04X}) drawn with glyph {gid} "
                f"of {font.name}, which has no outline"
                for ch, gid in sorted(font.blank().items())
            )
            covered |= font.covered()
        everywhere |= covered
        text = reader.pages[number - 1].extract_text() or ""
        problems.extend(
            f"page {number}: {ch!r} (U+{ord(ch):04X}) in the text has no glyph "
            "in any font embedded on the page"
            for ch in sorted({c for c in text if not c.isspace() and c not in _INVISIBLE} - covered)
        )
    problems.extend(
        f"{ch!r} (U+{ord(ch):04X}) expected in the PDF is drawn by no embedded font"
        for ch in sorted(
            {c for c in expected if not c.isspace() and c not in _INVISIBLE} - everywhere
        )
    )
    return problems


def scripts_drawn(pdf: bytes) -> dict[str, set[str]]:
    """Map each embedded font (subset tag stripped) to the characters it draws with ink."""
    reader = PdfReader(io.BytesIO(pdf))
    out: dict[str, set[str]] = {}
    for _, fonts in page_fonts(reader):
        for font in fonts:
            out.setdefault(_SUBSET_TAG.sub("", font.name), set()).update(font.covered())
    return out


def main(argv: list[str]) -> int:
    """Check PDF files from the command line: python tests/render/glyphs.py FILE.pdf ..."""
    status = 0
    for path in argv:
        with open(path, "rb") as fh:
            pdf = fh.read()
        problems = coverage_problems(pdf)
        fonts = scripts_drawn(pdf)
        print(f"{path}: {len(problems)} problem(s); fonts: {', '.join(sorted(fonts))}")  # noqa: T201 - CLI output
        for problem in problems:
            print(f"  {problem}")  # noqa: T201 - CLI output
        status |= bool(problems)
    return status


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
