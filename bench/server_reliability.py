"""kg serve under attack and load: slow queries, restarts, requests that try to reach other servers.

Builds the seeds' store (or copies --store), starts ``kg serve`` on a free loopback port with a
short ``--timeout``, and for --rounds rounds sends four runaway queries (each stopped at the time
limit, which restarts the engine), kills the engine once with SIGKILL, and meanwhile asks a cheap
``ASK {}`` every 0.2 s and tries to open the served store for writing as ``kg build`` does, as
fast as it can. Then it sends SERVICE and LOAD in every form it knows to a listening port, and
stops the server with SIGTERM while runaways are in flight. Prints a Markdown table and appends
it to bench/RESULTS.md.

    python bench/server_reliability.py --rounds 10
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?k ?l ?m }"


def request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def get(url: str, query: str, timeout: float = 120) -> tuple[int, bytes]:
    return request(url + "?" + urllib.parse.urlencode({"query": query}), timeout=timeout)


class Listener:
    """A loopback port that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


def start(store: Path, port: int, token: str, timeout: float, log: Path) -> subprocess.Popen:
    from tests.servers import wait_for

    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
                                   "--timeout", str(timeout), "--allow-update"], stdout=out, stderr=subprocess.STDOUT,
                                  cwd=ROOT, env={**os.environ, "KG_TOKEN": token})
    wait_for(f"http://127.0.0.1:{port}/sparql", seconds=120, process=server, log=log)
    return server


def main() -> None:  # noqa: PLR0915 - one scenario after another
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an existing store folder (default: build the seeds into a temporary one)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of runaways and a crash (default: 10)")
    parser.add_argument("--timeout", type=float, default=3.0, help="the server's --timeout (default: 3 s)")
    parser.add_argument("--no-record", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()

    from kg import api
    from kg.errors import StoreInUse
    from kg.store import open_store
    from tests.servers import engine_pid, free_port

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = folder / "store"
        if args.store:
            shutil.copytree(args.store, store)
        else:
            api.build([str(ROOT / "seeds")], store=str(store))
        port, token = free_port(), "t-" + os.urandom(8).hex()
        url = f"http://127.0.0.1:{port}/sparql"
        server = start(store, port, token, args.timeout, folder / "serve.log")
        try:
            stop = threading.Event()
            cheap: list[tuple[int, float]] = []
            takes = {"tried": 0, "refused": 0, "taken": 0}

            def probe() -> None:
                while not stop.is_set():
                    t = time.perf_counter()
                    status, _ = get(url, "ASK {}", timeout=30)
                    cheap.append((status, time.perf_counter() - t))
                    time.sleep(0.2)

            def take() -> None:
                while not stop.is_set():
                    takes["tried"] += 1
                    try:
                        open_store(store, wait=0).close()
                    except StoreInUse:
                        takes["refused"] += 1
                    else:
                        takes["taken"] += 1
                    time.sleep(0.01)

            watchers = [threading.Thread(target=probe), threading.Thread(target=take)]
            for w in watchers:
                w.start()
            runaways: list[int] = []
            kills = 0
            started = time.perf_counter()
            for _ in range(args.rounds):
                slow = [threading.Thread(target=lambda: runaways.append(get(url, RUNAWAY)[0])) for _ in range(4)]
                for s in slow:
                    s.start()
                time.sleep(args.timeout / 2)
                if (pid := engine_pid(server.pid)) is not None:
                    os.kill(pid, signal.SIGKILL)
                    kills += 1
                for s in slow:
                    s.join()
            stop.set()
            for w in watchers:
                w.join()
            rounds_took = time.perf_counter() - started
            after = get(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]

            listener = Listener()
            target = listener.url
            attempts = [
                get(url, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"),
                get(url, f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"),
                get(url, f"select * where {{ service <{target}> {{ ?s ?p ?o }} }}"),
                get(url, f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}"),
                get(url, f"PREFIX x: <{target[:-6]}> SELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}"),
                get(url, f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"),
                get(url, f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}"),
                get(url, "SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }"),
                get(url, "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }"),
                request(url, data=urllib.parse.urlencode({"query": f"ASK {{ SERVICE <{target}> {{}} }}"}).encode(),
                        headers={"Content-Type": "application/x-www-form-urlencoded"}),
                request(url, data=f"LOAD <{target}>".encode(),
                        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"}),
                request(url, data=f"LOAD SILENT <{target}> INTO GRAPH <urn:x>".encode(),
                        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"}),
            ]
            refused = sum(status == 400 and b"--allow-remote" in body for status, body in attempts)

            slow = [threading.Thread(target=lambda: get(url, RUNAWAY)) for _ in range(4)]
            for s in slow:
                s.start()
            time.sleep(1)
            engine = engine_pid(server.pid)
            t = time.perf_counter()
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
            stopped_in = time.perf_counter() - t
            for s in slow:
                s.join()
            engine_gone = engine is None or not Path(f"/proc/{engine}").exists() or \
                "zombie" in Path(f"/proc/{engine}/status").read_text()
            try:
                open_store(store, wait=0).close()
                freed = True
            except StoreInUse:
                freed = False
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()

    latencies = [s for status, s in cheap if status == 200] or [float("nan")]
    rows = [
        ("slow queries", f"{args.rounds} rounds of 4 runaways ({len(runaways)} in all, {runaways.count(503)} stopped with 503 "
                         f"at the {args.timeout:g} s limit) and one SIGKILL of the engine each ({kills} kills), in {rounds_took:.0f} s"),
        ("a cheap `ASK {}` every 0.2 s meanwhile", f"{sum(status == 200 for status, _ in cheap)} of {len(cheap)} answered 200; "
                                                   f"median {statistics.median(latencies) * 1000:.0f} ms, slowest {max(latencies):.2f} s"),
        ("`kg build`'s opening of the served store, tried meanwhile",
         f"{takes['tried']} tries, {takes['refused']} refused as in use, {takes['taken']} taken; "
         f"the server answered {after} after the rounds"),
        ("SERVICE and LOAD attempts", f"{refused} of {len(attempts)} refused with 400 naming --allow-remote; "
                                      f"{listener.connections} connections reached the listening port"),
        ("SIGTERM with 4 runaways in flight", f"server stopped in {stopped_in:.1f} s, engine "
                                              f"{'gone' if engine_gone else 'STILL RUNNING'}, store {'free' if freed else 'STILL HELD'}"),
    ]
    body = "| what | figure |\n| --- | --- |\n" + "\n".join(f"| {what} | {figure} |" for what, figure in rows)
    record("Server reliability: slow queries, restarts, SSRF, signals", body, write=not args.no_record)

if __name__ == "__main__":
    main()
