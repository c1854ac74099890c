"""kg's named SPARQL queries, shipped as package data (``importlib.resources.files("kg.queries")``)."""
