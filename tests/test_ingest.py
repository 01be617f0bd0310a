from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.ingest import decode, parse_article, read_article

BODY = "Officials met in Seoul on Monday to discuss the talks. They said progress was slow."


def test_header_block_is_read(sample_path: Path) -> None:
    article = read_article(sample_path)
    assert article.source == "Voice of America (VOA)"
    assert article.published == dt.date(2023, 9, 13)
    assert article.title is None
    assert article.text.startswith("Russian President Vladimir Putin met Wednesday")
    assert "Source:" not in article.text
    assert article.origin == str(sample_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Title: Talks in Seoul\nURL: https://example.org/a\nDate: 5 March 2024\n\n{BODY}",
            {
                "title": "Talks in Seoul",
                "url": "https://example.org/a",
                "published": dt.date(2024, 3, 5),
            },
        ),
        (f"Source: Reuters\n\n{BODY}", {"source": "Reuters", "title": None}),
        # A "Source:" line that is not followed by a blank line is body text, not a header.
        (f"Source: officials told reporters.\n{BODY}", {"source": None}),
        (f"\n\n{BODY}", {"title": None, "published": None}),
    ],
)
def test_header_variants(text: str, expected: dict) -> None:
    article = parse_article(text)
    for key, value in expected.items():
        assert getattr(article, key) == value


def test_options_override_header() -> None:
    article = parse_article(
        f"Title: Old\nDate: 2020-01-01\n\n{BODY}", title="New", date="2021-02-03", source="VOA"
    )
    assert (article.title, article.published, article.source) == ("New", dt.date(2021, 2, 3), "VOA")


def test_paragraphs_are_normalised() -> None:
    article = parse_article("First  line\ncontinues here.\n\n\n\nSecond paragraph is here.\r\n")
    assert article.text == "First line continues here.\n\nSecond paragraph is here."


def test_bad_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot read the date"):
        parse_article(f"Date: not a date at all\n\n{BODY}")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00\x01\x02\x03" * 200, "binary"),
    ],
)
def test_decode_refuses(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "x.txt")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("The minister’s visit — “a success”, said the spokesman in São Paulo. " * 4, "cp1252"),
        ("Le ministre a visité le café de São Paulo à Genève avec Müller. " * 4, "latin-1"),
    ],
)
def test_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert decode(raw) == text


def test_utf8_bom_is_dropped() -> None:
    assert decode("Hello there, world.".encode("utf-8-sig")) == "Hello there, world."


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(BODY * 100)
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read_article(path, max_bytes=1000)
    assert read_article(path, max_bytes=100_000).text.startswith("Officials")


@pytest.mark.parametrize("text", ["Title: Only a header\n\n", "...\n\n!!!", "Hi."])
def test_article_without_sentences(text: str) -> None:
    with pytest.raises(InputError, match="no sentences"):
        parse_article(text)
