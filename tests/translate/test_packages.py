"""Model packages: list, install from a file or the index (a loopback server), remove."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

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
