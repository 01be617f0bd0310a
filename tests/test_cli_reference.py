"""docs/cli.md is generated from the commands' --help texts; it must match the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _reference_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "scripts" / "cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_cli_md_matches_the_help_texts() -> None:
    reference = _reference_module()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == reference.reference(), (
        "docs/cli.md is stale: run python scripts/cli_reference.py"
    )


def test_every_command_has_a_section() -> None:
    from briefing.cli import main

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## `briefing {name}`" in text
    assert "## `briefing models install`" in text and "## `briefing config show`" in text
