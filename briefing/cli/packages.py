"""`briefing models list|install|remove`: the translation model packages (Argos Translate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..vocabulary import TARGET_LANGS
from . import config_option, echo, handle_errors, main

TARGETS = list(TARGET_LANGS)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)  # pragma: no cover


@main.group("models")
def models_group() -> None:
    """Translation models (Argos Translate packages) for the ko and ru briefs.

    Packages live where Argos keeps them ($ARGOS_PACKAGES_DIR, default
    ~/.local/share/argos-translate/packages); packages installed with `argospm` are used too.
    """


@models_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def list_models(as_json: bool) -> None:
    """List installed translation models: pair, package, version, size and location.

    Only complete packages are listed; a broken folder (a half-copied package, say) is named
    on stderr, with what is wrong, and is never used.
    """
    from ..translate.packages import packages_dir, scan_packages

    found, broken = scan_packages()
    for b in broken:
        echo(
            f"briefing: warning: {b.path}: not a usable translation package ({b.reason}); "
            "remove it or install the package again",
            err=True,
        )
    if as_json:
        echo(
            json.dumps(
                [
                    {
                        "from": m.from_code,
                        "to": m.to_code,
                        "package": m.name,
                        "version": m.version,
                        "size": m.size,
                        "path": str(m.path),
                    }
                    for m in found
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not found:
        echo(
            f"no translation models installed in {packages_dir()}; "
            f"run: briefing models install {' '.join(TARGETS)}"
        )
        return
    for m in found:
        echo(f"{m.from_code}→{m.to_code}  {m.name} {m.version or '?'}  {_size(m.size)}  {m.path}")


@models_group.command("install")
@click.argument("langs", nargs=-1, type=click.Choice(TARGETS))
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Install a downloaded .argosmodel file instead (repeatable; no network).",
)
@config_option
@handle_errors
def install(langs: tuple[str, ...], files: tuple[Path, ...], config_path: Path | None) -> None:
    """Install the en→LANG models from the Argos package index (default: ko ru).

    On a machine without network access, download the .argosmodel files elsewhere
    (https://www.argosopentech.com/argospm/index/) and install them with --file.
    Exits 8 when the index or a download cannot be reached.
    """
    from ..translate import packages

    if files:
        if langs:
            raise click.UsageError("give languages or --file, not both")
        for path in files:
            _report(packages.install_file(path))
        return
    from ..config import load_settings

    settings = load_settings(config_path)
    wanted = list(langs) or TARGETS
    with _Progress() as progress:
        for m in packages.install_from_index(wanted, progress=progress, timeout=settings.timeout):
            _report(m)


def _report(model: Any) -> None:
    echo(f"installed {model.name} {model.version} ({_size(model.size)}) in {model.path}")


class _Progress:
    """A rich progress bar on stderr, one task per package; shown once a download starts."""

    def __enter__(self) -> Any:
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        return self.update

    def update(self, name: str, done: int, total: int | None) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self.bar.start()
        if name not in self.tasks:
            self.tasks[name] = self.bar.add_task(name, total=total)
        self.bar.update(self.tasks[name], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@models_group.command("remove")
@click.argument("langs", nargs=-1, required=True, type=click.Choice(TARGETS))
@handle_errors
def remove(langs: tuple[str, ...]) -> None:
    """Remove the installed en→LANG models (exit 5 if one is not installed)."""
    from ..translate.packages import remove as remove_models

    for lang in langs:
        for m in remove_models(lang):
            echo(f"removed {m.name} {m.version} from {m.path}")
