"""Precision, recall and F1 of each fact family, from the named queries' rows against a ``Gold``.

Facts are matched one to one within an article: roles by person, role phrase and owner; quotations
by the overlap of their words (a token F1 of at least 0.5); attacks by place, then by place and
day; figures by count and measure. What a matched fact got wrong (a speaker, a date, a claimant)
is scored as an accuracy over the matched facts. A near-duplicate's gold facts that its original
also states are dropped, as the named queries drop them from the store's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kg.evaluation.gold import Gold, roles_text
from kg.evaluation.match import match_pairs, names_match, normal_name, text_overlap, words
from kg.resolve.names import fold, name_key

QUOTE_MATCH = 0.5  # token F1 above which a quotation in the store is the gold one


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
    part: str = "all"

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


def _unmatched(items: list[dict], pairs: list[tuple[dict, dict]], side: int, show: Callable[[dict], str]) -> tuple[str, ...]:
    used = {id(p[side]) for p in pairs}
    return tuple(show(i) for i in items if id(i) not in used)


def _ratio(n: int, d: int) -> float:
    return n / d if d else 1.0


def _role_match(g: dict, s: dict) -> float:
    return float(names_match(s["personName"], g["person"], person=True) and roles_text(s["role"]) in {roles_text(r) for r in g["role"]}
                 and names_match(s["orgName"], g["org"], place=True))


def score_roles(gold: list[dict], rows: list[dict]) -> Score:
    pairs = match_pairs(gold, rows, _role_match)
    return Score("roles", len(gold), len(rows), len(pairs), len(pairs),
                 missed=_unmatched(gold, pairs, 0, lambda g: f"{g['article']} {g['person'][0]} | {g['role'][0]} | {g['org']}"),
                 spurious=_unmatched(rows, pairs, 1, lambda s: f"{s['articleId']} {s['personName']} | {s['role']} | {s['orgName']}"))


def score_quotes(gold: list[dict], rows: list[dict], kind: str) -> Score:
    """Quotations of one kind: found (span), and said by the right speaker (and in the right role)."""
    mine = [q for q in gold if q.get("kind", "direct") == kind]
    system = [r for r in rows if r["kind"] == kind]

    def same(g: dict, s: dict) -> float:
        overlap = text_overlap(g["text"], s["text"])
        return overlap if overlap >= QUOTE_MATCH else 0.0

    pairs = match_pairs(mine, system, same)
    speakers = sum(names_match(s["speakerName"], g["speaker"], person=True) for g, s in pairs)
    extra = {"speaker accuracy": _ratio(speakers, len(pairs)),
             "span overlap": sum(text_overlap(g["text"], s["text"]) for g, s in pairs) / len(pairs) if pairs else 0.0}
    roled = [(g, s) for g, s in pairs if g.get("speaker_role") and "speakerRole" in s]
    if roled:
        extra["speaker role accuracy"] = _ratio(sum(roles_text(s["speakerRole"]) == roles_text(g["speaker_role"]) for g, s in roled), len(roled))
    name = "direct quotes" if kind == "direct" else "indirect quotes"
    return Score(name, len(mine), len(system), len(pairs), len(pairs), extra,
                 missed=_unmatched(mine, pairs, 0, lambda g: f"{g['article']} {g['speaker'][0]}: {g['text'][:70]}"),
                 spurious=_unmatched(system, pairs, 1, lambda s: f"{s['articleId']} {s['speakerName'] or '(none)'}: {s['text'][:70]}"),
                 wrong=tuple(f"{g['article']} {s['speakerName'] or '(none)'} for {g['speaker'][0]}: {g['text'][:50]}"
                             for g, s in pairs if not names_match(s["speakerName"], g["speaker"], person=True)))


def score_attacks(gold: list[dict], rows: list[dict], undated: set[str]) -> list[Score]:
    """Attacked places (one per place per article), the same with the right day, and no date guessed."""
    places: dict[tuple[str, str], list[str]] = {}
    for g in gold:
        places.setdefault((g["article"], g["place"][0]), g["place"])
    gold_places = [{"article": a, "place": names} for (a, _), names in sorted(places.items())]
    system_places: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        system_places.setdefault((r["articleId"], r["placeName"]), set()).add(r["date"])
    system_list = [{"article": a, "place": p, "dates": d} for (a, p), d in sorted(system_places.items())]
    pairs = match_pairs(gold_places, system_list, lambda g, s: float(names_match(s["place"], g["place"])))
    found = {(g["article"], g["place"][0]): s for g, s in pairs}
    dated = [g for g in gold if g["date"]]
    right = sum(1 for g in dated if g["date"] in found.get((g["article"], g["place"][0]), {}).get("dates", set()))
    guessed = sum(1 for r in rows if r["articleId"] in undated and r["date"])
    show = lambda s: f"{s['article']} {s['place']} {sorted(s['dates'])}"  # noqa: E731
    by_place = Score("attacks (place)", len(gold_places), len(system_list), len(pairs), len(pairs),
                     {"date accuracy": _ratio(right, len(dated)), "dates guessed without publication date": guessed},
                     missed=_unmatched(gold_places, pairs, 0, lambda g: f"{g['article']} {g['place'][0]}"),
                     spurious=_unmatched(system_list, pairs, 1, show),
                     wrong=tuple(f"{g['article']} {g['place'][0]} {g['date']} not in "
                                 f"{sorted(found.get((g['article'], g['place'][0]), {}).get('dates', set()))}"
                                 for g in dated if g["date"] not in found.get((g["article"], g["place"][0]), {}).get("dates", set())))
    # The same, each (place, day) a fact: an undated attack is right only undated.
    day_rows = [{"article": r["articleId"], "place": r["placeName"], "date": r["date"]}
                for r in {(r["articleId"], r["placeName"], r["date"]): r for r in rows}.values()]
    day_pairs = match_pairs(gold, day_rows, lambda g, s: float(names_match(s["place"], g["place"]) and (g["date"] or "") == s["date"]))
    by_day = Score("attacks (place, date)", len(gold), len(day_rows), len(day_pairs), len(day_pairs),
                   missed=_unmatched(gold, day_pairs, 0, lambda g: f"{g['article']} {g['place'][0]} {g['date']}"),
                   spurious=_unmatched(day_rows, day_pairs, 1, lambda s: f"{s['article']} {s['place']} {s['date'] or '(undated)'}"))
    return [by_place, by_day]


def score_threats(not_attacks: list[dict], rows: list[dict]) -> Score:
    """Threats, plans, denials and attacks of other eras the store reports as attacks (lower is better)."""
    taken = [n for n in not_attacks if any(r["articleId"] == n["article"] and names_match(r["placeName"], n["place"]) for r in rows)]
    return Score("threats as attacks", len(not_attacks), len(taken), 0, 0,
                 {"share taken as attacks": _ratio(len(taken), len(not_attacks)) if not_attacks else 0.0},
                 spurious=tuple(f"{n['article']} {n['place'][0]}: {n.get('why', '')}" for n in taken))


def score_figures(gold: list[dict], rows: list[dict]) -> Score:
    def same(g: dict, s: dict) -> float:
        if str(g["count"]) != s["count"] or g["measure"] != s["measure"]:
            return 0.0
        return 1.0 + names_match(s["claimantName"], g["claimant"]) + (fold(g["group"] or "") == fold(s["group"]))

    pairs = match_pairs(gold, rows, same)
    extra = {"claimant accuracy": _ratio(sum(names_match(s["claimantName"], g["claimant"]) for g, s in pairs), len(pairs)),
             "group accuracy": _ratio(sum(fold(g["group"] or "") == fold(s["group"]) for g, s in pairs), len(pairs))}
    dated = [(g, s) for g, s in pairs if "date" in s and "date" in g]
    if dated:
        extra["date accuracy"] = _ratio(sum((g["date"] or "") == s["date"] for g, s in dated), len(dated))
    show = lambda i: f"{i.get('article') or i.get('articleId')} {i['count']} {i['measure']} {i['group']}"  # noqa: E731
    return Score("figures", len(gold), len(rows), len(pairs), len(pairs), extra,
                 missed=_unmatched(gold, pairs, 0, show), spurious=_unmatched(rows, pairs, 1, show),
                 wrong=tuple(f"{show(g)}: {s['claimantName'] or '(none)'} for {g['claimant'][0]}, group {s['group']}"
                             for g, s in pairs if not names_match(s["claimantName"], g["claimant"]) or fold(g["group"] or "") != fold(s["group"])))


def score_merges(merges: list[dict], distinct: list[dict], labels: dict[str, set[str]]) -> Score:
    """Every name of one entity is one IRI's; names of distinct entities are not. ``labels``: IRI -> names."""
    by_name: dict[str, set[str]] = {}
    for entity, names in labels.items():
        for n in names:
            by_name.setdefault(name_key(normal_name(n)), set()).add(entity)

    def entities(names: list[str]) -> list[set[str]]:
        return [by_name.get(name_key(normal_name(n)), set()) for n in names]

    ok = [m for m in merges if all(entities(m["names"])) and len(set().union(*entities(m["names"]))) == 1]
    apart = sum(1 for d in distinct if all(entities(d["names"])) and not set.intersection(*entities(d["names"])))
    return Score("entities", len(merges), len(merges), len(ok), len(ok), {"kept apart": _ratio(apart, len(distinct))},
                 missed=tuple(f"{m.get('article', '')} {' = '.join(m['names'])}" for m in merges if m not in ok))


