"""The engine process behind kg serve: answers, limits, and a new process when the old one dies or a request runs away.

Each scenario here once went wrong: a build took the store while the engine was replaced; a
cheap query waited behind four slow ones until its own limit passed; an update behind slow
queries deadlocked the server; updates had no time limit; memory had no bound.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.errors import StorageError, StoreInUse
from kg.serve.engine import Engine, Request
from kg.store import open_store

pytestmark = pytest.mark.server

ASK = Request("query", "ASK { }", accept="text/csv")
COUNT = Request("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", accept="text/csv")
# 300 triples to the fourth power: runs for hours.
RUNAWAY = Request("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?k ?l ?m }", accept="text/csv")
INSERT = Request("update", "INSERT DATA { " + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(300)) + " }")


def run_in_own_loop(coroutine, *, seconds: float = 120):  # noqa: ANN001, ANN201 - a coroutine and its result
    """asyncio.run on a thread of its own (Playwright's sync API may hold this thread's loop), with a deadline."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, seconds)).result()


@pytest.fixture
def engine(tmp_path):
    """An engine on a store of 300 triples, started; stopped (and the store released) at the end."""
    engine = Engine(str(tmp_path / "store"), 10_000)
    engine.start()
    run_in_own_loop(engine.ask(INSERT, timeout=None))
    yield engine
    engine.stop()


def count(answer) -> int:  # noqa: ANN001 - an Answer
    assert answer.status == 200, answer.body
    return int(answer.body.split()[-1])


def test_engine_replaces_a_dead_process_and_a_runaway_query(engine):
    async def scenario():
        first = await engine.ask(ASK, timeout=10)
        engine._process.kill()  # as the kernel would, out of memory
        engine._process.join()
        second = await engine.ask(ASK, timeout=10)
        stopped, third = await asyncio.gather(engine.ask(RUNAWAY, timeout=0.5), engine.ask(COUNT, timeout=20))
        return first, second, stopped, third

    first, second, stopped, third = run_in_own_loop(scenario())
    assert (first.status, first.body) == (200, b"true")
    assert (second.status, second.body) == (200, b"true")
    assert stopped.status == 503 and b"limit of 0.5 s" in stopped.body
    assert count(third) == 300
    assert engine.restarts == 2


def test_a_served_store_is_never_taken_while_its_engine_is_replaced(engine):
    """A build used to get the lock between two engines ("100 added"), and the server then answered 500 for ever."""
    for _ in range(3):
        engine._process.kill()  # a crash, or a runaway query being stopped
        engine._process.join()
        with pytest.raises(StoreInUse):
            open_store(engine.location).close()  # what kg build on the folder does
        assert run_in_own_loop(engine.ask(ASK, timeout=10)).status == 200
    engine.stop()
    open_store(engine.location).close()  # released when the server stops


def test_a_failed_restart_is_tried_again_by_the_next_request(engine, monkeypatch):
    spawn, attempts = Engine._spawn, []

    def flaky(self):  # noqa: ANN001, ANN202
        attempts.append(1)
        if len(attempts) == 1:
            raise StorageError("store x: its disk failed (IO error: injected); check the disk")
        spawn(self)

    monkeypatch.setattr(Engine, "_spawn", flaky)
    engine._process.kill()
    engine._process.join()

    async def scenario():
        return await engine.ask(ASK, timeout=10), await engine.ask(ASK, timeout=10)

    failed, recovered = run_in_own_loop(scenario())
    assert failed.status == 503 and b"its disk failed" in failed.body
    assert (recovered.status, recovered.body) == (200, b"true")


def test_a_cheap_query_is_answered_within_a_second_while_slow_queries_run(engine):
    async def scenario():
        slow = [asyncio.create_task(engine.ask(RUNAWAY, timeout=4)) for _ in range(4)]
        await asyncio.sleep(0.5)
        started = time.monotonic()
        cheap = await engine.ask(ASK, timeout=1)
        took = time.monotonic() - started
        return cheap, took, await asyncio.gather(*slow)

    cheap, took, slow = run_in_own_loop(scenario())
    assert (cheap.status, cheap.body) == (200, b"true") and took < 1
    assert [a.status for a in slow] == [503] * 4


def test_an_update_behind_slow_queries_runs_and_the_server_does_not_stall(engine):
    one_more = Request("update", "INSERT DATA { <urn:new> <urn:p> 1 }")

    async def scenario():
        started = time.monotonic()
        slow = [asyncio.create_task(engine.ask(RUNAWAY, timeout=2)) for _ in range(4)]
        await asyncio.sleep(0.3)
        written = await engine.ask(one_more, timeout=5)
        written_after = time.monotonic() - started
        stopped = await asyncio.gather(*slow)
        return written, written_after, stopped, time.monotonic() - started, await engine.ask(COUNT, timeout=10)

    written, written_after, stopped, all_done, total = run_in_own_loop(scenario(), seconds=60)
    assert written.status == 204 and written_after < 2
    assert [a.status for a in stopped] == [503] * 4 and all_done < 15
    assert count(total) == 301


def test_updates_have_a_time_limit_and_a_stopped_one_changes_nothing(engine):
    runaway = Request("update", "INSERT { GRAPH <urn:g> { ?a <urn:q> ?n } } WHERE { "
                                "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?k ?l ?m } GROUP BY ?a }")

    async def scenario():
        started = time.monotonic()
        stopped = await engine.ask(runaway, timeout=1)
        return stopped, time.monotonic() - started, await engine.ask(COUNT, timeout=10)

    stopped, took, total = run_in_own_loop(scenario(), seconds=60)
    assert stopped.status == 503 and b"the update ran longer than this server's limit of 1 s" in stopped.body
    assert b"all of it or none of it" in stopped.body and took < 10
    assert count(total) == 300


def test_memory_is_bounded_and_only_the_query_that_takes_it_fails(tmp_path):
    engine = Engine(str(tmp_path / "store"), 10_000, max_memory=300 * 2**20)
    engine.start()
    try:
        run_in_own_loop(engine.ask(INSERT, timeout=None))
        # 27 million rows held for sorting: gigabytes within seconds.
        hog = Request("query", "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i", accept="text/csv")

        async def scenario():
            big = asyncio.create_task(engine.ask(hog, timeout=60))
            cheap = []
            while not big.done():
                cheap.append(await engine.ask(ASK, timeout=5))
                await asyncio.sleep(0.2)
            return await big, cheap

        big, cheap = run_in_own_loop(scenario())
        assert big.status == 507 and b"memory limit of 300 MiB" in big.body
        assert cheap and all(a.status == 200 for a in cheap)
        assert engine.restarts == 2  # the hog ran twice: once beside others, once more to be sure it was the cause
    finally:
        engine.stop()


def test_stopping_with_runaways_in_flight_is_quick_and_frees_the_store(engine):
    async def scenario():
        slow = [asyncio.create_task(engine.ask(RUNAWAY, timeout=None)) for _ in range(4)]
        await asyncio.sleep(0.5)
        started = time.monotonic()
        await asyncio.to_thread(engine.stop)
        took = time.monotonic() - started
        for task in slow:
            task.cancel()
        return took

    assert run_in_own_loop(scenario()) < 5
    open_store(engine.location).close()


def test_a_store_in_use_is_reported(tmp_path):
    first = Engine(str(tmp_path / "store"), 10_000)
    first.start()
    try:
        with pytest.raises(StoreInUse):
            Engine(str(tmp_path / "store"), 10_000).start()
    finally:
        first.stop()
