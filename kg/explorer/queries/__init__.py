"""The explorer's SPARQL queries, as data (read with ``kg.explorer.graph.query``)."""
