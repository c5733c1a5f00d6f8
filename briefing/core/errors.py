"""The error hierarchy: every message says the problem and the fix."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit


class BriefingError(Exception):
    """Base of every error briefing raises on purpose; the CLI turns it into one line."""

    exit_code = 2


class ConfigError(BriefingError):
    """A setting, flag or configuration file is wrong."""


class CorpusError(BriefingError):
    """The corpus directory or one of its files cannot be used."""


class StoreError(BriefingError):
    """The state database is missing, corrupt or locked."""


class ModelError(BriefingError):
    """The model endpoint cannot be reached or refused the request."""


class ModelOutputError(BriefingError):
    """The model answered, but not in a usable shape (after the re-ask)."""

    def __init__(self, message: str, raw: str = "") -> None:
        super().__init__(message)
        self.raw = raw


class FetchError(BriefingError):
    """A source to import could not be downloaded (HTTP error, timeout, size cap, robots.txt)."""


class ExtractError(BriefingError):
    """A source to import was read but holds no usable article (encrypted PDF, no text, bad feed)."""


class NoEvidenceError(BriefingError):
    """Retrieval found nothing for the topic; there is nothing to brief on."""

    exit_code = 1


class LockedError(BriefingError):
    """Another briefing process holds the lock on the state directory."""


# Key-shaped strings: OpenAI-style secret keys and bearer tokens.
_KEY_SHAPED = re.compile(r"(sk-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})")


def redact(text: str, *secrets: str, shapes: bool = True) -> str:
    """Mask the given secrets and (with `shapes`) anything key-shaped, in text that may echo a server."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    if not shapes:
        return text
    return _KEY_SHAPED.sub(
        lambda m: "sk-***" if m.group(0).startswith("sk-") else "Bearer ***", text
    )


def safe_url(url: str) -> str:
    """A URL fit for messages and manifests: no user:password@, no query values."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = "&".join(
        f"{kv.split('=', 1)[0]}=***" if "=" in kv else kv for kv in parts.query.split("&")
    )
    return redact(urlunsplit((parts.scheme, netloc, parts.path, query if parts.query else "", "")))
