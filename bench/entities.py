"""One IRI per person across a corpus: the people users ask about, entities per type, and junk.

Builds the 1,146-article window of ``ukraine-news-2022`` (or reads a store already built from it)
and prints:
1. for each of twenty well-known people, every entity IRI (of any type) one of whose names carries
   the surname in any spelling (Zelensky, Zelenskyy, Zelenskiy, Zelenski), with its type and the
   number of articles naming it: one row per person means one IRI;
2. the number of entities per type;
3. a junk estimate: the share of entities whose names fail list-based checks (function words and
   fragments, platforms and products typed as places or people, lists of names, headline-cased
   runs of words, generic role or company phrases shared across articles);
4. the top 30 people of ``kg query entities``.

    python bench/entities.py                         # build into a temporary store, then report
    python bench/entities.py --store STORE           # report on a store built from the window
    python bench/entities.py --keep STORE --record "after"   # build, keep, append to RESULTS.md
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import DATA, markdown_table, record  # noqa: E402

from kg.api import build, run_query  # noqa: E402
from kg.resolve.gazetteer import Gazetteer  # noqa: E402
from kg.resolve.names import fold, name_key, strip_titles  # noqa: E402

WINDOW = DATA / "ukraine-news-2022" / "articles_2022-02-20_to_2022-03-31.jsonl"

# Each person's surname and the first names (in any spelling) that name them: "Jill Biden" and
# "Wladimir Klitschko" are other people, "Biden administration" is not a name of Joe Biden.
PEOPLE = {
    "Zelenskyy": "Volodymyr Vladimir", "Putin": "Vladimir", "Biden": "Joe Joseph", "Trump": "Donald",
    "Lavrov": "Sergey", "Blinken": "Antony Tony Anthony", "Kuleba": "Dmytro Dmitry", "Klitschko": "Vitali Vitaliy Vitaly",
    "Macron": "Emmanuel", "Scholz": "Olaf", "Erdogan": "Recep Tayyip", "Peskov": "Dmitry", "Shoigu": "Sergei Sergey",
    "Psaki": "Jen Jennifer", "Guterres": "Antonio", "Stoltenberg": "Jens", "Pelosi": "Nancy", "Kirby": "John",
    "Lukashenko": "Alexander Aleksandr Alyaksandr Lukashenka", "Zakharova": "Maria Mariya",
}

# The junk checks: names no entity should have. Each is a plain list, so that the estimate does not
# depend on the extractor it measures.
FUNCTION_WORDS = set(["n't", "'s", "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "was", "are", "were", "be", "been", "he", "she", "it", "they", "we", "you", "i", "his", "her", "its", "their", "our", "this", "that", "these", "those", "who", "what", "which", "not", "no", "yes", "there", "here"])
PLATFORMS = set(["twitter", "facebook", "instagram", "youtube", "tiktok", "telegram", "netflix", "spotify", "google", "apple", "amazon", "microsoft", "meta", "whatsapp", "snapchat", "reddit", "linkedin", "zoom", "uber", "airbnb", "paypal", "visa", "mastercard", "blink-182", "blink", "182", "cnn", "fox", "msnbc", "bbc", "nbc", "abc", "cbs"])
# Words that, capitalised inside a multi-word person's name, show a headline or a sentence taken for a name.
HEADLINE_WORDS = set(["taunts", "slams", "says", "said", "warns", "blasts", "mocks", "rips", "calls", "urges", "reveals", "claims", "vows", "says", "admits", "denies", "responds", "explains", "asks", "tells", "meets", "visits", "condemns", "praises", "threatens", "attack", "war", "invasion", "crisis", "update", "live", "news", "video", "watch", "after", "amid", "over", "as", "why", "how", "new", "day", "week"])
# Words of organisations' and events' names, never of a person's ("ABC News" or "Patrick's Day" as a person).
ORG_WORDS = set(["news", "party", "ministry", "department", "administration", "agency", "council", "committee", "union", "university", "times", "post", "day", "network", "channel", "group", "company", "corp", "inc", "bank", "army", "navy", "forces", "police", "senate", "congress", "parliament", "government", "show", "host"])
GENERIC = set(["senator", "company", "president", "minister", "official", "spokesman", "spokeswoman", "mayor", "governor", "leader", "government", "military", "army", "police", "agency", "ministry", "administration", "officials"])


@cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _names_person(label: str, surname: str, first: str) -> bool:
    """Is the label this person's name: the surname alone, or a first name of theirs, initials, the surname?"""
    words = name_key(strip_titles(label)).split()
    firsts = {name_key(f) for f in first.split()}
    surnames = {name_key(surname)} | ({name_key("Lukashenka")} if surname == "Lukashenko" else set())
    if not words or words[-1] not in surnames:
        return False
    return len(words) == 1 or words[0] in firsts and len(words) <= 4


