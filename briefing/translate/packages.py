"""Translation model packages: list, install (index or file) and remove, through argostranslate.

Packages live where Argos keeps them (ARGOS_PACKAGES_DIR, default
~/.local/share/argos-translate/packages), so packages installed with `argospm` are used too.
argostranslate is imported inside functions: it creates its data directories on import and
reads ARGOS_* variables then, and `briefing --help` must stay light.

An archive is someone else's file (copied from a USB stick, say): `install_file` checks all
of it (names, sizes, ratios, CRCs, metadata) while unpacking it into a staging folder beside
the packages folder, and only then swaps it in, by renames; the installed model survives
any failure untouched. Listing shows complete packages only and names the broken ones.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, ModelMissingError, NetworkError, OutputError, first_problem
from ..io import read_bounded
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


@dataclass(frozen=True)
class BrokenPackage:
    """A folder in the packages directory that is not a usable translation package."""

    path: Path
    reason: str


# Limits for an archive from elsewhere. Argos packages hold a CTranslate2 model of 100-300 MB
# (it barely compresses), a tokenizer and small text files.
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 2 << 30
MAX_TOTAL_BYTES = 4 << 30
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_METADATA_BYTES = 1_000_000
_CODE = r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$"
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_FOLDER_PAIR = re.compile(r"translate-([a-z]{2,3})_([a-z]{2,3})(?![a-z])")


class PackageMetadata(BaseModel):
    """The fields of an Argos package's metadata.json that briefing uses, checked."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)  # Argos adds fields

    type: Literal["translate"] = "translate"
    from_code: str = Field(pattern=_CODE)
    to_code: str = Field(pattern=_CODE)
    package_version: str = Field("", max_length=32, pattern=r"^[0-9A-Za-z.+_-]*$")
    target_prefix: str = Field("", max_length=64)


def _metadata(path: Path) -> PackageMetadata | None:
    """Read and check metadata.json; None when it is another kind of Argos package.

    Raises ValueError naming what is wrong.
    """
    try:
        raw = read_bounded(path, MAX_METADATA_BYTES)
    except InputError as exc:
        raise ValueError(str(exc).removeprefix(f"{path}: ")) from None
    return _parse_metadata(raw)


def _parse_metadata(raw: bytes) -> PackageMetadata | None:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"metadata.json is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError("metadata.json is not a JSON object")
    if data.get("type", "translate") != "translate":
        return None
    try:
        return PackageMetadata.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"metadata.json {first_problem(exc, 'metadata')}") from None


def _inspect(path: Path) -> InstalledModel | BrokenPackage | None:
    """Tell what a folder holds: a complete package, a broken one, or another kind (None)."""
    try:
        meta = _metadata(path / "metadata.json")
    except ValueError as exc:
        reason = "no metadata.json" if not (path / "metadata.json").exists() else str(exc)
        return BrokenPackage(path, reason)
    if meta is None:
        return None
    if not (path / "model" / "model.bin").is_file():
        return BrokenPackage(path, "no model/model.bin")
    if not any((path / t).is_file() for t in ("sentencepiece.model", "bpe.model")):
        return BrokenPackage(path, "no sentencepiece.model or bpe.model")
    return InstalledModel(
        name=f"translate-{meta.from_code}_{meta.to_code}",
        from_code=meta.from_code,
        to_code=meta.to_code,
        version=meta.package_version,
        path=path,
        target_prefix=meta.target_prefix,
    )


def read_package(path: Path) -> InstalledModel | None:
    """Read an installed package directory; None unless it is a complete translation package."""
    found = _inspect(path)
    return found if isinstance(found, InstalledModel) else None


def scan_packages() -> tuple[list[InstalledModel], list[BrokenPackage]]:
    """List the complete translation packages, and the broken folders, where Argos looks."""
    from argostranslate import settings

    found: list[InstalledModel] = []
    broken: list[BrokenPackage] = []
    for directory in map(Path, settings.package_dirs):
        if not directory.is_dir():
            continue
        for sub in sorted(directory.iterdir()):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            item = _inspect(sub)
            if isinstance(item, InstalledModel):
                found.append(item)
            elif isinstance(item, BrokenPackage):
                broken.append(item)
    return found, broken


