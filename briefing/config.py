"""Settings resolved once: flag > BRIEFING_* env > ./briefing.toml > defaults."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator

from briefing.errors import ConfigError, safe_url
from briefing.models import Strict

DEFAULT_TOPIC = "What does the Kremlin want from Trump?"
CONFIG_FILE = "briefing.toml"


class Settings(Strict):
    """Every tunable of briefing, with its default."""

    home: Path = Field(
        default=Path(".briefing"), description="State directory (database, cache, locks)."
    )
    corpus: Path = Path("seeds")
    out: Path = Path("outputs")
    topic: str = DEFAULT_TOPIC
    prompts: Path | None = Field(default=None, description="Folder of Jinja prompt templates.")
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    strategy: Literal["auto", "map-reduce", "single"] = "auto"
    unverified: Literal["keep", "drop"] = "keep"
    concurrency: int = Field(default=1, ge=1, le=64)
    timeout: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    passages: int = Field(
        default=16, ge=1, le=200, description="Passages retrieved for the prompt."
    )
    per_doc: int = Field(
        default=4, ge=1, description="At most this many passages from one document."
    )
    passage_tokens: int = Field(default=120, ge=20, le=2000)
    prompt_tokens: int = Field(default=3000, ge=200, description="Evidence budget of one prompt.")
    max_claims: int = Field(default=8, ge=1, le=50)
    support_threshold: float = Field(default=0.2, ge=0, le=1)
    no_cache: bool = False
    db_timeout: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Seconds to wait for another process's write lock on the state database.",
    )
    threads: int | None = Field(default=None, description="llama.cpp threads; default: all cores.")
    feeds: list[str] = Field(
        default_factory=list,
        description="Sources `briefing digest` imports first: feed or page URLs, files, URL lists.",
    )
    fetch_timeout: float = Field(default=30.0, gt=0, description="Seconds per import download.")
    fetch_retries: int = Field(default=3, ge=0, le=10, description="Retries on 429/5xx/timeouts.")
    max_download_mb: float = Field(
        default=20.0, gt=0, description="Largest page, PDF or feed `briefing import` downloads."
    )
    user_agent: str | None = Field(default=None, description="User-Agent of `briefing import`.")
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="model -> (USD per 1M prompt tokens, per 1M completion tokens).",
    )

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        """An http(s) URL with a host; empty means the embedded model."""
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL, e.g. http://localhost:11434/v1")
        try:
            _ = parts.port  # out-of-range ports raise here
        except ValueError:
            raise ValueError("has an invalid port") from None
        return value

    @property
    def chosen_strategy(self) -> Literal["map-reduce", "single"]:
        """The generation strategy, picked once (`generate.STRATEGIES` holds their types).

        `auto` is map-reduce for the small embedded model (measured: one big prompt gives it
        unsupported claims), single when a capable endpoint is configured.
        """
        if self.strategy != "auto":
            return self.strategy
        return "map-reduce" if not self.base_url else "single"

    @property
    def db_path(self) -> Path:
        """The SQLite file under the state directory."""
        return self.home / "briefing.db"

    def public_dict(self) -> dict[str, Any]:
        """Settings for manifests and logs: never the key."""
        data = self.model_dump(mode="json", exclude={"api_key"})
        data["api_key"] = "set" if self.api_key else None
        if self.base_url:
            data["base_url"] = safe_url(self.base_url)  # a key may ride in the URL
        return data


_ENV_FIELDS = {
    "home": "BRIEFING_HOME",
    "corpus": "BRIEFING_CORPUS",
    "out": "BRIEFING_OUT",
    "topic": "BRIEFING_TOPIC",
    "prompts": "BRIEFING_PROMPTS",
    "base_url": "BRIEFING_BASE_URL",
    "model": "BRIEFING_MODEL",
    "api_key": "BRIEFING_API_KEY",
    "strategy": "BRIEFING_STRATEGY",
    "unverified": "BRIEFING_UNVERIFIED",
    "concurrency": "BRIEFING_CONCURRENCY",
    "timeout": "BRIEFING_TIMEOUT",
    "max_retries": "BRIEFING_MAX_RETRIES",
    "passages": "BRIEFING_PASSAGES",
    "per_doc": "BRIEFING_PER_DOC",
    "no_cache": "BRIEFING_NO_CACHE",
    "threads": "BRIEFING_THREADS",
    "db_timeout": "BRIEFING_DB_TIMEOUT",
    "fetch_timeout": "BRIEFING_FETCH_TIMEOUT",
    "fetch_retries": "BRIEFING_FETCH_RETRIES",
    "max_download_mb": "BRIEFING_MAX_DOWNLOAD_MB",
    "user_agent": "BRIEFING_USER_AGENT",
}


def read_toml(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Read briefing.toml (top level or a [briefing] table); return values and warnings."""
    warnings: list[str] = []
    if not path.is_file():
        return {}, warnings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from exc
    if isinstance(data.get("briefing"), dict):
        data = data["briefing"]
    if "api_key" in data:
        mode = path.stat().st_mode
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            warnings.append(
                f"{path} holds an API key and is readable by other users: run `chmod 600 {path}`"
                " or move the key to OPENAI_API_KEY"
            )
    return data, warnings


def load_settings(
    flags: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> tuple[Settings, list[str]]:
    """Resolve settings by precedence; return them with any warnings for the user."""
    env = dict(os.environ) if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    merged, warnings = read_toml(cwd / CONFIG_FILE)
    unknown = set(merged) - set(Settings.model_fields)
    if unknown:
        raise ConfigError(
            f"{cwd / CONFIG_FILE}: unknown setting(s) {', '.join(sorted(unknown))};"
            f" known: {', '.join(sorted(Settings.model_fields))}"
        )
    for field, var in _ENV_FIELDS.items():
        if env.get(var, "") != "":
            merged[field] = env[var]
    # The conventional variable, used by every OpenAI client; BRIEFING_API_KEY wins.
    if "api_key" not in merged and env.get("OPENAI_API_KEY"):
        merged["api_key"] = env["OPENAI_API_KEY"]
    for key, value in (flags or {}).items():
        if value is not None:
            merged[key] = value
    if isinstance(merged.get("no_cache"), str):
        merged["no_cache"] = merged["no_cache"].lower() in {"1", "true", "yes", "on"}
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        source = _ENV_FIELDS.get(field, f"--{field.replace('_', '-')}")
        raise ConfigError(
            f"setting {field!r} is invalid ({err['msg']}): fix {source} or {CONFIG_FILE}"
        ) from exc
    if not settings.home.is_absolute():
        settings.home = (cwd / settings.home).resolve()
    return settings, warnings
