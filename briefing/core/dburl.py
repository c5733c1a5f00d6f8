"""Database URLs: which backend a URL names, and the URL with its password masked.

Imported by `config` (validation, manifests) without importing psycopg: only opening a
PostgreSQL store (`pgstore`) needs the driver.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

PG_SCHEMES = ("postgresql", "postgres")
# libpq reads a password from these query parameters as well as from user:password@.
_SECRET_PARAMS = frozenset({"password", "sslpassword"})


def is_postgres(url: str) -> bool:
    """Whether the URL names a PostgreSQL server (postgresql:// or postgres://)."""
    return urlsplit(url).scheme.lower() in PG_SCHEMES


def check_postgres_url(url: str) -> str:
    """The URL if libpq can read it as a server address; ValueError saying the fix otherwise."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # an out-of-range or non-numeric port raises here
    except ValueError:
        raise ValueError(
            "is not a readable URL (a bad port?): write it like"
            " postgresql://analyst@db.example.org:5432/briefing"
        ) from None
    if parts.scheme.lower() not in PG_SCHEMES:
        raise ValueError(
            "must be a postgresql:// URL, e.g. postgresql://analyst@db.example.org/briefing;"
            " unset it to keep the state in SQLite under BRIEFING_HOME"
        )
    if not parts.path.strip("/") and not dict(parse_qsl(parts.query)).get("dbname"):
        raise ValueError(
            "names no database: add it after the host, e.g. postgresql://analyst@db.example.org/briefing"
        )
    return url


def password_of(url: str) -> str:
    """The password the URL carries (user:password@ or ?password=), or ''."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.password:
        return unquote(parts.password)
    return next((v for k, v in parse_qsl(parts.query) if k in _SECRET_PARAMS), "")


def mask(url: str) -> str:
    """The URL fit for messages, doctor and manifests: user and host kept, any password ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{host}" if ":" in userinfo else f"{user}@{host}"
    query = urlencode(
        [(k, "***" if k in _SECRET_PARAMS else v) for k, v in parse_qsl(parts.query)], safe="*/"
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:///path URL (or a plain path to a .db file); None if it is neither."""
    if url.startswith("sqlite:///"):
        return Path(unquote(url[len("sqlite://") :]))
    if "://" not in url:
        return Path(url)
    return None
