"""Article text → `Article`: files and stdin, header block, encodings, what is not an article."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError, NotTextError
from ..io import one_line, printable, read_bounded
from ..models import Article

HEADER_KEYS = {"title": "title", "source": "source", "date": "published", "url": "url"}
_HEADER_LINE = re.compile(r"^(Title|Source|Date|URL|Url)\s*:\s*(.*)$")
_MIN_WORDS = 3


def read_article(
    path: str | Path,
    *,
    max_bytes: int = 5_000_000,
    title: str | None = None,
    source: str | None = None,
    date: dt.date | str | None = None,
    url: str | None = None,
) -> Article:
    """Read a plain-text or Markdown article from `path` ('-' for stdin).

    Options override the header block. Raises InputError for a missing, empty, binary,
    oversized or sentence-less article.
    """
    origin = "-" if str(path) == "-" else str(path)
    raw = read_bounded(
        path, max_bytes, stdin=True, hint=" (raise it with --max-bytes or BRIEFING_MAX_BYTES)"
    )
    text = decode(raw, origin)
    return parse_article(text, origin=origin, title=title, source=source, date=date, url=url)


# Byte order marks, longest first: UTF-32 LE starts like UTF-16 LE.
_BOMS = [
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
]


def decode(raw: bytes, origin: str = "input") -> str:
    """Decode article bytes by their byte order mark, else as UTF-8, else a legacy encoding.

    A byte order mark names UTF-8, UTF-16 or UTF-32 (whose text is full of NUL bytes, so the
    mark is read before the test for binary data). Binary data is refused.
    """
    if not raw.strip():
        raise InputError(f"{origin}: file is empty")
    bom = next(((mark, codec) for mark, codec in _BOMS if raw.startswith(mark)), None)
    if bom is not None:
        mark, codec = bom
        try:
            text = raw[len(mark) :].decode(codec)
        except UnicodeDecodeError:
            name = codec.upper()
            raise InputError(
                f"{origin}: starts with a {name} byte order mark but is not {name}"
            ) from None
    elif b"\x00" in raw[:8192]:
        raise NotTextError(f"{origin}: looks like a binary file, not text")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(raw, origin)
    if not text.strip():
        raise InputError(f"{origin}: file is empty")
    if _control_ratio(text) > 0.05:
        raise NotTextError(f"{origin}: looks like a binary file, not text")
    return text


def _decode_legacy(raw: bytes, origin: str) -> str:
    # Articles are English: Windows-1252 is by far the likeliest legacy encoding, and detectors
    # confuse it with its Central European sibling (São → Săo). Keep cp1252 when the result is
    # mostly ASCII letters; otherwise (Cyrillic cp1251, say) trust the detector.
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(not ch.isascii() for ch in letters) / len(letters) < 0.1:
        return text
    best = from_bytes(raw).best()
    if best is None:
        raise NotTextError(f"{origin}: looks like a binary file, not text")
    return str(best)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\r\t\f"
    )
    return bad / max(1, len(sample))


def parse_article(
    text: str,
    *,
    origin: str | None = None,
    title: str | None = None,
    source: str | None = None,
    date: dt.date | str | None = None,
    url: str | None = None,
) -> Article:
    """Split an optional header block from the body and build an Article.

    Control characters (NUL, ESC, the C1 set, ...) are removed from the text and from the
    header values: they would reach terminals, logs and every output file.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = printable(unicodedata.normalize("NFC", text))
    lines = text.split("\n")
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    j = i
    while j < len(lines) and (m := _HEADER_LINE.match(lines[j].strip())):
        header[HEADER_KEYS[m.group(1).lower()]] = m.group(2).strip()
        j += 1
    # A header counts only when followed by a blank line (or the end), so a body line
    # like "Source: officials" is not eaten.
    if header and (j == len(lines) or not lines[j].strip()):
        body = "\n".join(lines[j:])
    else:
        header = {}
        body = "\n".join(lines[i:])
    body = _normalise_body(body)
    if len(re.findall(r"\w+", body)) < _MIN_WORDS:
        raise InputError(f"{origin or 'input'}: no sentences found in the article")

    published = date if date is not None else header.get("published")
    return Article(
        text=body,
        title=_clean(title or header.get("title")),
        source=_clean(source or header.get("source")),
        url=_clean(url or header.get("url")),
        published=_parse_date(published, origin),
        origin=origin,
    )


def _clean(value: str | None) -> str | None:
    """Return a header value as one printable line, or None when nothing is left."""
    return one_line(value or "") or None


def _normalise_body(body: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    return "\n\n".join(p for p in paragraphs if p)


def _parse_date(value: dt.date | str | None, origin: str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    value = value.strip()
    if not value:
        return None
    from dateutil import parser as dateparser  # a well-kept parser for the many header date forms

    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        parsed: dt.datetime = dateparser.parse(value)
        return parsed.date()
    except (ValueError, OverflowError):
        raise InputError(f"{origin or 'input'}: cannot read the date {value!r}") from None
