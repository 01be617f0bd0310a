"""End-to-end tests of the CLI: the sample brief, round-trips, and every kind of bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.cli import main
from briefing.errors import ExitCode

PEOPLE = ["Vladimir Putin", "Kim Jong Un", "Dmitry Peskov", "Matthew Miller"]
MILLER = (
    "Any transfer of arms from North Korea to Russia would violate multiple "
    "United Nations Security Council resolutions"
)


def run(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run("build", str(sample_path), "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [
        str(out / "vostochny-summit.en.md"),
        str(out / "vostochny-summit.en.pdf"),
    ]
    return out


def test_sample_pdf_names_people_and_attributes_quote(sample_build: Path) -> None:
    text = pdf_text(sample_build / "vostochny-summit.en.pdf")
    for person in [*PEOPLE, "Vostochny Cosmodrome"]:
        assert person in text
    # The quote appears in the reactions list right after its speaker's name.
    assert re.search(r"Matthew Miller: “" + re.escape(MILLER), text), text


def test_sample_pdf_metadata(sample_build: Path) -> None:
    reader = PdfReader(sample_build / "vostochny-summit.en.pdf")
    meta = reader.metadata
    assert meta.title and "Putin" in meta.title
    assert meta.author == "briefing"
    assert reader.trailer["/Root"].get("/Lang") == "en"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert "Voice of America (VOA)" in reader.pages[0].extract_text()
    assert re.search(r"Page 1 of \d", reader.pages[0].extract_text())


def test_sample_markdown_sections(sample_build: Path) -> None:
    md = (sample_build / "vostochny-summit.en.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings[0] == "Bottom line"
    assert {
        "Who",
        "Where",
        "What is at stake",
        "Reactions",
        "When",
        "Source and provenance",
    } <= set(headings)
    assert "September 13, 2023" in md


def test_letter_paper(tmp_path: Path, sample_path: Path) -> None:
    result = run(
        "build",
        str(sample_path),
        "--lang",
        "en",
        "--format",
        "pdf",
        "--paper",
        "letter",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.stderr
    box = PdfReader(tmp_path / "vostochny-summit.en.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_extract_validates_and_render_reproduces_markdown(
    tmp_path: Path, sample_path: Path, sample_build: Path
) -> None:
    result = run("extract", str(sample_path))
    assert result.exit_code == 0, result.stderr
    facts = json.loads(result.stdout)
    schema = json.loads(run("schema", "facts").stdout)
    jsonschema.validate(facts, schema)
    for field in ("name", "aliases", "role", "affiliation"):
        assert all(field in p for p in facts["people"])
    assert facts["event_date"] == "2023-09-13"

    facts_file = tmp_path / "facts.json"
    facts_file.write_text(result.stdout, encoding="utf-8")
    out = tmp_path / "rendered"
    rendered = run("render", str(facts_file), "--lang", "en", "--format", "md", "--out", str(out))
    assert rendered.exit_code == 0, rendered.stderr
    assert (out / "vostochny-summit.en.md").read_bytes() == (
        sample_build / "vostochny-summit.en.md"
    ).read_bytes()


def test_render_uses_hand_edits(tmp_path: Path, sample_path: Path) -> None:
    facts = json.loads(run("extract", str(sample_path)).stdout)
    facts["stakes"] = [{"text": "An analyst's own stake line", "evidence": []}]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    result = run("render", str(path), "--lang", "en", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "- An analyst's own stake line" in (tmp_path / "vostochny-summit.en.md").read_text()


def test_extract_to_file(tmp_path: Path, sample_path: Path) -> None:
    target = tmp_path / "f.json"
    result = run("extract", str(sample_path), "-o", str(target))
    assert result.exit_code == 0 and result.stdout.strip() == str(target)
    assert json.loads(target.read_text())["article"]["source"] == "Voice of America (VOA)"


def test_stdin_and_header_options(tmp_path: Path, sample_path: Path) -> None:
    body = sample_path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    result = run(
        "build",
        "-",
        "--lang",
        "en",
        "--format",
        "md",
        "--out",
        str(tmp_path),
        "--title",
        "Putin and Kim meet",
        "--date",
        "2023-09-13",
        "--source",
        "VOA",
        input=body,
    )
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "putin-and-kim-meet.en.md").read_text()
    assert md.startswith("# Putin and Kim meet\n")
    assert "VOA, September 13, 2023" in md


def test_several_articles_one_bad(tmp_path: Path, sample_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out"
    result = run(
        "build", str(sample_path), str(empty), "--lang", "en", "--format", "md", "--out", str(out)
    )
    assert result.exit_code == ExitCode.PARTIAL
    assert (out / "vostochny-summit.en.md").exists()
    assert "empty.txt: file is empty" in result.stderr


HOSTILE = (
    "Title: Talks <b>bold</b> [x](javascript:alert(1))\n"
    "\n"
    '# Officials said <script>alert(1)</script>, <img src="file:///etc/passwd"> '
    "and [x](javascript:alert(1)) were found in **the files**.\n"
    "\n"
    "The minister said the talks were useful.\n"
)


def test_markup_in_article_stays_literal(tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE)
    result = run("build", str(article), "--lang", "en", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "hostile.en.md").read_text()
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md
    assert md.count("\n# ") == 0 and md.startswith("# Talks &lt;b&gt;")
    from briefing.render import markdown_to_html

    html = markdown_to_html(md)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "href=" not in html and "<strong>the files" not in html
    # Compare without white space: the PDF wraps lines wherever it likes.
    text = "".join(pdf_text(tmp_path / "hostile.en.pdf").split())
    for literal in (
        "Talks <b>bold</b> [x](javascript:alert(1))",
        '# Officials said <script>alert(1)</script>, <img src="file:///etc/passwd"> and '
        "[x](javascript:alert(1)) were found in **the files**.",
    ):
        assert "".join(literal.split()) in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "file is empty"),
        ("binary.bin", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "binary"),
        ("nosentences.txt", b"Title: Nothing\n\n!!! ...", "no sentences"),
        ("big.txt", b"Officials met today. " * 300_000, "over the 5,000,000-byte limit"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = run("build", str(path), "--out", str(out))
    assert result.exit_code == ExitCode.INPUT
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("briefing: error: ")
    assert not out.exists() or not any(out.iterdir())


def test_max_bytes_option_raises_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Officials met in Seoul today and said the talks were useful. " * 2000)
    assert (
        run(
            "build",
            str(path),
            "--lang",
            "en",
            "--format",
            "md",
            "--out",
            str(tmp_path),
            "--max-bytes",
            "100",
        ).exit_code
        == ExitCode.INPUT
    )
    assert (
        run(
            "build",
            str(path),
            "--lang",
            "en",
            "--format",
            "md",
            "--out",
            str(tmp_path),
            "--max-bytes",
            "1000000",
        ).exit_code
        == 0
    )


def test_bad_facts_json(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"people": "not a list"}')
    result = run("render", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.INPUT
    assert "not valid facts JSON" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unwritable_output(tmp_path: Path, sample_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(
        "build", str(sample_path), "--lang", "en", "--format", "md", "--out", str(blocker / "sub")
    )
    assert result.exit_code == ExitCode.OUTPUT
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_spacy_model(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SPACY_MODEL", "en_core_web_doesnotexist")
    result = run("build", str(sample_path), "--lang", "en", "--out", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.MODEL
    assert "en_core_web_doesnotexist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_option_is_usage_error(sample_path: Path) -> None:
    result = run("build", str(sample_path), "--lang", "de")
    assert result.exit_code == ExitCode.USAGE
    assert "unknown language 'de'" in result.stderr


def test_config_show(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('paper = "letter"\n')
    result = run("config", "show", "--config", str(cfg), "--json")
    assert json.loads(result.stdout)["paper"] == "letter"


def test_help_is_light_and_clean() -> None:
    code = (
        "import sys; from briefing.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('spacy', 'weasyprint', 'ctranslate2', 'argostranslate', 'torch', "
        "'pydantic_settings') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in proc.stdout
    assert "build" in proc.stdout and "extract" in proc.stdout


def test_python_m_briefing(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(tmp_path / "none.txt")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == ExitCode.INPUT
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
