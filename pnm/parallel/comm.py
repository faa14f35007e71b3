"""Communicators: the job's ranks as a Comm (mpi4py) or a SerialComm (one process), with
non-blocking collectives that wait under the liveness watch, and a check that every rank is
in the same collective before any data moves.

Channels: ``world()`` creates, once and collectively, four duplicates of COMM_WORLD, so the
traffic of one purpose can never match another's: ``channel("user")`` for ParallelContext's
collectives (pc.allreduce, psolve's checks, ...), ``"spike"`` for the spike exchange,
``"board"`` for the bulletin board, ``"heartbeat"`` for liveness.

The operation check: every collective of a checked communicator first exchanges a small
header (sequence number, operation, arguments that must agree); all headers have one shape,
so they always pair up, and a mismatch raises CollectiveMismatchError on every rank, naming
each rank's operation and call site, before the data collective starts.  On the spike
channel (one fixed-size Allgather per interval, the hot path) the header rides in the same
message instead of a separate round.
"""

from __future__ import annotations

import functools
import os
import pickle
import threading
import zlib

import numpy as np

from . import deathwatch, faults, liveness
from .waiting import Backoff, CollectiveMismatchError, Deadline

__all__ = ["Comm", "SerialComm", "world", "channel", "under_mpiexec", "dumps", "loads",
           "load_mpi", "CHANNELS"]

_LAUNCHER_VARS = ("PMI_RANK", "PMI_SIZE", "PMI_FD", "PMIX_RANK",
                  "MPI_LOCALNRANKS", "OMPI_COMM_WORLD_SIZE", "PMI_JOBID")
# name -> how its collectives are checked ("header", "piggyback", or None: no collectives)
CHANNELS = {"user": "header", "spike": "piggyback", "board": None, "heartbeat": None}

_MPI = None
_world = None
_channels = {}
_world_lock = threading.Lock()


