"""One writer and any number of readers on one on-disk store, without undefined behaviour.

Oxigraph (RocksDB underneath) lets one process write a store; opening it read-only while another
process writes is undefined behaviour, as pyoxigraph documents. So a kg reader never opens the
live store while a kg writer has it:

- A writer (``kg build``, ``kg remove``) takes ``kg-write.lock``; a second writer stops at once
  with ``StoreInUse``. It then takes ``kg-read.lock`` exclusively, waiting for readers of the live
  store to finish, opens the store, and publishes a snapshot: a RocksDB checkpoint (hard links to
  the immutable table files, so cheap) in ``kg-snapshots/``, named in ``kg-snapshots/CURRENT``.
  While it writes it publishes a fresh one every second or so (less often when checkpoints are
  slow, so that they cost at most about 5% of the writing), always between two updates, and every update is one transaction holding one whole article, so a snapshot never
  holds half an article.
- ``kg serve`` holds both locks from start to stop and its engine process, which opens the store,
  publishes as a writer does (``adopt_writer``): replacing the engine never frees the store.
- A reader (query, export, validate, viz, stats) takes ``kg-read.lock`` shared when no writer holds
  it, and reads the live store. When a writer holds it, the reader opens the current snapshot
  read-only, holding that snapshot's own lock shared so that the writer does not delete it
  underneath; nobody ever writes to a snapshot, so reading it is sound.

flock(2) locks belong to an open file, so they also separate a writer and a reader in one process,
and the kernel drops them when a process dies: a killed build leaves no stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreInUse

WRITE_LOCK = "kg-write.lock"
READ_LOCK = "kg-read.lock"
SNAPSHOTS = "kg-snapshots"
CURRENT = "CURRENT"
PUBLISH_EVERY = 1.0  # seconds: how stale, at least, a reader's view of a running build may be
# A checkpoint flushes RocksDB's memtable and may take a tenth of a second on a busy disk: publish
# no more often than this many times its last cost, so that publishing costs at most about 5%.
PUBLISH_COST_FACTOR = 20
DEFAULT_WAIT = 30.0  # seconds a writer waits for readers of the live store, or a reader for a first snapshot
_POLL = 0.05


def _try_lock(path: Path, mode: int) -> int | None:
    """A descriptor of ``path`` holding a flock of ``mode``, or None when another holder conflicts."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _release(fds: list[int]) -> None:
    while fds:
        os.close(fds.pop())


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="ascii")
    os.replace(tmp, path)


def _delete_snapshot(folder: Path, name: str) -> bool:
    """Delete one snapshot unless a reader holds it; True when it is gone."""
    lock = folder / f"{name}.lock"
    fd = _try_lock(lock, fcntl.LOCK_EX)
    if fd is None:
        return False
    try:
        target = folder / name
        if target.exists():
            # Renamed first so that a reader who looks it up by name afterwards finds nothing.
            trash = folder / f"trash-{name}-{os.getpid()}"
            os.replace(target, trash)
            shutil.rmtree(trash, ignore_errors=True)
        lock.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return True


def _prune(folder: Path, *, keep: str | None) -> None:
    """Delete every snapshot no reader holds, except ``keep``, and leftovers of killed writers."""
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith(("tmp-", "trash-")) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)  # only writers make these, and we are the writer
        elif name.endswith(".tmp") and entry.is_file():
            entry.unlink(missing_ok=True)
        elif name.isdigit() and entry.is_dir() and name != keep:
            _delete_snapshot(folder, name)
        elif name.endswith(".lock") and name[:-5].isdigit() and not (folder / name[:-5]).exists():
            _delete_snapshot(folder, name[:-5])


