"""Score a store against a gold file of facts, family by family, through the named queries.

The gold file (``tests/gold/seeds.json`` is the reference) lists, per article, the roles, direct
quotations, attacks and figures a careful reader finds, plus entity merges and near-duplicates.
Names are compared spelling-insensitively (``kg.resolve.names``) against lists of acceptable names.
A near-duplicate article's gold facts that its original also states are dropped before scoring,
as the named queries drop them from the store's answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.query import Table
from kg.resolve.names import fold, name_key

QUERIES = ("articles", "entities", "roles", "quotes", "attacks", "figures", "contested_figures")


@dataclass(frozen=True)
class Score:
    family: str
    gold: int
    system: int
    matched_gold: int
    matched_system: int
    extra: dict[str, float] = field(default_factory=dict)
    missed: tuple[str, ...] = ()  # gold facts the store lacks
    spurious: tuple[str, ...] = ()  # store facts the gold lacks
    wrong: tuple[str, ...] = ()  # matched facts with a wrong detail (speaker, date, claimant)

    @property
    def precision(self) -> float:
        return self.matched_system / self.system if self.system else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm(name: str) -> str:
    text = fold(name)
    return re.sub(r"^(?:the|a|an) ", "", text)


def names_match(system: str, acceptable: Iterable[str | None]) -> bool:
    """Does the store's name match one of the acceptable names (None: no name is acceptable)?"""
    for option in acceptable:
        if option is None:
            if not system:
                return True
        elif system and (_norm(system) == _norm(option) or name_key(_norm(system)) == name_key(_norm(option))):
            return True
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def text_overlap(a: str, b: str) -> float:
    """Token F1 of two texts."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    if not common:
        return 0.0
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r)


def match_pairs(gold: list[dict], system: list[dict], same: Callable[[dict, dict], float]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching, best pairs first; ``same`` scores a pair (0 means no match)."""
    scored = sorted(((same(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(system)), key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for score, gi, si in scored:
        if score <= 0 or gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def _unmatched(items: list[dict], pairs: list[tuple[dict, dict]], side: int, show: Callable[[dict], str]) -> tuple[str, ...]:
    used = {id(p[side]) for p in pairs}
    return tuple(show(i) for i in items if id(i) not in used)


def _drop_duplicated(items: list[dict], duplicates: dict[str, str], key: Callable[[dict], object]) -> list[dict]:
    """A near-duplicate's facts that its original also states count once, under the original."""
    keys = {(i["article"], key(i)) for i in items}
    return [i for i in items if not (i["article"] in duplicates and (duplicates[i["article"]], key(i)) in keys)]


def score_roles(gold: list[dict], rows: list[dict]) -> Score:
    def same(g: dict, s: dict) -> float:
        return float(g["article"] == s["articleId"] and names_match(s["personName"], [g["person"]])
                     and fold(g["role"]) == fold(s["role"]) and names_match(s["orgName"], g["org"]))

    pairs = match_pairs(gold, rows, same)
    return Score("roles", len(gold), len(rows), len(pairs), len(pairs),
                 missed=_unmatched(gold, pairs, 0, lambda g: f"{g['article'][:3]} {g['person']} | {g['role']} | {g['org']}"),
                 spurious=_unmatched(rows, pairs, 1, lambda s: f"{s['articleId'][:3]} {s['personName']} | {s['role']} | {s['orgName']}"))


def score_quotes(gold: list[dict], rows: list[dict]) -> Score:
    direct = [r for r in rows if r["kind"] == "direct"]

    def same(g: dict, s: dict) -> float:
        if g["article"] != s["articleId"]:
            return 0.0
        overlap = text_overlap(g["text"], s["text"])
        return overlap if overlap >= 0.5 else 0.0

    pairs = match_pairs(gold, direct, same)
    spans = sum(text_overlap(g["text"], s["text"]) for g, s in pairs)
    speakers = sum(names_match(s["speakerName"], g["speaker"]) for g, s in pairs)
    return Score("quotes", len(gold), len(direct), len(pairs), len(pairs),
                 {"speaker accuracy": speakers / len(pairs) if pairs else 0.0,
                  "span overlap": spans / len(pairs) if pairs else 0.0},
                 missed=_unmatched(gold, pairs, 0, lambda g: f"{g['article'][:3]} {g['speaker'][0]}: {g['text'][:60]}"),
                 spurious=_unmatched(direct, pairs, 1, lambda s: f"{s['articleId'][:3]} {s['speakerName']}: {s['text'][:60]}"),
                 wrong=tuple(f"{g['article'][:3]} {s['speakerName'] or '(none)'} for {g['speaker'][0]}: {g['text'][:50]}"
                             for g, s in pairs if not names_match(s["speakerName"], g["speaker"])))


def score_attacks(gold: list[dict], rows: list[dict], undated: set[str]) -> Score:
    gold_places = {(g["article"], g["place"]) for g in gold}
    system_places: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        system_places.setdefault((r["articleId"], r["placeName"]), set()).add(r["date"])
    gold_list = [{"article": a, "place": p} for a, p in sorted(gold_places)]
    system_list = [{"article": a, "place": p, "dates": d} for (a, p), d in sorted(system_places.items())]
    pairs = match_pairs(gold_list, system_list, lambda g, s: float(g["article"] == s["article"] and names_match(s["place"], [g["place"]])))
    dated = [g for g in gold if g["date"]]
    found = {(g["article"], g["place"]): s for g, s in pairs}
    correct = sum(1 for g in dated if g["date"] in found.get((g["article"], g["place"]), {}).get("dates", set()))
    guessed = sum(1 for r in rows if r["articleId"] in undated and r["date"])
    return Score("attacks", len(gold_list), len(system_list), len(pairs), len(pairs),
                 {"date accuracy": correct / len(dated) if dated else 1.0, "dates guessed without publication date": guessed},
                 missed=_unmatched(gold_list, pairs, 0, lambda g: f"{g['article'][:3]} {g['place']}"),
                 spurious=_unmatched(system_list, pairs, 1, lambda s: f"{s['article'][:3]} {s['place']} {sorted(s['dates'])}"),
                 wrong=tuple(f"{g['article'][:3]} {g['place']} {g['date']} not in {sorted(found.get((g['article'], g['place']), {}).get('dates', set()))}"
                             for g in dated if g["date"] not in found.get((g["article"], g["place"]), {}).get("dates", set())))


def score_figures(gold: list[dict], rows: list[dict]) -> Score:
    def same(g: dict, s: dict) -> float:
        if g["article"] != s["articleId"] or str(g["count"]) != s["count"] or g["measure"] != s["measure"]:
            return 0.0
        return 1.0 + names_match(s["claimantName"], g["claimant"]) + (fold(g["group"] or "") == fold(s["group"]))

    pairs = match_pairs(gold, rows, same)
    claimants = sum(names_match(s["claimantName"], g["claimant"]) for g, s in pairs)
    groups = sum(fold(g["group"] or "") == fold(s["group"]) for g, s in pairs)
    show = lambda i: f"{i['article'][:3] if 'article' in i else i['articleId'][:3]} {i['count']} {i['measure']} {i['group']}"  # noqa: E731
    return Score("figures", len(gold), len(rows), len(pairs), len(pairs),
                 {"claimant accuracy": claimants / len(pairs) if pairs else 0.0,
                  "group accuracy": groups / len(pairs) if pairs else 0.0},
                 missed=_unmatched(gold, pairs, 0, show), spurious=_unmatched(rows, pairs, 1, show),
                 wrong=tuple(f"{show(g)}: {s['claimantName'] or '(none)'} for {g['claimant'][0]}, group {s['group']}"
                             for g, s in pairs if not names_match(s["claimantName"], g["claimant"]) or fold(g["group"] or "") != fold(s["group"])))


def score_merges(merges: list[dict], distinct: list[dict], labels: dict[str, set[str]]) -> Score:
    """``labels`` maps each entity IRI to all its names (preferred and alternative)."""
    by_name: dict[str, set[str]] = {}
    for entity, names in labels.items():
        for n in names:
            by_name.setdefault(_norm(n), set()).add(entity)

    def entities(names: list[str]) -> list[set[str]]:
        return [by_name.get(_norm(n), set()) for n in names]

    ok = [m for m in merges if all(entities(m["names"])) and len(set().union(*entities(m["names"]))) == 1]
    kept_apart = sum(1 for d in distinct if all(entities(d["names"])) and not set.intersection(*entities(d["names"])))
    return Score("merges", len(merges), len(merges), len(ok), len(ok),
                 {"kept apart": kept_apart / len(distinct) if distinct else 1.0},
                 missed=tuple(" = ".join(m["names"]) for m in merges if m not in ok))


def score_duplicates(pairs: list[list[str]], rows: list[dict]) -> Score:
    system = {(r["articleId"], r["duplicateOf"]) for r in rows if r["duplicateOf"]}
    gold = {tuple(p) for p in pairs}
    hit = len(system & gold)
    return Score("near-duplicates", len(gold), len(system), hit, hit)


def evaluate(gold_path: str | Path, tables: dict[str, Table], labels: dict[str, set[str]]) -> list[Score]:
    """Scores for every family in the gold file, from the named queries' tables."""
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise KgError(f"cannot read gold file {gold_path}: {exc}") from None
    duplicates = {d: o for d, o in gold.get("duplicates", [])}
    rows = {name: t.records() for name, t in tables.items()}
    undated = {a for a, meta in gold.get("articles", {}).items() if not meta.get("published")}
    scores = [
        score_roles(_drop_duplicated(gold.get("roles", []), duplicates, lambda i: (name_key(i["person"]), i["role"])), rows["roles"]),
        score_quotes(_drop_duplicated(gold.get("quotes", []), duplicates, lambda i: " ".join(_words(i["text"]))), rows["quotes"]),
        score_attacks(_drop_duplicated(gold.get("attacks", []), duplicates, lambda i: (i["place"], i["date"])), rows["attacks"], undated),
        score_figures(_drop_duplicated(gold.get("figures", []), duplicates,
                                       lambda i: (i["count"], i["measure"], i["group"], tuple(map(str, i["claimant"])))), rows["figures"]),
        score_merges(gold.get("merges", []), gold.get("distinct", []), labels),
        score_duplicates(gold.get("duplicates", []), rows["articles"]),
    ]
    contested = gold.get("contested", [])
    if contested:
        found = {(r["measure"], r["group"], int(r["count"])) for r in rows["contested_figures"]}
        wanted = {(c["measure"], c["group"], n) for c in contested for n in c["counts"]}
        hit = len(found & wanted)
        scores.append(Score("contested figures", len(wanted), len(wanted), hit, hit))
    return scores


def format_scores(scores: list[Score]) -> str:
    lines = [f"{'family':18} {'gold':>5} {'kg':>5} {'P':>6} {'R':>6} {'F1':>6}  other",
             "-" * 78]
    for s in scores:
        other = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in s.extra.items())
        lines.append(f"{s.family:18} {s.gold:5d} {s.system:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {other}")
    return "\n".join(lines) + "\n"


def format_details(scores: list[Score]) -> str:
    """What each family missed, added or got wrong: one line per fact."""
    lines = []
    for s in scores:
        for label, items in (("missed", s.missed), ("not in gold", s.spurious), ("wrong", s.wrong)):
            lines.extend(f"{s.family}: {label}: {item}" for item in items)
    return "\n".join(lines) + ("\n" if lines else "")