def installed_models() -> list[InstalledModel]:
    """List the complete translation packages in every directory Argos searches."""
    return scan_packages()[0]


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


def install_file(path: Path) -> InstalledModel:
    """Install an .argosmodel file (for machines without network access).

    The archive is checked and unpacked into a staging folder beside the packages folder; the
    installed package of the same pair is then renamed aside, the new one renamed in, and the
    old one deleted. Any failure before the swap leaves the packages folder as it was.
    """
    path = Path(path)
    target = packages_dir()
    with _staging(target) as staging:
        top, meta = _unpack(path, staging / "new")
        fresh = staging / "new" / top
        if read_package(fresh) is None:  # pragma: no cover - _unpack checks the same files
            raise InputError(f"{path} is not a complete translation package")
        final = target / top
        pair = (meta.from_code, meta.to_code)
        if final.exists():
            there = read_package(final)
            if there is not None and (there.from_code, there.to_code) != pair:
                raise InputError(
                    f"{path}: its folder {top!r} is the installed "
                    f"{there.from_code}→{there.to_code} package; refused"
                )
        old = [
            m.path
            for m in installed_models()
            if (m.from_code, m.to_code) == pair and m.path.parent == target
        ]
        if final.exists() and final not in old:
            old.append(final)  # a broken folder of the same name: replaced
        _swap(fresh, final, old, staging / "old")
    installed = read_package(final)
    if installed is None:  # pragma: no cover - checked in staging
        raise InputError(f"{path} did not install as a translation package")
    return installed


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """Hold the install lock and a fresh staging folder beside `target`; remove it afterwards.

    Beside, not inside: Argos lists every folder in its packages folder as a package. The
    same file system, so the swap is a rename. A staging folder left by a killed install is
    finished first: a package it had moved aside is put back unless its pair is installed.
    """
    from filelock import FileLock

    staging = target.parent / f".{target.name}.briefing-install"
    try:
        target.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(staging) + ".lock")
        lock.acquire()
    except OSError as exc:
        raise OutputError(f"cannot install into {target}: {exc.strerror or exc}") from None
    try:
        _recover(staging, target)
        staging.mkdir()
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"cannot install into {target}: {exc.strerror or exc}") from None
    finally:
        lock.release()


def _recover(staging: Path, target: Path) -> None:
    aside = staging / "old"
    if aside.is_dir():
        installed = {(m.from_code, m.to_code) for m in installed_models()}
        for folder in sorted(aside.iterdir()):
            model = read_package(folder)
            original = target / folder.name.split("-", 1)[1]
            pair = (model.from_code, model.to_code) if model else None
            if pair and pair not in installed and not original.exists():
                os.replace(folder, original)
                installed.add(pair)
    shutil.rmtree(staging, ignore_errors=True)


def _swap(fresh: Path, final: Path, old: list[Path], aside: Path) -> None:
    """Rename `old` folders aside and `fresh` to `final`; undo the renames if one fails."""
    aside.mkdir()
    moved: list[tuple[Path, Path]] = []
    try:
        for i, folder in enumerate(old):
            dest = aside / f"{i}-{folder.name}"
            os.replace(folder, dest)
            moved.append((folder, dest))
        os.replace(fresh, final)
    except OSError:
        for folder, dest in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(dest, folder)
        raise


