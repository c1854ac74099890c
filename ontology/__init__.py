"""kg's ontology and SHACL shapes, shipped as package data (``importlib.resources.files("kg.ontology")``)."""
