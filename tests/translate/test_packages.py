"""Model packages: list, install from a file or the index (a loopback server), remove."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import InputError, ModelMissingError, NetworkError
from briefing.translate import packages


def test_install_from_file_list_and_remove(
    empty_argos: Path, built_packages: dict[str, Path]
) -> None:
    assert packages.installed_models() == []
    assert packages.find_model("ru") is None
    installed = packages.install_file(built_packages["ru"])
    assert (installed.from_code, installed.to_code, installed.version) == ("en", "ru", "0.1")
    assert installed.path.parent == empty_argos and installed.size > 0
    assert packages.require_model("ru") == installed
    newer = packages.install_file(built_packages["ru-0.2"])  # replaces, never two versions
    assert [m.version for m in packages.installed_models()] == ["0.2"] and newer.version == "0.2"
    assert [m.version for m in packages.remove("ru")] == ["0.2"]
    assert packages.installed_models() == []
    with pytest.raises(ModelMissingError, match="no en→ru translation model installed"):
        packages.remove("ru")


def test_a_stray_folder_does_not_break_listing(
    empty_argos: Path, built_packages: dict[str, Path]
) -> None:
    (empty_argos / "junk").mkdir()
    (empty_argos / "junk" / "model.bin").write_bytes(b"")
    packages.install_file(built_packages["ko"])
    assert [m.to_code for m in packages.installed_models()] == ["ko"]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


META = json.dumps(
    {"type": "translate", "from_code": "en", "to_code": "ko", "package_version": "1"}
).encode()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"metadata.json": META, "model/model.bin": b"x", "sentencepiece.model": b"x"},
            "one top-level folder",
        ),
        ({"p/model/model.bin": b"x", "p/sentencepiece.model": b"x"}, "no metadata.json"),
        ({"p/metadata.json": b"{", "p/model/model.bin": b"x"}, "not a readable"),
        ({"p/metadata.json": META, "p/sentencepiece.model": b"x"}, "lacks a CTranslate2 model"),
        ({"p/metadata.json": META, "p/../../evil": b"x"}, "not a safe"),
        ({"p/metadata.json": json.dumps({"type": "sbd"}).encode()}, "not a translation package"),
    ],
)
def test_bad_package_files_are_refused_before_extracting(
    empty_argos: Path, tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        packages.install_file(_zip(tmp_path / "bad.argosmodel", members))
    assert list(empty_argos.iterdir()) == []


def test_not_a_zip_and_missing_file(empty_argos: Path, tmp_path: Path) -> None:
    text = tmp_path / "x.argosmodel"
    text.write_text("hello")
    with pytest.raises(InputError, match="not a zip"):
        packages.install_file(text)
    with pytest.raises(InputError, match="not found"):
        packages.install_file(tmp_path / "nope.argosmodel")


def test_install_from_the_index_with_progress(empty_argos: Path, index_server: dict) -> None:
    seen: list[tuple[str, int, int | None]] = []
    installed = packages.install_from_index(["ko"], progress=lambda *a: seen.append(a))
    assert [(m.to_code, m.version) for m in installed] == [("ko", "0.1")]
    assert packages.require_model("ko").path.parent == empty_argos
    assert seen and seen[-1][1] == seen[-1][2] and all(s[0] == "translate-en_ko" for s in seen)
    assert [b for _, b, _ in seen] == sorted(b for _, b, _ in seen)


def test_index_problems_are_one_line_errors(
    empty_argos: Path, index_server: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(NetworkError, match=r"cannot download translate-en_ru .*404"):
        packages.install_from_index(["ru"])
    with pytest.raises(InputError, match="has no en→ja package"):
        packages.install_from_index(["ja"])
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    with pytest.raises(NetworkError) as err:
        packages.install_from_index(["ko"], timeout=2)
    assert str(err.value).startswith(
        "cannot reach the Argos model index (http://127.0.0.1:9/index.json)"
    )
    assert "\n" not in str(err.value)
    assert packages.installed_models() == []


def test_the_real_index_address_is_blocked_in_tests(
    empty_argos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argostranslate import settings

    monkeypatch.setattr(
        settings,
        "remote_package_index",
        "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json",
    )
    with pytest.raises(NetworkError, match="cannot reach the Argos model index"):
        packages.install_from_index(["ko"], timeout=2)


# --------------------------------------------------------------------------- hostile archives


def rezip(
    src: Path,
    dest: Path,
    *,
    top: str | None = None,
    meta: dict[str, object] | None = None,
    extra: dict[str, bytes] | None = None,
    corrupt: str | None = None,
    symlink: str | None = None,
) -> Path:
    """Copy a package archive with one thing changed: folder name, metadata, members, a CRC."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        old_top = zin.namelist()[0].split("/")[0]
        new_top = top or old_top
        for info in zin.infolist():
            data = zin.read(info)
            name = new_top + info.filename[len(old_top) :]
            if info.filename.endswith("/metadata.json") and meta is not None:
                data = json.dumps(json.loads(data) | meta).encode()
            zout.writestr(name, data, zipfile.ZIP_STORED if corrupt else zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            zout.writestr(f"{new_top}/{name}", data)
        if symlink:
            link = zipfile.ZipInfo(f"{new_top}/{symlink}")
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            zout.writestr(link, "/etc/passwd")
    if corrupt:  # flip one byte of a stored member's data: its CRC no longer matches
        raw = bytearray(dest.read_bytes())
        with zipfile.ZipFile(dest) as zf:
            info = zf.getinfo(f"{new_top}/{corrupt}")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        raw[start + info.file_size // 2] ^= 0xFF
        dest.write_bytes(bytes(raw))
    return dest


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def installed_pair(empty_argos: Path, built_packages: dict[str, Path]) -> Path:
    packages.install_file(built_packages["ko"])
    packages.install_file(built_packages["ru"])
    return empty_argos


BAD_ARCHIVES: dict[str, tuple[dict[str, Any], str]] = {
    "bad-crc": ({"corrupt": "model/model.bin"}, "damaged archive: Bad CRC-32"),
    "zip-slip": ({"extra": {"../../evil": b"x"}}, "not a safe model package (path"),
    "symlink": ({"symlink": "model/vocab.txt"}, "symbolic link"),
    "ratio-bomb": ({"extra": {"zeros.bin": bytes(64 << 20)}}, "a compression bomb?"),
    # Random text: it barely compresses, so only the size limit can stop it.
    "big-metadata": ({"meta": {"description": os.urandom(1_000_000).hex()}}, "is 2,"),
    "bad-code": ({"meta": {"to_code": "../../ko"}}, "metadata.json to_code: String should"),
    "long-version": ({"meta": {"package_version": "9" * 100}}, "package_version"),
    "no-pair": ({"meta": {"from_code": None}}, "metadata.json from_code"),
    "other-pairs-folder": ({"top": "translate-en_ru-tiny"}, "names en→ru, but the package is"),
}


@pytest.mark.parametrize("case", list(BAD_ARCHIVES))
def test_a_bad_archive_leaves_the_installed_models_as_they_were(
    installed_pair: Path, built_packages: dict[str, Path], tmp_path: Path, case: str
) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    changes, message = BAD_ARCHIVES[case]
    bad = rezip(built_packages["ko"], tmp_path / f"{case}.argosmodel", **changes)
    before = snapshot(installed_pair)
    listed = CliRunner().invoke(main, ["models", "list"])
    result = CliRunner().invoke(main, ["models", "install", "--file", str(bad)])
    assert result.exit_code == 3, result.output
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert snapshot(installed_pair) == before  # byte for byte
    again = CliRunner().invoke(main, ["models", "list"])
    assert (again.stdout, again.stderr) == (listed.stdout, listed.stderr)
    assert sorted(
        p.name for p in installed_pair.parent.iterdir() if "briefing-install" in p.name
    ) in (
        [],
        [f".{installed_pair.name}.briefing-install.lock"],
    )  # no staging folder left behind


def test_a_package_cannot_take_the_folder_of_another_pair(
    installed_pair: Path, built_packages: dict[str, Path], tmp_path: Path
) -> None:
    # The installed ru package lives in a folder whose name does not say its pair.
    ru = next(m for m in packages.installed_models() if m.to_code == "ru")
    ru.path.rename(installed_pair / "shared")
    before = snapshot(installed_pair)
    bad = rezip(built_packages["ko"], tmp_path / "ko-shared.argosmodel", top="shared")
    with pytest.raises(InputError, match=r"its folder 'shared' is the installed en→ru package"):
        packages.install_file(bad)
    assert snapshot(installed_pair) == before


def test_limits_on_the_total_size(
    installed_pair: Path, built_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packages, "MAX_TOTAL_BYTES", 1000)
    before = snapshot(installed_pair)
    with pytest.raises(InputError, match="unpacks to more than 1,000 bytes"):
        packages.install_file(built_packages["ru-0.2"])
    assert snapshot(installed_pair) == before


def test_a_good_archive_replaces_the_old_version_in_one_swap(
    installed_pair: Path, built_packages: dict[str, Path]
) -> None:
    ko_before = {k: v for k, v in snapshot(installed_pair).items() if "_ko" in k}
    newer = packages.install_file(built_packages["ru-0.2"])
    assert [(m.to_code, m.version) for m in packages.installed_models()] == [
        ("ko", "0.1"),
        ("ru", "0.2"),
    ]
    assert newer.path.parent == installed_pair
    assert {k: v for k, v in snapshot(installed_pair).items() if "_ko" in k} == ko_before


def test_a_swap_cut_short_by_a_kill_is_finished_by_the_next_install(
    installed_pair: Path, built_packages: dict[str, Path]
) -> None:
    # Killed between "old one renamed aside" and "new one renamed in": ko is aside.
    ko = next(m for m in packages.installed_models() if m.to_code == "ko")
    aside = installed_pair.parent / f".{installed_pair.name}.briefing-install" / "old"
    aside.mkdir(parents=True)
    ko.path.rename(aside / f"0-{ko.path.name}")
    assert [m.to_code for m in packages.installed_models()] == ["ru"]
    packages.install_file(built_packages["ru-0.2"])
    assert [(m.to_code, m.version) for m in packages.installed_models()] == [
        ("ko", "0.1"),
        ("ru", "0.2"),
    ]
    assert not aside.parent.exists()


def test_a_broken_package_is_flagged_and_never_used(
    empty_argos: Path, built_packages: dict[str, Path]
) -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    packages.install_file(built_packages["ko"])
    ko = packages.require_model("ko")
    # A half-copied package: metadata but no model (what an interrupted unzip leaves).
    half = empty_argos / "translate-en_ru-half"
    half.mkdir()
    (half / "metadata.json").write_bytes(
        (ko.path / "metadata.json").read_bytes().replace(b'"ko"', b'"ru"')
    )
    (empty_argos / "translate-en_xx").mkdir()  # no metadata at all
    assert [m.to_code for m in packages.installed_models()] == ["ko"]
    assert packages.find_model("ru") is None
    result = CliRunner().invoke(main, ["models", "list"])
    assert result.exit_code == 0
    assert "en→ko" in result.stdout and "half" not in result.stdout
    assert f"{half}: not a usable translation package (no model/model.bin)" in result.stderr
    assert "translate-en_xx: not a usable translation package (no metadata.json)" in result.stderr
