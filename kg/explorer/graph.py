"""The browsing graph: the store's entities and facts as nodes and labelled edges, for drawing.

People, organisations and places are nodes; so are quotations and claimed figures (tied to their
speaker or claimant), and the days on which places were attacked, so that places attacked on the
same day meet on the timeline. Roles are edges ("mayor of"), as are "said", "claims", "attacked"
(attacker to place) and "attacked on" (place to day). Every edge and every node keeps the IRIs of
the facts behind it, so the page can show their source sentences.

Only what choosing and drawing a view needs is read here, for the whole store at once; source
sentences, quotation texts and article lists are read later, for the chosen nodes only
(``kg.explorer.details``), which keeps big stores quick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.query import named_queries
from kg.rdf.namespace import PREFIXES
from kg.store import Store
from kg.store.queries import sparql

ENTITY_KINDS = ("person", "organization", "place")
KINDS = (*ENTITY_KINDS, "date", "quote", "figure")

# The entities query is the named one (queries/entities.rq); the others are in queries/ here and
# follow its way of writing for Oxigraph: each triple pattern a sub-SELECT of its own, joined whole
# by hashing (see README). A fact's triples are repeated in the graph of every article that reports
# it, and the union default graph returns each copy: matching a fact's pattern across graphs would
# multiply the copies (a role reported by 50 articles, five patterns: 50^5 rows). Each pattern is
# matched inside one article's graph, so a fact gives one row per article reporting it.

@dataclass(frozen=True, slots=True)
class Node:
    """Something drawn: an entity (keyed by IRI), a quotation or figure (its fact's IRI), or a day."""

    key: str
    kind: str
    label: str
    score: int  # articles naming the entity, reporting the fact, or reporting attacks that day


@dataclass(frozen=True, slots=True)
class Fact:
    """A role, quotation, attack or figure: the nodes it involves, the main one first."""

    iri: str
    family: str  # role, quote, attack, figure
    nodes: tuple[str, ...]
    label: str  # the role's name, the start of the quotation, the figure in words, the attack's day
    score: int  # articles reporting it


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    label: str
    family: str
    facts: tuple[str, ...]


@dataclass
class BrowseGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def node_facts(self) -> dict[str, list[str]]:
        """For each node, the facts that involve it (its panel lists them)."""
        out: dict[str, list[str]] = defaultdict(list)
        for fact in self.facts.values():
            for key in dict.fromkeys(fact.nodes):
                out[key].append(fact.iri)
        return out


def query(name: str, **values: str) -> str:
    """The text of one of the explorer's queries (``queries/NAME.rq``)."""
    return sparql(name, package="kg.explorer.queries", **values)


def prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def select_rows(store: Store, sparql: str) -> Iterator[dict[str, str]]:
    """Rows of a SELECT as plain strings (unbound variables, and empty strings, left out)."""
    columns, rows = store.select(prefixes() + sparql)
    for row in rows:
        yield {c: v for c, v in zip(columns, row) if v}


def figure_words(count: str, measure: str, group: str | None, qualifier: str | None) -> str:
    """``at least 2,000 civilians killed``."""
    number = f"{int(count):,}" if count.lstrip("-").isdigit() else count
    return " ".join(w for w in (qualifier, number, group, measure) if w)


class _Builder:
    def __init__(self) -> None:
        self.g = BrowseGraph()
        self.edge_facts: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)

    def node(self, key: str, kind: str, label: str, score: int) -> None:
        old = self.g.nodes.get(key)
        if old is None:
            self.g.nodes[key] = Node(key, kind, label, score)
        elif kind == "date":  # a day's score adds up the reports of every attack on it
            self.g.nodes[key] = Node(key, kind, label, old.score + score)

    def edge(self, source: str, target: str, label: str, family: str, fact: str) -> None:
        self.edge_facts[(source, target, label, family)].append(fact)

    def fact(self, fact: Fact) -> None:
        self.g.facts[fact.iri] = fact

    def done(self) -> BrowseGraph:
        self.g.edges = [Edge(s, t, label, family, tuple(sorted(set(facts))))
                        for (s, t, label, family), facts in sorted(self.edge_facts.items())]
        return self.g


def collect(store: Store) -> BrowseGraph:
    """The whole browsing graph of the store."""
    b = _Builder()
    columns, rows = store.select(named_queries()["entities"].text)
    at = [columns.index(c) for c in ("entity", "name", "type", "articleCount")]
    for r in rows:
        entity, name, kind, count = (r[i] for i in at)
        b.node(entity, kind, name, int(count))
    entities = set(b.g.nodes)
    alts: dict[str, list[str]] = defaultdict(list)
    for r in select_rows(store, query("alt_labels")):
        if r["entity"] in entities:
            alts[r["entity"]].append(r["alt"])
    b.g.alt_labels = {e: tuple(sorted(set(a))) for e, a in alts.items()}

    for r in select_rows(store, query("roles")):
        person, org, n = r["person"], r.get("org"), int(r["n"])
        if person not in entities:
            continue
        org = org if org in entities else None
        b.fact(Fact(r["fact"], "role", (person, org) if org else (person,), r["role"], n))
        if org:
            b.edge(person, org, f"{r['role']} of", "role", r["fact"])

    for r in select_rows(store, query("quotes")):
        speaker = r.get("speaker")
        if speaker not in entities:
            continue  # an unattributed quotation has nobody to hang from; the quotes query lists it
        # Cut here, not in SPARQL: Virtuoso's SUBSTR fails on long strings out of an aggregate.
        start = " ".join(r["start"][:200].split())[:80]
        b.fact(Fact(r["fact"], "quote", (speaker, r["fact"]), start, int(r["n"])))
        b.node(r["fact"], "quote", start, int(r["n"]))
        b.edge(speaker, r["fact"], "said", "quote", r["fact"])

    attackers: dict[str, list[str]] = defaultdict(list)
    for r in select_rows(store, query("attackers")):
        if r["attacker"] in entities:
            attackers[r["fact"]].append(r["attacker"])
    for r in select_rows(store, query("attacks")):
        place, day, n = r["place"], r.get("date", ""), int(r["n"])
        if place not in entities:
            continue
        parties = [place]
        if day:
            b.node(day, "date", day, n)
            b.edge(place, day, "attacked on", "attack", r["fact"])
            parties.append(day)
        for attacker in sorted(attackers[r["fact"]]):
            b.edge(attacker, place, "attacked", "attack", r["fact"])
            parties.append(attacker)
        b.fact(Fact(r["fact"], "attack", tuple(parties), day, n))

    for r in select_rows(store, query("figures")):
        claimant, place, n = r.get("claimant"), r.get("place"), int(r["n"])
        claimant = claimant if claimant in entities else None
        place = place if place in entities else None
        if not claimant and not place:
            continue  # nobody claims it and it is nowhere: the figures query lists it
        words = figure_words(r["count"], r["measure"], r.get("group"), r.get("qualifier"))
        b.node(r["fact"], "figure", words, n)
        if claimant:
            b.edge(claimant, r["fact"], "claims", "figure", r["fact"])
        if place:
            b.edge(r["fact"], place, "in", "figure", r["fact"])
        b.fact(Fact(r["fact"], "figure", tuple(x for x in (claimant, r["fact"], place) if x), words, n))
    return b.done()
