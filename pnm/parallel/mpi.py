"""The MPI layer of pnm: the only module that imports mpi4py.

Every wait on other ranks polls a non-blocking MPI call against a deadline, and
an uncaught exception on any rank aborts the whole job instead of hanging it.

Overview
--------
* ``world()`` returns the job's communicator: a :class:`Comm` wrapping
  ``MPI.COMM_WORLD`` when the process was started by ``mpiexec``, otherwise a
  :class:`SerialComm` (rank 0 of 1) that never imports mpi4py, so that serial
  start-up stays fast.  Set ``PNM_MPI=1`` to force MPI (e.g. a singleton MPI
  process) or ``PNM_MPI=0`` to force the serial stand-in.
* ``Comm.dup()`` gives separate communicators, so that e.g. the spike exchange
  and the bulletin board never see each other's messages.
* Collectives: ``barrier``, ``allreduce``, ``allgather_array``, ``allgatherv``,
  ``allgather_obj``, ``gather_obj``, ``bcast_obj``, ``alltoall_obj`` -- as
  methods of a communicator and as module functions acting on ``world()``.

Deadlines
---------
Every wait has a deadline of ``get_timeout()`` seconds (default 60; the
environment variable ``PNM_TIMEOUT`` or ``set_timeout(seconds)`` change it;
0 disables).  When it passes, :class:`MPITimeoutError` is raised naming the
operation, the rank and the limit.  Waiting polls ``MPI_Test`` and sleeps with
a back-off of up to 1 ms, so oversubscribed ranks (more ranks than cores) do
not starve each other.  A timed-out collective cannot be cancelled, so the
error is meant to end the job: if nothing catches it, the fault handler aborts.

Fault handling
--------------
``install_fault_handler()`` (done automatically by ``world()`` when size > 1,
and whenever a deadline error is raised) replaces ``sys.excepthook`` and
``threading.excepthook``: an uncaught exception prints
``pnm: rank R of N failed:`` and the traceback to stderr, flushes, and calls
``MPI.COMM_WORLD.Abort(1)``, so mpiexec ends every rank with a non-zero exit
within seconds instead of leaving the others blocked.  ``fatal(exc)`` does the
same on demand (the bulletin board uses it for a failing task on a worker).
``sys.exit(status)`` with a status other than 0 or None is a failure too (a
``SystemExit`` never reaches ``sys.excepthook``): it prints where it was called
and aborts the job with that status (1 for a message).
"""

from __future__ import annotations

import math
import os
import pickle
import sys
import threading
import time
import traceback

import numpy as np

__all__ = [
    "MPITimeoutError", "Comm", "SerialComm", "Deadline", "Backoff",
    "world", "under_mpiexec", "set_timeout", "get_timeout",
    "install_fault_handler", "fatal", "dumps", "loads",
    "barrier", "allreduce", "allgather_array", "allgatherv",
    "allgather_obj", "gather_obj", "bcast_obj", "alltoall_obj",
]

# Environment variables that the common launchers set in every rank they
# start: MPICH/Intel hydra (PMI_*, MPI_LOCALNRANKS), PMIx (PMIX_RANK, used by
# Open MPI 5 and srun), Open MPI (OMPI_COMM_WORLD_SIZE) and Slurm's PMI2.
_LAUNCHER_VARS = ("PMI_RANK", "PMI_SIZE", "PMI_FD", "PMIX_RANK",
                  "MPI_LOCALNRANKS", "OMPI_COMM_WORLD_SIZE", "PMI_JOBID")

_MPI = None          # the mpi4py.MPI module, once loaded
_world = None        # the singleton returned by world()
_world_lock = threading.Lock()


def under_mpiexec() -> bool:
    """True when a launcher (mpiexec, srun, ...) started this process, or PNM_MPI=1."""
    forced = os.environ.get("PNM_MPI", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    if any(v in os.environ for v in _LAUNCHER_VARS):
        return True
    return any(k.startswith("HYDRA_") for k in os.environ)


def _load_mpi():
    global _MPI
    if _MPI is None:
        from mpi4py import MPI  # noqa: the only mpi4py import in pnm
        _MPI = MPI
    return _MPI


# ----------------------------------------------------------------- deadlines

class MPITimeoutError(RuntimeError):
    """A wait on other ranks passed its deadline (see set_timeout / PNM_TIMEOUT)."""


def _timeout_from_env() -> float:
    text = os.environ.get("PNM_TIMEOUT", "").strip()
    if not text:
        return 60.0
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"PNM_TIMEOUT={text!r} is not a number of seconds; "
                         "set it to e.g. 120, or 0 to disable deadlines") from None
    if value < 0:
        raise ValueError(f"PNM_TIMEOUT={text!r} is negative; use 0 to disable deadlines")
    return value


