"""Checks on SPARQL text before Oxigraph parses it: how deep and how long it is, what it fetches.

Oxigraph's parser and planner recurse once per nesting level and once per element of a chain
(``1+1+...``, ``{} UNION {} ...``, a row of BINDs or triple patterns): about 10,000 of them
overflow the stack of the process, which dies with a segmentation fault. ``check`` refuses such
a text with a QueryError first, counting with a lexer of its own that reads SPARQL's tokens as
Oxigraph does (codepoint escapes first, then IRIs, strings, comments and names). The rows of
``VALUES`` blocks and of ``INSERT DATA`` / ``DELETE DATA`` are flat lists, not chains: they do not
count towards the length, so data of any size still goes through.

``remote_targets`` lists what a text would make the engine fetch over the network: the endpoint
of each ``SERVICE`` and the document of each ``LOAD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import QueryError

MAX_DEPTH = 64  # brackets within brackets: real queries nest a handful deep
MAX_TERMS = 4000  # tokens outside VALUES and DATA blocks: the biggest named query has about 600

# SPARQL 1.1, 19.2: \uXXXX and \UXXXXXXXX are replaced everywhere before the text is parsed.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#[^\n\r]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
      | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      | (?P<quote>['"])
      | (?P<var>[?$][^\s<>"'{}()\[\],;.\#?$!=&|^*/+\-]+)
      | (?P<name>[^\s<>"'{}()\[\],;\#?$!=&|^*/+\-]*:[^\s<>"'{}()\[\],;\#?$!=&|^*/+]*)
      | (?P<word>[^\s<>"'{}()\[\],;\#?$!=&|^*/+\-]+)
      | (?P<punct>&&|\|\||!=|<=|>=|\^\^|.)
    """,
    re.X | re.S,
)
_OPEN, _CLOSE = "({[", ")}]"


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, name, word (a keyword, number or "a"), punct
    text: str


def _unescape(text: str) -> str:
    def char(m: re.Match[str]) -> str:
        code = int(m[1] or m[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m[0]

    return _CODEPOINT.sub(char, text)


def tokens(text: str) -> list[Token]:
    """SPARQL's tokens, without spaces and comments; raises QueryError on an unterminated string."""
    out = []
    for m in _TOKEN.finditer(_unescape(text)):
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "quote":
            line = text.count("\n", 0, m.start()) + 1
            raise QueryError(f"SPARQL syntax error: a string opened at line {line} is never closed")
        out.append(Token("string" if kind == "long" else kind, m[0]))
    return out


def _keyword(token: Token, *words: str) -> bool:
    return token.kind == "word" and token.text.upper() in words


def _data_blocks(toks: list[Token]) -> list[tuple[int, int]]:
    """The (start, end) token ranges of VALUES rows and INSERT/DELETE DATA blocks."""
    blocks = []
    for i, tok in enumerate(toks):
        if _keyword(tok, "VALUES"):
            opening = next((j for j in range(i + 1, len(toks)) if toks[j].text == "{"), None)
        elif _keyword(tok, "DATA") and i and _keyword(toks[i - 1], "INSERT", "DELETE"):
            opening = i + 1 if i + 1 < len(toks) and toks[i + 1].text == "{" else None
        else:
            continue
        if opening is None:
            continue
        depth = 0
        for j in range(opening, len(toks)):
            depth += toks[j].text == "{"
            depth -= toks[j].text == "}"
            if depth == 0:
                blocks.append((opening, j))
                break
    return blocks


def check(text: str, *, max_depth: int = MAX_DEPTH, max_terms: int = MAX_TERMS) -> list[Token]:
    """The text's tokens; raises QueryError when it nests deeper or runs longer than the engine can take."""
    toks = tokens(text)
    depth = deepest = 0
    for tok in toks:
        if tok.kind == "punct":
            if tok.text in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif tok.text in _CLOSE:
                depth -= 1
    if deepest > max_depth:
        raise QueryError(f"the query nests {deepest} brackets deep; kg accepts at most {max_depth} "
                         "(deeper would overflow the SPARQL engine's stack): write it flatter")
    in_data = sum(end - start + 1 for start, end in _merged(_data_blocks(toks)))
    terms = len(toks) - in_data
    if terms > max_terms:
        raise QueryError(f"the query is {terms} terms long; kg accepts at most {max_terms} outside VALUES and DATA blocks "
                         "(longer chains would overflow the SPARQL engine's stack): put long lists of values in a "
                         "VALUES block, or split the query")
    return toks


def _merged(blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges with nested ones (a VALUES inside a DATA block cannot be, but be safe) counted once."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(blocks):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


@dataclass(frozen=True)
class Remote:
    """Something a query or update would fetch: ``keyword`` is SERVICE or LOAD, ``target`` its IRI (None: not an IRI)."""

    keyword: str
    target: str | None


def remote_targets(toks: list[Token]) -> list[Remote]:
    """Each SERVICE and LOAD of a text's tokens, with the IRI it names when it names one in full."""
    out = []
    for i, tok in enumerate(toks):
        if not _keyword(tok, "SERVICE", "LOAD"):
            continue
        j = i + 1
        if j < len(toks) and _keyword(toks[j], "SILENT"):
            j += 1
        target = toks[j].text[1:-1] if j < len(toks) and toks[j].kind == "iri" else None
        out.append(Remote(tok.text.upper(), target))
    return out
