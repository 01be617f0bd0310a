"""The wheel must carry every sub-package, the templates and the locales."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "briefing").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_wheel_ships_templates_and_locales(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 and "bdist_wheel" in proc.stderr + proc.stdout:
        pytest.skip("setuptools in this environment cannot build wheels without isolation")
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert f"briefing/_templates/{path.relative_to(ROOT / 'templates').as_posix()}" in names
    for path in (ROOT / "locales").rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert f"briefing/_locales/{path.relative_to(ROOT / 'locales').as_posix()}" in names
    assert "briefing/cli/__init__.py" in names
