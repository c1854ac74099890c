"""The README's quick start: two commands, CI runs the second, and the first works from a clean copy."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import ROOT


def readme_command(name: str) -> str:
    out = subprocess.run(["sh", str(ROOT / ".ci" / "readme-command"), name], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_quick_start_is_exactly_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert [b.strip() for b in blocks] == [readme_command("main"), readme_command("test")]
    assert all(len(b.strip().splitlines()) == 1 for b in blocks)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme-command test" in ci
    # Every family: the fast loop and the slow ones, in CI as the README says.
    assert readme_command("test").endswith("python -m pytest --slow")


@pytest.mark.slow
def test_main_command_works_from_a_clean_copy(tmp_path):
    """Runs the first quick-start command in a copy of the tracked files: a new venv, pip install, the job."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    copy = tmp_path / "kg"
    for name in filter(None, (n.decode() for n in listed)):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    result = subprocess.run(["sh", "-c", readme_command("main")], cwd=copy, capture_output=True, text=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (copy / "out" / "graph.ttl").stat().st_size > 10_000
    html = (copy / "out" / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "https://" not in html.split("<script>", 1)[0]
    for header in ("personName  ", "quote  ", "event  ", "figure  "):
        assert header in result.stdout
    assert "Vitali Klitschko" in result.stdout and "Kharkiv" in result.stdout
