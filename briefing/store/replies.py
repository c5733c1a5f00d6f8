"""The reply cache a store hands the model client: either backend's cache, one interface."""

from __future__ import annotations

from typing import Any, Protocol


class _CachingStore(Protocol):
    """A store that keeps model replies by request hash."""

    def _cache_get(self, key: str) -> dict[str, Any] | None: ...

    def _cache_put(self, key: str, response: dict[str, Any]) -> None: ...


class StoreReplies:
    """The model-response cache (`core.protocols.ReplyCache`) of a store: replies by request hash."""

    def __init__(self, store: _CachingStore) -> None:
        self._store = store

    def get(self, key: str) -> dict[str, Any] | None:
        """A cached model response by request hash."""
        return self._store._cache_get(key)

    def put(self, key: str, response: dict[str, Any]) -> None:
        """Remember a model response under its request hash."""
        self._store._cache_put(key, response)
