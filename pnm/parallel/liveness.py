"""Liveness: every rank tells the others, several times per silence limit, that it is alive
and what it is doing; a rank that waits on others fails when one of them has been silent for
the limit, has exited, or is itself blocked in a different operation (a deadlock) -- never
merely because it is slow.

Why a thread: a rank computing one long psolve interval or one long bulletin-board task
makes no pnm call for as long as it computes, so only a thread can speak for it.  The
thread needs the GIL for a few microseconds per beat: Python code gives it up every 5 ms,
and the engine's compiled kernel runs with ``nogil=True``.  A rank stuck in code that holds
the GIL (a compiled loop without nogil, a C call that never returns) falls silent, as does
a rank stopped or frozen.  A rank looping forever in Python code keeps beating; the beat
says how long its main thread has *spun* -- used CPU with no pnm call on its stack
(pnm.parallel.spin) -- and a collective fails with PeerStuckError when a peer has spun for
the limit.  A rank killed by a signal is named by its watcher process (deathwatch.py).

Protocol (its own duplicate of COMM_WORLD, tag 1): every ``beat`` seconds
(limit/6, between 0.05 and 1 s) each rank sends every other rank a small pickle
``(doing, doing_age, wait, wait_age, last_wait, last_wait_age, exited, spin, spin_where)``;
``wait`` is ``(channel, seq,
description)`` while the main thread waits on other ranks, else None.  A rank that
exits normally sends a last beat with ``exited`` set (where sys.exit was called, or the
end of the script); one that fails aborts the whole job instead (pnm.parallel.faults).
"""

from __future__ import annotations

import atexit
import pickle
import threading
import time

from . import deathwatch, faults
from .spin import SpinMeter
from .waiting import (Deadline, DeadlockError, PeerExitedError, PeerSilentError, PeerStuckError,
                      HOW_TO_WAIT_LONGER, get_timeout)

__all__ = ["start", "running", "set_doing", "begin_wait", "end_wait", "Watch", "peer_report"]

TAG = 1
EXIT_GRACE = 1.0         # s: a peer that exited may still have completed our operation
_CHECK_EVERY = 0.02      # s: a waiting rank looks at the peer table this often

_service = None          # the running _Service, if any

# This rank's state, read by the heartbeat thread (each a single, atomic assignment).
_doing = ("start-up (no pnm activity yet)", time.monotonic())        # (text, since)
_wait = None                                      # (channel, seq, description, since)
_last_wait = ("none yet", time.monotonic())       # (description, ended at)


def set_doing(text: str, announce: bool = True) -> None:
    """What this rank is doing now, in words for an error message on another rank.

    announce: the others hear it at once (it may be the last thing this rank says); pass
    False for frequent progress notes (e.g. per interval), which go with the next beat."""
    global _doing
    _doing = (text, time.monotonic())
    _note_for_deathwatch()
    if announce and _service is not None and not _service.stopped:
        _service.tick(beat_now=True)


def begin_wait(channel: str, seq: int, description: str) -> None:
    global _wait
    _wait = (channel, seq, description, time.monotonic())


def end_wait() -> None:
    global _wait, _last_wait
    if _wait is not None:
        _last_wait = (_wait[2], time.monotonic())
    _wait = None


def running() -> bool:
    return _service is not None and not _service.stopped


def _beat_interval(limit: float) -> float:
    return min(max(limit / 6.0, 0.05), 1.0) if limit > 0 else 1.0


def describe(doing, doing_age, wait, wait_age, last_wait, last_wait_age) -> str:
    """A rank's state in words: "last in <doing> (begun ..), waiting in .. / computing .."."""
    text = f"last in {doing} (begun {doing_age:.1f} s before)"
    if wait is not None:
        return text + f", waiting in {wait[2]} for {wait_age:.1f} s"
    return text + (f", computing since its last wait ({last_wait}) ended "
                   f"{last_wait_age:.1f} s before")


