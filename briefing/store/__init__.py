"""The state store: documents, passages, the search index, runs and the reply cache.

`sqlite` is the backend under BRIEFING_HOME (`schema` its migrations, `connection` the
database file); `index` holds its BM25 postings. Only this
package runs SQL; the stages see a store through `core.protocols.StateStore`.
"""

from briefing.store.connection import (
    check,
    connect,
    is_read_only,
    migrate,
    read_only_message,
    set_aside,
    transaction,
)
from briefing.store.schema import MIGRATIONS
from briefing.store.sqlite import Store, root_key

__all__ = [
    "MIGRATIONS",
    "Store",
    "check",
    "connect",
    "is_read_only",
    "migrate",
    "read_only_message",
    "root_key",
    "set_aside",
    "transaction",
]
