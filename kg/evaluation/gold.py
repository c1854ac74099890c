"""Gold files: the seeds' single file, and the blind set's folder of per-article files.

Both load into one ``Gold``: facts as dictionaries keyed by article, every list of acceptable
names a list. The blind set names each quotation by its first and last words only (the texts stay
in ``../shared/data``); its text is found in the article's own text, which the caller supplies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

FAMILIES = ("roles", "quotes", "attacks", "not_attacks", "figures")


@dataclass
class Gold:
    """Every gold fact, with each article's part ("dev", "test", or "all" for a single file)."""

    articles: dict[str, dict] = field(default_factory=dict)  # id -> {"published": ..., "part": ..., "families": ...}
    roles: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    attacks: list[dict] = field(default_factory=list)
    not_attacks: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)
    distinct: list[dict] = field(default_factory=list)
    duplicates: list[list[str]] = field(default_factory=list)
    contested: list[dict] = field(default_factory=list)

    @property
    def parts(self) -> list[str]:
        return sorted({a["part"] for a in self.articles.values()}, key=lambda p: ("dev", "test", "all").index(p) if p in ("dev", "test", "all") else 3)

    def scored(self, family: str) -> set[str]:
        """The articles annotated for ``family`` (a manifest entry may list its families; the default is all)."""
        return {a for a, meta in self.articles.items() if meta.get("families") is None or family in meta["families"]}

    def part(self, name: str) -> Gold:
        """The facts of one part's articles."""
        keep = {a for a, meta in self.articles.items() if meta["part"] == name}
        out = Gold(articles={a: m for a, m in self.articles.items() if a in keep})
        for family in FAMILIES:
            setattr(out, family, [f for f in getattr(self, family) if f["article"] in keep])
        out.merges = [m for m in self.merges if m.get("article") in keep or "article" not in m]
        out.distinct = [d for d in self.distinct if d.get("article") in keep or "article" not in d]
        out.duplicates = [d for d in self.duplicates if d[0] in keep]
        out.contested = self.contested if name == "all" else []
        return out


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [value]


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


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise KgError(f"cannot read gold file {path}: {exc}") from None


def _single_file(path: Path) -> Gold:
    """The seeds' format: one file, full quotation texts, every article in the part "all"."""
    raw = _read(path)
    gold = Gold(articles={a: {"published": m.get("published"), "part": "all"} for a, m in raw.get("articles", {}).items()})
    gold.roles = [{**r, "person": _listed(r["person"]), "role": _listed(r["role"])} for r in raw.get("roles", [])]
    gold.quotes = [{**q, "speaker_role": q.get("speaker_role")} for q in raw.get("quotes", [])]
    gold.attacks = [{**a, "place": _listed(a["place"])} for a in raw.get("attacks", [])]
    gold.not_attacks = [{**a, "place": _listed(a["place"])} for a in raw.get("not_attacks", [])]
    gold.figures = raw.get("figures", [])
    gold.merges, gold.distinct = raw.get("merges", []), raw.get("distinct", [])
    gold.duplicates, gold.contested = raw.get("duplicates", []), raw.get("contested", [])
    return gold


def read_texts(jsonl: Path) -> dict[str, str]:
    """Each article's text as the annotators read it (title, blank line, text), by id, from a JSONL file."""
    texts: dict[str, str] = {}
    try:
        with jsonl.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    record = json.loads(line)
                    texts[str(record["id"])] = f"{record.get('title') or ''}\n\n{record.get('text') or ''}"
    except (OSError, ValueError, KeyError) as exc:
        raise KgError(f"cannot read the articles file {jsonl}: {exc}") from None
    return texts


def _folder(folder: Path, texts: dict[str, str] | None) -> Gold:
    """The blind set's format: manifest.json and articles/ID.json, quotations named by anchors."""
    manifest = _read(folder / "manifest.json")
    gold = Gold()
    missing_texts: list[str] = []
    for entry in manifest["articles"]:
        article = entry["id"]
        raw = _read(folder / "articles" / (article.replace("/", "-") + ".json"))
        gold.articles[article] = {"published": raw.get("published"), "part": entry["part"], "families": entry.get("families")}
        gold.roles += [{**r, "article": article, "person": _listed(r["person"]), "role": _listed(r["role"])}
                       for r in raw.get("roles", [])]
        gold.attacks += [{**a, "article": article, "place": _listed(a["place"])} for a in raw.get("attacks", [])]
        gold.not_attacks += [{**a, "article": article, "place": _listed(a["place"])} for a in raw.get("not_attacks", [])]
        gold.figures += [{**f, "article": article} for f in raw.get("figures", [])]
        gold.merges += [{**e, "article": article} for e in raw.get("entities", []) if len(e.get("names", [])) > 1]
        gold.distinct += [{**d, "article": article} for d in raw.get("distinct", [])]
        quotes = raw.get("quotes", [])
        if quotes and (texts is None or article not in texts):
            missing_texts.append(article)
            continue
        text = _normal(texts[article]) if quotes else ""
        for q in quotes:
            span = anchored(text, _normal(q["start"]), _normal(q["end"]))
            if span is None:
                raise KgError(f"gold quotation {q['start']!r} of {article} is not in the article's text; "
                              "is the articles file the one the gold was written for?")
            gold.quotes.append({"article": article, "kind": q["kind"], "text": text[span[0]:span[1]],
                                "speaker": q["speaker"], "speaker_role": q.get("speaker_role")})
    if missing_texts:
        raise KgError(f"the gold set names its quotations by their first and last words; give the articles' texts with "
                      f"--articles FILE.jsonl (python bench/gold.py jsonl -o FILE.jsonl writes them); missing: "
                      f"{', '.join(missing_texts[:3])}{' ...' if len(missing_texts) > 3 else ''}")
    return gold


def load(path: str | Path, *, texts: dict[str, str] | None = None) -> Gold:
    """A gold file (the seeds' format) or a gold folder (the blind set's), as one ``Gold``."""
    path = Path(path)
    if path.is_dir():
        if not (path / "manifest.json").is_file():
            raise KgError(f"{path} is a folder without manifest.json; give a gold file or the blind set's folder")
        return _folder(path, texts)
    return _single_file(path)


def roles_text(role: str) -> str:
    """A role phrase compared case- and spacing-insensitively, hyphens as spaces ("secretary-general")."""
    return " ".join(re.findall(r"[a-z0-9]+", role.lower()))
