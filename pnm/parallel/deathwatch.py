"""The death watch: a rank that dies without exiting through Python (SIGKILL, the out-of-memory
killer, a crash in compiled code) is named, with what it was last doing.

Why a helper process: when one rank dies that way, mpiexec (hydra) SIGKILLs every other rank
at once -- they get no signal they could catch, so no rank can speak (measured: survivors
see nothing, their heartbeat simply stops with them).  So each rank starts, under mpiexec,
a tiny watcher process (``python -I -S``, no imports beyond os/sys/time) that holds the read
end of a pipe.  The rank writes what it is doing into the pipe (with each heartbeat, and at
once on ``set_doing``) and an exit mark when it ends through Python (normal exit, or a
failure that pnm reports and aborts itself).  End of file without the exit mark means the
rank died: the watcher prints

    pnm: rank 1 of 3 (pid 4242 on node7) died without exiting through Python ...
    Rank 1 was last in psolve(20) ... (as of 0.2 s before it died)

to the job's stderr and exits.  The watcher runs in its own session (hydra kills each rank's
process group when it cleans up, which would take the watcher with it).  When hydra then
kills the other ranks, their watchers see end of file too: only the first watcher of the job
on this node reports -- it creates a marker file (O_EXCL) named after the ranks' common parent
(hydra's proxy) -- and a rank that fails through pnm (``fatal``, then MPI_Abort) creates
that marker before aborting, so its peers' watchers stay silent.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import tempfile
import time

__all__ = ["start", "note", "disarm", "claim", "WATCHER_SOURCE"]

WATCHER_SOURCE = r"""
import os, sys, time
fd, rank, size, pid, host = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
marker = sys.argv[6]
pending, state = b"", b""
while True:
    try:
        data = os.read(fd, 65536)
    except InterruptedError:
        continue
    if not data:
        break
    pending += data
    *lines, pending = pending.split(b"\n")
    for line in lines:
        if line == b"X":
            sys.exit(0)
        state = line
try:
    os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
except OSError:
    sys.exit(0)     # another rank of this job died or failed first: it is the one to name
stamp, _, doing = state.decode("utf-8", "replace").partition(" ")
when = ""
if stamp:
    when = " (as of %.1f s before it died)" % (time.monotonic() - float(stamp))
os.write(2, ("pnm: rank %s of %s (pid %s on %s) died without exiting through Python: it was "
             "killed by a signal (SIGKILL, the out-of-memory killer, ...) or crashed in "
             "compiled code, and mpiexec ends the job (its report below names the signal). "
             "Rank %s was %s%s.\n" % (rank, size, pid, host, rank,
                                       doing or "starting up", when)).encode())
"""

_pipe = None      # the write end, while armed


def _marker() -> str:
    """One file per job and node: the ranks of a node share their parent (hydra's proxy),
    named by its pid and start time (so a later process with the same pid differs)."""
    parent = os.getppid()
    try:
        with open(f"/proc/{parent}/stat") as f:
            started = f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "0"
    directory = os.path.join(tempfile.gettempdir(), f"pnm-deathwatch-{os.getuid()}")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError:
        pass
    return os.path.join(directory, f"job-{parent}-{started}")


def claim() -> None:
    """This rank fails and ends the job itself: the watchers of ranks killed in the clean-up
    must not report them as dead."""
    try:
        os.close(os.open(_marker(), os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError:
        pass


def start(rank: int, size: int) -> None:
    """Start this rank's watcher (under mpiexec, more than one rank; idempotent)."""
    global _pipe
    if _pipe is not None or size < 2:
        return
    marker = _marker()
    read_end, write_end = os.pipe()
    try:
        subprocess.Popen([sys.executable, "-I", "-S", "-c", WATCHER_SOURCE, str(read_end),
                          str(rank), str(size), str(os.getpid()), socket.gethostname(),
                          marker], pass_fds=(read_end,), stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        os.close(write_end)
        return      # no watcher: hydra's own report still ends the job
    finally:
        os.close(read_end)
    os.set_blocking(write_end, False)
    _pipe = write_end
    atexit.register(disarm)


def note(text: str) -> None:
    """What this rank is doing now (the watcher prints the last note if the rank dies)."""
    if _pipe is None:
        return
    line = f"{time.monotonic():.3f} {text}".replace("\n", " ")[:2000] + "\n"
    try:
        os.write(_pipe, line.encode("utf-8", "replace"))
    except OSError:
        pass    # pipe full or watcher gone: the next note will do


def disarm() -> None:
    """This rank ends through Python (normal exit, or a failure pnm reports itself): the
    watcher exits without a word."""
    global _pipe
    if _pipe is None:
        return
    try:
        os.set_blocking(_pipe, True)
        os.write(_pipe, b"\nX\n")
        os.close(_pipe)
    except OSError:
        pass
    _pipe = None
