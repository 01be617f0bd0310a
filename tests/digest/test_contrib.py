"""The scheduling files in contrib/ run the command the README documents."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main
from briefing.digest import load_feeds

CONTRIB = Path(__file__).resolve().parents[2] / "contrib"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  (systemd keys are case-sensitive)
    parser.read_string((CONTRIB / "systemd" / name).read_text())
    return parser


def _digest_options() -> set[str]:
    command = main.commands["digest"]
    return {opt for p in command.params for opt in getattr(p, "opts", [])}


def test_systemd_service_runs_one_digest() -> None:
    service = _unit("briefing-digest.service")
    assert service["Service"]["Type"] == "oneshot"
    argv = shlex.split(service["Service"]["ExecStart"])
    assert argv[0].endswith("/briefing") and argv[1] == "digest"
    assert set(service["Service"]["SuccessExitStatus"].split()) == {"6"}  # partial still delivered


def test_systemd_timer_fires_daily_and_catches_up() -> None:
    timer = _unit("briefing-digest.timer")
    assert timer["Timer"]["OnCalendar"].startswith("*-*-* ")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_cron_line_uses_real_options() -> None:
    lines = [
        x
        for x in (CONTRIB / "cron").read_text().splitlines()
        if x.strip() and not x.startswith("#")
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert all(f.replace("*", "").replace(",", "").isdigit() or f == "*" for f in fields[:5])
    argv = shlex.split(fields[5].split(">>")[0])
    assert argv[0].endswith("/briefing") and argv[1] == "digest"
    assert {a for a in argv if a.startswith("--")} <= _digest_options()


def test_example_feeds_file_loads() -> None:
    feeds = load_feeds(CONTRIB / "feeds.example.toml")
    assert len(feeds) == 2 and all(f.url.startswith("https://") and f.name for f in feeds)


def test_digest_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(main, ["digest", "--help"])
    assert result.exit_code == 0
    for code in ("6 when some feed", "7 when another run", "8 when every feed failed"):
        assert code in " ".join(result.output.split())
