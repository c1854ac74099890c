"""The name an entity goes by across the corpus, and the other names articles give it.

Each article graph names an entity with ``rdfs:label`` (the words it used) and, where the
gazetteer or the organisation table knows the entity, ``schema:name`` (that table's name); a
described entity's ``schema:name`` is the name kg composed for it ("city council of Mariupol" for
"the city council of the besieged Ukrainian city of Mariupol"). The
preferred name is a function of how many articles give each name, not of the order they came in:
the table's name when there is one (the most common, then alphabetical), else a full name over a
single word, then the name most articles use, then the longer, then alphabetical.
"""

from __future__ import annotations

from collections import Counter

# (schema:name counts, rdfs:label counts) of one entity: how many article graphs give each name.
NameCounts = tuple[Counter[str], Counter[str]]


def preferred_label(names: Counter[str], labels: Counter[str]) -> str | None:
    """The name an entity goes by across the corpus (see the module docstring)."""
    if names:
        return min(names, key=lambda n: (-names[n], n))
    if not labels:
        return None
    return min(labels, key=lambda n: (len(n.split()) < 2, -labels[n], -len(n.split()), n))


def corpus_labels(counts: NameCounts) -> tuple[str, list[str]] | None:
    """The preferred name and every other name, sorted; None for an entity no article names."""
    names, labels = counts
    pref = preferred_label(names, labels)
    if pref is None:
        return None
    return pref, [alt for alt in sorted(set(labels) | set(names)) if alt != pref]


def moved(total: NameCounts, removed: NameCounts | None, added: NameCounts | None) -> NameCounts:
    """The counts after one article graph's names are replaced: ``total - removed + added``.

    Names no article gives any more are dropped.
    """
    names, labels = Counter(total[0]), Counter(total[1])
    for side, sign in ((removed, -1), (added, 1)):
        if side is not None:
            for counter, delta in zip((names, labels), side):
                for label, n in delta.items():
                    counter[label] += sign * n
    return +names, +labels
