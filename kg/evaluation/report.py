"""The scores as text: one table per part, and the facts behind them."""

from __future__ import annotations

from kg.evaluation.score import Score

# Details are shown for the parts one may tune on: never the blind set's test part.
TUNABLE = ("all", "dev")


def format_scores(scores: list[Score]) -> str:
    parts = list(dict.fromkeys(s.part for s in scores))
    lines: list[str] = []
    for part in parts:
        if part != "all":
            lines.append(f"{part} part")
        lines += [f"{'family':24} {'gold':>5} {'kg':>5} {'P':>6} {'R':>6} {'F1':>6}  other", "-" * 84]
        for s in (s for s in scores if s.part == part):
            other = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in s.extra.items())
            if s.family == "threats as attacks":
                lines.append(f"{s.family:24} {s.gold:5d} {s.system:5d} {'':>6} {'':>6} {'':>6}  {other}")
            else:
                lines.append(f"{s.family:24} {s.gold:5d} {s.system:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {other}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def format_details(scores: list[Score]) -> str:
    """What each family missed, added or got wrong, one line per fact; a test part's are not shown."""
    lines = []
    for s in scores:
        if s.part not in TUNABLE:
            continue
        for label, items in (("missed", s.missed), ("not in gold", s.spurious), ("wrong", s.wrong)):
            lines.extend(f"{s.part} {s.family}: {label}: {item}" for item in items)
    hidden = sorted({s.part for s in scores if s.part not in TUNABLE})
    if hidden:
        lines.append(f"(the {', '.join(hidden)} part's misses are not shown: it is for reporting, never for writing rules)")
    return "\n".join(lines) + ("\n" if lines else "")
