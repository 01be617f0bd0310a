"""Translation model packages: list, install (index or file) and remove, through argostranslate.

Packages live where Argos keeps them (ARGOS_PACKAGES_DIR, default
~/.local/share/argos-translate/packages), so packages installed with `argospm` are used too.
argostranslate is imported inside functions: it creates its data directories on import and
reads ARGOS_* variables then, and `briefing --help` must stay light.
"""

from __future__ import annotations

import json
import logging
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import InputError, ModelMissingError, NetworkError
from ..vocabulary import SOURCE_LANG

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
"""Download progress callback: (package name, bytes done, total bytes or None)."""


@dataclass(frozen=True)
class InstalledModel:
    """An installed Argos translation package."""

    name: str  # argospm name, e.g. "translate-en_ko"
    from_code: str
    to_code: str
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def size(self) -> int:
        """Return the size on disk in bytes."""
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    @property
    def tokenizer(self) -> Path:
        """Return the tokenizer file: sentencepiece.model, else bpe.model."""
        sp = self.path / "sentencepiece.model"
        return sp if sp.exists() else self.path / "bpe.model"


def missing_model_error(lang: str) -> ModelMissingError:
    """Build the one-line error for a language without an installed model."""
    return ModelMissingError(
        f"no {SOURCE_LANG}→{lang} translation model installed; run: briefing models install {lang}"
    )


def packages_dir() -> Path:
    """Return the directory Argos installs packages into."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def _version_key(version: str) -> Any:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def read_package(path: Path) -> InstalledModel | None:
    """Read an installed package directory; None if it is not a translation package."""
    meta_path = path / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        return None
    src, tgt = meta.get("from_code"), meta.get("to_code")
    if not src or not tgt or not (path / "model").is_dir():
        return None
    return InstalledModel(
        name=f"translate-{src}_{tgt}",
        from_code=src,
        to_code=tgt,
        version=str(meta.get("package_version", "")),
        path=path,
        target_prefix=meta.get("target_prefix", "") or "",
    )


def installed_models() -> list[InstalledModel]:
    """List installed translation packages in every directory Argos searches."""
    from argostranslate import settings

    found: list[InstalledModel] = []
    for directory in settings.package_dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for sub in sorted(directory.iterdir()):
            # Argos's own listing raises on a stray folder without metadata.json; skip it here.
            model = read_package(sub) if sub.is_dir() else None
            if model is not None:
                found.append(model)
    return found


def find_model(lang: str, source: str = SOURCE_LANG) -> InstalledModel | None:
    """Return the newest installed package for source→lang, or None."""
    matches = [m for m in installed_models() if m.from_code == source and m.to_code == lang]
    return max(matches, key=lambda m: _version_key(m.version), default=None)


def require_model(lang: str) -> InstalledModel:
    """Return the package for en→lang or raise ModelMissingError naming the install command."""
    model = find_model(lang)
    if model is None:
        raise missing_model_error(lang)
    return model


# --------------------------------------------------------------------------- install from file


def check_package_file(path: Path) -> dict[str, Any]:
    """Check that `path` is an Argos translation package; return its metadata."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"model file not found: {path}")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path} is not an Argos model package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n and not n.startswith("__MACOSX")]
            tops = {PurePosixPath(n).parts[0] for n in names}
            unsafe = [n for n in names if n.startswith("/") or ".." in PurePosixPath(n).parts]
            if unsafe:
                raise InputError(f"{path} is not a safe model package (path {unsafe[0]!r})")
            if len(tops) != 1:
                # A flat archive would scatter files into the packages directory and break
                # every later listing, so refuse it before extracting anything.
                raise InputError(
                    f"{path} is not an Argos model package "
                    "(expected one top-level folder with metadata.json)"
                )
            top = tops.pop()
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json"))
            except KeyError:
                raise InputError(
                    f"{path} is not an Argos model package (no metadata.json)"
                ) from None
            has_model = f"{top}/model/model.bin" in names
            has_tokenizer = any(f"{top}/{t}" in names for t in ("sentencepiece.model", "bpe.model"))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{path} is not a readable Argos model package: {exc}") from None
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        raise InputError(f"{path} is not a translation package")
    if not meta.get("from_code") or not meta.get("to_code"):
        raise InputError(f"{path} has no from_code/to_code in metadata.json")
    if not has_model or not has_tokenizer:
        raise InputError(f"{path} lacks a CTranslate2 model or a tokenizer")
    meta["_top"] = top
    return meta


