"""`briefing config show`: print the effective settings."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import config_option, echo, handle_errors, main


@main.group("config")
def config_group() -> None:
    """Inspect settings (defaults < config file < BRIEFING_* variables < flags)."""


@config_group.command("show")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of TOML-like lines.")
@handle_errors
def show(config_path: Path | None, as_json: bool) -> None:
    """Print the effective settings and where the config file is looked for."""
    from ..config import default_config_path, load_settings

    settings = load_settings(config_path)
    data = settings.model_dump(mode="json")
    if as_json:
        echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    echo(f"# config file: {config_path or default_config_path()}")
    for key, value in data.items():
        echo(f"{key} = {json.dumps(value, ensure_ascii=False)}")
