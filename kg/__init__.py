"""kg: news articles in, an RDF knowledge graph of roles, quotations, attacks and figures out.

The Python API mirrors the command line::

    import kg
    report = kg.build(["seeds/"], store=".kg")
    roles = kg.run_query("roles", store=".kg")        # a Table: .records(), .to_pandas()
    graph = kg.to_networkx(store=".kg")               # entities and facts as a networkx graph

Importing ``kg`` loads nothing heavy: spaCy, rdflib and the store load when first used. The
functions are ``kg.api``'s; no subpackage has the name of one of them, so importing a subpackage
never replaces a function with a module (``tests/test_api.py`` checks it).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = ("build", "evaluate", "export", "network_tables", "open_store", "remove", "run_query", "stats", "to_networkx",
        "validate", "viz")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
