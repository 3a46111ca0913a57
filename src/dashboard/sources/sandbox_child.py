"""The reader process: one uploaded file in on stdin, its sheets out on stdout, within limits.

It caps its own address space (RLIMIT_AS) and CPU time before it reads a byte of the file, so
a file that makes a parser allocate without end, or loop, ends this process and nothing else.
It writes frames: a kind byte, a length, then JSON (what it is doing, a sheet's position, a
refusal) or an Arrow IPC stream of cells (`cell_columns`). Nothing it writes is executable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import struct
import sys
from typing import Any, BinaryIO

import pyarrow as pa

from dashboard.errors import Unreadable
from dashboard.sources.cell_columns import batches, from_ipc
from dashboard.sources.sheets import SheetRefused, read_sheets

JSON, ARROW = b"J", b"A"
# Exit statuses the app tells apart.
EXIT_MEMORY = 3
EXIT_FAULT = 4


def _send(out: BinaryIO, message: list[Any]) -> None:
    _frame(out, JSON, json.dumps(message).encode())


def _frame(out: BinaryIO, kind: bytes, body: bytes) -> None:
    out.write(kind + struct.pack(">I", len(body)))
    out.write(body)
    out.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = stream.read(left)
        if not part:
            raise EOFError("the request ended early")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _address_space() -> int | None:
    """Bytes mapped now, or None where /proc does not say (not Linux)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None


def peak_kb() -> int | None:
    """This process's peak resident memory (VmHWM) in kB, or None where /proc does not say."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None


def warm_up() -> None:
    """Have Arrow set up its threads and tables now, so the memory limit counts from after them
    and a file's budget is the file's."""
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    day = dt.datetime(2025, 1, 1, 9, 0)
    sample = [["text", 1.5, 2, True, day.date(), day, day.time(), dt.timedelta(hours=1), None]]
    from_ipc(next(batches(sample, len(sample[0]))))


def limit_resources(memory_mb: float, seconds: float) -> None:
    """Cap memory at what is mapped now plus `memory_mb` (on Linux, where that is known), CPU
    at `seconds`, and core files."""
    mapped = _address_space()
    if mapped is not None:
        memory = mapped + int(memory_mb * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    stdin = stdin or sys.stdin.buffer
    out = stdout or sys.stdout.buffer
    warm_up()  # before the request: a reader started ahead of need is ready when one comes
    try:
        (length,) = struct.unpack(">I", _read_exactly(stdin, 4))
    except EOFError:
        return  # started ahead and not needed after all
    request = json.loads(_read_exactly(stdin, length))
    limit_resources(request["max_memory_mb"], request["timeout_s"])
    data = _read_exactly(stdin, request["size"])
    try:
        for read in read_sheets(
            request["name"],
            data,
            max_cells=request["max_cells"],
            budget=request["budget"],
            max_unpacked_mb=request["max_unpacked_mb"],
            skip=frozenset(request["skip"]),
            starting=lambda sheet: _send(out, ["reading", sheet]),
            overlap=request["overlap"],
        ):
            if isinstance(read, SheetRefused):
                _send(out, ["refused", read.sheet, read.message])
                continue
            _send(out, ["sheet", read.meta()])
            for batch in batches(read.rows, read.width):
                _frame(out, ARROW, batch)
            _send(out, ["end"])
    except Unreadable as exc:
        _send(out, ["failed", str(exc)])
    except MemoryError:
        os._exit(EXIT_MEMORY)
    except BaseException as exc:  # a parser's panic too: report it, then stop
        _send(out, ["fault", f"{type(exc).__name__}: {exc}"[:500]])
        os._exit(EXIT_FAULT)
    _send(out, ["done", peak_kb()])
    if stdout is None:
        os._exit(0)  # a one-off process: nothing to tidy, and Arrow's teardown takes a while


if __name__ == "__main__":
    main()
