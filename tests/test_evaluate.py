"""The evaluation harness: matching rules, scores, the peer, and the `briefing eval` command."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.evaluate import (
    Counts,
    fold_name,
    match_entities,
    names_match,
    overlap_f1,
    peer_extract,
    score_facts,
)
from briefing.models import Article, Facts, Organization, Person, Place, Quote, Stake

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mr. Mugabe", "mugabe"),
        ("Kim Jong-un", "kim jong un"),
        ("U.S.", "us"),
        ("Putin’s", "putin"),
        ("the Kremlin", "kremlin"),
        ("“Al-Shabab”", "al shabab"),
    ],
)
def test_fold_name(a: str, b: str) -> None:
    assert fold_name(a) == b


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("Kim Jong Un", ["kim jong un"], True),
        ("Kim", ["kim jong un"], True),  # one name containing the other
        ("Kimberly", ["kim jong un"], False),  # not on a word boundary
        ("Lee Juhyun", ["lee byong chol"], False),
    ],
)
def test_names_match(predicted: str, gold: list[str], expected: bool) -> None:
    assert names_match(predicted, gold) is expected


def test_entity_matching_is_one_to_one_and_ignores_optional_gold() -> None:
    gold = [{"name": "Kim Jong Un", "aliases": ["Kim"]}, {"name": "Lee Juhyun", "optional": True}]
    # "Kim" listed apart from "Kim Jong Un" is a duplicate: a false positive.
    counts, _ = match_entities([("Kim Jong Un", []), ("Kim", []), ("Lee Juhyun", [])], gold)
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    counts, _ = match_entities([], gold)
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 1)


def test_counts_precision_recall_f1() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 is None


def test_overlap_f1_uses_content_words() -> None:
    assert overlap_f1("the Kremlin spokesman", "Kremlin spokesman") == 1.0
    assert overlap_f1("Professor", "Professor, Kyungnam University’s Institute") < 0.5


GOLD = {
    "people": [{"name": "Matthew Miller", "aliases": [], "role": "State Department spokesperson"}],
    "organizations": [{"name": "State Department", "aliases": []}],
    "places": [{"name": "United States", "aliases": ["U.S."], "kind": "country"}],
    "quotes": [
        {
            "speaker": "Matthew Miller",
            "text": "Any transfer of arms would violate the resolutions",
            "direct": True,
        },
        {
            "speaker": "spokesperson from South Korea’s foreign ministry",
            "text": "Cooperation must respect peace",
            "direct": True,
        },
    ],
    "stakes": ["violation of UN resolutions on arms transfers"],
    "event_date": "2023-09-13",
}


def facts(**kw) -> Facts:  # type: ignore[no-untyped-def]
    return Facts(article=Article(text="x"), **kw)


def test_score_facts_applies_every_rule() -> None:
    predicted = facts(
        people=[Person(name="Matthew Miller", role="U.S. State Department spokesperson")],
        organizations=[Organization(name="U.S. State Department")],
        places=[Place(name="United States", kind="country"), Place(name="Russian")],
        quotes=[
            # holds the gold words plus a little more: found
            Quote(
                speaker="Miller",
                text="Any transfer of arms would violate the resolutions, he said",
                direct=True,
            ),
            # an unnamed speaker matched by content words
            Quote(
                speaker="a spokesperson from the foreign ministry",
                text="Cooperation must respect peace.",
                direct=True,
            ),
            Quote(speaker="Nobody", text="Something else entirely", direct=True),
        ],
        stakes=[Stake(text="Any transfer of arms would violate UN resolutions")],
        event_date=dt.date(2023, 9, 13),
    )
    s = score_facts(predicted, GOLD, "t")
    assert (s.people.tp, s.people.fp) == (1, 0)
    assert (s.places.tp, s.places.fp) == (1, 1)
    assert s.organizations.tp == 1  # one name containing the other
    assert (s.quotes.tp, s.quotes.fp, s.quotes.fn) == (2, 1, 0)
    assert (s.direct_quotes.tp, s.direct_quotes.fp) == (2, 1)
    assert (s.speakers.hit, s.speakers.total) == (2, 2)
    assert (s.roles.hit, s.roles.total) == (1, 1)
    assert (s.stakes.hit, s.stakes.total) == (1, 1)
    assert (s.event_date.hit, s.event_date.total) == (1, 1)
    # the place and the quote that cost precision are listed for developers
    assert s.misses == [
        "place extra: 'Russian'",
        "quote extra (Nobody): 'Something else entirely'",
    ]


def test_entity_misses_list_gold_not_found_and_predictions_matching_nothing() -> None:
    s = score_facts(facts(people=[Person(name="Ivan Petrov")]), GOLD, "t")
    assert "person missed: 'Matthew Miller'" in s.misses
    assert "person extra: 'Ivan Petrov'" in s.misses
    assert "org missed: 'State Department'" in s.misses
    assert "place missed: 'United States'" in s.misses


@pytest.mark.parametrize(
    ("confidence", "counted"),
    [(1.0, True), (0.5, True), (0.49, False), (0.0, False)],
)
def test_only_facts_the_brief_prints_are_scored(confidence: float, counted: bool) -> None:
    predicted = facts(
        people=[Person(name="Matthew Miller", confidence=confidence)],
        places=[Place(name="Russian", confidence=confidence)],
        quotes=[Quote(speaker="Nobody", text="Something else", direct=True, confidence=confidence)],
    )
    s = score_facts(predicted, GOLD, "t")
    assert (s.people.tp, s.people.fn) == ((1, 0) if counted else (0, 1))
    assert s.places.fp == int(counted)
    assert s.quotes.fp == int(counted)
    assert ("place extra: 'Russian'" in s.misses) is counted


def test_a_quote_buried_in_other_text_or_missing_words_is_not_found() -> None:
    long = "Any transfer of arms would violate the resolutions " + "and many other words " * 5
    s = score_facts(
        facts(
            quotes=[
                Quote(speaker="Matthew Miller", text=long, direct=True),
                Quote(speaker="Matthew Miller", text="Any transfer of arms", direct=True),
            ]
        ),
        GOLD,
        "t",
    )
    assert s.quotes.tp == 0
    assert s.event_date.hit == 0 and s.roles.hit == 0


def test_wrong_speaker_counts_against_speaker_accuracy() -> None:
    q = Quote(
        speaker="Vladimir Putin",
        text="Any transfer of arms would violate the resolutions",
        direct=True,
    )
    s = score_facts(facts(quotes=[q]), GOLD, "t")
    assert (s.speakers.hit, s.speakers.total) == (0, 1)


def test_peer_lists_every_surname_apart_and_quotes_with_textacy(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Vladimir Putin met Kim Jong Un. "We need to talk about the economy," Putin said.'
    peer = peer_extract(Article(text=text), nlp)
    assert {"Vladimir Putin", "Putin"} <= {p.name for p in peer.people}
    assert [(q.speaker, q.text) for q in peer.quotes] == [
        ("Putin", "We need to talk about the economy,")
    ]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from briefing.nlp import load_pipeline

    return load_pipeline()


def _tiny_set(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text(
        "Date: 2023-09-13\n\n"
        "Kremlin spokesman Dmitry Peskov said on Wednesday the talks were useful.\n",
        encoding="utf-8",
    )
    gold = {
        "people": [{"name": "Dmitry Peskov", "aliases": [], "role": "Kremlin spokesman"}],
        "organizations": [{"name": "Kremlin", "aliases": []}],
        "places": [],
        "quotes": [{"speaker": "Dmitry Peskov", "text": "the talks were useful", "direct": False}],
        "stakes": [],
        "event_date": "2023-09-13",
    }
    (tmp_path / "one.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_eval_command_prints_rows_totals_and_peer(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(_tiny_set(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "| one |" in result.output
    assert "| ours |" in result.output and "| peer: spaCy NER + textacy quotes |" in result.output
    # a precision column beside the F1 of every entity type, and quote precision
    header = next(line for line in result.output.splitlines() if line.startswith("| extractor"))
    cells = [c.strip() for c in header.strip("|").split("|")]
    for f1, p in [("people F1", "people P"), ("orgs F1", "orgs P"), ("places F1", "places P")]:
        assert cells.index(p) == cells.index(f1) + 1
    assert "quote P" in cells
    peer = next(line for line in result.output.splitlines() if line.startswith("| peer"))
    assert len(peer.strip("|").split("|")) == len(cells)


def test_eval_command_lists_misses(tmp_path: Path) -> None:
    directory = _tiny_set(tmp_path)
    gold_path = directory / "one.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["places"] = [{"name": "Moscow", "aliases": [], "kind": "city"}]  # not in the text
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(directory), "--no-peer", "--misses"])
    assert result.exit_code == 0, result.output
    assert "| ours |" in result.output
    assert "one:\n  - place missed: 'Moscow'" in result.output


def test_eval_command_json_without_peer(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(_tiny_set(tmp_path)), "--no-peer", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "peer" not in data
    total = data["ours"]["total"]
    assert (
        total["people_f1"] == 1.0
        and total["people_p"] == 1.0
        and total["quote_recall"] == 1.0
        and total["event_date_acc"] == 1.0
    )
    assert {"orgs_p", "places_p", "quote_precision"} <= set(total)


def test_eval_without_textacy_says_which_extra_and_scores_without_the_peer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "textacy" or m.startswith("textacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "textacy", None)  # what an install without the extra gives
    result = CliRunner().invoke(main, ["eval", str(_tiny_set(tmp_path))])
    assert result.exit_code == 0, result.output
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and "pip install 'briefing[eval]'" in warning[0]
    assert warning[0].startswith("briefing: warning: the spaCy + textacy peer needs textacy")
    assert "| ours |" in result.stdout and "peer:" not in result.stdout


def test_eval_command_rejects_a_directory_without_gold(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 3
    assert "no NAME.txt + NAME.gold.json pairs" in result.output


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="development set not present")
def test_ours_beats_the_textacy_peer_on_quote_recall_and_speakers() -> None:
    from briefing.evaluate import evaluate

    report = evaluate(EVAL_DIR)
    ours, peer = report.total.figures(), report.peer_total.figures()  # type: ignore[union-attr]
    assert ours["quote_recall"] > peer["quote_recall"]
    assert ours["speaker_acc"] > peer["speaker_acc"]
    # Like for like (direct quotes only), our precision is no worse.
    assert ours["direct_quote_precision"] >= peer["direct_quote_precision"]


def test_python_dash_m_briefing_eval_runs_the_same_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "eval",
            str(_tiny_set(tmp_path)),
            "--no-peer",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ours"]["total"]["articles"] == 1
