"""The gold sets of real articles: which articles they hold, their texts as kg reads them, checks.

- ``blind`` (``tests/gold/blind``): 66 articles chosen by the seeded rule written down in its README,
  split into dev and test;
- ``dev-extra`` (``tests/gold/dev-extra``): more articles to tune on, chosen after the blind set by
  a seeded rule of their own (war reports, BBC and Reuters), all dev;
- ``dev-attacks`` (``tests/gold/dev-attacks``): dense war reports of no other set, annotated for
  attacks and figures only, all dev;
- ``fresh`` (``tests/gold/fresh``): a second sample drawn like the blind set, from articles of no
  other set; measured once before anyone read kg's output on it, then dev;
- ``fresh-2`` (``tests/gold/fresh-2``): a third sample drawn the same way, with dense war reports
  annotated for attacks and figures beside it; measured once before anyone read kg's output, then dev;
- ``fresh-attacks`` (``tests/gold/fresh-attacks``): war reports of the window left after every other set,
  annotated for attacks and figures only; measured once before anyone read kg's output, then dev;
- ``dev-attacks-2`` (``tests/gold/dev-attacks-2``): window articles naming the war's attacks in passing (two
  forms of the attack words), left after every other set, for attacks and figures; measured once, then dev;
- ``dev-figures`` (``tests/gold/dev-figures``): window articles left after every other set that give counts of
  people killed, wounded or fled, for attacks and figures; measured once, then dev;
- ``dev-attacks-3`` (``tests/gold/dev-attacks-3``): window articles left after every other set that use any form
  of the attack words, most of them once, as a typical article does; for attacks and figures; measured once, then dev;
- ``dev-attacks-4`` (``tests/gold/dev-attacks-4``): the 23 window articles left after every other set with two forms
  of the attack words, for attacks and figures; measured once, then dev;
- ``dev-attacks-5`` (``tests/gold/dev-attacks-5``): 24 more window articles left after every other set with two
  forms of the attack words (only three outlets have such articles left), for attacks and figures; measured once,
  then dev;
- ``dev-attacks-6`` and ``dev-attacks-7`` (``tests/gold/dev-attacks-6``, ``tests/gold/dev-attacks-7``): a sixth and a
  seventh draw of the same kind, for attacks and figures; measured once, then dev;
- ``dev-attacks-8`` (``tests/gold/dev-attacks-8``): window articles left that use any form of the attack words, as
  ``dev-attacks-3`` was drawn (typical articles, most naming an attack in passing or only a threat), for attacks and
  figures; measured once, then dev;
- ``dev-attacks-9`` (``tests/gold/dev-attacks-9``): the window articles left with two forms of the attack words, at
  most 12 of an outlet, for attacks and figures; measured once, then dev;
- ``dev-attacks-10`` (``tests/gold/dev-attacks-10``): window articles left that use any form of the attack words, as
  ``dev-attacks-8`` was drawn, at most 8 of an outlet; for attacks and figures; measured once, then dev;
- ``dev-later`` (``tests/gold/dev-later``): articles of the corpus published after the window, from every outlet it
  holds, with two forms of the attack words; for attacks and figures; measured once, then dev;
- ``dev-attacks-11`` and ``dev-later-2`` (``tests/gold/dev-attacks-11``, ``tests/gold/dev-later-2``): an eleventh draw
  as ``dev-attacks-10`` and a second as ``dev-later``, of articles of no other set; measured once, then dev;
- ``dev-attacks-12`` and ``dev-attacks-13`` (``tests/gold/dev-attacks-12``, ``tests/gold/dev-attacks-13``): a twelfth
  and a thirteenth draw as ``dev-attacks-10``, of the window articles no other set holds; measured once, then dev.

The texts stay in ../shared/data and are read from there, never copied into the project.

    python bench/gold.py select [--set NAME]         # (re)write a set's manifest from its rule
    python bench/gold.py show ID                      # print one article as the annotators read it
    python bench/gold.py jsonl -o FILE [--set NAME]   # a set's articles as one JSONL file kg can build
    python bench/gold.py check [--set NAME] [ID...]   # gold files against their articles' texts
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpora import reuters_records  # noqa: E402
from bench.results import DATA, ROOT  # noqa: E402

SETS = ROOT / "tests" / "gold"
GOLD = SETS / "blind"
MANIFEST = GOLD / "manifest.json"
SEED = "kg-blind-gold-2026"
EXTRA_SEED = "kg-dev-extra-2026"
# dev-extra: war reports (two of these words at least), at most 8 per outlet, then BBC and Reuters
WAR_WORDS = ("shelling", "missile", "strike", "killed", "wounded", "refugees", "attack", "bombing")
EXTRA_UKRAINE, EXTRA_PER_OUTLET, EXTRA_BBC, EXTRA_REUTERS = 30, 8, 6, 6
# dev-attacks: dense war reports, annotated for attacks and figures only
ATTACKS_SEED = "kg-dev-attacks-2026"
ATTACK_WORDS = re.compile(r"\b(shell(?:ed|ing)|missiles?|air ?strikes?|strikes?|bomb(?:ed|ing|s)?|struck|explosions?|rockets?"
                          r"|artillery|attack(?:ed|s)?)\b", re.I)
ATTACKS_FORMS, ATTACKS_PER_OUTLET, ATTACKS_COUNT, ATTACKS_CHARS = 4, 6, 28, (800, 8000)
ATTACKS_FAMILIES = ["attacks", "not_attacks", "figures"]
# fresh: a second sample drawn like the blind set (no topic filter), from articles of no other set
FRESH_SEED = "kg-fresh-2026"
FRESH_PER_OUTLET, FRESH_BBC, FRESH_REUTERS = 3, {"politics": 2, "business": 1, "tech": 1}, 3
# fresh-2: a third sample drawn like fresh, and dense war reports (as dev-attacks) for attacks and figures
FRESH2_SEED = "kg-fresh-2-2026"
FRESH2_ATTACKS = 14
# fresh-attacks: the war reports the other sets left, with looser bounds (the strict ones leave 24, 18 of one outlet)
FRESH_ATTACKS_SEED = "kg-fresh-attacks-2026"
FRESH_ATTACKS_FORMS, FRESH_ATTACKS_CHARS, FRESH_ATTACKS_PER_OUTLET, FRESH_ATTACKS_COUNT = 3, (600, 15000), 5, 25
# dev-attacks-2: the window's articles that name attacks in passing, as most of the window's articles do
ATTACKS2_SEED = "kg-dev-attacks-2-2026"
ATTACKS2_FORMS, ATTACKS2_PER_OUTLET, ATTACKS2_COUNT = 2, 8, 30
# dev-figures: articles giving counts of people (a number, then within a clause a casualty or displacement word)
FIGURES_SEED = "kg-dev-figures-2026"
FIGURE_WORDS = re.compile(r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozen)( million| thousand)?\b[^.]{0,60}?"
                          r"\b(killed|dead|died|wounded|injured|refugees|fled|displaced|evacuated|captured|missing|detained"
                          r"|arrested|casualties|deaths)\b", re.I)
FIGURES_MENTIONS, FIGURES_PER_OUTLET, FIGURES_COUNT = 2, 8, 24
# The draws by the attack words, each seeded "kg-<name>-2026": name -> (least forms of the words, at most per outlet,
# up to). dev-attacks-3 and -8 take what the other sets left that uses any form, most of it once, as a typical article
# does (the held-out articles are drawn without a topic filter); dev-attacks-4 to -7 and -9 take articles with two
# forms, as dev-attacks-2 did (the sets of typical articles hold a dozen attacks each, too few to read a rule's worth
# off), each a first run on articles no rule was read off, the only honest estimate of the held-out numbers; -9 takes
# 12 of an outlet, only two outlets having such articles left.
ATTACK_WORD_DRAWS = {"dev-attacks-3": (1, 6, 32), "dev-attacks-4": (2, 6, 30), "dev-attacks-5": (2, 8, 24),
                     "dev-attacks-6": (2, 8, 24), "dev-attacks-7": (2, 8, 24), "dev-attacks-8": (1, 6, 24),
                     "dev-attacks-9": (2, 12, 24), "dev-attacks-10": (1, 8, 24), "dev-attacks-11": (1, 8, 24),
                     "dev-attacks-12": (1, 8, 24), "dev-attacks-13": (1, 8, 24)}
# The draws after the window (April to December 2022, eight more outlets than the window's seven), each seeded
# "kg-<name>-2026": name -> (least forms of the attack words, at most per outlet, up to): the war's later places and
# other outlets' ways of telling it, which no rule was read off
LATER_DRAWS = {"dev-later": (2, 2, 24), "dev-later-2": (2, 2, 24)}
SET_NAMES = ("blind", "dev-extra", "dev-attacks", "fresh", "fresh-2", "fresh-attacks", "dev-attacks-2", "dev-figures",
             "dev-attacks-3", "dev-attacks-4", "dev-attacks-5", "dev-attacks-6", "dev-attacks-7", "dev-attacks-8", "dev-attacks-9",
             "dev-attacks-10", "dev-later", "dev-attacks-11", "dev-later-2", "dev-attacks-12", "dev-attacks-13")
UKRAINE_WINDOW = DATA / "ukraine-news-2022" / "articles_2022-02-20_to_2022-03-31.jsonl"
UKRAINE_ALL = DATA / "ukraine-news-2022" / "articles_all.jsonl"  # the window's articles and the rest of the year's
WINDOW_END = "2022-03-31"
BBC = DATA / "bbc-news-2225" / "bbc_news_2225.jsonl"

PER_OUTLET = 6  # ukraine-news-2022: 6 from each of its window's seven outlets
BBC_PER_CATEGORY = {"politics": 3, "business": 3, "entertainment": 2, "sport": 2, "tech": 2}
REUTERS_COUNT = 12
UKRAINE_CHARS = (1200, 10000)
BBC_CHARS = (1200, 6000)
REUTERS_CHARS = (800, 5000)


def rank(article_id: str) -> str:
    """The seeded order of the rule: SHA-256 of the seed and the article's id."""
    return hashlib.sha256(f"{SEED}/{article_id}".encode()).hexdigest()


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def _within(text: str, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= len(text) <= bounds[1]


def _alternate(ids: list[str]) -> dict[str, str]:
    """dev, test, dev, test... down a stratum in the rule's order."""
    return {i: ("dev", "test")[n % 2] for n, i in enumerate(sorted(ids, key=rank))}


def select() -> list[dict]:
    """The manifest's entries: corpus, id, stratum and part of every article of the set."""
    entries: list[dict] = []
    by_outlet: dict[str, list[str]] = {}
    for r in _jsonl(UKRAINE_WINDOW):
        if _within(r["text"], UKRAINE_CHARS):
            by_outlet.setdefault(r["outlet"], []).append(r["id"])
    for outlet, ids in sorted(by_outlet.items()):
        chosen = sorted(ids, key=rank)[:PER_OUTLET]
        parts = _alternate(chosen)
        entries += [{"id": i, "corpus": "ukraine-news-2022", "stratum": outlet, "part": parts[i]} for i in chosen]
    by_category: dict[str, list[str]] = {}
    for r in _jsonl(BBC):
        if _within(r["text"], BBC_CHARS):
            by_category.setdefault(r["category"], []).append(r["id"])
    bbc = [i for category, n in sorted(BBC_PER_CATEGORY.items()) for i in sorted(by_category[category], key=rank)[:n]]
    parts = _alternate(bbc)
    entries += [{"id": i, "corpus": "bbc-news-2225", "stratum": i.split("/")[0], "part": parts[i]} for i in bbc]
    reuters = sorted((r["id"] for r in reuters_records() if _within(r["text"], REUTERS_CHARS)), key=rank)[:REUTERS_COUNT]
    parts = _alternate(reuters)
    entries += [{"id": i, "corpus": "reuters21578", "stratum": "reuters", "part": parts[i]} for i in reuters]
    return entries


def _extra_rank(article_id: str) -> str:
    return hashlib.sha256(f"{EXTRA_SEED}/{article_id}".encode()).hexdigest()


def select_extra() -> list[dict]:
    """dev-extra: articles of no other set, war reports first (the blind set has few attacks and figures)."""
    taken = {e["id"] for e in manifest()}
    per_outlet: dict[str, int] = {}
    entries: list[dict] = []
    rows = [r for r in _jsonl(UKRAINE_WINDOW) if r["id"] not in taken and _within(r["text"], UKRAINE_CHARS)
            and sum(w in r["text"].lower() for w in WAR_WORDS) >= 2]
    for r in sorted(rows, key=lambda r: _extra_rank(r["id"])):
        if len(entries) < EXTRA_UKRAINE and per_outlet.get(r["outlet"], 0) < EXTRA_PER_OUTLET:
            per_outlet[r["outlet"]] = per_outlet.get(r["outlet"], 0) + 1
            entries.append({"id": r["id"], "corpus": "ukraine-news-2022", "stratum": r["outlet"], "part": "dev"})
    bbc = sorted((r["id"] for r in _jsonl(BBC) if r["id"] not in taken and _within(r["text"], BBC_CHARS)
                  and r["category"] in ("politics", "business", "world")), key=_extra_rank)[:EXTRA_BBC]
    entries += [{"id": i, "corpus": "bbc-news-2225", "stratum": i.split("/")[0], "part": "dev"} for i in bbc]
    reuters = sorted((r["id"] for r in reuters_records() if r["id"] not in taken and _within(r["text"], REUTERS_CHARS)),
                     key=_extra_rank)[:EXTRA_REUTERS]
    entries += [{"id": i, "corpus": "reuters21578", "stratum": "reuters", "part": "dev"} for i in reuters]
    return entries


def _forms(text: str) -> int:
    """How many different forms of the attack words a text uses."""
    return len({m.lower() for m in ATTACK_WORDS.findall(text)})


def _draw(name: str, seed: str, keep: Callable[[str], bool], *, chars: tuple[int, int], count: int, per_outlet: int,
          taken: frozenset[str] = frozenset(), source: Path = UKRAINE_WINDOW,
          published: Callable[[str], bool] = lambda day: True) -> list[dict]:
    """Articles of ``source`` (the window's by default) of none of the sets drawn before ``name`` (nor ``taken``)
    whose text ``keep`` accepts and whose day ``published`` accepts, ordered by SHA-256 of ``seed/id``: the first
    ``count``, at most ``per_outlet`` of each outlet, scored on attacks and figures only."""
    taken = taken | {e["id"] for other in SET_NAMES[:SET_NAMES.index(name)] for e in manifest(SETS / other)}
    rows = [r for r in _jsonl(source) if r["id"] not in taken and _within(r["text"], chars) and keep(r["text"])
            and published(r["published"] or "")]
    outlets: dict[str, int] = {}
    entries: list[dict] = []
    for r in sorted(rows, key=lambda r: hashlib.sha256(f"{seed}/{r['id']}".encode()).hexdigest()):
        if len(entries) < count and outlets.get(r["outlet"], 0) < per_outlet:
            outlets[r["outlet"]] = outlets.get(r["outlet"], 0) + 1
            entries.append({"id": r["id"], "corpus": "ukraine-news-2022", "stratum": r["outlet"], "part": "dev",
                            "families": ATTACKS_FAMILIES})
    return entries


def select_attacks() -> list[dict]:
    """dev-attacks: war reports of no other set using at least four forms of the attack words, scored on
    attacks and figures only (the other sets hold too few of them to tune on)."""
    return _draw("dev-attacks", ATTACKS_SEED, lambda text: _forms(text) >= ATTACKS_FORMS, chars=ATTACKS_CHARS,
                 count=ATTACKS_COUNT, per_outlet=ATTACKS_PER_OUTLET)


def select_fresh(seed: str = FRESH_SEED, others: tuple[str, ...] = ("blind", "dev-extra", "dev-attacks")) -> list[dict]:
    """fresh: 3 articles of each outlet of the window, 4 BBC and 3 Reuters, of no other set, bounds as the blind set's."""
    taken = {e["id"] for name in others for e in manifest(SETS / name)}

    def order(ids: list[str]) -> list[str]:
        return sorted((i for i in ids if i not in taken), key=lambda i: hashlib.sha256(f"{seed}/{i}".encode()).hexdigest())

    by_outlet: dict[str, list[str]] = {}
    for r in _jsonl(UKRAINE_WINDOW):
        if _within(r["text"], UKRAINE_CHARS):
            by_outlet.setdefault(r["outlet"], []).append(r["id"])
    entries = [{"id": i, "corpus": "ukraine-news-2022", "stratum": outlet, "part": "dev"}
               for outlet, ids in sorted(by_outlet.items()) for i in order(ids)[:FRESH_PER_OUTLET]]
    by_category: dict[str, list[str]] = {}
    for r in _jsonl(BBC):
        if _within(r["text"], BBC_CHARS):
            by_category.setdefault(r["category"], []).append(r["id"])
    entries += [{"id": i, "corpus": "bbc-news-2225", "stratum": i.split("/")[0], "part": "dev"}
                for category, n in sorted(FRESH_BBC.items()) for i in order(by_category[category])[:n]]
    reuters = order([r["id"] for r in reuters_records() if _within(r["text"], REUTERS_CHARS)])[:FRESH_REUTERS]
    entries += [{"id": i, "corpus": "reuters21578", "stratum": "reuters", "part": "dev"} for i in reuters]
    return entries


def select_fresh2() -> list[dict]:
    """fresh-2: a sample drawn like fresh (all families), then dense war reports as dev-attacks draws them
    (attacks and figures only), all of articles of no other set."""
    others = ("blind", "dev-extra", "dev-attacks", "fresh")
    entries = select_fresh(FRESH2_SEED, others)
    return entries + _draw("fresh-2", f"{FRESH2_SEED}/attacks", lambda text: _forms(text) >= ATTACKS_FORMS,
                           chars=ATTACKS_CHARS, count=FRESH2_ATTACKS, per_outlet=4, taken=frozenset(e["id"] for e in entries))


def select_fresh_attacks() -> list[dict]:
    """fresh-attacks: war reports of no other set using at least three forms of the attack words, at most 5 per
    outlet (attacks and figures only)."""
    return _draw("fresh-attacks", FRESH_ATTACKS_SEED, lambda text: _forms(text) >= FRESH_ATTACKS_FORMS,
                 chars=FRESH_ATTACKS_CHARS, count=FRESH_ATTACKS_COUNT, per_outlet=FRESH_ATTACKS_PER_OUTLET)


def select_attacks2() -> list[dict]:
    """dev-attacks-2: articles of no other set using at least two forms of the attack words, bounds as
    fresh-attacks', at most 8 per outlet (attacks and figures only)."""
    return _draw("dev-attacks-2", ATTACKS2_SEED, lambda text: _forms(text) >= ATTACKS2_FORMS, chars=FRESH_ATTACKS_CHARS,
                 count=ATTACKS2_COUNT, per_outlet=ATTACKS2_PER_OUTLET)


def select_figures() -> list[dict]:
    """dev-figures: articles of no other set with at least two counts of people (``FIGURE_WORDS``), bounds as
    fresh-attacks', at most 8 per outlet (attacks and figures only)."""
    return _draw("dev-figures", FIGURES_SEED, lambda text: len(FIGURE_WORDS.findall(text)) >= FIGURES_MENTIONS,
                 chars=FRESH_ATTACKS_CHARS, count=FIGURES_COUNT, per_outlet=FIGURES_PER_OUTLET)


def draw_seed(name: str) -> str:
    return f"kg-{name}-2026"


def select_by_attack_words(name: str) -> list[dict]:
    """One of ``ATTACK_WORD_DRAWS``: articles of no other set using at least so many forms of the attack words, bounds
    as fresh-attacks', at most so many per outlet (attacks and figures only)."""
    forms, per_outlet, count = ATTACK_WORD_DRAWS[name]
    return _draw(name, draw_seed(name), lambda text: _forms(text) >= forms, chars=FRESH_ATTACKS_CHARS, count=count,
                 per_outlet=per_outlet)


def select_later(name: str) -> list[dict]:
    """One of ``LATER_DRAWS``: articles published after the window with so many forms of the attack words, bounds as
    fresh-attacks', at most so many of an outlet (attacks and figures only)."""
    forms, per_outlet, count = LATER_DRAWS[name]
    return _draw(name, draw_seed(name), lambda text: _forms(text) >= forms, chars=FRESH_ATTACKS_CHARS, count=count,
                 per_outlet=per_outlet, source=UKRAINE_ALL, published=lambda day: day > WINDOW_END)


def manifest(folder: Path = GOLD) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["articles"]


def records(entries: list[dict] | None = None) -> list[dict]:
    """The set's articles as kg JSONL records (id, title, text, published, source), in manifest order."""
    entries = manifest() if entries is None else entries
    wanted = {e["id"]: e for e in entries}
    found: dict[str, dict] = {}
    for source in (UKRAINE_WINDOW, UKRAINE_ALL):  # the rest of the year only for articles the window lacks
        if source is UKRAINE_ALL and not any(e["corpus"] == "ukraine-news-2022" and e["id"] not in found for e in entries):
            break
        for r in _jsonl(source):
            if r["id"] in wanted and r["id"] not in found:
                found[r["id"]] = {"id": r["id"], "title": r["title"], "text": r["text"], "published": r["published"],
                                  "source": r["outlet"], "url": r.get("url")}
    for r in _jsonl(BBC):
        if r["id"] in wanted:
            found[r["id"]] = {"id": r["id"], "title": r["title"], "text": r["text"], "source": "BBC News"}
    if any(e["corpus"] == "reuters21578" for e in entries):
        for r in reuters_records():
            if r["id"] in wanted:
                found[r["id"]] = {**r, "source": "Reuters"}
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise SystemExit(f"articles of the gold set not found in {DATA}: {', '.join(missing)}")
    return [found[e["id"]] for e in entries]


def gold_path(article_id: str, folder: Path = GOLD) -> Path:
    return folder / "articles" / (article_id.replace("/", "-") + ".json")


def _normal(text: str) -> str:
    """Text for finding anchors: curly quotes and apostrophes straightened, spaces collapsed."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def anchored(text: str, start: str, end: str) -> tuple[int, int] | None:
    """The shortest stretch of ``text`` from an occurrence of ``start`` to the end of the next ``end``."""
    best: tuple[int, int] | None = None
    at = text.find(start) if start else -1
    while at >= 0:
        stop = text.find(end, at)
        if stop < 0:
            break
        if best is None or stop + len(end) - at < best[1] - best[0]:
            best = (at, stop + len(end))
        at = text.find(start, at + 1)
    return best


def check(entries: list[dict], folder: Path = GOLD) -> list[str]:
    """Problems with the gold files: anchors not in the text, missing fields, unknown values."""
    problems: list[str] = []
    texts = {r["id"]: _normal(r["title"] + "\n\n" + r["text"]) for r in records(entries)}
    for e in entries:
        path = gold_path(e["id"], folder)
        if not path.exists():
            problems.append(f"{e['id']}: no gold file {path.relative_to(ROOT)}")
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = texts[e["id"]]
        if gold.get("article") != e["id"]:
            problems.append(f"{path.name}: 'article' is {gold.get('article')!r}, not {e['id']!r}")
        for n, q in enumerate(gold.get("quotes", [])):
            where = f"{path.name} quote {n}"
            if q.get("kind") not in ("direct", "indirect"):
                problems.append(f"{where}: kind {q.get('kind')!r}")
            start, end = _normal(q.get("start", "")), _normal(q.get("end", ""))
            if not start or start not in text:
                problems.append(f"{where}: start {q.get('start')!r} not in the text")
            elif anchored(text, start, end) is None:
                problems.append(f"{where}: end {q.get('end')!r} not after its start")
            if not isinstance(q.get("speaker"), list) or not q["speaker"]:
                problems.append(f"{where}: speaker must be a non-empty list (null inside for 'no name')")
        for family, fields in (("roles", ("person", "role", "org")), ("attacks", ("place", "date")),
                               ("figures", ("count", "measure", "group", "claimant"))):
            for n, item in enumerate(gold.get(family, [])):
                for field in fields:
                    if field not in item:
                        problems.append(f"{path.name} {family} {n}: no {field!r}")
        for n, a in enumerate(gold.get("attacks", [])):
            if a.get("date") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(a["date"])):
                problems.append(f"{path.name} attacks {n}: date {a['date']!r} is not YYYY-MM-DD")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="blind", choices=SET_NAMES, help="which gold set (default: blind)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("select", help="write the manifest from the seeded rule")
    show = sub.add_parser("show", help="print one article as the annotators read it")
    show.add_argument("id")
    out = sub.add_parser("jsonl", help="write the set's articles (or one part's) as JSONL")
    out.add_argument("-o", "--output", required=True)
    out.add_argument("--part", choices=["dev", "test"])
    checked = sub.add_parser("check", help="check the gold files against their articles' texts")
    checked.add_argument("ids", nargs="*", metavar="ID", help="only these articles (default: all)")
    args = parser.parse_args()
    folder = SETS / args.set
    if args.command == "select":
        folder.mkdir(parents=True, exist_ok=True)
        seed, chosen = {"blind": (SEED, select), "dev-extra": (EXTRA_SEED, select_extra),
                        "dev-attacks": (ATTACKS_SEED, select_attacks), "fresh": (FRESH_SEED, select_fresh),
                        "fresh-2": (FRESH2_SEED, select_fresh2),
                        "fresh-attacks": (FRESH_ATTACKS_SEED, select_fresh_attacks),
                        "dev-attacks-2": (ATTACKS2_SEED, select_attacks2),
                        "dev-figures": (FIGURES_SEED, select_figures)}.get(args.set) \
            or (draw_seed(args.set), lambda: (select_later if args.set in LATER_DRAWS else select_by_attack_words)(args.set))
        chosen = chosen()
        (folder / "manifest.json").write_text(json.dumps({"seed": seed, "articles": chosen}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {(folder / 'manifest.json').relative_to(ROOT)}")
    elif args.command == "show":
        every = manifest() + [e for name in SET_NAMES[1:] if (SETS / name / "manifest.json").exists()
                              for e in manifest(SETS / name)]
        (r,) = records([e for e in every if e["id"] == args.id] or [{"id": args.id, "corpus": "?"}])
        print(f"id: {r['id']}\npublished: {r.get('published')}\nsource: {r.get('source')}\ntitle: {r['title']}\n\n{r['text']}")
    elif args.command == "jsonl":
        entries = [e for e in manifest(folder) if args.part in (None, e["part"])]
        with open(args.output, "w", encoding="utf-8") as f:
            for r in records(entries):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {len(entries)} articles to {args.output}")
    else:
        problems = check([e for e in manifest(folder) if not args.ids or e["id"] in args.ids], folder)
        print("\n".join(problems) if problems else "every gold file checks out")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
