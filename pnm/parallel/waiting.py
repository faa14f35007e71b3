"""How pnm waits on other ranks: the silence limit (PNM_TIMEOUT / set_timeout), the errors a
failed wait raises, a fixed Deadline for waits without liveness, and the polling Backoff."""

from __future__ import annotations

import math
import os
import time

__all__ = ["MPITimeoutError", "PeerSilentError", "PeerExitedError", "DeadlockError",
           "PeerStuckError",
           "CollectiveMismatchError", "set_timeout", "get_timeout", "timeout_message",
           "Deadline", "Backoff"]


class MPITimeoutError(RuntimeError):
    """A wait on other ranks cannot end (a peer silent, exited or waiting elsewhere)."""


class PeerSilentError(MPITimeoutError):
    """A rank waited on has sent no sign of life for the silence limit."""


class PeerExitedError(MPITimeoutError):
    """A rank waited on has exited (sys.exit(0), or the end of its script)."""


class PeerStuckError(MPITimeoutError):
    """A rank waited on has run Python code outside pnm for the silence limit (a loop
    that never ends, or work that must run in a task or under a longer limit)."""


class DeadlockError(MPITimeoutError):
    """Every rank a wait depends on is itself blocked in a different operation."""


class CollectiveMismatchError(RuntimeError):
    """Ranks called different collectives (or the same one with different arguments)."""


def _timeout_from_env() -> float:
    text = os.environ.get("PNM_TIMEOUT", "").strip()
    if not text:
        return 60.0
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"PNM_TIMEOUT={text!r} is not a number of seconds; "
                         "set it to e.g. 120, or 0 to disable the silence limit") from None
    if value < 0 or math.isnan(value):
        raise ValueError(f"PNM_TIMEOUT={text!r} is negative; use 0 to disable the silence limit")
    return value


_timeout = _timeout_from_env()


def set_timeout(seconds: float | None) -> None:
    """Set the silence limit: a wait fails when a peer has given no sign of life for this
    many seconds (a slow but live peer is waited for). 0 or None disables it."""
    global _timeout
    seconds = 0.0 if seconds is None else float(seconds)
    if seconds < 0 or math.isnan(seconds):
        raise ValueError(f"set_timeout({seconds}): use a positive number of seconds, "
                         "or 0 to disable")
    _timeout = seconds


def get_timeout() -> float:
    """The silence limit in seconds (0 means none)."""
    return _timeout


HOW_TO_WAIT_LONGER = ("If that rank is legitimately busy without answering (a compiled kernel "
                      "that holds the GIL), raise the limit with pc.timeout(seconds), "
                      "pnm.parallel.mpi.set_timeout(seconds) or the environment variable "
                      "PNM_TIMEOUT=seconds (0 disables it).")


def timeout_message(op: str, rank: int, size: int, timeout: float, detail: str = "") -> str:
    """The text of a fixed-deadline MPITimeoutError: what waited, where, how long."""
    text = f"pnm: {op} on rank {rank} of {size} timed out after {timeout:g} s"
    if detail:
        text += f": {detail}"
    return (text + ". If the wait is legitimately longer, raise the limit with "
            "pnm.parallel.mpi.set_timeout(seconds) or the environment variable "
            "PNM_TIMEOUT=seconds (0 disables deadlines).")


class Deadline:
    """A fixed end time for a wait where no peer can report liveness (with liveness off,
    PNM_HEARTBEAT=0); ``check()`` raises MPITimeoutError once it has passed."""

    def __init__(self, op: str, comm=None, detail: str = "", timeout: float | None = None):
        self.op = op
        self.detail = detail
        self.rank, self.size = (comm.rank, comm.size) if comm is not None else (0, 1)
        self.timeout = _timeout if timeout is None else float(timeout)
        self.reset()

    def reset(self) -> None:
        """Start the wait over (e.g. because another rank just showed a sign of life)."""
        self.end = time.monotonic() + self.timeout if self.timeout > 0 else math.inf

    def expired(self) -> bool:
        return time.monotonic() > self.end

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise MPITimeoutError(timeout_message(self.op, self.rank, self.size,
                                                  self.timeout, self.detail))


class Backoff:
    """Between polls: first yield the core (sched_yield) for up to `spin` seconds, so that
    a short wait such as one spike exchange costs microseconds, then sleep, doubling from
    10 us up to 1 ms.

    Yielding and sleeping (rather than spinning) matter when ranks outnumber cores: a
    spinning rank would take the core from the rank it is waiting for.
    """

    def __init__(self, max_delay: float = 1e-3, spin: float = 2e-3):
        self.max_delay = max_delay
        self.spin = spin
        self.reset()

    def reset(self) -> None:
        self.delay = 0.0
        self.start = time.monotonic()

    def sleep(self) -> None:
        if time.monotonic() - self.start < self.spin:
            os.sched_yield()
            return
        if self.delay:
            time.sleep(self.delay)
        self.delay = min(max(self.delay * 2.0, 1e-5), self.max_delay)
