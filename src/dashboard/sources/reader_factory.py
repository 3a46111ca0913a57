"""The reader factory: one process that has imported the reader once and forks a reader per file.

Starting Python and Arrow for each uploaded file costs about 0.4 s of CPU; forking a process
that has already imported them costs a few milliseconds. The factory (`serve`) runs in its own
interpreter, started like a reader, with nothing of the app in it; it never reads a file. Asked
for a reader, it forks twice: the middle process reports the reader's pid and exits at once, so
the reader is handed to the nearest "subreaper" ancestor, the app (`PR_SET_CHILD_SUBREAPER`),
which then waits for it and sees how it ended exactly as if it had started it itself. The
reader gets the app's three pipe ends as its stdin, stdout and stderr and runs
`sandbox_child.main`, with the same limits as a freshly started one. Linux only; elsewhere, or
if anything about the factory fails, each reader is a fresh process as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable

_PID = struct.Struct(">i")
_PR_SET_CHILD_SUBREAPER = 36
# The factory answers within milliseconds once started; starting it takes about a second.
_ANSWER_S = 30.0


def _threads() -> int:
    """Threads in this process (1 where /proc does not say): fork keeps only the caller's."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _read(fds: list[int]) -> None:
    """In the forked reader: the app's pipe ends become stdin, stdout and stderr; read one file."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    try:
        from dashboard.sources.sandbox_child import main

        main()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def serve() -> None:
    """The factory's loop: a request (one byte and three descriptors) in, a reader's pid out."""
    from dashboard.sources.sandbox_child import warm_up

    # Importing and setting up Arrow (and pandas, which it loads to convert dates) is what
    # costs a reader its 0.4 s; done once here, every reader forked from here has it done.
    warm_up()

    # A thread would be lost in each fork, with any lock it held; the app then starts each
    # reader afresh instead.
    if _threads() != 1:
        sys.exit(2)
    requests = socket.socket(fileno=0)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(requests, 1, 3)
        except OSError:
            return
        if not message:
            return  # the app has gone
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            return
        # The reader's pid goes to the app only once the middle process has exited: from then
        # on the reader is the app's child, and the app can wait for it.
        told, tell = os.pipe()
        middle = os.fork()
        if middle == 0:
            try:
                reader = os.fork()
            except OSError:
                reader = -1
            if reader == 0:
                _read(fds)
            os.write(tell, _PID.pack(reader))
            os._exit(0)
        os.close(tell)
        for fd in fds:
            os.close(fd)
        answer = os.read(told, _PID.size)
        os.close(told)
        os.waitpid(middle, 0)
        requests.sendall(answer if len(answer) == _PID.size else _PID.pack(-1))


class Forked:
    """A reader forked by the factory, used as a `subprocess.Popen` is: this process's child
    once the factory's middle process has gone, so it is waited for here."""

    def __init__(self, pid: int, stdin: int, stdout: int, stderr: int) -> None:
        self.pid = pid
        self.stdin = open(stdin, "wb", buffering=0)  # noqa: SIM115  closed by the caller
        self.stdout = open(stdout, "rb", buffering=0)  # noqa: SIM115
        self.stderr = open(stderr, "rb", buffering=0)  # noqa: SIM115
        self.returncode: int | None = None

    def _reaped(self, flags: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped by someone else: how it ended is unknown
                self.returncode = -signal.SIGKILL
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        return self._reaped(os.WNOHANG)

    def wait(self) -> int:
        code = self._reaped(0)
        assert code is not None
        return code

    def kill(self) -> None:
        # Not yet reaped, so the pid is still this reader's (a zombie keeps it).
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class _Factory:
    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            command,
            stdin=theirs,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        theirs.close()
        ours.settimeout(_ANSWER_S)
        self.requests = ours
        self.served = 0

    def fork(self) -> Forked | None:
        ends = [os.pipe() for _ in range(3)]
        theirs = [ends[0][0], ends[1][1], ends[2][1]]
        ours = [ends[0][1], ends[1][0], ends[2][0]]
        try:
            socket.send_fds(self.requests, [b"r"], theirs)
            answer = b""
            while len(answer) < _PID.size:
                part = self.requests.recv(_PID.size - len(answer))
                if not part:
                    raise ConnectionError("the reader factory has stopped")
                answer += part
            (pid,) = _PID.unpack(answer)
        except OSError:
            pid = -1
        finally:
            for fd in theirs:
                os.close(fd)
        if pid <= 0:
            for fd in ours:
                os.close(fd)
            return None
        self.served += 1
        return Forked(pid, *ours)

    def close(self) -> None:
        self.requests.close()
        self.process.kill()
        self.process.wait()


_LOCK = threading.Lock()
_factory: _Factory | None = None
_unusable = False


def _become_subreaper() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def fork_reader(command: Callable[[str], list[str]], env: dict[str, str]) -> Forked | None:
    """A reader forked by this process's factory (started on first use with `command("serve")`
    and `env`), or None where there can be none: the caller then starts one afresh."""
    global _factory, _unusable
    with _LOCK:
        if _unusable:
            return None
        if _factory is None:
            if not _become_subreaper():
                _unusable = True
                return None
            _factory = _Factory(command("serve"), env)
        reader = _factory.fork()
        if reader is None:
            # A factory that never forked (it found a thread at start) never will: read afresh
            # from now on. One that stopped after working is started again next time.
            _unusable = not _factory.served
            _factory.close()
            _factory = None
        return reader


def stop() -> None:
    """Stop the factory, if one was started."""
    global _factory
    with _LOCK:
        if _factory is not None:
            _factory.close()
            _factory = None


if __name__ == "__main__":
    serve()
