"""kg serve against hostile requests and signals: no fetching for strangers, no crash, quick stops.

Marked ``server``: each test runs ``kg serve`` processes on free loopback ports.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.store import open_store
from tests.conftest import ROOT, SEEDS
from tests.serve.test_app import http
from tests.servers import engine_pid, free_port, kg_server, wait_for

pytestmark = pytest.mark.server
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?k ?l ?m }"


class Listener:
    """A loopback port that records every connection made to it (answering nothing useful)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 6\r\n\r\nsecret")

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def served(seeds_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hardened")
    shutil.copytree(seeds_store, folder / "store")
    token = "t-" + os.urandom(8).hex()
    with kg_server(folder / "store", "--allow-update", env={"KG_TOKEN": token}, folder=folder) as url:
        yield url, token


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def get(url: str, query: str, **params: str):
    return http(url + "?" + urllib.parse.urlencode({"query": query, **params}))


def test_service_and_load_are_refused_and_fetch_nothing(served, listener):
    url, token = served
    attempts = [
        get(url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"),  # what an <img src> sends
        get(url, f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"),
        get(url, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"),  # a closed port
        get(url, "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }"),
        get(url, "SELECT * WHERE { BIND(<http://127.0.0.1:22/> AS ?e) SERVICE ?e { ?s ?p ?o } }"),
        http(url, data=urllib.parse.urlencode({"query": f"ASK {{ SERVICE <{listener.url}> {{}} }}"}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"}),  # what an auto-submitted form sends
        http(url, data=f"LOAD <{listener.url}>".encode(),
             headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"}),
    ]
    for status, _, body in attempts:
        assert status == 400, body
        assert b"--allow-remote" in body and b"secret" not in body
    # The same answer whatever the address: nothing tells open, closed and forbidden ports apart.
    answers = {get(url, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")[2].replace(target.encode(), b"X")
               for target in (listener.url, "http://127.0.0.1:1/sparql", "http://127.0.0.1:9/sparql", "http://10.255.255.1/sparql")}
    assert len(answers) == 1
    assert listener.connections == 0


def test_allow_remote_lets_service_reach_that_endpoint_only(seeds_store, tmp_path, listener):
    shutil.copytree(seeds_store, tmp_path / "store")
    with kg_server(tmp_path / "store", "--allow-remote", listener.url, folder=tmp_path) as url:
        other = get(url, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }")
        assert other[0] == 400 and listener.connections == 0
        allowed = get(url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        assert allowed[0] != 400 and listener.connections >= 1


def test_a_query_too_deep_for_the_engine_is_400_and_the_server_goes_on(served):
    url, _ = served
    status, _, body = http(url, data=("SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }").encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"nests 10002 brackets deep" in body
    assert get(url, "ASK {}")[0] == 200


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
def test_a_bad_graph_iri_is_400_naming_it(served, name):
    url, _ = served
    for query in ("ASK {}", "SELECT * { ?s ?p ?o } LIMIT 1", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"):
        status, _, body = get(url, query, **{name: "not an iri"})
        assert status == 400 and f"{name} 'not an iri' is not an IRI".encode() in body


def _policy_hashes(policy: str) -> set[str]:
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    return set(re.findall(r"'sha256-([^']+)'", script_src))


@pytest.mark.parametrize("path", ["/", "/explorer"])
def test_pages_run_only_their_own_scripts(served, path):
    url, _ = served
    request = urllib.request.Request(url.rsplit("/", 1)[0] + path)
    with urllib.request.urlopen(request, timeout=60) as response:
        policy, body = response.headers["Content-Security-Policy"], response.read().decode("utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", body, re.S)
    digests = {base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() for s in scripts}
    assert scripts and _policy_hashes(policy) == digests
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', body)[1]
    assert _policy_hashes(html.unescape(meta)) == digests


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_server_and_engine_within_seconds_and_frees_the_store(seeds_store, tmp_path, sig):
    """SIGTERM used to do nothing for 35 s behind slow queries, and SIGINT left the engine holding the store."""
    shutil.copytree(seeds_store, tmp_path / "store")
    port, token = free_port(), "t-" + os.urandom(8).hex()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "store"), "--port", str(port),
                                   "--allow-update"], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                  env={**os.environ, "KG_TOKEN": token})
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_for(url, seconds=60, process=server, log=log)
        engine = engine_pid(server.pid)
        assert engine is not None
        answers: list[int] = []
        requests = [threading.Thread(target=lambda: answers.append(get(url, RUNAWAY)[0])) for _ in range(4)]
        requests.append(threading.Thread(target=lambda: answers.append(http(
            url, data=b"INSERT DATA { <urn:a> <urn:b> 1 }",
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})[0])))
        for r in requests:
            r.start()
        time.sleep(1.0)
        started = time.monotonic()
        server.send_signal(sig)
        server.wait(timeout=30)
        took = time.monotonic() - started
        for r in requests:
            r.join(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert took < 6, f"the server took {took:.1f} s to stop"
    assert not Path(f"/proc/{engine}").exists() or "zombie" in Path(f"/proc/{engine}/status").read_text()
    assert len(answers) == 5 and 204 in answers  # the update went through; the runaways got 503 or a closed connection
    open_store(tmp_path / "store").close()  # the store is free
    rebuilt = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS / "000_4c6d2b9258616e59.txt"), "--store",
                              str(tmp_path / "store"), "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert rebuilt.returncode == 0, rebuilt.stderr
