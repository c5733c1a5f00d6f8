"""Settings resolved once: flag > BRIEFING_* env > ./briefing.toml > defaults."""

from __future__ import annotations

import difflib
import json
import math
import os
import stat
import tomllib
from pathlib import Path, PurePath
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator

from briefing.core import dburl
from briefing.core.errors import BriefingError, ConfigError, safe_url
from briefing.core.files import DEFAULT_MAX_FILE_MB, read_capped
from briefing.core.models import Strict

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
        default=32, ge=1, le=200, description="Passages retrieved for the prompt."
    )
    per_doc: int = Field(
        default=4,
        ge=1,
        description="At most this many map calls from one document (map-reduce reads twice as many passages).",
    )
    map_calls: int = Field(
        default=16,
        ge=1,
        le=200,
        description="map-reduce: model calls, one per sentence triage chose as an answer.",
    )
    passage_tokens: int = Field(default=120, ge=20, le=2000)
    prompt_tokens: int = Field(default=3000, ge=200, description="Evidence budget of one prompt.")
    max_claims: int = Field(default=8, ge=1, le=50)
    support_threshold: float = Field(default=0.2, ge=0, le=1)
    embeddings: Literal["auto", "off"] = Field(
        default="auto",
        description="Sentence embeddings for retrieval and merging: auto (if installed) or off.",
    )
    judge: Literal["auto", "off", "model"] = Field(
        default="auto",
        description="model: ask the model about the checks' soft doubts (only its no rejects)"
        " and whether each claim they pass is entailed (it can only reject); auto: on for any"
        " endpoint but the embedded model, which judges at chance; off: checks only.",
    )
    no_cache: bool = False
    db_timeout: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Seconds to wait for another process's write lock on the state database.",
    )
    database_url: str | None = Field(
        default=None,
        description="postgresql://user@host/db: the state on a PostgreSQL server (a team archive);"
        " unset: SQLite under home.",
    )
    machine: str | None = Field(
        default=None,
        description="This machine's name in a team archive, which keys its corpus folders"
        " (machine:path); default: the host name.",
    )
    threads: int | None = Field(
        default=None, ge=1, description="llama.cpp threads; default: all cores."
    )
    ingest_workers: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description="Processes that parse and chunk files during ingest; default: one per core"
        " (1: all in the ingesting process).",
    )
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
    max_file_mb: float = Field(
        default=DEFAULT_MAX_FILE_MB,
        gt=0,
        description="Largest corpus file ingest, verify and the HTML page read (MB).",
    )
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="model -> (USD per 1M prompt tokens, per 1M completion tokens).",
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """`per_doc = true` is a mistake, not 1: numbers must be written as numbers; and a
        whole number as a whole number, whether in briefing.toml or a variable (`1e2`)."""
        field = cls.model_fields.get(info.field_name or "")
        kinds = {field.annotation, *get_args(field.annotation)} if field is not None else set()
        numeric = bool({int, float} & kinds)
        if isinstance(value, bool) and numeric:
            raise ValueError("must be a number, not true/false")
        if isinstance(value, float) and int in kinds and float not in kinds:
            raise ValueError("must be a whole number, written without a decimal point or exponent")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _utf8(cls, value: Any) -> Any:
        """A byte that is not UTF-8 on the command line arrives as a lone surrogate ("\\udcff"):
        say so here instead of failing deep inside a tokenizer."""
        text = os.fspath(value) if isinstance(value, PurePath) else value
        if isinstance(text, str):
            bad = next((i for i, ch in enumerate(text) if "\ud800" <= ch <= "\udfff"), None)
            if bad is not None:
                raise ValueError(
                    f"is not UTF-8 text (byte 0x{ord(text[bad]) - 0xDC00:02x} at position {bad});"
                    " rename it with UTF-8 characters"
                )
        return value

    @field_validator("timeout", "db_timeout", "fetch_timeout", "max_download_mb", "max_file_mb")
    @classmethod
    def _finite(cls, value: float, info: ValidationInfo) -> float:
        """inf or nan would wait (or read) forever: every limit is a real number; and a size
        limit under a kilobyte rounds to nothing ("larger than the 0 MB limit")."""
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        if info.field_name in ("max_download_mb", "max_file_mb") and value < MIN_SIZE_MB:
            raise ValueError(f"must be at least {MIN_SIZE_MB} (one kilobyte)")
        return value

    @field_validator("prices")
    @classmethod
    def _finite_prices(
        cls, value: dict[str, tuple[float, float]]
    ) -> dict[str, tuple[float, float]]:
        """Prices are finite, non-negative USD amounts."""
        for model, pair in value.items():
            if not all(math.isfinite(p) and p >= 0 for p in pair):
                raise ValueError(f"{model!r} needs two finite, non-negative numbers")
        return value

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

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        """A postgresql:// URL naming a database; empty means SQLite under home."""
        return dburl.check_postgres_url(value) if value else None

    @field_validator("machine")
    @classmethod
    def _machine(cls, value: str | None) -> str | None:
        """A name without ':' (the corpus key is machine:path); empty means the host name."""
        if value and (":" in value or not value.strip()):
            raise ValueError("must be a plain name without ':', e.g. newsroom-importer")
        return value or None

    @property
    def chosen_strategy(self) -> Literal["map-reduce", "single"]:
        """The generation strategy, picked once (`generation.strategies.STRATEGIES` holds their types).

        `auto` is map-reduce for the small embedded model (measured: one big prompt gives it
        unsupported claims), single when a capable endpoint is configured.
        """
        if self.strategy != "auto":
            return self.strategy
        return "map-reduce" if not self.base_url else "single"

    def judge_on(self, *, embedded: bool) -> bool:
        """Whether the model judge runs on an endpoint (`auto`: any but the embedded model)."""
        if self.judge == "auto":
            return not embedded
        return self.judge == "model"

    @property
    def max_file_bytes(self) -> int:
        """`max_file_mb` in bytes: the largest corpus file briefing reads."""
        return int(self.max_file_mb * 1024 * 1024)

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
        if self.database_url:
            data["database_url"] = dburl.mask(self.database_url)  # so may a password
        return data