def _junk_reason(kind: str, name: str) -> str | None:
    folded = fold(name)
    words = name.split()
    if not folded or len(re.sub(r"[^A-Za-z0-9]", "", name)) <= 1 or folded in FUNCTION_WORDS or name.lower() in FUNCTION_WORDS:
        return "fragment"
    if not name[:1].isupper() and not name[:1].isdigit() and kind != "organization":
        return "fragment"
    if kind in ("place", "person") and (folded in PLATFORMS or name.lower() in PLATFORMS):
        return "platform"
    if kind in ("person", "place") and ("," in name or re.search(r"\s(?:and|&)\s", name)) and _gazetteer().lookup(name) is None:
        return "list"
    if kind == "organization" and re.search(r",.*\s(?:and|&)\s", name):
        return "list"
    if kind == "person" and (len(words) > 5 or len(words) >= 2 and any(w.lower() in HEADLINE_WORDS for w in words[1:])):
        return "headline"
    if kind == "person" and any(fold(w) in ORG_WORDS for w in words):
        return "mistyped"
    if fold(re.sub(r"^(?:the|a)\s+", "", name, flags=re.I)) in GENERIC:
        return "generic"
    return None


ENTITIES = """
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <https://kg.example/ns#>
SELECT ?entity ?type ?label (COUNT(DISTINCT ?g) AS ?articles) (SAMPLE(?d) AS ?described) WHERE {
  VALUES (?class ?type) { (schema:Person "person") (schema:Organization "organization") (schema:Place "place") }
  GRAPH ?g { ?entity a ?class . OPTIONAL { ?entity rdfs:label ?label } OPTIONAL { ?entity kg:described ?d } }
} GROUP BY ?entity ?type ?label
"""


def _other_person(label: str, surname: str, first: str) -> bool:
    """Is the label another person's full name with that surname ("Hunter Biden", "Jill Biden")?"""
    words = name_key(strip_titles(label)).split()
    return len(words) >= 2 and words[-1] == name_key(surname) and not _names_person(label, surname, first)


