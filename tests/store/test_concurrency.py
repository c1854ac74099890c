"""Concurrency: one writer at a time, readers never see half a build, nothing is corrupted.

A second ``kg build`` (or ``kg remove``) on a store another one is writing stops at once with a
one-line "store in use" error. Queries during a build read the snapshot the build publishes (see
``kg.store.snapshots``): each sees whole articles only and a corpus graph that follows from them, and
successive queries see the build progress. A writer waits for readers of the live store to finish.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from kg.api import remove
from kg.errors import StoreInUse
from kg.store import open_store
from kg.store.snapshots import CURRENT, SNAPSHOTS, WRITE_LOCK
from tests.conftest import SEEDS, kg_command
from tests.storecheck import nquads

pytestmark = pytest.mark.slow


def _locked(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _current_snapshot(store: Path) -> str | None:
    try:
        return (store / SNAPSHOTS / CURRENT).read_text(encoding="utf-8")
    except OSError:
        return None


def _wait_until_writing(proc: subprocess.Popen, store: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not (store / SNAPSHOTS / CURRENT).exists():
        assert proc.poll() is None, "the build ended before it opened the store"
        assert time.monotonic() < deadline, "the build never opened the store"
        time.sleep(0.02)


def test_a_second_writer_stops_with_store_in_use_and_queries_see_whole_articles(generated_corpus, generated_clean, tmp_path):
    _, reference = generated_clean
    store = tmp_path / "store"
    build = subprocess.Popen(kg_command("build", str(generated_corpus), "--store", str(store), "--quiet"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until_writing(build, store)
    refused = []
    for args in (["build", str(SEEDS)], ["remove", "000"]):
        other = subprocess.run(kg_command(*args, "--store", str(store)), capture_output=True, text=True, check=False)
        refused.append(other)
    seen: list[int] = []  # articles in each snapshot the build published, read once each
    published = None
    while build.poll() is None:
        current = _current_snapshot(store)
        if current is None or current == published:
            time.sleep(0.01)  # polling for the next snapshot: a condition, not a guess at timing
            continue
        with open_store(store, read_only=True) as db:
            live = db.snapshot is None
        if live:  # only once the writer has let go of the store: it is about to exit
            build.wait(timeout=30)
            break
        wrong, present = reference.problems(store)
        assert not wrong, wrong
        published = current
        seen.append(len(present))
    out, err = build.communicate()
    assert build.returncode == 0, err
    for other in refused:
        assert other.returncode == 2, other.stderr
        assert other.stderr.count("\n") == 1 and "is in use by another kg process writing to it" in other.stderr, other.stderr
    assert nquads(store) == reference.nquads  # nothing corrupted, nothing lost
    # Every snapshot read held whole articles only (checked above), and later snapshots never hold fewer.
    assert seen and seen == sorted(seen) and any(0 < n < len(reference.articles) for n in seen), seen
    print(f"\nconcurrency: 1 build with 2 concurrent writers refused; {len(seen)} consistent reads during the build "
          f"saw {seen[0]} to {seen[-1]} articles")


def test_two_builds_started_together(generated_corpus, generated_clean, tmp_path):
    """Two halves of a corpus built at once on one store: one builds, the other stops; built again, it completes."""
    _, reference = generated_clean
    files = sorted(generated_corpus.glob("*.txt"))
    halves = [files[: len(files) // 2], files[len(files) // 2:]]
    store = tmp_path / "store"
    procs = [subprocess.Popen(kg_command("build", *map(str, half), "--store", str(store), "--quiet"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in halves]
    results = [(p, *p.communicate()) for p in procs]
    codes = sorted(p.returncode for p, _, _ in results)
    assert codes == [0, 2], [err for _, _, err in results]
    loser = next(i for i, (p, _, _) in enumerate(results) if p.returncode == 2)
    assert "is in use by another kg process writing to it" in results[loser][2]
    again = subprocess.run(kg_command("build", *map(str, halves[loser]), "--store", str(store), "--quiet"),
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert nquads(store) == reference.nquads


def test_a_writer_waits_for_readers_of_the_live_store(generated_clean, tmp_path):
    clean, reference = generated_clean
    store = tmp_path / "store"
    shutil.copytree(clean, store)
    reader = open_store(store, read_only=True)
    assert reader.snapshot is None  # no writer: the live store
    with pytest.raises(StoreInUse, match="reading it for over"):
        open_store(store, wait=0.3)
    remove = subprocess.Popen(kg_command("remove", "000", "--store", str(store)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _locked(store / WRITE_LOCK):  # the remove has started, and holds the writer's lock
        assert remove.poll() is None, remove.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    # For a second, the remove keeps waiting for the reader...
    with pytest.raises(subprocess.TimeoutExpired):
        remove.wait(timeout=1)
    assert "000" in reference.problems(store)[1]  # ...without having written anything
    reader.close()
    out, err = remove.communicate(timeout=60)
    assert remove.returncode == 0, err
    wrong, present = reference.problems(store)
    assert not wrong and "000" not in present and len(present) == len(reference.articles) - 1


def test_readers_in_threads_during_a_write_in_this_process(generated_clean, tmp_path):
    """The Python API: a query in one thread while another writes, in one process."""
    clean, reference = generated_clean
    store = tmp_path / "store"
    shutil.copytree(clean, store)
    ids = sorted(reference.articles)[:20]
    errors: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            wrong, _ = reference.problems(store)
            errors.extend(wrong)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for article in ids:
            assert remove(article, store=str(store))
    finally:
        done.set()
        thread.join()
    assert not errors
    assert reference.problems(store)[1] == set(reference.articles) - set(ids)
