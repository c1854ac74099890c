"""When the store cannot be used: a folder of the user's, a full disk, damaged files.

Each is one line on standard error naming the store and what to do, never a traceback; a
failure of the disk or the store's files exits with status 3, distinct from bad input (1) and
from a command that could not run (2).
"""

from __future__ import annotations

import resource
import signal
import subprocess
from pathlib import Path

import pytest

from kg.cli import EXIT_ERROR, EXIT_STORAGE, main
from kg.errors import StoreError
from kg.store import hold_store
from tests.conftest import ROOT, SEEDS, kg_command

ONE_SEED = str(SEEDS / "000_4c6d2b9258616e59.txt")


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.fixture
def users_folder(tmp_path) -> Path:
    """A folder of the user's, with the file names RocksDB takes for its own."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for name, text in (("000001.log", "my log"), ("LOG", "my other log"), ("draft.txt", "a draft")):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_folder_of_the_users_files_is_never_taken_as_a_store(users_folder, capsys):
    before = {p.name: p.read_bytes() for p in users_folder.iterdir()}
    for args in (["build", ONE_SEED], ["build", ONE_SEED], ["remove", "x"]):
        assert main([*args, "--store", str(users_folder)]) == EXIT_ERROR
        err = one_line(capsys.readouterr().err)
        assert f"store folder {users_folder} holds files that are not a kg store" in err and "000001.log" in err
    with pytest.raises(StoreError, match="not a kg store"):
        hold_store(users_folder)  # kg serve
    assert {p.name: p.read_bytes() for p in users_folder.iterdir()} == before


@pytest.mark.parametrize("kind", ["new", "empty"])
def test_a_new_or_empty_folder_becomes_a_store(tmp_path, kind):
    folder = tmp_path / "store"
    if kind == "empty":
        folder.mkdir()
    lease = hold_store(folder)
    lease.release()
    assert (folder / "kg-write.lock").exists()


def damage(store: Path, how: str) -> None:
    for sst in sorted(store.glob("*.sst")):
        size = sst.stat().st_size
        if how == "truncated":
            with sst.open("r+b") as f:
                f.truncate(size // 2)
        elif size > 20_000:
            # Overwritten bytes in each table's footer, found when the table is first read. (Bytes
            # flipped inside a data block are not always found: the engine does not verify block
            # checksums on every read, and on some layouts a query over such a block never ends.)
            with sst.open("r+b") as f:
                f.seek(size - 8)
                f.write(b"\xff" * 8)


@pytest.mark.parametrize("how", ["truncated", "flipped"])
@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "nquads"], ["query", "quotes"], ["validate"]])
def test_a_damaged_store_is_one_line_and_exit_3(store_copy, how, command, capsys):
    damage(Path(store_copy), how)
    assert main([*command, "--store", store_copy]) == EXIT_STORAGE
    err = one_line(capsys.readouterr().err)
    assert f"kg: error: store {store_copy}" in err and "is damaged (Corruption:" in err and "kg build PATH --store NEW" in err


def _small_files() -> None:
    # Writing past the limit fails as a full disk does (EFBIG instead of ENOSPC), without a disk to fill.
    resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_exit_3_and_the_store_survives(tmp_path):
    store = tmp_path / "store"
    run = lambda *args, **kw: subprocess.run(kg_command(*args), capture_output=True, text=True, cwd=ROOT,  # noqa: E731
                                             check=False, timeout=600, **kw)
    full = run("build", str(SEEDS), "--store", str(store), "--quiet", preexec_fn=_small_files)
    assert full.returncode == EXIT_STORAGE, full.stderr
    err = one_line(full.stderr)
    assert f"kg: error: store {store}: no room left to write (IO error:" in err and "File too large" in err
    assert "free some space" in err
    # The store is whole: it opens, holds the articles written before the disk filled, and a re-run completes it.
    stats = run("stats", "--store", str(store))
    assert stats.returncode == 0, stats.stderr
    again = run("build", str(SEEDS), "--store", str(store), "--quiet")
    assert again.returncode == 0, again.stderr
    assert run("validate", "--store", str(store)).returncode == 0
    fresh = tmp_path / "fresh"
    assert run("build", str(SEEDS), "--store", str(fresh), "--quiet").returncode == 0
    exports = [run("export", "--format", "nquads", "--store", str(s)).stdout for s in (store, fresh)]
    assert exports[0] == exports[1] and exports[0]



@pytest.mark.server
def test_kg_serve_on_a_damaged_store_is_one_line_and_exit_3(store_copy):
    """kg serve used to say only "could not open store", after announcing that it was serving."""
    damage(Path(store_copy), "truncated")
    done = subprocess.run([*kg_command(), "serve", "--store", store_copy, "--port", "0"], capture_output=True, text=True,
                          cwd=ROOT, timeout=180, check=False)
    assert done.returncode == EXIT_STORAGE and done.stdout == ""
    err = one_line(done.stderr)
    assert f"kg: error: store {store_copy} is damaged (Corruption:" in err and "kg build PATH --store NEW" in err


def test_a_store_another_process_is_creating_is_in_use_not_a_folder_of_the_users(tmp_path, capsys):
    """Two builds started together on a new folder: the second saw RocksDB's first files without the
    two that mark a store, and called the folder not a kg store instead of in use."""
    folder = tmp_path / "store"
    lease = hold_store(folder)  # the first build, about to create the store
    try:
        (folder / "LOG").write_text("RocksDB's log of the store being created", encoding="utf-8")
        (folder / "000004.log").write_bytes(b"")
        assert main(["build", ONE_SEED, "--store", str(folder)]) == EXIT_ERROR
    finally:
        lease.release()
    assert "is in use by another kg process writing to it" in one_line(capsys.readouterr().err)
