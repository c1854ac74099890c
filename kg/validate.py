"""Check a store against kg's SHACL shapes (``ontology/shapes.ttl``)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kg.export import export
from kg.namespace import Minter
from kg.store import Store


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: str
    triples: int


def shapes() -> Graph:
    g = Graph()
    g.parse(data=files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def validate_graph(data: Graph) -> Validation:
    conforms, _, text = shacl_validate(data, shacl_graph=shapes(), inference="none", allow_warnings=True)
    return Validation(bool(conforms), str(text), len(data))


def validate_store(store: Store, *, minter: Minter | None = None) -> Validation:
    """Validate the union of the store's graphs."""
    data = Graph()
    data.parse(data=export(store, fmt="ntriples", minter=minter), format="nt")
    return validate_graph(data)
