"""Run a measurement against kg as it was at an earlier commit, beside kg as it is, in one command.

``baseline_tree(rev)`` exports that commit's package (with its named queries and ontology where an
installed kg finds them) into a temporary folder; ``run_in(tree, code)`` runs Python code in a
fresh interpreter that imports kg from that folder (or from this checkout when ``tree`` is None)
and returns what the code printed as JSON on its last line.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def resolve(rev: str) -> str:
    """The full commit hash of ``rev``; ``merge-base`` names where this branch left main."""
    if rev == "merge-base":
        rev = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


@contextlib.contextmanager
def baseline_tree(rev: str) -> Iterator[Path]:
    """A folder whose ``kg`` package is the one of commit ``rev``."""
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "kg", "queries", "ontology"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="kg-baseline-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        # Installed, kg finds its named queries and ontology as the packages kg.queries and kg.ontology.
        for name in ("queries", "ontology"):
            shutil.move(Path(folder) / name, Path(folder) / "kg" / name)
        yield Path(folder)


def run_in(tree: Path | None, code: str, *, timeout: float | None = None) -> object:
    """Run ``code`` with kg imported from ``tree`` (None: this checkout); the JSON it printed last."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tree or ROOT), str(ROOT)])
    done = subprocess.run([sys.executable, "-c", code], cwd=tree or ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the measurement failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