def report(store: str) -> tuple[str, dict]:
    entities: dict[tuple[str, str], dict] = {}
    for entity, kind, label, n, described in run_query(ENTITIES, store=store).rows:
        e = entities.setdefault((entity, kind), {"labels": Counter(), "articles": 0, "described": bool(described)})
        if label:
            e["labels"][label] += int(n)
        e["articles"] = max(e["articles"], int(n))
    # articles per entity, counted once whatever its labels
    per_entity = defaultdict(set)
    for row in run_query(ENTITIES.replace("?label (COUNT", "(COUNT").replace("?type ?label", "?type")
                         .replace("OPTIONAL { ?entity rdfs:label ?label } ", "").replace(" (SAMPLE(?d) AS ?described)", "")
                         .replace(" OPTIONAL { ?entity kg:described ?d }", ""), store=store).rows:
        entities[(row[0], row[1])]["articles"] = int(row[2])
        per_entity[row[0]].add(row[1])
    lines = []

    rows, split = [], []
    for person, first in PEOPLE.items():
        surname = name_key(person)
        # an IRI some of whose mentions are the bare surname but whose name, its most frequent label, is
        # another person's ("Hunter Biden", called "Biden" in a story about him) is that person, not a split
        hits = sorted(
            ((e, kind, v["articles"]) for (e, kind), v in entities.items()
             if any(_names_person(label, person, first) for label in v["labels"])
             and not _other_person(v["labels"].most_common(1)[0][0], person, first)),
            key=lambda h: (-h[2], h[0]))
        others = sorted(
            ((e, kind, v["articles"]) for (e, kind), v in entities.items() if (e, kind, v["articles"]) not in hits
             and any(surname in name_key(label).split() for label in v["labels"])),
            key=lambda h: (-h[2], h[0]))
        iris = {e for e, _, _ in hits}
        if len(iris) != 1:
            split.append(person)
        shown = "; ".join(f"{kind}/{e.rsplit('/', 1)[-1]} ({n})" for e, kind, n in hits[:8])
        if len(hits) > 8:
            shown += f"; ... {len(hits) - 8} more"
        rest = "; ".join(f"{kind}/{e.rsplit('/', 1)[-1]} ({n})" for e, kind, n in others[:4])
        if len(others) > 4:
            rest += f"; ... {len(others) - 4} more"
        rows.append([person, len(iris), shown, rest])
    lines.append(f"People with one IRI: {len(PEOPLE) - len(split)} of {len(PEOPLE)}"
                 + (f"; split: {', '.join(split)}" if split else "") + "\n")
    lines.append(markdown_table(["person", "IRIs", "IRIs naming them (type/local name, articles)",
                                 "other IRIs with the surname (other people, organisations, junk)"], rows))

    types = Counter(kind for _, kind in entities)
    total = sum(types.values())
    lines.append("\n" + markdown_table(["type", "entities"], [[k, types[k]] for k in sorted(types)] + [["all", total]]))

    junk: dict[str, list[str]] = defaultdict(list)
    for (e, kind), v in entities.items():
        names = v["labels"] or Counter({e.rsplit("/", 1)[-1]: 1})
        name = min(names, key=lambda n: (-names[n], n))
        # a description ("a senior U.S. defense official") is one by design, unless shared across articles
        reason = _junk_reason(kind, name) if not v["described"] or v["articles"] > 1 else None
        if reason is not None:
            junk[reason].append(f"{kind}:{name} ({v['articles']})")
    n_junk = sum(len(v) for v in junk.values())
    share = n_junk / total if total else 0.0
    lines.append(f"\nJunk estimate: {n_junk} of {total} entities ({share:.1%})")
    jrows = [[reason, len(items), "; ".join(sorted(items, key=lambda s: -int(s.rsplit("(", 1)[1][:-1]))[:6])]
             for reason, items in sorted(junk.items())]
    lines.append(markdown_table(["check", "entities", "examples (articles)"], jrows))

    table = run_query("entities", store=store)
    people = [r for r in table.records() if r["type"] == "person"][:30]
    lines.append("\nTop 30 people of `kg query entities`:\n")
    lines.append(markdown_table(["#", "name", "articles", "IRI"],
                                [[i + 1, r["name"], r["articleCount"], r["entity"].rsplit("/", 2)[-1]] for i, r in enumerate(people)]))
    return "\n".join(lines), {"split": split, "types": dict(types), "junk": share}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="a store already built from the window: report only")
    parser.add_argument("--keep", help="build into this folder (replaced) and keep it")
    parser.add_argument("--input", default=str(WINDOW), help="the articles (default: the 1,146-article window)")
    parser.add_argument("--record", metavar="TITLE", help="append the report to bench/RESULTS.md under this title")
    parser.add_argument("--no-record", action="store_true", help="print only (the default without --record)")
    args = parser.parse_args(argv)
    if not Path(args.input).exists():
        print(f"skipped: {args.input} is absent")
        return 0
    store, seconds, tmp = args.store, None, None
    if store is None:
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            store = args.keep
        else:
            tmp = tempfile.mkdtemp(prefix="kg-entities-")
            store = str(Path(tmp) / "store")
        started = time.perf_counter()
        build([args.input], store=store)
        seconds = time.perf_counter() - started
    try:
        body, _ = report(store)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if seconds is not None:
        body = f"Built {Path(args.input).name} in {seconds:.0f} s.\n\n" + body
    if args.record and not args.no_record:
        record(f"Entities across the corpus: {args.record}", body)
    else:
        print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
