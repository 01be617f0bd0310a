"""Settings: defaults, then a TOML file, then BRIEFING_* variables, then CLI flags."""

from __future__ import annotations

import ipaddress
import json
import os
import tomllib
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from .errors import BriefingError, ExitCode, InputError, first_problem
from .io import read_text_bounded
from .vocabulary import LANGS, Device, Format, Lang, Layout, Paper, PdfVariant

APP = "briefing"
# Settings, feeds and glossary files are a few KB; anything past this is not one of them.
MAX_SETTINGS_FILE_BYTES = 1_000_000


def default_config_path() -> Path:
    """Return the config file path in the user's XDG config directory."""
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def usable_cores() -> int:
    """Return the CPUs this process may use: what `threads` and `workers` 0 stand for."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _csv(value: Any) -> Any:
    """Read a list given as text: a JSON array ('["en","ko"]') or comma-separated (en,ko)."""
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            try:
                return json.loads(value)
            except ValueError:
                raise ValueError(
                    f'cannot read the list {value!r}: write en,ko or ["en","ko"]'
                ) from None
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


# Lists read from BRIEFING_* variables as text, so that `_csv` sees them before pydantic-settings
# would parse them as JSON: BRIEFING_LANGS=en,ko was a SettingsError, an internal error.
CsvList = NoDecode


class Settings(BaseSettings):
    """Every setting of briefing; each field is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="BRIEFING_", extra="forbid", validate_default=True)

    # extraction
    spacy_model: str = Field("en_core_web_sm", description="spaCy pipeline used for extraction.")
    max_bytes: int = Field(5_000_000, gt=0, description="Largest article file accepted, in bytes.")
    # output
    out_dir: Path = Field(Path("out"), description="Where build writes its files.")
    langs: Annotated[list[Lang], CsvList] = Field(
        list(LANGS), description="Languages to write (en, ko, ru)."
    )
    formats: Annotated[list[Format], CsvList] = Field(["md", "pdf"], description="Output formats.")
    paper: Paper = Field("a4", description="PDF paper size.")
    layout: Layout = Field("brief", description="Page layout.")
    author: str = Field("briefing", description="Author written into the PDF metadata.")
    pdf_variant: PdfVariant | None = Field(
        None,
        description="PDF variant: ua-1 (tagged, accessible) or a-3u (archival); unset: plain PDF.",
    )
    # translation
    strict: bool = Field(False, description="Fail when a language cannot be built.")
    glossary: Path | None = Field(
        None, description="User glossary TOML that adds or overrides names."
    )
    beam_size: int = Field(2, ge=1, le=16, description="Beam size for machine translation.")
    batch_size: int = Field(32, ge=1, description="Sentences per translation batch.")
    threads: int = Field(
        0, ge=0, description="CPU threads for translation, one sub-batch each (0: one per core)."
    )
    compute_type: str | None = Field(
        None,
        description="CTranslate2 compute type (int8, float32, ...); unset: int8 on the CPU, "
        "int8_float16 on CUDA.",
    )
    device: Device = Field("auto", description="Where translation runs: auto, cpu or cuda.")
    translation_retry: bool = Field(
        True,
        description="Translate a sentence again with other decoding when its output loops.",
    )
    cache_dir: Path = Field(
        Path(platformdirs.user_cache_dir(APP)), description="Translation cache directory."
    )
    # digest
    state: Path = Field(
        Path(platformdirs.user_data_dir(APP)) / "state.sqlite3",
        description="Digest state database.",
    )
    feeds: Path | None = Field(None, description="Feeds file (TOML) for digest.")
    workers: int = Field(0, ge=0, description="Digest worker processes (0: one per core).")
    timeout: float = Field(
        20.0,
        gt=0,
        allow_inf_nan=False,
        description="Network timeout in seconds: all of one request (connect, headers, body).",
    )
    deadline: float = Field(
        3600.0,
        gt=0,
        allow_inf_nan=False,
        description="Longest a digest run may take, in seconds; what is left waits for the next.",
    )
    max_items: int = Field(50, ge=1, description="Most new items briefed in one digest run.")
    # web desk (briefing serve)
    serve_token: SecretStr | None = Field(
        None, description="Token the web desk asks for (required when it listens beyond loopback)."
    )
    serve_workers: int = Field(
        0, ge=0, description="Briefs the web desk builds at a time (0: one per core)."
    )
    serve_queue: int = Field(
        100, ge=1, description="Most web desk jobs waiting to be built; more are refused (503)."
    )
    jobs_dir: Path = Field(
        Path(platformdirs.user_data_dir(APP)) / "jobs",
        description="Where the web desk keeps its jobs: input, facts and files.",
    )
    jobs_retention: float = Field(
        7.0, gt=0, description="Days a finished web desk job and its files are kept."
    )
    # network
    allowed_networks: Annotated[list[str], CsvList] = Field(
        [],
        description="Networks (CIDRs) that links found in feeds may reach besides public ones.",
    )

    _validate_csv = field_validator("formats", mode="before")(lambda cls, v: _csv(v))

    @field_validator("langs", mode="before")
    @classmethod
    def _known_langs(cls, v: Any) -> Any:
        v = _csv(v)
        unknown = [x for x in v if x not in LANGS] if isinstance(v, list) else []
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r} (choose from {', '.join(LANGS)})")
        return v

    @field_validator("allowed_networks", mode="before")
    @classmethod
    def _networks(cls, v: Any) -> Any:
        v = _csv(v)
        for network in v if isinstance(v, list) else []:
            try:
                ipaddress.ip_network(str(network), strict=False)
            except ValueError:
                raise ValueError(f"{network!r} is not a network (e.g. 10.1.0.0/16)") from None
        return v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # CLI flags arrive as init kwargs and win; the TOML file is merged in load_settings.
        return (init_settings, env_settings)


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Load settings from the config file, the environment and explicit overrides.

    `config` defaults to $BRIEFING_CONFIG, else the XDG config file if it exists.
    Overrides that are None are ignored, so CLI options can be passed straight through.
    """
    path = config or (
        Path(os.environ["BRIEFING_CONFIG"]) if os.environ.get("BRIEFING_CONFIG") else None
    )
    explicit = path is not None
    path = path or default_config_path()
    file_values: dict[str, Any] = {}
    if path.exists():
        try:
            file_values = tomllib.loads(read_text_bounded(path, MAX_SETTINGS_FILE_BYTES))
        except InputError as exc:
            raise BriefingError(f"cannot read config {exc}", ExitCode.USAGE) from None
        except tomllib.TOMLDecodeError as exc:
            raise BriefingError(f"cannot read config {path}: {exc}", ExitCode.USAGE) from None
    elif explicit:
        raise BriefingError(f"config file not found: {path}", ExitCode.USAGE)
    flags = {k: v for k, v in overrides.items() if v is not None}
    env_keys = {k[len("BRIEFING_") :].lower() for k in os.environ if k.startswith("BRIEFING_")}
    # Precedence: file < environment < flags. pydantic-settings gives init kwargs priority over
    # the environment, so file values the environment also sets are dropped before merging.
    merged = {k: v for k, v in file_values.items() if k not in env_keys} | flags
    try:
        return Settings(**merged)
    except SettingsError as exc:  # a BRIEFING_* variable pydantic-settings cannot read
        raise BriefingError(f"invalid setting: {exc}", ExitCode.USAGE) from None
    except ValidationError as exc:
        raise BriefingError(
            f"invalid setting {first_problem(exc, 'settings')}", ExitCode.USAGE
        ) from None
