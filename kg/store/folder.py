"""Which folders kg may open as a store for writing: new, empty, or a store already.

RocksDB, under Oxigraph, takes over any folder it is given and deletes what it takes for its own
files (``LOG``, ``*.log``): a ``--store`` pointing at a folder of the user's would lose their files.
So kg writes only into a folder that does not exist yet, is empty, or holds an Oxigraph store.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from kg.errors import StoreError

# What a kg process leaves in a folder before the store is created (a first opening that failed).
KG_FILES = {"kg-write.lock", "kg-read.lock", "kg-snapshots"}
# Every RocksDB database has these two files; together they are what marks a store.
STORE_MARKERS = ("CURRENT", "IDENTITY")


def check_writable_folder(path: Path) -> None:
    """Raise StoreError unless ``path`` is a store, an empty folder, or does not exist yet."""
    if not path.exists() and not path.is_symlink():
        return
    if not path.is_dir():
        raise StoreError(f"store {path} is a file, not a folder; give a new or empty folder (or a kg store) as --store")
    try:
        names = sorted(p.name for p in path.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot read store folder {path} ({exc.strerror or exc})") from None
    if all((path / marker).is_file() for marker in STORE_MARKERS) or set(names) <= KG_FILES:
        return
    if "kg-write.lock" in names and _being_written(path):
        return  # another kg process is creating the store right now: its lock answers (StoreInUse)
    shown = ", ".join(n for n in names if n not in KG_FILES)
    shown = shown if len(shown) <= 120 else shown[:119] + "…"
    raise StoreError(f"store folder {path} holds files that are not a kg store ({shown}); kg would take the folder over "
                     "and delete some of them: give a new or empty folder, or an existing kg store, as --store")


def _being_written(path: Path) -> bool:
    """Whether another kg process holds the folder's write lock (a store it is creating has files of
    RocksDB's before it has the two that mark a store)."""
    try:
        fd = os.open(path / "kg-write.lock", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # releases the shared lock, if it was taken: flock belongs to this descriptor
    return False