def score_duplicates(pairs: list[list[str]], rows: list[dict]) -> Score:
    system = {(r["articleId"], r["duplicateOf"]) for r in rows if r["duplicateOf"]}
    gold = {tuple(p) for p in pairs}
    hit = len(system & gold)
    return Score("near-duplicates", len(gold), len(system), hit, hit)


def drop_duplicated(items: list[dict], duplicates: dict[str, str], key: Callable[[dict], object]) -> list[dict]:
    """A near-duplicate's facts that its original also states count once, under the original."""
    keys = {(i["article"], key(i)) for i in items}
    return [i for i in items if not (i["article"] in duplicates and (duplicates[i["article"]], key(i)) in keys)]


def score_part(gold: Gold, rows: dict[str, list[dict]], labels: dict[str, set[str]], part: str) -> list[Score]:
    """Every family's score on one part of the gold, from the rows of the articles annotated for it only."""
    families = {name: gold.scored(name) for name in ("roles", "quotes", "attacks", "figures", "entities", "articles")}
    mine = {name: [r for r in table if r.get("articleId", "") in families.get(name, set(gold.articles))]
            for name, table in rows.items()}
    duplicates = {d: o for d, o in gold.duplicates}
    undated = {a for a, meta in gold.articles.items() if not meta.get("published")}
    scores: list[Score] = []
    if families["roles"]:
        scores.append(score_roles(drop_duplicated(gold.roles, duplicates, lambda i: (name_key(i["person"][0]), i["role"][0])),
                                  mine["roles"]))
    if families["quotes"]:
        scores.append(score_quotes(drop_duplicated(gold.quotes, duplicates, lambda i: " ".join(words(i["text"]))),
                                   mine["quotes"], "direct"))
    if any(q.get("kind") == "indirect" for q in gold.quotes):
        scores.append(score_quotes(gold.quotes, mine["quotes"], "indirect"))
    if families["attacks"]:
        scores += score_attacks(drop_duplicated(gold.attacks, duplicates, lambda i: (i["place"][0], i["date"])), mine["attacks"], undated)
    if gold.not_attacks:
        scores.append(score_threats(gold.not_attacks, mine["attacks"]))
    if families["figures"]:
        scores.append(score_figures(drop_duplicated(gold.figures, duplicates, lambda i: (i["count"], i["measure"], i["group"],
                                                                                        tuple(map(str, i["claimant"])))),
                                    mine["figures"]))
    if families["entities"]:
        scores.append(score_merges(gold.merges, gold.distinct, labels))
    if gold.duplicates:
        scores.append(score_duplicates(gold.duplicates, mine["articles"]))
    if gold.contested:
        found = {(r["measure"], r["group"], int(r["count"])) for r in rows.get("contested_figures", [])}
        wanted = {(c["measure"], c["group"], n) for c in gold.contested for n in c["counts"]}
        hit = len(found & wanted)
        scores.append(Score("contested figures", len(wanted), len(wanted), hit, hit))
    return [Score(s.family, s.gold, s.system, s.matched_gold, s.matched_system, s.extra, s.missed, s.spurious, s.wrong, part)
            for s in scores]
