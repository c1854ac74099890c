"""The engine process behind kg serve: answers, and a new process when the old one dies or a query runs away."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.errors import StoreInUse
from kg.serve.engine import Engine, Request

pytestmark = pytest.mark.server


def run_in_own_loop(coroutine):  # noqa: ANN001, ANN201 - a coroutine and its result
    """asyncio.run on a thread of its own: Playwright's sync API may hold this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_engine_replaces_a_dead_process_and_a_runaway_query(tmp_path):
    engine = Engine(str(tmp_path / "store"), 10_000)
    engine.start()
    try:
        async def scenario():
            ask = Request("query", "ASK { }", accept="text/csv")
            first = await engine.ask(ask, timeout=10)
            engine._process.kill()  # as the kernel would, out of memory
            engine._process.join()
            second = await engine.ask(ask, timeout=10)
            runaway = Request("query", "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } "
                                       "?b ?c ?d . ?e ?f ?g . ?h ?i ?j . ?k ?l ?m }")
            await engine.ask(Request("update", "INSERT DATA { " + " ".join(
                f"<urn:s{i}> <urn:p> {i} ." for i in range(300)) + " }"), timeout=None)
            stopped, third = await asyncio.gather(engine.ask(runaway, timeout=0.5),
                                                  engine.ask(Request("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                                                     accept="text/csv"), timeout=20))
            return first, second, stopped, third

        first, second, stopped, third = run_in_own_loop(scenario())
        assert (first.status, first.body) == (200, b"true")
        assert (second.status, second.body) == (200, b"true")
        assert stopped.status == 503
        assert third.status == 200 and third.body.split()[-1] == b"300"
        assert engine.restarts == 2
    finally:
        engine.stop()


def test_a_store_in_use_is_reported(tmp_path):
    first = Engine(str(tmp_path / "store"), 10_000)
    first.start()
    try:
        with pytest.raises(StoreInUse):
            Engine(str(tmp_path / "store"), 10_000).start()
    finally:
        first.stop()
