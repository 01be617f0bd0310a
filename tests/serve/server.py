"""Run `briefing serve` as a real process on 127.0.0.1 and talk to it (tests and the bench)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

_URL = re.compile(r"briefing serve: (http://\S+?)/ ")


@dataclass
class Server:
    proc: subprocess.Popen[str]
    base: str
    log: Path

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=30, **kwargs)

    def kill(self) -> None:
        """Kill -9: no shutdown code runs."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.kill()


def server_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment of a server keeping everything under `root` (no user config leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(
        XDG_CONFIG_HOME=str(root / "config"),
        BRIEFING_JOBS_DIR=str(root / "jobs"),
        BRIEFING_STATE=str(root / "state.sqlite3"),
        BRIEFING_CACHE_DIR=str(root / "cache"),
        BRIEFING_LANGS='["en"]',
        BRIEFING_FORMATS='["md"]',
    )
    env.update(extra)
    return env


def start_server(root: Path, *args: str, timeout: float = 60, **env: str) -> Server:
    """Start `briefing serve --port 0 ARGS` and wait until it answers /api/health."""
    root.mkdir(parents=True, exist_ok=True)
    log = root / f"serve-{time.monotonic_ns()}.log"
    fh = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--port", "0", *args],
        env=server_env(root, **env),
        stdout=subprocess.DEVNULL,
        stderr=fh,
        text=True,
    )
    deadline = time.monotonic() + timeout
    base = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"briefing serve exited {proc.returncode}: {log.read_text()}")
        found = _URL.search(log.read_text())
        if found:
            # A server listening on every address is reached through loopback.
            base = found.group(1).replace("://0.0.0.0:", "://127.0.0.1:")
            try:
                headers = (
                    {"Authorization": f"Bearer {env['BRIEFING_SERVE_TOKEN']}"}
                    if ("BRIEFING_SERVE_TOKEN" in env)
                    else {}
                )
                if httpx.get(base + "/api/health", headers=headers, timeout=2).status_code < 500:
                    return Server(proc, base, log)
            except httpx.TransportError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"briefing serve did not answer within {timeout} s: {log.read_text()}")


def wait_until(
    check: Callable[[], bool], timeout: float = 120, interval: float = 0.05, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(interval)
