"""Servers the tests (and benchmarks) start on loopback: ``kg serve`` and Debian's Virtuoso open source.

Each runs in a temporary folder on a free port and is stopped by the context manager that
started it; nothing is left running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, *, seconds: float, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Wait until ``url`` answers a SPARQL ASK; fail with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + seconds
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    detail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log and log.exists() else ""
    raise RuntimeError(f"{url} did not come up within {seconds} s\n{detail}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def kg_server(store: str | Path, *args: str, env: dict[str, str] | None = None, folder: Path) -> Iterator[str]:
    """``kg serve`` on a free loopback port; yields the endpoint URL (``.../sparql``)."""
    port = free_port()
    log = folder / f"kg-serve-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), *args],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_for(url, seconds=60, process=process, log=log)
        yield url
    finally:
        _stop(process)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = .
ServerThreads = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = .
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


def virtuoso_available() -> bool:
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


@contextlib.contextmanager
def virtuoso(folder: Path) -> Iterator[str]:
    """A fresh Virtuoso open source server in ``folder`` on loopback, whose /sparql accepts updates; yields its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "virtuoso.log"
    with open(folder / "stdout.log", "wb") as out:
        process = subprocess.Popen([VIRTUOSO, "-f", "-c", "virtuoso.ini"], cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for(url, seconds=120, process=process, log=log)
        # A new database lets the anonymous SPARQL user read only; the tests' throwaway server
        # lets it write (the default dba password of a fresh database, on loopback only).
        grant = 'grant SPARQL_UPDATE to "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'
        subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"], cwd=folder, check=True,
                       capture_output=True, timeout=60)
        yield url
    finally:
        _stop(process)


def _children(pid: int) -> list[int]:
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []
    out = []
    for task in tasks:  # a process started from any of the server's threads is a child of that thread
        with contextlib.suppress(OSError):
            out.extend(int(c) for c in (task / "children").read_text().split())
    return out


def engine_pid(server: int) -> int | None:
    """The process of ``kg serve`` (pid ``server``) that has the store open: RocksDB's LOCK file among its files."""
    todo, seen = _children(server), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            if any(os.readlink(fd).endswith("/LOCK") for fd in Path(f"/proc/{pid}/fd").iterdir()):
                return pid
        except OSError:
            continue
        todo.extend(_children(pid))
    return None
