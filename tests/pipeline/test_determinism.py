"""Determinism: clean builds of the same input give byte-identical sorted exports, whatever the order
the files were given (or written) in and whatever the number of workers."""

from __future__ import annotations

import random
import subprocess

import pytest

from kg.api import build
from kg.api import export as export_store
from kg.rdf.export import FORMATS
from tests.conftest import kg_command


@pytest.fixture(scope="module")
def clean_exports(generated_clean) -> dict[str, bytes]:
    store, _ = generated_clean
    return {fmt: export_store(store=str(store), fmt=fmt) for fmt in FORMATS}


def _exports(store) -> dict[str, bytes]:  # noqa: ANN001 - a path
    return {fmt: export_store(store=str(store), fmt=fmt) for fmt in FORMATS}


@pytest.mark.slow
def test_two_workers_and_files_in_another_order(generated_corpus, clean_exports, tmp_path):
    """The clean build read the folder with one worker; this one gets the files one by one, shuffled, with two."""
    files = [str(p) for p in sorted(generated_corpus.glob("*.txt"))]
    random.Random(5).shuffle(files)
    store = tmp_path / "store"
    done = subprocess.run(kg_command("build", *files, "--workers", "2", "--quiet", "--store", str(store)),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{len(files)} added")
    assert _exports(store) == clean_exports


@pytest.mark.slow
def test_articles_written_in_another_order(generated_corpus, clean_exports, tmp_path):
    """Built in two runs, the second half of the corpus first: the corpus graph does not depend on the order."""
    files = [str(p) for p in sorted(generated_corpus.glob("*.txt"))]
    store = str(tmp_path / "store")
    for part in (files[len(files) // 2:], files[: len(files) // 2]):
        report = build(part, store=store)
        assert not report.failed and report.added == len(part)
    assert _exports(store) == clean_exports


ONE_PERSON = {
    "a.txt": "date 2022-03-02\n\nZelensky said the city would hold. Zelensky spoke from Kyiv on Wednesday.\n",
    "b.txt": "date 2022-03-02\n\nUkrainian President Volodymyr Zelenskyy addressed Congress. Zelenskyy asked for jets.\n",
    "c.txt": "date 2022-03-02\n\nVladimir Zelenskiy met Polish leaders. Jill Biden spoke later, and Biden said nothing.\n",
}


def test_one_person_across_articles_whatever_the_order_and_incrementally(tmp_path):
    """Surname-only, transliterated and full mentions in different articles are one IRI, and which
    one does not depend on the order the articles come in, nor on building them in one run or three."""
    for name, text in ONE_PERSON.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / n) for n in sorted(ONE_PERSON)]
    build(files, store=str(tmp_path / "clean"))
    for f in reversed(files):
        build([f], store=str(tmp_path / "incremental"))
    clean = _exports(tmp_path / "clean")
    assert _exports(tmp_path / "incremental") == clean
    people = {line.split()[0] for line in clean["nquads"].decode().splitlines()
              if "schema.org/Person" in line and "zelen" in line.lower()}
    assert len(people) == 1, people
