"""Opening the state a configuration names: SQLite under BRIEFING_HOME, or the team archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.store.sqlite import Store
from briefing.text import passages

if TYPE_CHECKING:
    from briefing.core.config import Settings
    from briefing.core.protocols import CommandStore


def open_state(settings: Settings) -> CommandStore:
    """The state for these settings, seen from their corpus (close it when done)."""
    # The one place the tokenizer learns its offline cache: every command and library call
    # that chunks or counts tokens opens the store first.
    passages.set_tiktoken_cache(settings.home)
    if settings.database_url:
        # Imported only for an archive: psycopg is not loaded by SQLite users.
        from briefing.store.postgres import PostgresStore

        return PostgresStore.open(
            settings.database_url,
            settings.corpus,
            timeout=settings.db_timeout,
            machine=settings.machine,
        )
    return Store.open(settings.db_path, settings.corpus, timeout=settings.db_timeout)
