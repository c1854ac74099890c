"""Crash safety: ``kg build`` and ``kg remove`` killed with SIGKILL at random moments lose nothing.

Each killed process leaves a store that opens, passes ``kg validate``, holds only whole articles
(each one exactly as a clean build writes it) and a corpus graph that follows from exactly those
articles; the next run on the same store picks up where the killed one stopped, and the run that
finally completes gives byte for byte the export of a clean build.

Most kills land while articles are being written: the test waits until the writer has opened the
store and written its first article (it watches the snapshot the writer publishes, see
``kg.store.snapshots``) and kills it a random moment later. The others land at a random moment of start-up,
including while the store is still recovering from the previous kill. The checks of each killed
state run on a copy, in a thread, while the next run starts.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.api import remove, validate
from kg.store import open_store
from kg.store.snapshots import CURRENT, SNAPSHOTS
from tests.conftest import kg_command
from tests.storecheck import Reference, nquads

pytestmark = pytest.mark.slow

KILLS = 20
SEED = 20220302


def _published(store: Path) -> str | None:
    try:
        return (store / SNAPSHOTS / CURRENT).read_text(encoding="ascii")
    except OSError:
        return None


@dataclass
class Run:
    killed: bool
    returncode: int
    stderr: str
    when: str  # "start-up" or "writing"
    seconds: float


def run_and_kill(args: list[str], store: Path, rng: random.Random, *, startup: float, writing: float,
                 wait_for_write: bool, early_share: float = 0.2) -> Run:
    """Run kg; kill it at a random moment of start-up, or a random moment after it starts writing."""
    before = _published(store)
    errors = store.parent / "stderr.txt"
    with open(errors, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(kg_command(*args, "--store", str(store)), stdout=subprocess.DEVNULL, stderr=err)
    started = time.monotonic()
    early = rng.random() < early_share
    kill_at = started + rng.uniform(0, startup) if early else None
    seen = before
    changes = 0
    while proc.poll() is None:
        now = time.monotonic()
        if kill_at is None:
            published = _published(store)
            if published is not None and published != seen:
                seen, changes = published, changes + 1
                # The first publication is the writer opening the store, the next its first write.
                if changes >= (2 if wait_for_write else 1):
                    kill_at = now + rng.uniform(0, writing)
        if kill_at is not None and now >= kill_at:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return Run(True, proc.returncode, errors.read_text(encoding="utf-8"), "start-up" if early else "writing", now - started)
        if now - started > 300:
            proc.kill()
            raise AssertionError(f"kg {args[0]} ran for over 300 s")
        time.sleep(0.005)
    return Run(False, proc.returncode, errors.read_text(encoding="utf-8"), "", time.monotonic() - started)


def check_killed(copy: Path, reference: Reference) -> tuple[list[str], set[str]]:
    """Everything that is wrong with (a copy of) a killed store, and the articles it holds."""
    with open_store(copy):  # opens for writing: the lock is free and RocksDB recovers
        pass
    wrong, present = reference.problems(copy)
    result = validate(store=str(copy))
    if not result.conforms:
        wrong.append("kg validate fails:\n" + result.report[:2000])
    shutil.rmtree(copy)
    return wrong, present


def _collect(checks: list[tuple[str, Future]]) -> list[set[str]]:
    failures, present = [], []
    for label, future in checks:
        wrong, ids = future.result()
        failures += [f"{label}: {w}" for w in wrong]
        present.append(ids)
    assert not failures, "\n".join(failures)
    return present


def test_killing_build_at_random_moments_loses_nothing(generated_corpus, generated_clean, tmp_path):
    clean_store, reference = generated_clean
    rng = random.Random(SEED)
    store = tmp_path / "store"
    build = ["build", str(generated_corpus), "--quiet"]
    kills, completed, startup = [], 0, 6.0
    checks: list[tuple[str, Future]] = []
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        while len(kills) < KILLS:
            run = run_and_kill(build, store, rng, startup=startup, writing=2.0, wait_for_write=True)
            if not run.killed:
                # This re-run completed the build the previous kills interrupted.
                assert run.returncode == 0, run.stderr
                assert nquads(store) == reference.nquads
                completed += 1
                shutil.rmtree(store)  # start over, so that later kills land on writes again
                continue
            kills.append(run)
            label = f"kill {len(kills)} ({run.when}, {run.seconds:.1f} s)"
            shutil.copytree(store, tmp_path / f"copy{len(kills)}")  # before the next run changes it
            checks.append((label, pool.submit(check_killed, tmp_path / f"copy{len(kills)}", reference)))
        final = subprocess.run(kg_command(*build, "--store", str(store)), capture_output=True, text=True, check=False)
        present = _collect(checks)
    assert final.returncode == 0, final.stderr
    assert nquads(store) == reference.nquads  # the last re-run: byte for byte a clean build
    writing = sum(1 for k in kills if k.when == "writing")
    print(f"\nkg build: {len(kills)} kills survived ({writing} while writing), {completed} interrupted builds "
          f"completed by a re-run, articles present after each kill: {[len(p) for p in present]}, "
          f"0 articles lost; {time.monotonic() - started:.0f} s")
    assert writing >= KILLS // 2
    assert any(0 < len(p) < len(reference.articles) for p in present)  # some kills did land mid-build


def test_killing_remove_at_random_moments_loses_nothing(generated_corpus, generated_clean, tmp_path):
    clean_store, reference = generated_clean
    rng = random.Random(SEED + 1)
    store = tmp_path / "store"
    shutil.copytree(clean_store, store)
    ids = sorted(reference.articles)
    kills, removed = [], []
    checks: list[tuple[str, Future]] = []
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        while len(kills) < KILLS:
            target = rng.choice([i for i in ids if i not in removed])
            run = run_and_kill(["remove", target], store, rng, startup=3.0, writing=0.4, wait_for_write=False)
            if not run.killed:
                assert run.returncode == 0, run.stderr
            else:
                kills.append(run)
                label = f"kill {len(kills)} of kg remove {target} ({run.when}, {run.seconds:.1f} s)"
                shutil.copytree(store, tmp_path / f"copy{len(kills)}")
                checks.append((label, pool.submit(check_killed, tmp_path / f"copy{len(kills)}", reference)))
                remove(target, store=str(store))  # the re-run
            removed.append(target)
        present = _collect(checks)
    final, _ = reference.problems(store)
    assert not final
    left = {i for i in ids if i not in removed}
    assert set(reference.problems(store)[1]) == left
    rebuilt = subprocess.run(kg_command("build", str(generated_corpus), "--quiet", "--store", str(store)),
                             capture_output=True, text=True, check=False)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout.startswith(f"{len(removed)} added, 0 updated, {len(left)} unchanged"), rebuilt.stdout
    assert nquads(store) == reference.nquads
    gone = [len(ids) - len(p) for p in present]
    writing = sum(1 for k in kills if k.when == "writing")
    print(f"\nkg remove: {len(kills)} kills survived ({writing} while writing), articles removed when each kill "
          f"struck: {gone}, 0 articles lost; {time.monotonic() - started:.0f} s")
