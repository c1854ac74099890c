"""Expand the paths a user gives (files, directories, globs) into the input files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.records import InputProblem

SUFFIXES = {".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html"}


def _walk(root: Path) -> Iterator[Path | InputProblem]:
    """Files under ``root``, following symbolic links but never the same directory twice."""
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []  # os.walk reports folders it cannot list here, and goes on

    def unreadable() -> Iterator[InputProblem]:
        while errors:
            exc = errors.pop(0)
            yield InputProblem(str(exc.filename or root), f"cannot read directory ({exc.strerror or exc}); skipped")

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        yield from unreadable()
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            yield InputProblem(dirpath, f"cannot read directory ({exc.strerror}); skipped")
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            yield InputProblem(dirpath, "directory loop (a symbolic link leads back to a folder already read); skipped")
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() in SUFFIXES:
                yield path
    yield from unreadable()


def expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | InputProblem]:
    """Input files in a stable order (sorted by path), each once, and a problem for each bad path.

    The order does not depend on the order the paths were given in, so a build's result does not
    either.
    """
    files: dict[str, Path] = {}
    problems: list[InputProblem] = []
    for given in paths:
        text = os.fspath(given)
        path = Path(text)
        if path.is_dir():
            found: Iterable[Path | InputProblem] = _walk(path)
        elif path.exists() or path.is_symlink():
            if path.suffix.lower() not in SUFFIXES:
                problems.append(InputProblem(text, f"unsupported file type {path.suffix or '(none)'!r}; skipped (kg reads .txt, .jsonl and .html)"))
                continue
            found = [path]
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                problems.append(InputProblem(text, "the pattern matches no files; nothing read"))
            found = [p for m in matches for p in ([Path(m)] if not Path(m).is_dir() else _walk(Path(m)))
                     if isinstance(p, InputProblem) or p.suffix.lower() in SUFFIXES]
        else:
            problems.append(InputProblem(text, "no such file or directory; nothing read"))
            continue
        for item in found:
            if isinstance(item, InputProblem):
                problems.append(item)
                continue
            try:
                real = os.path.realpath(item)
            except OSError:
                real = str(item)
            files.setdefault(real, item)
    yield from problems
    yield from sorted(files.values(), key=lambda p: (str(p), p.name))