def _note_for_deathwatch() -> None:
    now = time.monotonic()
    wait = _wait
    deathwatch.note(describe(_doing[0], now - _doing[1], wait,
                             0.0 if wait is None else now - wait[3], _last_wait[0],
                             now - _last_wait[1]))


class _Peer:
    __slots__ = ("heard", "doing", "doing_age", "wait", "wait_age", "last_wait",
                 "last_wait_age", "exited", "spin", "spin_where")

    def __init__(self, now):
        self.heard = now
        self.doing, self.doing_age = "start-up (no pnm activity yet)", 0.0
        self.wait, self.wait_age = None, 0.0
        self.last_wait, self.last_wait_age = "none yet", 0.0
        self.exited = None
        self.spin, self.spin_where = 0.0, ""

    def describe(self, now: float) -> str:
        """What the peer was last doing, as of its last beat."""
        late = now - self.heard
        return describe(self.doing, self.doing_age + late, self.wait, self.wait_age + late,
                        self.last_wait, self.last_wait_age + late)


class _Service:
    """The heartbeat thread and the table of what every peer last said."""

    def __init__(self, comm, mpi):
        self.comm, self.mpi = comm, mpi
        self.handle = comm.handle
        self.rank, self.size = comm.rank, comm.size
        now = time.monotonic()
        self.peers = {r: _Peer(now) for r in range(self.size) if r != self.rank}
        self.lock = threading.Lock()
        self.sends = []
        self.stopped = False
        self.stop_event = threading.Event()
        self.next_beat = 0.0
        self.spin = SpinMeter(now)
        self.thread = threading.Thread(target=self._run, name="pnm-heartbeat", daemon=True)

    # -- sending and receiving (under the lock: the main thread drains too) ----------------
    def _message(self, exited=None) -> bytes:
        now = time.monotonic()
        wait = _wait
        wait_t = None if wait is None else wait[:3]
        wait_age = 0.0 if wait is None else now - wait[3]
        spin = self.spin.spinning_for(now, get_timeout())
        return pickle.dumps((_doing[0], now - _doing[1], wait_t, wait_age, _last_wait[0],
                             now - _last_wait[1], exited, spin, self.spin.where if spin else ""))

    def beat(self, exited=None) -> None:
        data = self._message(exited)
        _note_for_deathwatch()
        self.sends = [(req, buf) for req, buf in self.sends if not req.Test()]
        if len(self.sends) > 64 * self.size:
            return      # a peer stopped receiving (frozen or gone): do not pile up more
        for r in self.peers:
            req = self.handle.Isend([data, self.mpi.BYTE], r, TAG)
            self.sends.append((req, data))

    def drain(self) -> None:
        MPI = self.mpi
        while True:
            status = MPI.Status()
            msg = self.handle.Improbe(MPI.ANY_SOURCE, TAG, status)
            if msg is None:
                return
            data = bytearray(status.Get_count(MPI.BYTE))
            msg.Recv([data, MPI.BYTE])
            peer = self.peers.get(status.Get_source())
            if peer is None:
                continue
            (peer.doing, peer.doing_age, peer.wait, peer.wait_age, peer.last_wait,
             peer.last_wait_age, exited, peer.spin, peer.spin_where) = pickle.loads(data)
            peer.heard = time.monotonic()
            if exited and not peer.exited:
                peer.exited = exited

    def tick(self, beat_now: bool = False, sample: bool = False) -> None:
        with self.lock:
            if self.stopped:
                return
            self.drain()
            now = time.monotonic()
            if sample:
                self.spin.sample(now, get_timeout(), _wait is not None)
            if beat_now or now >= self.next_beat:
                self.beat()
                self.next_beat = now + _beat_interval(get_timeout())

    def _run(self) -> None:
        try:
            while not self.stop_event.is_set():
                self.tick(sample=True)
                self.stop_event.wait(min(_beat_interval(get_timeout()) / 2, 0.1))
        except Exception:     # MPI is going away (abort, finalize): nothing left to report
            self.stopped = True

    def stop(self, exited: str) -> None:
        """At exit: stop the thread and tell the others where this rank ended."""
        self.stop_event.set()
        if threading.current_thread() is not self.thread:
            self.thread.join(timeout=2.0)
        with self.lock:
            if self.stopped:
                return
            try:
                self.beat(exited)
                end = time.monotonic() + 0.5
                while self.sends and time.monotonic() < end:
                    self.sends = [(q, b) for q, b in self.sends if not q.Test()]
                    time.sleep(0.001)
                for req, _ in self.sends:     # a peer gone or frozen: do not hold MPI up
                    try:
                        req.Cancel()
                    except Exception:
                        pass
            except Exception:
                pass
            self.stopped = True


