"""Readers forked by the factory behave as freshly started ones: this process waits for them,
sees how they ended, and reads afresh when the factory cannot fork."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from dashboard.sources import reader_factory, sandbox
from dashboard.sources.spreadsheet import Limits
from dashboard.sources.upload import UploadedFile, read_files

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

CSV = UploadedFile("people.csv", b"employee_id,name\nE1,Ann\nE2,Bo\n")


@pytest.fixture(autouse=True)
def own_factory():
    reader_factory.stop()
    reader_factory._unusable = False
    yield
    reader_factory.stop()
    reader_factory._unusable = False


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def test_a_forked_reader_is_this_process_s_child_and_reads_a_file():
    reader = sandbox._spawn()
    assert isinstance(reader, reader_factory.Forked)
    assert _parent(reader.pid) == os.getpid()
    reader.stdin.close()  # no request: a reader started ahead and not needed ends quietly
    assert reader.wait() == 0
    grids, failures = read_files([CSV])
    assert failures == [] and grids[0].cells.values.tolist() == [
        ["employee_id", "name"],
        ["E1", "Ann"],
        ["E2", "Bo"],
    ]


def test_how_a_forked_reader_ended_is_seen_here():
    reader = sandbox._spawn()
    assert reader.poll() is None
    reader.kill()
    assert reader.wait() == -signal.SIGKILL
    assert reader.poll() == -signal.SIGKILL


def test_a_factory_that_died_is_started_again():
    read_files([CSV])
    first = reader_factory._factory
    assert first is not None and first.served
    first.process.kill()
    first.process.wait()
    grids, failures = read_files([CSV])
    assert failures == [] and len(grids) == 1
    # The read that found the factory gone was read afresh; the next gets a new factory.
    read_files([CSV])
    assert reader_factory._factory is not None and reader_factory._factory is not first


def test_a_factory_that_cannot_fork_leaves_every_file_read_afresh(monkeypatch):
    def no_factory(entry: str = "read") -> list[str]:
        return (
            [sys.executable, "-c", "import sys; sys.exit(2)"] if entry == "serve" else real(entry)
        )

    real = sandbox._command
    monkeypatch.setattr(sandbox, "_command", no_factory)
    grids, failures = read_files([CSV], Limits())
    assert failures == [] and len(grids) == 1
    assert reader_factory._unusable and reader_factory._factory is None
    assert isinstance(sandbox._spawn(), sandbox.subprocess.Popen)
