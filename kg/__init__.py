"""kg: news articles in, an RDF knowledge graph of roles, quotations, attacks and figures out.

The Python API mirrors the command line::

    import kg
    report = kg.pipeline.build(["seeds/"], store=".kg")
    rows = kg.run_query("roles", store=".kg")

Importing ``kg`` loads nothing heavy: spaCy, rdflib and the store load when first used.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = ("build", "evaluate", "export", "open_store", "remove", "run_query", "validate", "stats", "viz")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