# Every setting has its variable, BRIEFING_<NAME>: derived from the model, so a new setting
# cannot lack one (the README's settings table is tested against the same model).
_ENV_FIELDS = {field: f"BRIEFING_{field.upper()}" for field in Settings.model_fields}


def env_var(field: str) -> str:
    """The environment variable of a setting."""
    return _ENV_FIELDS[field]


def _from_env(field: str, raw: str) -> Any:
    """A variable's text as the setting's value: lists and tables are written as JSON."""
    if field == "feeds" and not raw.lstrip().startswith("["):
        return raw.split()  # one source per line or separated by spaces, as in a URL list
    if field not in ("feeds", "prices"):
        return raw
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        example = (
            '["https://example.org/feed.rss"]' if field == "feeds" else '{"my-model": [0.5, 1.5]}'
        )
        raise ConfigError(
            f"{_ENV_FIELDS[field]} is not valid JSON ({exc.msg} at character {exc.pos}):"
            f" write it like {example}, or set {field} in {CONFIG_FILE}"
        ) from exc


# Settings that also have a command-line flag (on some command), for error hints.
_FLAGS = {
    "corpus": "--corpus",
    "out": "--out",
    "topic": "--topic",
    "base_url": "--base-url",
    "model": "--model",
    "api_key": "--api-key",
    "strategy": "--strategy",
    "unverified": "--unverified",
    "concurrency": "--concurrency",
    "no_cache": "--no-cache",
    "database_url": "--database-url",
}
MAX_TOML_BYTES = 1024 * 1024


