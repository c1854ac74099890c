"""The errors kg raises. Each message tells the user what went wrong and what to do about it."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input file (or one line of it) cannot be read as an article."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


class ModelError(KgError):
    """The spaCy pipeline asked for cannot be loaded."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class StoreInUse(StoreError):
    """Another process holds the store for writing."""


class StorageError(StoreError):
    """The disk or the store's own files failed: disk full, an input/output error, a damaged store."""


class QueryError(KgError):
    """A SPARQL query is unknown, unreadable or rejected by the engine."""


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""

    def __init__(self, report: str) -> None:
        super().__init__(report)
        self.report = report
