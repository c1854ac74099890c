"""Where kg's shipped data files are: the named queries (``queries/``) and the ontology (``ontology/``).

Both folders live at the top of the repository, where users read them, and ship inside the
installed package as ``kg.queries`` and ``kg.ontology``. Python started in a source checkout (a
REPL, ``python -c``, a notebook opened in the repository folder) imports the checkout's ``kg/``
ahead of any installed copy, and there those two packages do not exist: the folders beside
``kg/`` are read instead, so the same files answer either way.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import KgError

SHIPPED = ("queries", "ontology")


def shipped(name: str) -> Traversable:
    """The folder of shipped files ``name`` (``queries`` or ``ontology``), installed or in the checkout."""
    if name not in SHIPPED:
        raise ValueError(f"no shipped folder {name!r}")
    try:
        return files(f"kg.{name}")
    except ModuleNotFoundError:
        pass
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise KgError(f"kg's {name} folder is missing from {checkout.parent}: reinstall kg (pip install kg, "
                  "or pip install . in its source folder)")