def _unpack(path: Path, dest: Path) -> tuple[str, PackageMetadata]:
    """Check the archive at `path` and unpack it into `dest`; return its folder and metadata."""
    if not path.is_file():
        raise InputError(f"model file not found: {path}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"{path} is not an Argos model package (not a zip archive)") from None
    with archive:
        try:
            members = _checked_members(path, archive)
            top, meta = _checked_package(path, archive, members)
            dest.mkdir()
            for info in members:
                _extract(archive, info, dest)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise InputError(f"{path} is a damaged archive: {_reason(exc)}") from None
        except FileExistsError:
            raise InputError(f"{path} is not a safe model package (a name repeats)") from None
    return top, meta


def _checked_members(path: Path, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = [i for i in archive.infolist() if not i.filename.startswith("__MACOSX")]
    if len(members) > MAX_MEMBERS:
        raise InputError(f"{path} has {len(members):,} files, more than {MAX_MEMBERS:,}")
    total = 0
    for info in members:
        name = info.filename
        parts = PurePosixPath(name).parts
        if (
            not parts
            or name.startswith("/")
            or "\\" in name
            or ".." in parts
            or ":" in parts[0]
            or "\x00" in name
        ):
            raise InputError(f"{path} is not a safe model package (path {name!r})")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InputError(f"{path} is not a safe model package (symbolic link {name!r})")
        if info.flag_bits & 0x1:
            raise InputError(f"{path} has an encrypted file ({name!r})")
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(
                f"{path}: {name!r} unpacks to {info.file_size:,} bytes, "
                f"over the {MAX_MEMBER_BYTES:,}-byte limit"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
            raise InputError(
                f"{path}: {name!r} unpacks to {info.file_size:,} bytes from "
                f"{info.compress_size:,} (a compression bomb?); refused"
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputError(f"{path} unpacks to more than {MAX_TOTAL_BYTES:,} bytes; refused")
    return members


def _checked_package(
    path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]
) -> tuple[str, PackageMetadata]:
    names = {i.filename for i in members}
    tops = {PurePosixPath(i.filename).parts[0] for i in members}
    if len(tops) != 1:
        # A flat archive would scatter files into the packages folder and break every listing.
        raise InputError(
            f"{path} is not an Argos model package "
            "(expected one top-level folder with metadata.json)"
        )
    top = tops.pop()
    if not _FOLDER.fullmatch(top):
        raise InputError(f"{path} is not a safe model package (folder name {top!r})")
    try:
        info = archive.getinfo(f"{top}/metadata.json")
    except KeyError:
        raise InputError(f"{path} is not an Argos model package (no metadata.json)") from None
    if info.file_size > MAX_METADATA_BYTES:
        raise InputError(
            f"{path}: metadata.json is {info.file_size:,} bytes, "
            f"over the {MAX_METADATA_BYTES:,}-byte limit"
        )
    try:
        meta = _parse_metadata(archive.read(info))
    except ValueError as exc:
        raise InputError(f"{path} is not a readable Argos model package: {exc}") from None
    if meta is None:
        raise InputError(f"{path} is not a translation package")
    named = _FOLDER_PAIR.match(top)
    if named and (named[1], named[2]) != (meta.from_code, meta.to_code):
        raise InputError(
            f"{path}: its folder {top!r} names {named[1]}→{named[2]}, "
            f"but the package is {meta.from_code}→{meta.to_code}; refused"
        )
    has_model = f"{top}/model/model.bin" in names
    has_tokenizer = any(f"{top}/{t}" in names for t in ("sentencepiece.model", "bpe.model"))
    if not has_model or not has_tokenizer:
        raise InputError(f"{path} lacks a CTranslate2 model or a tokenizer")
    return top, meta


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path) -> None:
    """Write one checked member under `dest`; zipfile checks its size and CRC as it reads."""
    target = dest.joinpath(*PurePosixPath(info.filename).parts)
    if info.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as src, open(target, "xb") as out:
        shutil.copyfileobj(src, out, 1 << 20)


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
    """Remove the installed en→lang packages; return what was removed.

    Each folder is renamed into the staging folder first, so a removal cut short never
    leaves a half-deleted package that looks installed.
    """
    removed = []
    for model in installed_models():
        if model.from_code == SOURCE_LANG and model.to_code == lang:
            with _staging(model.path.parent) as staging:
                os.replace(model.path, staging / model.path.name)
            removed.append(model)
    if not removed:
        raise ModelMissingError(f"no {SOURCE_LANG}→{lang} translation model installed")
    return removed