@dataclass
class WriterLease:
    """A writer's hold on a store folder, and the snapshots it publishes for readers."""

    location: Path
    fds: list[int] = field(default_factory=list)
    last_published: float = 0.0
    last_cost: float = 0.0
    current: str | None = None

    @property
    def folder(self) -> Path:
        return self.location / SNAPSHOTS

    def publish(self, native: ox.Store) -> None:
        """Make the store's present state what readers see from now on."""
        started = time.monotonic()
        folder = self.folder
        folder.mkdir(exist_ok=True)
        # Never a name used before: a reader checks the lock it holds is the one of the name it read.
        numbers = [int(p.name.split(".")[0]) for p in folder.iterdir() if p.name.split(".")[0].isdigit()]
        name = f"{max([time.time_ns(), *(n + 1 for n in numbers)]):020d}"
        tmp = folder / f"tmp-{name}"
        shutil.rmtree(tmp, ignore_errors=True)
        native.backup(str(tmp))
        (folder / f"{name}.lock").touch()
        os.replace(tmp, folder / name)
        _replace_text(folder / CURRENT, name)
        previous, self.current = self.current, name
        if previous is not None:
            _delete_snapshot(folder, previous)
        self.last_published = time.monotonic()
        self.last_cost = self.last_published - started

    def maybe_publish(self, native: ox.Store) -> None:
        if time.monotonic() - self.last_published >= max(PUBLISH_EVERY, PUBLISH_COST_FACTOR * self.last_cost):
            self.publish(native)

    def release(self) -> None:
        """Give the store back; call after the store itself is closed."""
        if not self.fds:
            return
        (self.folder / CURRENT).unlink(missing_ok=True)
        _prune(self.folder, keep=None)
        _release(self.fds)


def acquire_writer(location: Path, *, wait: float = DEFAULT_WAIT) -> WriterLease:
    """Hold ``location`` for writing, or raise StoreInUse; the caller then opens the store and publishes."""
    location.mkdir(parents=True, exist_ok=True)
    write = _try_lock(location / WRITE_LOCK, fcntl.LOCK_EX)
    if write is None:
        raise StoreInUse(
            f"store {location} is in use by another kg process writing to it (a build, a remove, or kg serve); "
            "wait for it to finish, use another --store, or add articles to a served store through the "
            "server: kg build PATH --store http://127.0.0.1:8000/sparql"
        )
    deadline = time.monotonic() + wait
    while (read := _try_lock(location / READ_LOCK, fcntl.LOCK_EX)) is None:
        if time.monotonic() >= deadline:
            os.close(write)
            raise StoreInUse(
                f"store {location} is in use: another kg process (a query, an export or a server) has been "
                f"reading it for over {wait:.0f} s; wait for it to finish, or use another --store"
            )
        time.sleep(_POLL)
    folder = location / SNAPSHOTS
    (folder / CURRENT).unlink(missing_ok=True)  # a killed writer's snapshot may be older than the store
    _prune(folder, keep=None)
    return WriterLease(location, [write, read])


def adopt_writer(location: Path) -> WriterLease:
    """The lease of a process that writes a store whose locks its parent holds (kg serve's engine).

    It takes no lock and releases none; it publishes snapshots as any writer does. A predecessor
    killed while it wrote (an engine replaced) may have left a half-made snapshot: cleared here,
    and its last complete snapshot is replaced by this one's first.
    """
    folder = location / SNAPSHOTS
    try:
        current = (folder / CURRENT).read_text(encoding="ascii").strip() or None
    except OSError:
        current = None
    _prune(folder, keep=current)
    return WriterLease(location, current=current)


@dataclass
class ReaderLease:
    """A reader's hold: on the live store (``snapshot`` None) or on one snapshot."""

    path: Path
    snapshot: str | None
    fds: list[int] = field(default_factory=list)

    def release(self) -> None:
        _release(self.fds)


def _hold_snapshot(folder: Path) -> ReaderLease | None:
    try:
        name = (folder / CURRENT).read_text(encoding="ascii").strip()
    except OSError:
        return None
    try:
        fd = os.open(folder / f"{name}.lock", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None  # deleted since CURRENT was read: a newer one is current
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None  # being deleted
    try:
        same = os.fstat(fd).st_ino == os.stat(folder / f"{name}.lock").st_ino and (folder / name).is_dir()
    except OSError:
        same = False
    if not same:
        os.close(fd)
        return None
    return ReaderLease(folder / name, name, [fd])


def acquire_reader(location: Path, *, wait: float = DEFAULT_WAIT) -> ReaderLease:
    """What to open read-only: the live store when no writer has it, else the current snapshot."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = _try_lock(location / READ_LOCK, fcntl.LOCK_SH)
        except OSError:
            # A store this user cannot write to (or on a read-only disk) is one no writer of this
            # user is changing: read it as it is.
            return ReaderLease(location, None)
        if fd is not None:
            return ReaderLease(location, None, [fd])
        lease = _hold_snapshot(location / SNAPSHOTS)
        if lease is not None:
            return lease
        if time.monotonic() >= deadline:
            raise StoreInUse(
                f"store {location} is being written by another kg process and offers no snapshot to read "
                "yet; try again in a moment"
            )
        time.sleep(_POLL)