_timeout = _timeout_from_env()


def set_timeout(seconds: float | None) -> None:
    """Set the deadline of every later wait on other ranks; 0 or None disables deadlines."""
    global _timeout
    seconds = 0.0 if seconds is None else float(seconds)
    if seconds < 0 or math.isnan(seconds):
        raise ValueError(f"set_timeout({seconds}): use a positive number of seconds, or 0 to disable")
    _timeout = seconds


def get_timeout() -> float:
    """The current deadline in seconds (0 means none)."""
    return _timeout


def timeout_message(op: str, rank: int, size: int, timeout: float, detail: str = "") -> str:
    """The text of an MPITimeoutError: what waited, where, how long, and how to wait longer."""
    text = f"pnm: {op} on rank {rank} of {size} timed out after {timeout:g} s"
    if detail:
        text += f": {detail}"
    return (text + ". If the wait is legitimately longer, raise the limit with "
            "pnm.parallel.mpi.set_timeout(seconds) or the environment variable "
            "PNM_TIMEOUT=seconds (0 disables deadlines).")


class Deadline:
    """The end time of one wait; ``check()`` raises MPITimeoutError once it has passed."""

    def __init__(self, op: str, comm=None, detail: str = "", timeout: float | None = None):
        self.op = op
        self.detail = detail
        self.timeout = _timeout if timeout is None else float(timeout)
        self._comm = comm
        self.reset()

    def reset(self) -> None:
        """Start the wait over (e.g. because another rank just showed a sign of life)."""
        self.end = time.monotonic() + self.timeout if self.timeout > 0 else math.inf

    def expired(self) -> bool:
        return time.monotonic() > self.end

    def check(self) -> None:
        if time.monotonic() > self.end:
            comm = self._comm if self._comm is not None else world()
            # The collective that timed out cannot be cancelled: make sure
            # that, if nobody catches this error, the whole job ends.
            if comm.size > 1:
                install_fault_handler()
            raise MPITimeoutError(timeout_message(self.op, comm.rank, comm.size,
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


# ------------------------------------------------------------------ pickling

def dumps(obj, what: str = "object") -> bytes:
    """Pickle ``obj`` for another rank, with an error that says what could not be sent."""
    try:
        return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        raise TypeError(
            f"pnm: cannot send {what} to other ranks because it cannot be pickled "
            f"({type(exc).__name__}: {exc}). Send numbers, strings, numpy arrays or "
            "objects whose classes and functions are defined at module level "
            "(not lambdas, closures or open files).") from exc


def loads(data):
    return pickle.loads(data)


# ----------------------------------------------------------- communicators

_OPS = ("sum", "max", "min")


def _check_op(op: str) -> str:
    if op not in _OPS:
        raise ValueError(f"allreduce: op={op!r} is not supported; use one of {_OPS}")
    return op


class _BaseComm:
    """What SerialComm and Comm share: attributes and argument checks."""

    rank: int = 0
    size: int = 1

    @property
    def is_mpi(self) -> bool:
        return False

    def _check_alltoall(self, objs):
        objs = list(objs)
        if len(objs) != self.size:
            raise ValueError(f"alltoall_obj: needs a list of one object per rank "
                             f"(size {self.size}), got {len(objs)}")
        return objs

    def __repr__(self):
        return f"<{type(self).__name__} rank {self.rank} of {self.size}>"


class SerialComm(_BaseComm):
    """Stand-in for a one-process job: every collective returns its trivial result."""

    rank = 0
    size = 1

    def dup(self) -> "SerialComm":
        return SerialComm()

    def barrier(self) -> None:
        pass

    def allreduce(self, value, op: str = "sum"):
        _check_op(op)
        return np.array(value, copy=True) if isinstance(value, np.ndarray) else value

    def allgather_array(self, arr) -> np.ndarray:
        return np.array(arr, copy=True)[np.newaxis]

    def allgatherv(self, arr):
        arr = _as_1d(arr)
        return arr.copy(), np.array([arr.size], dtype=np.int64)

    def allgather_obj(self, obj) -> list:
        return [obj]

    def gather_obj(self, obj, root: int = 0) -> list:
        _check_root(root, self)
        return [obj]

    def bcast_obj(self, obj, root: int = 0):
        _check_root(root, self)
        return obj

    def alltoall_obj(self, objs) -> list:
        return self._check_alltoall(objs)

    # No other rank exists to talk to; the bulletin board never calls these
    # with one process, so reaching them is a bug in the caller.
    def _no_peers(self, *_, **__):
        raise RuntimeError("SerialComm: point-to-point messages need other ranks; "
                           "this process runs alone (start it with mpiexec -n N)")

    isend_bytes = poll_bytes = _no_peers

    def progress(self) -> None:
        pass

    def flush(self, op: str = "flush") -> None:
        pass


def _as_1d(arr) -> np.ndarray:
    arr = np.ascontiguousarray(arr)
    if arr.ndim != 1:
        raise ValueError(f"allgatherv: needs a 1-D array, got shape {arr.shape}; "
                         "flatten it with arr.ravel() first")
    return arr


def _check_root(root: int, comm) -> None:
    if not 0 <= root < comm.size:
        raise ValueError(f"root={root} is not a rank of this communicator (size {comm.size})")


class Comm(_BaseComm):
    """An mpi4py communicator whose waits all have deadlines.

    Collectives must be called by every rank of the communicator in the same
    order (as in MPI).  ``handle`` is the underlying mpi4py communicator.
    """

    def __init__(self, handle):
        self.handle = handle
        self.rank = handle.Get_rank()
        self.size = handle.Get_size()
        self._sends = []  # (request, buffer) of point-to-point sends in flight

    @property
    def is_mpi(self) -> bool:
        return True

    # -- waiting -----------------------------------------------------------
    def wait(self, request, op: str, deadline: Deadline | None = None) -> None:
        """Poll ``request`` until it completes, sleeping briefly between tests."""
        deadline = deadline or Deadline(op, self)
        backoff = Backoff()
        while not request.Test():
            deadline.check()
            backoff.sleep()

    def dup(self) -> "Comm":
        """A new communicator over the same ranks (collective: every rank must call it)."""
        new, req = self.handle.Idup()
        self.wait(req, "dup")
        return Comm(new)

    # -- collectives ---------------------------------------------------------
    def barrier(self) -> None:
        self.wait(self.handle.Ibarrier(), "barrier")

    def allreduce(self, value, op: str = "sum"):
        """Reduce a number or a numpy array (same shape and dtype on every rank)."""
        MPI = _MPI
        mpi_op = {"sum": MPI.SUM, "max": MPI.MAX, "min": MPI.MIN}[_check_op(op)]
        is_array = isinstance(value, np.ndarray)
        send = np.ascontiguousarray(value) if is_array else np.array([value])
        dtype = send.dtype
        if dtype == np.bool_:   # MPI defines no SUM/MAX/MIN for C bool
            send = send.astype(np.int64 if op == "sum" else np.uint8)
        if dtype == object:
            raise TypeError(f"allreduce: cannot reduce {type(value).__name__}; "
                            "pass a number or a numeric numpy array")
        recv = np.empty_like(send)
        self.wait(self.handle.Iallreduce(send, recv, mpi_op), f"allreduce({op!r})")
        if dtype == np.bool_ and op != "sum":
            recv = recv.astype(np.bool_)
        if is_array:
            return recv
        result = recv[0]
        if isinstance(value, (bool, int, float, complex)) and not isinstance(value, np.generic):
            # Python in, Python out (a bool summed is a count: int)
            return int(result) if isinstance(value, bool) and op == "sum" else type(value)(result)
        return result

    def allgather_array(self, arr) -> np.ndarray:
        """Stack one array of the same shape and dtype from each rank: shape (size, *arr.shape)."""
        send = np.asarray(arr, order="C")   # (not ascontiguousarray: it makes 0-d 1-d)
        recv = np.empty((self.size,) + send.shape, dtype=send.dtype)
        self.wait(self.handle.Iallgather(send, recv), "allgather_array")
        return recv

    def allgatherv(self, arr):
        """Concatenate 1-D arrays of any length (same dtype) from all ranks, in rank order.

        Returns ``(concatenation, counts)`` where ``counts[r]`` is rank r's length.
        """
        send = _as_1d(arr)
        counts = self.allgather_array(np.array(send.size, dtype=np.int64))
        displs = np.zeros_like(counts)
        np.cumsum(counts[:-1], out=displs[1:])
        recv = np.empty(int(counts.sum()), dtype=send.dtype)
        self.wait(self.handle.Iallgatherv(send, [recv, (counts.tolist(), displs.tolist())]),
                  "allgatherv")
        return recv, counts

    # Object collectives: pickle to bytes, then move the bytes with the
    # non-blocking buffer collectives above (mpi4py's own object collectives
    # block, so they could not honour the deadline).
    def allgather_obj(self, obj) -> list:
        data = np.frombuffer(dumps(obj, "allgather_obj argument"), dtype=np.uint8)
        flat, counts = self.allgatherv(data)
        return _split_loads(flat, counts)

    def gather_obj(self, obj, root: int = 0):
        """List of every rank's object on ``root``; None on the other ranks."""
        _check_root(root, self)
        data = np.frombuffer(dumps(obj, "gather_obj argument"), dtype=np.uint8)
        count = np.array([data.size], dtype=np.int64)
        counts = np.empty(self.size, dtype=np.int64) if self.rank == root else None
        self.wait(self.handle.Igather(count, counts, root), "gather_obj")
        if self.rank == root:
            displs = np.zeros_like(counts)
            np.cumsum(counts[:-1], out=displs[1:])
            flat = np.empty(int(counts.sum()), dtype=np.uint8)
            recvspec = [flat, (counts.tolist(), displs.tolist())]
        else:
            recvspec = None
        self.wait(self.handle.Igatherv(data, recvspec, root), "gather_obj")
        return _split_loads(flat, counts) if self.rank == root else None

    def bcast_obj(self, obj, root: int = 0):
        """``root``'s object on every rank."""
        _check_root(root, self)
        if self.rank == root:
            data = np.frombuffer(dumps(obj, "bcast_obj argument"), dtype=np.uint8)
            count = np.array([data.size], dtype=np.int64)
        else:
            count = np.empty(1, dtype=np.int64)
        self.wait(self.handle.Ibcast(count, root), "bcast_obj")
        if self.rank != root:
            data = np.empty(int(count[0]), dtype=np.uint8)
        self.wait(self.handle.Ibcast(data, root), "bcast_obj")
        return obj if self.rank == root else loads(data.tobytes())

    def alltoall_obj(self, objs) -> list:
        """``objs[r]`` goes to rank r; returns the list of what each rank sent here."""
        objs = self._check_alltoall(objs)
        blobs = [dumps(o, "alltoall_obj item") for o in objs]
        sendcounts = np.array([len(b) for b in blobs], dtype=np.int64)
        recvcounts = np.empty(self.size, dtype=np.int64)
        self.wait(self.handle.Ialltoall(sendcounts, recvcounts), "alltoall_obj")
        send = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        sdispls = np.zeros_like(sendcounts)
        np.cumsum(sendcounts[:-1], out=sdispls[1:])
        rdispls = np.zeros_like(recvcounts)
        np.cumsum(recvcounts[:-1], out=rdispls[1:])
        recv = np.empty(int(recvcounts.sum()), dtype=np.uint8)
        self.wait(self.handle.Ialltoallv([send, (sendcounts.tolist(), sdispls.tolist())],
                                         [recv, (recvcounts.tolist(), rdispls.tolist())]),
                  "alltoall_obj")
        return _split_loads(recv, recvcounts)

    # -- point to point (used by the bulletin board) -------------------------
    def isend_bytes(self, data: bytes, dest: int, tag: int) -> None:
        """Start sending ``data``; it completes in later progress()/flush() calls."""
        MPI = _MPI
        req = self.handle.Isend([data, MPI.BYTE], dest, tag)
        self._sends.append((req, data))  # the buffer must outlive the request

    def progress(self) -> None:
        """Complete the sends that have finished (lets MPI make progress on the others)."""
        if self._sends:
            self._sends = [(r, d) for r, d in self._sends if not r.Test()]

    def flush(self, op: str = "flush") -> None:
        """Wait, with a deadline, until every send started here has completed."""
        deadline = Deadline(f"{op}: completing {len(self._sends)} sends", self)
        backoff = Backoff()
        while True:
            self.progress()
            if not self._sends:
                return
            deadline.check()
            backoff.sleep()

    def poll_bytes(self, source: int | None = None, tag: int | None = None):
        """Receive one waiting message, or return None at once if none is waiting.

        Returns ``(data, source, tag)``; ``None`` for source or tag means any.
        """
        MPI = _MPI
        status = MPI.Status()
        msg = self.handle.Improbe(MPI.ANY_SOURCE if source is None else source,
                                  MPI.ANY_TAG if tag is None else tag, status)
        if msg is None:
            return None
        data = bytearray(status.Get_count(MPI.BYTE))
        # The message is matched, but its bytes may still be on their way
        # (rendezvous protocol): receive without blocking, with a deadline.
        self.wait(msg.Irecv([data, MPI.BYTE]),
                  f"receiving a message from rank {status.Get_source()}")
        return data, status.Get_source(), status.Get_tag()


def _split_loads(flat: np.ndarray, counts) -> list:
    out, start = [], 0
    for n in counts:
        n = int(n)
        out.append(loads(flat[start:start + n].tobytes()))
        start += n
    return out


def world():
    """The job's communicator (a singleton): Comm under mpiexec, otherwise SerialComm."""
    global _world
    if _world is None:
        with _world_lock:
            if _world is None:
                if under_mpiexec():
                    comm = Comm(_load_mpi().COMM_WORLD)
                    if comm.size > 1:
                        install_fault_handler()
                else:
                    comm = SerialComm()
                _world = comm
    return _world


# --------------------------------------------------------- module functions

def barrier() -> None:
    world().barrier()


def allreduce(value, op: str = "sum"):
    return world().allreduce(value, op)


def allgather_array(arr) -> np.ndarray:
    return world().allgather_array(arr)


def allgatherv(arr):
    return world().allgatherv(arr)


def allgather_obj(obj) -> list:
    return world().allgather_obj(obj)


def gather_obj(obj, root: int = 0):
    return world().gather_obj(obj, root)


def bcast_obj(obj, root: int = 0):
    return world().bcast_obj(obj, root)


def alltoall_obj(objs) -> list:
    return world().alltoall_obj(objs)


# ------------------------------------------------------------ fault handling

_fault_handler_installed = False


def fatal(exc: BaseException, context: str = "", code: int = 1) -> None:
    """Report ``exc`` as this rank's failure and end the whole job (does not return).

    Prints ``pnm: rank R of N failed:`` (plus ``context``) and the traceback to
    stderr, then calls ``MPI.COMM_WORLD.Abort(1)``; mpiexec then kills every
    rank and exits non-zero.  Without MPI loaded, exits this process with 1.
    """
    if _world is not None:
        rank, size = _world.rank, _world.size
    elif _MPI is not None and _MPI.Is_initialized():
        rank, size = _MPI.COMM_WORLD.Get_rank(), _MPI.COMM_WORLD.Get_size()
    else:
        rank, size = 0, 1
    header = f"pnm: rank {rank} of {size} failed:"
    if context:
        header += f" {context}"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        sys.stdout.flush()   # keep what the rank printed before failing
    except Exception:
        pass
    try:
        sys.stderr.write(f"{header}\n{text}")
        sys.stderr.flush()
    except Exception:
        pass
    if _MPI is not None and _MPI.Is_initialized() and not _MPI.Is_finalized():
        # give the launcher a moment to forward our stderr before it kills us
        time.sleep(0.05)
        _MPI.COMM_WORLD.Abort(code)
    os._exit(code)


def _excepthook(exc_type, exc, tb):
    if exc is None:
        exc = exc_type()
    if exc.__traceback__ is None:
        exc.__traceback__ = tb
    fatal(exc)


def _thread_excepthook(args):
    if args.exc_type is SystemExit:   # threading ignores SystemExit too
        return
    name = args.thread.name if args.thread is not None else "?"
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    if exc.__traceback__ is None:
        exc.__traceback__ = args.exc_traceback
    fatal(exc, f"uncaught exception in thread {name!r}")


_sys_exit = sys.exit


def _exit(status=None):
    """sys.exit under MPI: a non-zero status on one rank ends every rank (the others would
    otherwise wait for it until their deadline)."""
    if status is None or status == 0 or _world is None or _world.size < 2:
        _sys_exit(status)
    code = status if isinstance(status, int) else 1
    if not isinstance(status, int):
        sys.stderr.write(f"{status}\n")
    where = "".join(traceback.format_stack()[:-1])
    fatal(SystemExit(status), f"sys.exit({status!r}) ends every rank; called at\n{where}",
          code=code)


def install_fault_handler() -> None:
    """Make an uncaught exception, or sys.exit with a failure status, on this rank abort
    the whole MPI job (idempotent)."""
    global _fault_handler_installed
    if _fault_handler_installed:
        return
    _fault_handler_installed = True
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    sys.exit = _exit
