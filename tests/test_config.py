from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings, load_settings
from briefing.errors import BriefingError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(__import__("os").environ):
        if key.startswith("BRIEFING_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def test_defaults() -> None:
    s = load_settings()
    assert s.langs == ["en", "ko", "ru"]
    assert s.formats == ["md", "pdf"]
    assert s.paper == "a4"
    assert s.spacy_model == "en_core_web_sm"


def test_precedence_file_env_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('paper = "letter"\nbeam_size = 3\nlangs = ["en"]\nout_dir = "from-file"\n')
    s = load_settings(cfg)
    assert (s.paper, s.beam_size, s.langs, s.out_dir) == ("letter", 3, ["en"], Path("from-file"))

    monkeypatch.setenv("BRIEFING_BEAM_SIZE", "5")
    monkeypatch.setenv("BRIEFING_LANGS", '["en","ru"]')
    s = load_settings(cfg)
    assert (s.paper, s.beam_size, s.langs) == ("letter", 5, ["en", "ru"])

    s = load_settings(cfg, beam_size=7, langs="ko", paper=None)
    assert (s.paper, s.beam_size, s.langs) == ("letter", 7, ["ko"])


def test_xdg_config_file_is_found(tmp_path: Path) -> None:
    cfg = tmp_path / "xdg" / "briefing" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('paper = "letter"\n')
    assert load_settings().paper == "letter"


def test_config_env_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "other.toml"
    cfg.write_text('formats = ["md"]\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(cfg))
    assert load_settings().formats == ["md"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("paper = 'a5'\n", "invalid setting paper"),
        ("no_such_setting = 1\n", "invalid setting no_such_setting"),
        ("langs = ['en', 'de']\n", "unknown language 'de'"),
        ("this is not toml", "cannot read config"),
    ],
)
def test_bad_config(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(content)
    with pytest.raises(BriefingError, match=message):
        load_settings(cfg)


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="config file not found"):
        load_settings(tmp_path / "missing.toml")


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{field}` |" in readme, f"setting {field} missing from the README settings table"
