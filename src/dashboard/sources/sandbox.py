"""Read an uploaded file in a separate process, so that no file can crash, freeze or exhaust
the app.

Parsers of untrusted files fail in ways Python cannot catch: calamine aborts the process when
an allocation fails, and a pathological file can take minutes. Each file is read by a process
of its own (`sandbox_child`, forked by the `reader_factory` where it can run, else a fresh
interpreter) that caps its own memory and CPU time; this side enforces a
wall-clock deadline and turns a crash, a timeout or running out of memory into a message for
the sheet or file concerned. When the process dies on one sheet, a new one reads the sheets
after it, so every other sheet still loads. Sheets arrive as they are read, as Arrow batches
(data only, validated before use), and become grids here while the next sheet is read there.
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from dashboard.errors import BadBatch, UploadError
from dashboard.sources.cell_columns import from_ipc
from dashboard.sources.reader_factory import Forked, fork_reader, stop
from dashboard.sources.sandbox_child import ARROW, EXIT_FAULT, EXIT_MEMORY, JSON
from dashboard.sources.sheets import SETTING
from dashboard.sources.spreadsheet import FileContents, Grid, Limits, check_size, grid_from_columns

_STDERR_KEPT = 16_384
# What Rust (calamine) and C++ (Arrow) print as they abort for want of memory.
_OUT_OF_MEMORY = (b"memory allocation", b"bad_alloc")
# No frame the reader sends is larger than this (a batch of cells is far smaller).
_LARGEST_FRAME = 1 << 31


@dataclass
class _Run:
    """What one reader process delivered before it ended."""

    grids: list[Grid] = field(default_factory=list)
    refused: list[tuple[str | None, str]] = field(default_factory=list)
    finished: set[str] = field(default_factory=set)
    cells: int = 0
    started: list[str] = field(default_factory=list)
    failed: str | None = None
    fault: str | None = None
    peak_kb: int | None = None
    timed_out: bool = False
    status: int | None = None
    stderr: bytes = b""

    @property
    def current(self) -> str | None:
        """The first sheet begun and not finished: the one being read when the reader stopped."""
        return next((s for s in self.started if s not in self.finished), None)


class _Receiver:
    """Turns the reader's frames into grids as they arrive."""

    def __init__(self, name: str, run: _Run) -> None:
        self.name, self.run = name, run
        self.buffer = bytearray()
        self.start = 0
        self.meta: dict[str, Any] | None = None
        self.parts: list[list[Any]] = []

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk
        while len(self.buffer) - self.start >= 5:
            kind = bytes(self.buffer[self.start : self.start + 1])
            (length,) = struct.unpack(">I", self.buffer[self.start + 1 : self.start + 5])
            if kind not in (JSON, ARROW) or length > _LARGEST_FRAME:
                raise BadBatch("the reader sent a frame that is not one of its own")
            if len(self.buffer) - self.start < 5 + length:
                break
            body = bytes(self.buffer[self.start + 5 : self.start + 5 + length])
            self.start += 5 + length
            if kind == ARROW:
                self._columns(from_ipc(body))
            else:
                self._handle(json.loads(body))
        if self.start > len(self.buffer) // 2:  # drop what has been read, now and then
            del self.buffer[: self.start]
            self.start = 0

    def _columns(self, columns: list[Any]) -> None:
        if self.meta is None or len(columns) != self.meta["width"]:
            raise BadBatch("the reader sent cells for no sheet")
        self.parts.append(columns)

    def _handle(self, message: list[Any]) -> None:
        kind, run = message[0], self.run
        if kind == "reading":
            run.started.append(message[1])
        elif kind == "sheet":
            self.meta, self.parts = message[1], []
        elif kind == "end" and self.meta is not None:
            grid = grid_from_columns(self.name, self.meta, self.parts)
            run.grids.append(grid)
            run.cells += grid.cells.size
            self._finish(self.meta["sheet"])
            self.meta, self.parts = None, []
        elif kind == "refused":
            run.refused.append((message[1], message[2]))
            self._finish(message[1])
        elif kind == "failed":
            run.failed = message[1]
        elif kind == "fault":
            run.fault = message[1]
        elif kind == "done":
            run.peak_kb = message[1]

    def _finish(self, sheet: str | None) -> None:
        if sheet is not None:
            self.run.finished.add(sheet)