def start(comm, mpi) -> None:
    """Start the heartbeat on ``comm`` (a duplicate of COMM_WORLD used for nothing else)."""
    global _service
    if _service is not None or comm.size < 2:
        return
    if mpi.Query_thread() < mpi.THREAD_MULTIPLE:
        return      # mpi4py.rc.thread_level lowered by the user: fixed deadlines instead
    _service = _Service(comm, mpi)
    _service.thread.start()
    atexit.register(_at_exit)   # after mpi4py's: runs before MPI_Finalize


def _at_exit() -> None:
    if _service is not None and not _service.stopped:
        _service.stop(faults.exit_site() or "at the end of its script")


def peer_report(rank: int) -> str:
    """What ``rank`` was last heard doing (for error messages)."""
    if _service is None or rank not in _service.peers:
        return "unknown (no heartbeat)"
    peer = _service.peers[rank]
    return peer.describe(time.monotonic())


class Watch:
    """Checks, during one wait, that the ranks it depends on can still end it.

    kind: "collective" -- every peer must join; one stably waiting elsewhere is a deadlock.
          "master"     -- the bulletin-board master waits on workers: deadlock when every
                          worker is waiting (idle or blocked) and none computes.
          "worker"     -- a worker waits on the master: deadlock when the master is stuck
                          in a wait outside the bulletin board.
    Without the heartbeat (one rank, or PNM_HEARTBEAT=0) it is a fixed Deadline.
    """

    def __init__(self, comm, channel: str, seq: int, description: str, peers=None,
                 kind: str = "collective", idle: bool = False):
        self.rank, self.size = comm.rank, comm.size
        self.channel, self.seq, self.description = channel, seq, description
        self.kind, self.idle = kind, idle
        self.start = time.monotonic()
        self.next_check = self.start + _CHECK_EVERY     # short waits cost no table look
        self.peers = [r for r in range(self.size) if r != self.rank] if peers is None \
            else list(peers)
        self.deadline = None if running() else \
            Deadline(description, comm, timeout=(0 if idle else None))
        begin_wait(channel, seq, description)

    def done(self) -> None:
        end_wait()
        _note_for_deathwatch()     # a blocking wait ended: what the rank does next is news

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.done()
        return False

    def reset(self) -> None:
        """Something happened (a message arrived, a task went out): judge peers afresh."""
        self.start = time.monotonic()
        if self.deadline is not None:
            self.deadline.reset()

    def check(self) -> None:
        if self.deadline is not None:
            self.deadline.check()
            return
        now = time.monotonic()
        if now < self.next_check:
            return
        self.next_check = now + _CHECK_EVERY
        svc = _service
        svc.tick()
        limit = get_timeout()
        for r in self.peers:
            peer = svc.peers[r]
            if peer.exited and now - self.start > EXIT_GRACE:
                raise PeerExitedError(self._exited_text(r, peer, now))
            if limit > 0 and now - peer.heard > limit:
                raise PeerSilentError(self._silent_text(r, peer, now, limit))
            if self.kind == "collective" and limit > 0 and peer.spin and \
                    peer.spin + now - peer.heard > limit and now - self.start > self._grace():
                raise PeerStuckError(self._stuck_text(r, peer, now, limit))
        if not self.idle:
            self._check_deadlock(svc, now)

    # -- deadlock ------------------------------------------------------------------------
    def _stuck_elsewhere(self, peer, now, grace) -> bool:
        """The peer has been waiting in another operation since before our wait began."""
        wait = peer.wait
        if wait is None or peer.exited or peer.heard < self.start + grace:
            return False
        if peer.wait_age < grace:
            return False
        if wait[0] == self.channel and wait[1] >= self.seq:
            return False          # the same operation, or past it: ours will complete
        return True

    def _grace(self) -> float:
        return max(1.0, 3 * _beat_interval(get_timeout()))

    def _check_deadlock(self, svc, now) -> None:
        grace = self._grace()
        if now - self.start < grace or not self.peers:
            return
        peers = [(r, svc.peers[r]) for r in self.peers]
        if self.kind == "collective":
            stuck = [(r, p) for r, p in peers if self._stuck_elsewhere(p, now, grace)]
        elif self.kind == "master":
            stuck = [(r, p) for r, p in peers if p.wait is not None and
                     p.heard >= self.start + grace and p.wait_age >= grace]
            if len(stuck) < len(peers):
                return
        else:   # worker: the master serves the board inside any board call
            stuck = [(r, p) for r, p in peers if p.wait is not None and p.wait[0] != "board"
                     and self._stuck_elsewhere(p, now, grace)]
        if stuck:
            raise DeadlockError(self._deadlock_text(stuck, now))

    # -- messages --------------------------------------------------------------------------
    def _me(self) -> str:
        text = f"rank {self.rank} of {self.size} waits in {self.description}"
        if "called at" not in self.description:
            api, site = faults.user_site(1)
            text += f" ({api} called at {site})" if api else f" (called at {site})"
        return text + f" for {time.monotonic() - self.start:.1f} s"

    def _silent_text(self, r, peer, now, limit) -> str:
        return (f"pnm: {self._me()}, but rank {r} has not been heard from for "
                f"{now - peer.heard:.1f} s (silence limit {limit:g} s): it is dead, frozen, "
                f"or stuck in code that holds the GIL. Rank {r} was "
                f"{peer.describe(now)}. {HOW_TO_WAIT_LONGER}")

    def _stuck_text(self, r, peer, now, limit) -> str:
        return (f"pnm: {self._me()}, but rank {r} has been running Python code outside pnm "
                f"for {peer.spin + now - peer.heard:.1f} s (silence limit {limit:g} s), at "
                f"{peer.spin_where}: a loop that never ends, or long work while the other "
                f"ranks wait for it. Rank {r} was {peer.describe(now)}. Long work belongs in "
                "a bulletin-board task (pc.submit), or raise the limit with pc.timeout(seconds)"
                " or PNM_TIMEOUT=seconds (0 disables it)")

    def _exited_text(self, r, peer, now) -> str:
        return (f"pnm: {self._me()}, but rank {r} has exited ({peer.exited}) and can never "
                f"take part; before exiting it was {peer.describe(now)}. Every rank must "
                "reach the same collective calls; end a rank early only after the others "
                "are done with it")

    def _deadlock_text(self, stuck, now) -> str:
        others = "; ".join(f"rank {r} was {p.describe(now)}" for r, p in stuck)
        if self.kind == "master":
            why = ("no worker is computing, so nothing can ever arrive (a take of a key "
                   "nobody posts, or workers waiting for each other)")
        else:
            why = ("ranks are waiting in different operations: every rank must call the "
                   "same collectives (psolve, barrier, allreduce, ...) in the same order")
        return f"pnm: deadlock: {self._me()}; {others}. {why}"
