"""The SPARQL the store runs for kg itself (the writer's reads and updates, stats): ``.rq`` queries, ``.ru`` updates.

A file is a ``string.Template``: ``$name`` marks what the caller fills in (IRIs or a VALUES list,
always as N-Triples terms from ``kg.rdf.ntriples``). Prefixes are the store's (``kg.rdf.namespace``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template


@cache
def _template(package: str, name: str) -> Template:
    folder = files(package)
    path = folder.joinpath(f"{name}.rq")
    if not path.is_file():
        path = folder.joinpath(f"{name}.ru")
    return Template(path.read_text(encoding="utf-8").rstrip("\n"))


def sparql(name: str, *, package: str = __name__, **values: str) -> str:
    """The text of query or update ``name`` of ``package`` (this folder by default), with ``values`` filled in."""
    template = _template(package, name)
    return template.substitute(values) if values else template.template