Reader = subprocess.Popen[bytes] | Forked
_ENTRIES = {
    "read": "from dashboard.sources.sandbox_child import main; main()",
    "serve": "from dashboard.sources.reader_factory import serve; serve()",
}


def _command(entry: str = "read") -> list[str]:
    """A fresh interpreter that sees this one's import path and nothing from the environment,
    running a reader ("read") or the reader factory ("serve")."""
    path = [p for p in sys.path if p]
    return [sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {path!r}; {_ENTRIES[entry]}"]


def _spawn() -> Reader:
    # Arrow's own allocators reserve address space far beyond what they use, which the
    # reader's RLIMIT_AS would count; the system allocator reserves what it uses. No thread
    # pools at import (jemalloc's background thread, OpenBLAS's workers): the factory forks,
    # and one reader reads one file.
    env = {
        **os.environ,
        "RUST_BACKTRACE": "0",
        "ARROW_DEFAULT_MEMORY_POOL": "system",
        "JE_ARROW_MALLOC_CONF": "background_thread:false",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    forked = fork_reader(_command, env)
    if forked is not None:
        return forked
    return subprocess.Popen(
        _command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        close_fds=True,
    )


# One reader process started ahead of need, after a file is read, while the app goes on to map
# and validate it; it sets up Arrow, then waits for the next file on its stdin. Forked, that
# takes milliseconds; started afresh (no factory), about 0.4 s of CPU. Each reader is used once.
_SPARE: list[Reader] = []
_SPARE_LOCK = threading.Lock()


def _reader() -> Reader:
    """The reader started ahead if it still waits, else a new one."""
    with _SPARE_LOCK:
        ready = _SPARE.pop() if _SPARE else None
    if ready is None or ready.poll() is not None:
        ready = _spawn()
    return ready


def _start_spare() -> None:
    with _SPARE_LOCK:
        if not _SPARE:
            _SPARE.append(_spawn())


@atexit.register
def _discard_spare() -> None:
    with _SPARE_LOCK:
        while _SPARE:
            spare = _SPARE.pop()
            spare.kill()
            spare.wait()
    stop()


def _run(
    name: str,
    data: bytes,
    limits: Limits,
    budget: int,
    skip: set[str],
    deadline: float,
    overlap: bool,
) -> _Run:
    run = _Run()
    request = json.dumps(
        {
            "name": name,
            "size": len(data),
            "max_cells": limits.max_cells,
            "budget": budget,
            "max_unpacked_mb": limits.max_unpacked_mb,
            "max_memory_mb": limits.max_memory_mb,
            "timeout_s": max(1.0, deadline - time.monotonic()),
            "skip": sorted(skip),
            "overlap": overlap,
        }
    ).encode()
    pending = memoryview(struct.pack(">I", len(request)) + request + data)
    receiver = _Receiver(name, run)
    process = _reader()
    try:
        _exchange(process, pending, receiver, run, deadline)
    finally:
        if process.poll() is None:  # stopped early, or this side failed: never leave it running
            process.kill()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream and not stream.closed:
                stream.close()
        run.status = process.wait()
    return run


def _exchange(
    process: Reader,
    pending: memoryview,
    receiver: _Receiver,
    run: _Run,
    deadline: float,
) -> None:
    """Send the request, take the frames and the error output, until the reader is done or
    the deadline passes (then it is killed)."""
    assert process.stdin and process.stdout and process.stderr
    with selectors.DefaultSelector() as selector:
        for stream, event in (
            (process.stdin, selectors.EVENT_WRITE),
            (process.stdout, selectors.EVENT_READ),
            (process.stderr, selectors.EVENT_READ),
        ):
            os.set_blocking(stream.fileno(), False)
            selector.register(stream, event)
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                run.timed_out = True
                process.kill()
                return
            for key, _ in selector.select(left):
                stream = key.fileobj
                if stream is process.stdin:
                    try:
                        pending = pending[os.write(process.stdin.fileno(), pending[: 1 << 16]) :]
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:
                        pending = pending[:0]  # the reader has ended; its status says why
                    if not pending:
                        selector.unregister(stream)
                        process.stdin.close()
                    continue
                chunk = os.read(stream.fileno(), 1 << 20)  # type: ignore[union-attr]
                if not chunk:
                    selector.unregister(stream)
                elif stream is process.stdout:
                    try:
                        receiver.feed(chunk)
                    except (BadBatch, ValueError, TypeError, KeyError, IndexError) as exc:
                        run.fault = f"it sent what it must not ({exc})"[:500]
                        process.kill()
                        return
                else:
                    run.stderr = (run.stderr + chunk)[-_STDERR_KEPT:]


def read_isolated(
    name: str, data: bytes, limits: Limits, budget: int | None = None
) -> FileContents:
    """Every sheet of one file, read in a separate process within `limits`.

    Raises UploadError when nothing of the file could be read; a sheet that could not be read
    is in `refused` with its reason. `budget` is how many cells the upload has left.
    """
    check_size(name, data, limits)
    budget = limits.max_cells if budget is None else budget
    deadline = time.monotonic() + limits.read_timeout_s
    contents = FileContents([])
    done: set[str] = set()
    peak = 0
    overlap = True
    while True:
        run = _run(name, data, limits, budget - contents.cells, done, deadline, overlap)
        contents = FileContents(
            contents.grids + run.grids,
            contents.refused + run.refused,
            contents.cells + run.cells,
        )
        done |= run.finished
        peak = max(peak, run.peak_kb or 0)
        if run.failed:
            raise UploadError(run.failed)
        if run.status == 0 and not run.timed_out:
            break
        if overlap and not run.timed_out:
            # Two sheets were in hand when it stopped: read the rest one at a time, so that
            # the sheet to blame is known.
            overlap = False
            continue
        problem = _problem(name, run, limits)
        if run.current is None or run.timed_out:
            if not contents.grids and not contents.refused:
                raise UploadError(problem)
            contents.refused.append((run.current, problem))
            break
        contents.refused.append((run.current, problem))
        done.add(run.current)
    _start_spare()
    return FileContents(contents.grids, contents.refused, contents.cells, peak or None)


def _problem(name: str, run: _Run, limits: Limits) -> str:
    """Why the reader stopped, for the sheet it was reading (or the file)."""
    where = f"Sheet '{run.current}' of {name}" if run.current is not None else name
    if run.timed_out or run.status == -signal.SIGXCPU:
        rest = ""
        if run.current is not None:
            rest = "; the sheets after it were not read either"
        return (
            f"{where} took longer than {limits.read_timeout_s:g} s to read and was stopped"
            f"{rest} (read_timeout_s in {SETTING}). Save it as CSV or split it."
        )
    if run.status == EXIT_MEMORY or any(s in run.stderr for s in _OUT_OF_MEMORY):
        return (
            f"{where} was not read: reading it needed more than the {limits.max_memory_mb:g} MB "
            f"of memory a file may use (max_memory_mb in {SETTING}). It may be far larger than "
            "it looks: save it as CSV, or split it."
        )
    detail = run.fault or _signal_name(run.status)
    return (
        f"{where} could not be read: the reader stopped ({detail}). The file may be damaged; "
        "save it again as .xlsx or CSV."
    )


def _signal_name(status: int | None) -> str:
    if status is not None and status < 0:
        try:
            return signal.Signals(-status).name
        except ValueError:
            pass
    if status == EXIT_FAULT:
        return "an internal error"
    return f"exit status {status}"
