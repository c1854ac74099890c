"""``kg serve``: the HTTP SPARQL endpoint (``app``), the engine process that owns the store
(``engine``), content negotiation (``negotiate``) and the query page's template."""
