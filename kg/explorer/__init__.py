"""The HTML explorer: ``kg viz`` (a package named for what it makes, so that it does not shadow the ``kg.viz`` function).

``graph`` reads the store as nodes and labelled edges, ``select`` chooses the view (the most
important nodes, a neighbourhood, or a query's result), ``details`` reads the facts and source
sentences of the chosen nodes, ``layout`` places them, and ``page`` writes the self-contained page
whose script (``templates/explorer.js``) searches, filters, focuses and shows provenance.
"""

from __future__ import annotations

from kg.errors import KgError
from kg.explorer.details import details
from kg.explorer.graph import BrowseGraph, collect
from kg.explorer.page import payload, render
from kg.explorer.select import View, around, find, of_result, top
from kg.query import ANSWER, Table, run_query
from kg.store import Store

__all__ = ["BrowseGraph", "View", "collect", "explorer", "view_of"]


def view_of(store: Store, graph: BrowseGraph, *, focus: str | None, depth: int, max_nodes: int, query: str | None) -> tuple[View, str]:
    """The view to draw and the page's title."""
    if query:
        table = run_query(store, query)
        if not isinstance(table, Table) or table.columns == ANSWER:
            raise KgError(f"kg viz --query draws the result of a SELECT query; {query!r} is not one")
        # IRIs only: a date in a result is a value, not a day to draw (attack days come with their attacks).
        iris = {cell for row in table.rows for cell in row
                if cell in graph.facts or cell in graph.nodes and graph.nodes[cell].kind != "date"}
        if not iris:
            raise KgError(f"the result of {query!r} ({len(table.rows)} rows) names no entity or fact to draw; "
                          "return IRIs of entities (?person, ?place...) or of facts (?quote, ?event, ?figure)")
        return of_result(graph, iris, max_nodes=max_nodes), f"kg: query {query}"
    if focus:
        if not graph.nodes:
            raise KgError("the store is empty; build it first")
        starts = find(graph, focus)
        if not starts:
            raise KgError(f"no entity named {focus!r} in the store; kg query entities lists them")
        return around(graph, starts, depth=depth, max_nodes=max_nodes), f"kg: {focus} (depth {depth})"
    return top(graph, max_nodes=max_nodes), "kg graph"


def explorer(store: Store, *, focus: str | None = None, depth: int = 2, max_nodes: int = 300, query: str | None = None) -> str:
    """The explorer page for the store, a neighbourhood in it, or a query's result."""
    graph = collect(store)
    view, title = view_of(store, graph, focus=focus, depth=depth, max_nodes=max_nodes, query=query)
    note = ""
    if view.hidden:
        more = (f", or more at once with kg viz --max-nodes {min(view.total, max(1000, 2 * max_nodes))}"
                if len(view.keys) >= max_nodes else "")
        if not focus and not query:
            note = (f"Showing {len(view.keys):,} of {view.total:,} nodes: the most reported entities with the facts that join "
                    f"them, and their quotations and figures. Search finds every name; draw one with kg viz --focus NAME{more}.")
        else:
            note = (f"Showing the {len(view.keys):,} most reported of {view.total:,} nodes. Search finds the others by name; "
                    f"draw them with kg viz --focus NAME{more}.")
    return render(payload(graph, view, details(store, graph, view), title=title, note=note))