def under_mpiexec() -> bool:
    """True when a launcher (mpiexec, srun, ...) started this process, or PNM_MPI=1."""
    forced = os.environ.get("PNM_MPI", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    if any(v in os.environ for v in _LAUNCHER_VARS):
        return True
    return any(k.startswith("HYDRA_") for k in os.environ)


def load_mpi():
    global _MPI
    if _MPI is None:
        from mpi4py import MPI  # noqa: the only mpi4py import in pnm
        _MPI = MPI
    return _MPI


def _identity():
    if _world is not None:
        return _world.rank, _world.size, _MPI
    if _MPI is not None and _MPI.Is_initialized():
        return _MPI.COMM_WORLD.Get_rank(), _MPI.COMM_WORLD.Get_size(), _MPI
    return 0, 1, None


faults.set_identity(_identity)


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


def _split_loads(flat: np.ndarray, counts) -> list:
    out, start = [], 0
    for n in counts:
        n = int(n)
        out.append(loads(flat[start:start + n].tobytes()))
        start += n
    return out


# ------------------------------------------------------------- argument checks

_OPS = ("sum", "max", "min")


def _check_op(op: str) -> str:
    if op not in _OPS:
        raise ValueError(f"allreduce: op={op!r} is not supported; use one of {_OPS}")
    return op


def _as_1d(arr) -> np.ndarray:
    arr = np.ascontiguousarray(arr)
    if arr.ndim != 1:
        raise ValueError(f"allgatherv: needs a 1-D array, got shape {arr.shape}; "
                         "flatten it with arr.ravel() first")
    return arr


def _check_root(root: int, comm) -> None:
    if not 0 <= root < comm.size:
        raise ValueError(f"root={root} is not a rank of this communicator (size {comm.size})")


@functools.lru_cache(maxsize=1024)
def _code(text: str) -> int:
    return zlib.crc32(text.encode())


class _BaseComm:
    rank: int = 0
    size: int = 1
    name: str = "world"

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
        return f"<{type(self).__name__} {self.name!r} rank {self.rank} of {self.size}>"


class SerialComm(_BaseComm):
    """Stand-in for a one-process job: every collective returns its trivial result."""

    def __init__(self, name: str = "world"):
        self.name = name

    def dup(self, name: str | None = None) -> "SerialComm":
        return SerialComm(name or self.name)

    def barrier(self, op: str = "barrier") -> None:
        pass

    def allreduce(self, value, op: str = "sum"):
        _check_op(op)
        return np.array(value, copy=True) if isinstance(value, np.ndarray) else value

    def allgather_array(self, arr, op: str = "allgather_array") -> np.ndarray:
        return np.array(arr, copy=True)[np.newaxis]

    def allgatherv(self, arr, op: str = "allgatherv"):
        arr = _as_1d(arr)
        return arr.copy(), np.array([arr.size], dtype=np.int64)

    def allgather_obj(self, obj, op: str = "allgather_obj") -> list:
        return [obj]

    def gather_obj(self, obj, root: int = 0) -> list:
        _check_root(root, self)
        return [obj]

    def bcast_obj(self, obj, root: int = 0):
        _check_root(root, self)
        return obj

    def alltoall_obj(self, objs) -> list:
        return self._check_alltoall(objs)

    def _no_peers(self, *_, **__):
        raise RuntimeError("SerialComm: point-to-point messages need other ranks; "
                           "this process runs alone (start it with mpiexec -n N)")

    isend_bytes = poll_bytes = _no_peers

    def progress(self) -> None:
        pass

    def flush(self, op: str = "flush") -> None:
        pass


class Comm(_BaseComm):
    """An mpi4py communicator whose waits are watched for dead, silent or stuck peers.

    Collectives must be called by every rank in the same order (as in MPI); ``check``
    ("header", "piggyback" or None) says how that is verified.  ``handle`` is the
    mpi4py communicator; ``seq`` counts the collectives called on it.
    """

    def __init__(self, handle, name: str = "world", check: str | None = "header"):
        self.handle = handle
        self.name = name
        self.check = check
        self.rank = handle.Get_rank()
        self.size = handle.Get_size()
        self.seq = 0
        self._site = ""     # "api at file:line" of the current checked collective
        self._sends = []  # (request, buffer, destination) of point-to-point sends in flight

    @property
    def is_mpi(self) -> bool:
        return True

    # -- waiting -------------------------------------------------------------------------
    def wait(self, request, op: str, peers=None, kind: str = "collective",
             idle: bool = False) -> None:
        """Poll ``request`` until it completes, sleeping briefly between tests, while a
        liveness Watch checks that the peers can still complete it."""
        if request.Test():
            return
        what = "spike exchange" if self.name == "spike" else op
        watch = liveness.Watch(self, self.name, self.seq, f"{what} (#{self.seq} on "
                               f"'{self.name}'{self._site})", peers=peers, kind=kind,
                               idle=idle)
        backoff = Backoff()
        try:
            while not request.Test():
                watch.check()
                backoff.sleep()
        finally:
            watch.done()

    def dup(self, name: str | None = None, check: str | None = "header") -> "Comm":
        """A new communicator over the same ranks (collective: every rank must call it)."""
        self._agree("dup")
        new, req = self.handle.Idup()
        self.wait(req, "dup")
        return Comm(new, name or f"{self.name}.dup", check)

    # -- the operation check ---------------------------------------------------------------
    def _agree(self, op: str, args: str = "") -> None:
        """Every rank must be in the same collective: compare (seq, op, args) headers."""
        self.seq += 1
        if self.check is None:
            return
        api, site = faults.user_site(2)
        self._site = f", {api} called at {site}" if api else f", called at {site}"
        head = np.array([self.seq, _code(op), _code(args)], dtype=np.int64)
        table = np.empty((self.size, 3), dtype=np.int64)
        self.wait(self.handle.Iallgather(head, table), op)
        if (table != head).any():
            self._mismatch(op, args, table)

    def _mismatch(self, op, args, table):
        """All ranks saw the same header table: swap descriptions, raise the same error."""
        api, site = faults.user_site(2)
        mine = f"{api + ' -> ' if api else ''}{op}{f' [{args}]' if args else ''}" \
               f" (collective #{self.seq} on '{self.name}') called at {site}"
        blob = np.frombuffer(dumps(mine), dtype=np.uint8)
        counts = np.empty(self.size, dtype=np.int64)
        self.wait(self.handle.Iallgather(np.array(blob.size, dtype=np.int64), counts), op)
        displs = np.zeros_like(counts)
        np.cumsum(counts[:-1], out=displs[1:])
        flat = np.empty(int(counts.sum()), dtype=np.uint8)
        self.wait(self.handle.Iallgatherv(blob, [flat, (counts.tolist(), displs.tolist())]),
                  op)
        lines = "; ".join(f"rank {r} is in {d}" for r, d in enumerate(_split_loads(flat, counts)))
        raise CollectiveMismatchError(
            f"pnm: collective operations out of step: {lines}. Every rank must call the same "
            "collectives, with matching arguments, in the same order")

    # -- collectives -----------------------------------------------------------------------
    def barrier(self, op: str = "barrier") -> None:
        self._agree(op)
        self.wait(self.handle.Ibarrier(), op)

    def allreduce(self, value, op: str = "sum"):
        """Reduce a number or a numpy array (same shape and dtype on every rank)."""
        MPI = _MPI
        mpi_op = {"sum": MPI.SUM, "max": MPI.MAX, "min": MPI.MIN}[_check_op(op)]
        is_array = isinstance(value, np.ndarray)
        send = np.ascontiguousarray(value) if is_array else np.array([value])
        dtype = send.dtype
        if dtype == object:
            raise TypeError(f"allreduce: cannot reduce {type(value).__name__}; "
                            "pass a number or a numeric numpy array")
        if dtype == np.bool_:   # MPI defines no SUM/MAX/MIN for C bool
            send = send.astype(np.int64 if op == "sum" else np.uint8)
        what = f"allreduce({op!r})"
        self._agree(what, f"{send.dtype.str} {send.shape}")
        recv = np.empty_like(send)
        self.wait(self.handle.Iallreduce(send, recv, mpi_op), what)
        if dtype == np.bool_ and op != "sum":
            recv = recv.astype(np.bool_)
        if is_array:
            return recv
        result = recv[0]
        if isinstance(value, (bool, int, float, complex)) and not isinstance(value, np.generic):
            return int(result) if isinstance(value, bool) and op == "sum" else type(value)(result)
        return result

    def allgather_array(self, arr, op: str = "allgather_array") -> np.ndarray:
        """Stack one array of the same shape and dtype from each rank: shape (size, *arr.shape)."""
        send = np.asarray(arr, order="C")   # (not ascontiguousarray: it makes 0-d 1-d)
        if self.check == "piggyback":
            return self._allgather_piggyback(send, op)
        self._agree(op, f"{send.dtype.str} {send.shape}")
        recv = np.empty((self.size,) + send.shape, dtype=send.dtype)
        self.wait(self.handle.Iallgather(send, recv), op)
        return recv

    def _allgather_piggyback(self, send, op):
        """The header travels in front of the data, in one Allgather (the spike exchange).
        float64 data (the exchange buffer) carries it as two float64 values, without copies."""
        self.seq += 1
        code = _code(op)
        if send.dtype == np.float64:
            packet = np.empty(2 + send.size)
            packet[0], packet[1] = self.seq, code       # exact: both < 2**53
            packet[2:] = send.reshape(-1)
            recv = np.empty((self.size, packet.size))
            self.wait(self.handle.Iallgather(packet, recv), op)
            heads = recv[:, :2]
            if (heads != packet[:2]).any():
                self._mismatch(op, "", heads)
            return recv[:, 2:].reshape((self.size,) + send.shape)
        head = np.array([self.seq, code], dtype=np.int64)
        packet = np.concatenate([head.view(np.uint8), send.reshape(-1).view(np.uint8)])
        recv = np.empty((self.size, packet.size), dtype=np.uint8)
        self.wait(self.handle.Iallgather(packet, recv), op)
        heads = recv[:, :16].copy().view(np.int64)
        if (heads != head).any():
            self._mismatch(op, "", heads)
        return recv[:, 16:].copy().view(send.dtype).reshape((self.size,) + send.shape)

    def allgatherv(self, arr, op: str = "allgatherv"):
        """Concatenate 1-D arrays of any length (same dtype) from all ranks, in rank order.

        Returns ``(concatenation, counts)`` where ``counts[r]`` is rank r's length.
        """
        send = _as_1d(arr)
        counts = self.allgather_array(np.array(send.size, dtype=np.int64),
                                      f"{op} {send.dtype.str}")
        displs = np.zeros_like(counts)
        np.cumsum(counts[:-1], out=displs[1:])
        recv = np.empty(int(counts.sum()), dtype=send.dtype)
        self.wait(self.handle.Iallgatherv(send, [recv, (counts.tolist(), displs.tolist())]),
                  op)
        return recv, counts

    def allgather_obj(self, obj, op: str = "allgather_obj") -> list:
        data = np.frombuffer(dumps(obj, f"{op} argument"), dtype=np.uint8)
        flat, counts = self.allgatherv(data, op)
        return _split_loads(flat, counts)

    def gather_obj(self, obj, root: int = 0):
        """List of every rank's object on ``root``; None on the other ranks."""
        _check_root(root, self)
        self._agree("gather_obj", f"root {root}")
        data = np.frombuffer(dumps(obj, "gather_obj argument"), dtype=np.uint8)
        count = np.array([data.size], dtype=np.int64)
        counts = np.empty(self.size, dtype=np.int64) if self.rank == root else None
        self.wait(self.handle.Igather(count, counts, root), "gather_obj")
        recvspec = None
        if self.rank == root:
            displs = np.zeros_like(counts)
            np.cumsum(counts[:-1], out=displs[1:])
            flat = np.empty(int(counts.sum()), dtype=np.uint8)
            recvspec = [flat, (counts.tolist(), displs.tolist())]
        self.wait(self.handle.Igatherv(data, recvspec, root), "gather_obj")
        return _split_loads(flat, counts) if self.rank == root else None

    def bcast_obj(self, obj, root: int = 0):
        """``root``'s object on every rank."""
        _check_root(root, self)
        self._agree("bcast_obj", f"root {root}")
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
        self._agree("alltoall_obj")
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

    # -- point to point (the bulletin board) -----------------------------------------------
    def isend_bytes(self, data: bytes, dest: int, tag: int) -> None:
        """Start sending ``data``; it completes in later progress()/flush() calls."""
        req = self.handle.Isend([data, _MPI.BYTE], dest, tag)
        self._sends.append((req, data, dest))  # the buffer must outlive the request

    def progress(self) -> None:
        """Complete the sends that have finished (lets MPI make progress on the others)."""
        if self._sends:
            self._sends = [send for send in self._sends if not send[0].Test()]

    def flush(self, op: str = "flush") -> None:
        """Wait until every send started here has completed (the receivers must be alive)."""
        self.progress()
        if not self._sends:
            return
        watch = liveness.Watch(self, self.name, self.seq, f"{op}: completing "
                               f"{len(self._sends)} sends", idle=True,
                               peers=sorted({dest for _, _, dest in self._sends}))
        backoff = Backoff()
        try:
            while self._sends:
                watch.check()
                backoff.sleep()
                self.progress()
        finally:
            watch.done()

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
        src = status.Get_source()
        # matched, but the bytes may still be on their way (rendezvous protocol)
        self.wait(msg.Irecv([data, MPI.BYTE]), f"receiving a message from rank {src}",
                  peers=[src], idle=True)
        return data, src, status.Get_tag()


# ----------------------------------------------------------------- the job

def _make_channels(comm) -> None:
    """Duplicate COMM_WORLD once per purpose, in a fixed order on every rank."""
    for name, check in CHANNELS.items():
        new, req = comm.handle.Idup()
        deadline = Deadline(f"creating the '{name}' communicator", comm)
        backoff = Backoff()
        while not req.Test():
            deadline.check()
            backoff.sleep()
        _channels[name] = Comm(new, name, check)


def world():
    """The job's communicator (a singleton): Comm under mpiexec, otherwise SerialComm.

    The first call, on every rank, also creates the channels and starts the heartbeat."""
    global _world
    if _world is None:
        with _world_lock:
            if _world is None:
                if under_mpiexec():
                    MPI = load_mpi()
                    comm = Comm(MPI.COMM_WORLD, "world")
                    if comm.size > 1:
                        faults.install_fault_handler()
                        deathwatch.start(comm.rank, comm.size)
                        _make_channels(comm)
                        if os.environ.get("PNM_HEARTBEAT", "1").strip() != "0":
                            liveness.start(_channels["heartbeat"], MPI)
                else:
                    comm = SerialComm()
                _world = comm
    return _world


def channel(name: str):
    """The communicator for one purpose: "user", "spike", "board" (see CHANNELS)."""
    if name not in CHANNELS:
        raise ValueError(f"channel({name!r}): the channels are {sorted(CHANNELS)}")
    comm = world()
    if comm.size < 2:
        return SerialComm(name) if not comm.is_mpi else comm
    return _channels[name]
