"""A malformed query's error as a person can act on it: where it is (line and column, with the line
and a caret under the place), and what the parser wanted, without its lists of character ranges."""

from __future__ import annotations

import re

_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)
# The parser lists the characters it would have accepted as ranges ("['A' ..= 'Z' | ...]"): noise here.
_RANGES = re.compile(r"\[[^\[\]]*(?:'|\.\.=)[^\[\]]*\]")
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")


def _location(exc: BaseException) -> tuple[int, int, str] | None:
    match = _AT.match(str(exc).strip())
    if match:
        return int(match.group(1)), int(match.group(2)), match.group(3)
    line, column = getattr(exc, "lineno", None), getattr(exc, "col", None) or getattr(exc, "offset", None)
    if isinstance(line, int) and isinstance(column, int):
        return line, column, getattr(exc, "msg", None) or str(exc)
    return None


def _expected(message: str) -> str:
    if "Prefix not found" in message:
        return ""
    alternatives = [a.strip() for a in _RANGES.sub("", " ".join(message.split())).split(",")]
    text = ", ".join(a for a in alternatives if a and a not in ("expected one of", "[_]"))
    return text.replace("expected one of ,", "expected one of").rstrip(", ")


def explain(query: str, exc: BaseException, *, what: str = "SPARQL") -> str:
    """One message for a syntax error in ``query``: the place, the wanted, the line with a caret."""
    found = _location(exc)
    if found is None:
        return f"{what} syntax error: {' '.join(str(exc).split())}"
    line, column, message = found
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in message and (m := _PREFIXED.search(text[: max(0, column - 1)])):
        wanted = f"unknown prefix '{m.group(1) or ''}:' (declare it: PREFIX {m.group(1) or ''}: <...>)"
    else:
        wanted = _expected(message) or " ".join(message.split())
    caret = " " * max(0, min(column - 1, len(text))) + "^"
    return f"{what} syntax error at line {line}, column {column}: {wanted}\n  {text}\n  {caret}"