def install_file(path: Path) -> InstalledModel:
    """Install an .argosmodel file (for machines without network access)."""
    from argostranslate import package

    meta = check_package_file(path)
    target = packages_dir()
    # Replace any installed package for the same pair, so two versions never compete.
    for old in installed_models():
        if (old.from_code, old.to_code) == (
            meta["from_code"],
            meta["to_code"],
        ) and old.path.parent == target:
            package.uninstall(package.Package(old.path))
    try:
        package.install_from_path(Path(path))
    except OSError as exc:
        raise InputError(f"cannot install {path}: {exc}") from None
    installed = read_package(target / meta["_top"])
    if installed is None:  # pragma: no cover - checked above
        raise InputError(f"{path} did not install as a translation package")
    return installed


# --------------------------------------------------------------------------- install from index


def fetch_index(timeout: float = 20.0) -> list[dict[str, Any]]:
    """Download the Argos package index (and keep the copy argospm reads)."""
    import httpx
    from argostranslate import settings

    url = settings.remote_package_index
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
        response.raise_for_status()
        index = response.json()
    except (httpx.HTTPError, OSError, RuntimeError) as exc:
        raise NetworkError(f"cannot reach the Argos model index ({url}): {_reason(exc)}") from None
    except ValueError:
        raise NetworkError(f"the Argos model index ({url}) is not valid JSON") from None
    if not isinstance(index, list):
        raise NetworkError(f"the Argos model index ({url}) has an unexpected format")
    try:
        Path(settings.local_package_index).write_bytes(response.content)
    except OSError as exc:
        log.warning("cannot save the package index copy: %s", exc)
    return index


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _download(
    links: list[str], dest: Path, name: str, progress: Progress | None, timeout: float
) -> None:
    import httpx

    last = "no download link"
    for url in links:
        try:
            with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
                response.raise_for_status()
                total = int(response.headers.get("content-length", 0)) or None
                done = 0
                with open(dest, "wb") as fh:
                    for chunk in response.iter_bytes(1 << 16):
                        fh.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(name, done, total)
            return
        except (httpx.HTTPError, OSError, RuntimeError) as exc:
            last = f"{url}: {_reason(exc)}"
    raise NetworkError(f"cannot download {name} ({last})")


def install_from_index(
    langs: Sequence[str], progress: Progress | None = None, timeout: float = 20.0
) -> list[InstalledModel]:
    """Download and install the en→lang packages for `langs` from the Argos index."""
    index = fetch_index(timeout)
    chosen: list[dict[str, Any]] = []
    for lang in langs:
        candidates = [
            p
            for p in index
            if isinstance(p, dict)
            and p.get("type", "translate") == "translate"
            and p.get("from_code") == SOURCE_LANG
            and p.get("to_code") == lang
        ]
        if not candidates:
            raise InputError(f"the Argos index has no {SOURCE_LANG}→{lang} package")
        chosen.append(
            max(candidates, key=lambda p: _version_key(str(p.get("package_version", ""))))
        )
    installed = []
    with tempfile.TemporaryDirectory(prefix="briefing-models-") as tmp:
        for meta in chosen:
            name = f"translate-{meta['from_code']}_{meta['to_code']}"
            file = Path(tmp) / f"{name}.argosmodel"
            _download(list(meta.get("links") or []), file, name, progress, timeout)
            installed.append(install_file(file))
            file.unlink()
    return installed


def remove(lang: str) -> list[InstalledModel]:
    """Remove the installed en→lang packages; return what was removed."""
    from argostranslate import package

    removed = []
    for model in installed_models():
        if model.from_code == SOURCE_LANG and model.to_code == lang:
            try:
                package.uninstall(package.Package(model.path))
            except OSError as exc:
                raise InputError(f"cannot remove {model.path}: {exc.strerror or exc}") from None
            removed.append(model)
    if not removed:
        raise ModelMissingError(f"no {SOURCE_LANG}→{lang} translation model installed")
    return removed
