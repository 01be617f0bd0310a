"""The systemd unit for the web desk runs `briefing serve` with options it has, on loopback."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from briefing.cli import main
from briefing.serve.security import is_loopback

UNIT = Path(__file__).resolve().parents[2] / "contrib" / "systemd" / "briefing-serve.service"


def test_systemd_unit_runs_the_desk_on_loopback() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  (systemd keys are case-sensitive)
    parser.read_string(UNIT.read_text())
    argv = shlex.split(parser["Service"]["ExecStart"])
    assert argv[0].endswith("/briefing") and argv[1] == "serve"
    options = {o for p in main.commands["serve"].params for o in getattr(p, "opts", [])}
    assert {a for a in argv[2:] if a.startswith("--")} <= options
    assert is_loopback(argv[argv.index("--host") + 1])
    # Stopping waits for builds in progress (30 s in the server) before systemd kills it.
    assert int(parser["Service"]["TimeoutStopSec"]) > 30


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "example.org"))
