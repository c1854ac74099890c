"""What the server refuses before a request reaches its engine: text the engine could not survive,
and queries or updates that would make it fetch from other servers.

Oxigraph runs ``SERVICE`` (a query sent to another endpoint) and ``LOAD`` (a document fetched
and added) over HTTP from the server's own machine. Any page a browser opens can send the server
a query (an ``<img>`` GET, a form posted by script), so without a refusal a query could make the
server reach any address this machine reaches, read the answers back, and tell open ports from
closed ones (server-side request forgery). Both are refused unless the server was started with
``--allow-remote`` naming the endpoint or document, as Jena refuses SERVICE unless told to.
"""

from __future__ import annotations

from kg.errors import QueryError
from kg.store import guard


def allowed(target: str, allow: tuple[str, ...]) -> bool:
    """Whether an IRI is on the allow-list: equal to an entry, or under an entry that ends with ``/``."""
    return any(target == entry or entry.endswith("/") and target.startswith(entry) for entry in allow)


def refusal(text: str, *, allow_remote: tuple[str, ...] = ()) -> str | None:
    """Why the server refuses this query or update (one line), or None."""
    try:
        tokens = guard.check(text)
    except QueryError as exc:
        return str(exc)
    for remote in guard.remote_targets(tokens):
        what = "endpoint" if remote.keyword == "SERVICE" else "document"
        if remote.target is None:
            return (f"{remote.keyword} must name its {what} as a full IRI in angle brackets on this server, "
                    "so that it can be checked against kg serve's --allow-remote")
        if not allowed(remote.target, allow_remote):
            return (f"{remote.keyword} <{remote.target}> refused: this server does not fetch from other servers unless "
                    f"told to (a query could make it reach any address its machine can); to let it, restart kg serve "
                    f"with --allow-remote {remote.target}")
    return None
