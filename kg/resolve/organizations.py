"""Organisations: one identity for the names and abbreviations of one organisation ("U.N.", "United Nations").

The aliases are data (``data/organizations.tsv``); an organisation the table does not know keeps
its own name, folded so that spellings of it meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.resolve.data import rows
from kg.resolve.names import fold


@dataclass(frozen=True)
class _OrgAliases:
    canonical: dict[str, str]  # folded alias -> canonical name
    names: dict[str, str]  # canonical -> display name


@cache
def _org_aliases() -> _OrgAliases:
    canonical: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in rows("organizations.tsv"):
        display, *aliases = row
        key = fold(display)
        names[key] = display
        for alias in (display, *aliases):
            canonical[fold(alias)] = key
    return _OrgAliases(canonical, names)


def org_identity(name: str) -> tuple[str, str]:
    """(key, display name) of an organisation, folding known aliases ("U.N.") into one name."""
    aliases = _org_aliases()
    folded = fold(re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.I))
    folded = re.sub(r"\borganisation\b", "organization", folded)
    folded = re.sub(r"\bdefen[cs]e\b", "defence", folded)
    canonical = aliases.canonical.get(folded, folded)
    return f"organization:{canonical}", aliases.names.get(canonical, name.strip())


def is_known_org(name: str) -> bool:
    return fold(name) in _org_aliases().canonical


@cache
def long_names_pattern() -> re.Pattern[str]:
    """The table's names and aliases of three words or more as one pattern, longest first: names the model
    often cuts short ("the Office of the United Nations" of the Office of the UN High Commissioner for Human Rights)."""
    found = {name for row in rows("organizations.tsv") for name in row if len(name.split()) >= 3}
    names = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(found, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w.])(?:{names})(?![\w])", re.IGNORECASE)
