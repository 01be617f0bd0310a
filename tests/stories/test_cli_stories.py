"""`briefing build --story` and `briefing stories` as users run them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from briefing.cli import main
from briefing.errors import ExitCode

from .conftest import DATA, GROUPS

FERRY = [str(DATA / n) for n in ("ferry-a.txt", "ferry-b.txt", "ferry-c.txt")]


def run(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"XDG_CONFIG_HOME": str(tmp_path / "cfg")})


def test_build_story_writes_one_brief_from_all_the_articles(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        tmp_path, "build", *FERRY, "--story", "--lang", "en", "--format", "md", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    written = out / "ferry-capsizes-on-lake-victoria-near-entebbe-12-dead.en.md"
    assert result.stdout.splitlines() == [str(written)]
    assert sorted(p.name for p in out.iterdir()) == [written.name]
    text = written.read_text(encoding="utf-8")
    assert "## Sources\n" in text and "- **C** — Global Report" in text
    assert "## Where sources differ" in text


def test_build_story_leaves_out_an_article_it_cannot_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = str(tmp_path / "gone.txt")
    result = run(
        tmp_path,
        "build",
        FERRY[0],
        missing,
        FERRY[1],
        "--story",
        "--lang",
        "en",
        "--format",
        "md",
        "--out",
        str(out),
    )
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stderr.startswith(f"briefing: error: {missing}: ")
    (written,) = out.iterdir()
    text = written.read_text(encoding="utf-8")
    assert "- **B** — The Daily Courier" in text and "- **C**" not in text
    # Nothing readable: the first article's error and its exit code, nothing written.
    result = run(tmp_path, "build", missing, missing, "--story", "--out", str(tmp_path / "none"))
    assert result.exit_code == ExitCode.INPUT and not (tmp_path / "none").exists()


def test_stories_prints_the_grouping_and_scores_it(tmp_path: Path) -> None:
    result = run(tmp_path, "stories", str(DATA), "--json", "--gold", str(GROUPS))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 17 and len(data["stories"]) == 9
    ferry = next(s for s in data["stories"] if len(s["articles"]) == 4)
    assert [(a["letter"], Path(a["file"]).name) for a in ferry["articles"]] == [
        ("A", "ferry-a.txt"),
        ("B", "ferry-b.txt"),
        ("C", "ferry-c.txt"),
        ("D", "ferry-d.txt"),
    ]
    assert ferry["articles"][2]["event_date"] == "2026-03-02"
    assert data["score"] == {
        "pairs": 11,
        "tp": 11,
        "fp": 0,
        "fn": 0,
        "precision": 1.0,
        "recall": 1.0,
    }
    text = run(tmp_path, "stories", *FERRY, str(DATA / "reykjavik.txt"))
    assert text.exit_code == 0
    assert text.stdout.startswith("2 stories from 4 articles\n\n1. Ferry capsizes")
    assert "   C  " + FERRY[2] + " — Global Report, 2026-03-03" in text.stdout


def test_stories_refuses_what_it_cannot_group(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(tmp_path, "stories", str(empty))
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == f"briefing: error: {empty}: no .txt or .md articles in this folder\n"
    gold = tmp_path / "gold.json"
    gold.write_text('{"ferry-a.txt": "x"}')
    result = run(tmp_path, "stories", *FERRY[:2], "--gold", str(gold))
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == "briefing: error: not in the labelled grouping: ferry-b.txt\n"
