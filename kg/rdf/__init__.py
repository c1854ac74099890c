"""RDF: the one IRI minter and vocabulary (``namespace``), an article's named graph (``graph``),
RDF terms as N-Triples text (``ntriples``), serialisation (``export``) and SHACL (``validate``)."""
