"""The store boundary: embedded Oxigraph on disk or a SPARQL 1.1 server, behind one ``Store``.

Callers ask the store for what they need (a SELECT as rows, quads, counts, an update) through its
methods; ``writer`` writes articles and keeps the corpus graph in step, ``snapshots`` lets readers
read while a build writes, ``results`` and ``ordering`` read and sort SELECT results, and
``queries/`` holds the SPARQL the store runs for kg itself.
"""

from kg.store.store import (
    DEFAULT_STORE,
    ENV_STORE,
    MERGED_DEFAULT_GRAPH,
    TOKEN_ENV,
    NotATable,
    Store,
    default_location,
    hold_store,
    is_remote,
    open_store,
    prefixes,
)

__all__ = ["DEFAULT_STORE", "ENV_STORE", "MERGED_DEFAULT_GRAPH", "TOKEN_ENV", "NotATable", "Store", "default_location", "hold_store",
           "is_remote", "open_store", "prefixes"]