def read_toml(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Read briefing.toml (top level or a [briefing] table); return values and warnings."""
    warnings: list[str] = []
    if not path.exists():
        return {}, warnings
    try:
        raw = read_capped(path, MAX_TOML_BYTES, "a briefing.toml holds a few settings")
        data = tomllib.loads(raw.decode("utf-8"))
    except BriefingError as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read ({exc.strerror or exc}); check its permissions"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from exc
    if isinstance(data.get("briefing"), dict):
        data = data["briefing"]
    secret_url = isinstance(data.get("database_url"), str) and dburl.password_of(
        data["database_url"]
    )
    if secret_url and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.append(
            f"{path} holds a database password and is readable by other users: run"
            f" `chmod 600 {path}` or move the password to ~/.pgpass"
        )
    if "api_key" in data:
        mode = path.stat().st_mode
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            warnings.append(
                f"{path} holds an API key and is readable by other users: run `chmod 600 {path}`"
                " or move the key to OPENAI_API_KEY"
            )
    return data, warnings


MIN_SIZE_MB = 0.001
_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"0", "false", "no", "off"})


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
    _check_env_names(env)
    # Where each value came from, so an invalid one is reported at the place to fix it.
    origin = {field: f"{field} in {cwd / CONFIG_FILE}" for field in merged}
    for field, var in _ENV_FIELDS.items():
        if env.get(var, "") != "":
            merged[field] = _from_env(field, env[var])
            origin[field] = var
    # The conventional variable, used by every OpenAI client; BRIEFING_API_KEY wins.
    if "api_key" not in merged and env.get("OPENAI_API_KEY"):
        merged["api_key"] = env["OPENAI_API_KEY"]
        origin["api_key"] = "OPENAI_API_KEY"
    for key, value in (flags or {}).items():
        if value is not None:
            merged[key] = value
            # Flags are named after their setting (`out` is --out, `per_doc` is --per-doc).
            origin[key] = f"--{key.replace('_', '-')}"
    if isinstance(merged.get("no_cache"), str):
        word = merged["no_cache"].strip().lower()
        if word not in _YES | _NO:
            # "maybe" was silently false: a typo must not turn the cache back on unnoticed.
            raise ConfigError(
                f"setting 'no_cache' is {merged['no_cache']!r}: use one of"
                f" {', '.join(sorted(_YES | _NO))} in {origin.get('no_cache', CONFIG_FILE)}"
            )
        merged["no_cache"] = word in _YES
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        top = str(err["loc"][0]) if err["loc"] else field
        source = origin.get(top, _ENV_FIELDS.get(top, CONFIG_FILE))
        raise ConfigError(f"setting {field!r} is invalid ({err['msg']}): fix {source}") from exc
    if not settings.home.is_absolute():
        settings.home = (cwd / settings.home).resolve()
    if settings.prompts is not None:
        prompts = settings.prompts if settings.prompts.is_absolute() else cwd / settings.prompts
        if not prompts.is_dir():
            what = "is not a folder" if prompts.exists() else "does not exist"
            raise ConfigError(
                f"prompts folder {settings.prompts} {what}: fix {_sources('prompts')}, or unset"
                " it to use the shipped prompts"
            )
    return settings, warnings


def _sources(field: str) -> str:
    """Where a setting can be fixed: its flag, its variable, briefing.toml (those it has)."""
    places = [p for p in (_FLAGS.get(field), _ENV_FIELDS.get(field)) if p]
    return " or ".join([*places, f"{field} in {CONFIG_FILE}"])


def _check_env_names(env: dict[str, str]) -> None:
    """A misspelled BRIEFING_* variable is an error, as a misspelled briefing.toml key is."""
    known = set(_ENV_FIELDS.values())
    unknown = sorted(v for v in env if v.startswith("BRIEFING_") and v not in known)
    if not unknown:
        return
    name = unknown[0]
    # "BRIEFING_passages" is BRIEFING_PASSAGES in the wrong case, not BRIEFING_OUT.
    close = [name.upper()] if name.upper() in known else []
    close = close or difflib.get_close_matches(name, sorted(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ConfigError(
        f"unknown environment variable {name}{hint}: rename or unset it;"
        f" known: {', '.join(sorted(known))}"
    )
