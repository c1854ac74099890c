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


def readme_block(heading: str, marker: str = "```sh") -> str:
    """The first ``sh`` block of the README's section ``heading``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)[0]


@pytest.mark.slow
def test_the_readmes_other_commands_work(tmp_path):
    """Next steps, the explorer and the quality sections' commands, on the seeds rather than the whole corpus."""
    import os
    import sys

    for folder in ("seeds", "queries", "tests/gold"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "my.rq").write_text("SELECT ?person WHERE { ?person a schema:Person }\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}",
           "KG_STORE": str(tmp_path / "store")}
    lines = [line for heading in ("Next steps", "Explore in the browser", "Extraction quality")
             for line in readme_block(heading).splitlines() if line.startswith(("kg ", "python bench/"))]
    assert len(lines) >= 20 and any(line.startswith("kg eval tests/gold/blind") for line in lines)
    for line in lines:
        command = line.replace("../shared/data/ukraine-news-2022/articles_2022-02-20_to_2022-03-31.jsonl", "seeds/")
        command = command.replace("/tmp/seeds", str(tmp_path / "eval-store")).replace("/tmp/blind", str(tmp_path / "blind"))
        command = command.replace("python bench/", f"{sys.executable} {ROOT / 'bench'}/")  # the blind set's articles, read from ../shared
        done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
    assert (tmp_path / "attacks.csv").read_text(encoding="utf-8").startswith("event,place,placeName,date")
    for made in ("out/graph.trig", "out/graph.graphml", "out/graph-nodes.csv", "out/graph-edges.csv", "out/boychenko.html",
                 "out/graph.html", "out/mayor.html", "out/attacks.html", "out/mine.html"):
        assert (tmp_path / made).stat().st_size > 1000, made
