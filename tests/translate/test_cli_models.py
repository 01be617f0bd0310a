"""`briefing models list|install|remove` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "vostochny-summit.txt"


@pytest.fixture
def runner() -> CliRunner:
    return (
        CliRunner(mix_stderr=False)
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames
        else CliRunner()
    )


def test_list_install_file_and_remove(
    runner: CliRunner, empty_argos: Path, built_packages: dict[str, Path]
) -> None:
    result = runner.invoke(main, ["models", "list"])
    assert result.exit_code == 0 and "run: briefing models install ko ru" in result.stdout

    result = runner.invoke(
        main,
        [
            "models",
            "install",
            "--file",
            str(built_packages["ko"]),
            "--file",
            str(built_packages["ru"]),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("installed translate-en_") == 2

    result = runner.invoke(main, ["models", "list", "--json"])
    listed = json.loads(result.stdout)
    assert {(m["from"], m["to"], m["version"]) for m in listed} == {
        ("en", "ko", "0.1"),
        ("en", "ru", "0.1"),
    }
    assert all(Path(m["path"]).parent == empty_argos and m["size"] > 0 for m in listed)

    result = runner.invoke(main, ["models", "list"])
    assert "en→ko  translate-en_ko 0.1" in result.stdout

    result = runner.invoke(main, ["models", "remove", "ko"])
    assert result.exit_code == 0 and "removed translate-en_ko 0.1" in result.stdout
    result = runner.invoke(main, ["models", "remove", "ko"])
    assert result.exit_code == 5
    assert result.stderr == "briefing: error: no en→ko translation model installed\n"


def test_unreachable_index_is_one_line_and_exit_8(
    runner: CliRunner, empty_argos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    result = runner.invoke(main, ["models", "install", "ko", "ru"])
    assert result.exit_code == 8
    assert result.stderr.startswith("briefing: error: cannot reach the Argos model index")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["models", "install", "ja"], 2),  # not a language briefs are written in
        (["models", "install", "ko", "--file", "x.argosmodel"], 2),
        (["models", "install", "--file", "missing.argosmodel"], 3),
        (["models", "remove"], 2),
    ],
)
def test_usage_errors(runner: CliRunner, empty_argos: Path, args: list[str], code: int) -> None:
    assert runner.invoke(main, args).exit_code == code


def test_install_from_the_index(runner: CliRunner, empty_argos: Path, index_server: dict) -> None:
    result = runner.invoke(main, ["models", "install", "ko"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("installed translate-en_ko 0.1")
    assert "/index.json" in index_server["requests"]


def test_build_with_cuda_on_a_machine_without_a_gpu_exits_2_and_writes_nothing(
    runner: CliRunner, tiny_argos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_DEVICE", "cuda")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["build", str(SAMPLE), "--lang", "en,ko", "--format", "md", "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "finds no CUDA device" in result.stderr
    assert not out.exists() or not any(out.iterdir())
