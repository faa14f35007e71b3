"""NEURON's bulletin board (ParallelContext submit/working/post/take/context) on pnm.parallel.mpi.

Rank 0 is the master and holds the board; the other ranks are workers.  The
protocol is described in docs/bulletin_protocol.md.

Life cycle, as in NEURON::

    bb = BulletinBoard()          # every rank (collective: duplicates the communicator)
    bb.runworker()                # master: returns at once; workers: serve until done()
    for x in items:               # only the master gets here when nhost > 1
        bb.submit(f, x)
    while (uid := bb.working()) != 0:
        use(uid, bb.pyret())
    bb.done()                     # workers exit (code 0) inside runworker()

The master services the board (collects results, hands out tasks, answers the
workers' take/look requests) whenever it is inside a bulletin-board call, like
NEURON; between calls workers' requests wait.  Functions sent to workers are
pickled by reference, so define them at module level before ``runworker()``.

Waiting (see pnm.parallel.liveness): every wait is watched, not timed.  A task may
compute for as long as it needs (its rank keeps sending heartbeats); a wait fails when
the rank it depends on is silent for the limit (PNM_TIMEOUT / pc.timeout), has exited,
or when nobody can ever answer: the master in ``take``/``working`` while every worker
is idle or blocked, a worker asking a master that is stuck in a collective.  A worker
idle in ``runworker()`` only checks that the master is alive.  Workers report what
they run (task id and function) so that an error on the master can name it.
"""

from __future__ import annotations

import atexit
import sys
import weakref
from collections import deque

import numpy as np

from pnm.parallel import liveness, mpi

__all__ = ["BulletinBoard", "MASTER",
           "TAG_CONTEXT", "TAG_TASK", "TAG_REPLY", "TAG_DONE",
           "TAG_RESULT", "TAG_POST", "TAG_TAKE", "TAG_LOOK", "TAG_LOOK_TAKE", "TAG_DONE_ACK"]

MASTER = 0

# Message tags.  Every message is a pickle; its content is in the comment.
# master -> worker
TAG_CONTEXT = 11    # (callable, args): run it, no reply
TAG_TASK = 12       # (userid, callable, args): run it, reply TAG_RESULT
TAG_REPLY = 13      # (found, values blob or None): answer to TAKE/LOOK/LOOK_TAKE
TAG_DONE = 14       # None: reply TAG_DONE_ACK, then exit(0)
# worker -> master
TAG_RESULT = 21     # (userid, return value)
TAG_POST = 22       # (key, values blob)
TAG_TAKE = 23       # key: reply when a message under key is on the board
TAG_LOOK = 24       # key: reply at once, message stays on the board
TAG_LOOK_TAKE = 25  # key: reply at once, message removed if found
TAG_DONE_ACK = 26   # None: the worker has sent everything and exits

_TAG_NAMES = {v: k for k, v in globals().items() if k.startswith("TAG_")}


_workers_exited = False   # set by done(): NEURON's workers exit, so there is one board per job


def _norm_key(key, where):
    """Keys are strings or numbers (1 and 1.0 are the same key, as in NEURON)."""
    if isinstance(key, str):
        return key
    if isinstance(key, np.generic):
        key = key.item()
    if isinstance(key, (int, float)) and not isinstance(key, bool):
        return key
    raise TypeError(f"BulletinBoard.{where}: key must be a string or a number, "
                    f"got {type(key).__name__} {key!r}")


def _norm_value(value):
    """Posted values are copied: numpy arrays stay arrays, Vector-likes become arrays."""
    if isinstance(value, (str, bytes, int, float, complex, bool)) or value is None:
        return value
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "__array__"):
        return np.array(value)
    if hasattr(value, "to_python"):
        return np.asarray(value.to_python())
    return value    # any picklable object


def _func_name(func) -> str:
    return getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or repr(func)


def _resolve(func):
    """A string names a function in the script (``__main__``), like NEURON's hoc names."""
    if isinstance(func, str):
        main = sys.modules["__main__"]
        try:
            return getattr(main, func)
        except AttributeError:
            raise NameError(f"BulletinBoard: no function {func!r} at module level of "
                            f"{getattr(main, '__file__', '__main__')}") from None
    return func


class BulletinBoard:
    """NEURON's ParallelContext bulletin board: rank 0 is the master, the others workers.

    Every rank must construct it (it duplicates ``comm``, default
    ``mpi.world()``, so its messages never mix with other traffic).
    """

    def __init__(self, comm=None):
        base = comm if comm is not None else mpi.world()
        if base.size > 1 and _workers_exited:
            raise RuntimeError(
                "BulletinBoard: a previous board's done() already ended the workers, so a "
                "new board would wait for them forever; use one BulletinBoard (or "
                "MPIPoolExecutor) per job and call done() once, at the end")
        if base.size < 2:
            self.comm = base
        elif comm is None:
            self.comm = mpi.channel("board")
        else:
            self.comm = base.dup("board", check=None)
        self.rank = self.comm.rank
        self.size = self.comm.size
        self._board = {}              # key -> deque of pickled value tuples
        self._next_userid = 1
        self._todo = deque()          # (userid, pickled (userid, func, args)) not yet sent
        self._idle = deque(range(1, self.size))  # workers without a task
        self._running = {}            # worker -> userid
        self._results = deque()       # (userid, value) not yet returned by working()
        self._outstanding = 0         # submitted, not yet returned by working()
        self._pending_takes = []      # (worker, key) waiting for a post
        self._pack = []               # values of pack(), posted by post(key) without values
        self._unpack = ()             # values of the last take/look
        self._unpack_pos = 0
        self._unpack_key = None
        self._pyret = None
        self._userid = 0
        self._done = False
        self._acked = set()           # workers that acknowledged done()
        if self.is_master and self.size > 1:
            # A master script that forgets done() would leave the workers in
            # runworker() forever: end them at exit (before MPI finalizes).
            ref = weakref.ref(self)
            atexit.register(lambda: ref() is not None and ref().done())

    # ------------------------------------------------------------ properties
    @property
    def is_master(self) -> bool:
        return self.rank == MASTER

    @property
    def nhost(self) -> int:
        return self.size

    def _master_only(self, what):
        if not self.is_master:
            raise RuntimeError(f"BulletinBoard.{what}() is for the master (rank 0); "
                               f"rank {self.rank} is a worker and gets its work in runworker()")
        if self._done:
            raise RuntimeError(f"BulletinBoard.{what}() after done(): the workers have exited; "
                               "create the board's work before calling done()")

    # ------------------------------------------------------------ the board
    def _board_put(self, key, blob):
        # A worker blocked in take(key) gets the message before it is stored.
        for i, (worker, wanted) in enumerate(self._pending_takes):
            if wanted == key:
                del self._pending_takes[i]
                self._reply(worker, True, blob)
                return
        self._board.setdefault(key, deque()).append(blob)

    def _board_get(self, key, remove):
        queue = self._board.get(key)
        if not queue:
            return None
        if not remove:
            return queue[0]
        blob = queue.popleft()
        if not queue:
            del self._board[key]
        return blob

    def _reply(self, worker, found, blob):
        self.comm.isend_bytes(mpi.dumps((found, blob)), worker, TAG_REPLY)

    def _set_unpack(self, key, blob) -> tuple:
        self._unpack = mpi.loads(blob)
        self._unpack_pos = 0
        self._unpack_key = key
        return self._unpack

    # ------------------------------------------------------ master: service
    def _service(self) -> int:
        """Handle every waiting worker message; hand out tasks. Returns the count handled."""
        if self.size == 1:
            return 0
        handled = 0
        comm = self.comm
        while True:
            msg = comm.poll_bytes()
            if msg is None:
                break
            handled += 1
            data, source, tag = msg
            body = mpi.loads(data)
            if tag == TAG_RESULT:
                userid, value = body
                self._results.append((userid, value))
                if self._running.get(source) == userid:
                    del self._running[source]
                    self._idle.append(source)
            elif tag == TAG_POST:
                key, blob = body
                self._board_put(key, blob)
            elif tag == TAG_TAKE:
                blob = self._board_get(body, remove=True)
                if blob is None:
                    self._pending_takes.append((source, body))
                else:
                    self._reply(source, True, blob)
            elif tag in (TAG_LOOK, TAG_LOOK_TAKE):
                blob = self._board_get(body, remove=(tag == TAG_LOOK_TAKE))
                self._reply(source, blob is not None, blob)
            elif tag == TAG_DONE_ACK:
                self._acked.add(source)
            else:
                raise RuntimeError(f"BulletinBoard: unexpected message tag {tag} from rank {source}")
        self._dispatch()
        comm.progress()
        return handled

    def _dispatch(self):
        while self._idle and self._todo:
            worker = self._idle.popleft()
            userid, blob = self._todo.popleft()
            self.comm.isend_bytes(blob, worker, TAG_TASK)
            self._running[worker] = userid

    def _run_one_local(self):
        """With one process the master runs the tasks itself, when it waits (as NEURON)."""
        userid, blob = self._todo.popleft()
        _, func, args = mpi.loads(blob)
        self._results.append((userid, _resolve(func)(*args)))

    # -------------------------------------------------------- tasks (master)
    def submit(self, func, *args) -> int:
        """Queue ``func(*args)`` for a worker; returns its userid (1, 2, 3, ...)."""
        self._master_only("submit")
        if not (callable(func) or isinstance(func, str)):
            raise TypeError(f"BulletinBoard.submit: {func!r} is not callable")
        userid = self._next_userid
        self._next_userid += 1
        blob = mpi.dumps((userid, func, args),
                         f"task {_func_name(func)}{args!r:.60} (submit)")
        self._todo.append((userid, blob))
        self._outstanding += 1
        self._service()
        return userid

    def working(self) -> int:
        """Userid of a finished task (its value: pyret()), or 0 when none is outstanding.

        Each task's result is returned exactly once.
        """
        self._master_only("working")
        if self.size == 1:
            if not self._results and self._todo:
                self._run_one_local()
        else:
            with self._watch(f"working() waiting for {self._outstanding} task results",
                             "master") as watch:
                backoff = mpi.Backoff()
                while not self._results and self._outstanding:
                    if self._service():
                        watch.reset()
                        backoff.reset()
                    elif not self._results:
                        watch.check()
                        backoff.sleep()
        if not self._results:
            return 0
        self._userid, self._pyret = self._results.popleft()
        self._outstanding -= 1
        return self._userid

    def pyret(self):
        """Return value of the task whose userid working() returned last."""
        return self._pyret

    def retval(self) -> float:
        """pyret() as a float (NEURON's retval for numeric results)."""
        return float(self._pyret)

    def userid(self) -> int:
        """Userid that working() returned last."""
        return self._userid

    # ------------------------------------------------------------ context
    def context(self, func, *args) -> None:
        """Every worker runs ``func(*args)``, in the order contexts are issued; the master does not.

        Returns without waiting: each worker runs it after what it is doing now
        (an idle worker at once).  To have all ranks run a collective, call
        ``func(*args)`` on the master right after (ParallelNetManager.prun).
        """
        self._master_only("context")
        if not (callable(func) or isinstance(func, str)):
            raise TypeError(f"BulletinBoard.context: {func!r} is not callable")
        if self.size == 1:
            return
        blob = mpi.dumps((func, args), f"context {_func_name(func)}")
        for worker in range(1, self.size):
            self.comm.isend_bytes(blob, worker, TAG_CONTEXT)
        self._service()

    # ------------------------------------------------------ post / take
    def pack(self, *values) -> None:
        """Append values to the message that the next post(key) without values sends."""
        self._pack.extend(_norm_value(v) for v in values)

    def post(self, key, *values) -> None:
        """Put a message (the values, or what pack() collected) on the board under ``key``."""
        key = _norm_key(key, "post")
        if not values:
            values, self._pack = tuple(self._pack), []
        blob = mpi.dumps(tuple(_norm_value(v) for v in values), f"message under key {key!r}")
        if self.is_master:
            self._board_put(key, blob)
            self._service()
        else:
            self.comm.isend_bytes(mpi.dumps((key, blob)), MASTER, TAG_POST)
            self.comm.progress()

    def take(self, key) -> tuple:
        """Remove a message under ``key`` from the board, waiting for one; returns its values.

        The values can also be read in order with upkscalar/upkvec/upkstr/upkpyobj.
        """
        key = _norm_key(key, "take")
        if not self.is_master:
            found, blob = self._ask(TAG_TAKE, key, f"take({key!r})")
            if not found:
                raise RuntimeError(f"BulletinBoard.take({key!r}) on rank {self.rank}: the "
                                   "master called done() before anyone posted this key")
            return self._set_unpack(key, blob)
        with self._watch(f"take({key!r}) on the master", "master") as watch:
            backoff = mpi.Backoff()
            while True:
                handled = self._service()
                blob = self._board_get(key, remove=True)
                if blob is not None:
                    return self._set_unpack(key, blob)
                if self.size == 1:
                    if self._todo:        # a queued task might post it
                        self._run_one_local()
                        continue
                    raise mpi.MPITimeoutError(
                        f"pnm: take({key!r}) on rank 0 of 1 would wait forever: no message "
                        f"under key {key!r} is on the board, no task is queued, and with one "
                        "process nobody else can post it")
                if handled:
                    watch.reset()
                    backoff.reset()
                watch.check()
                backoff.sleep()

    def look(self, key) -> bool:
        """True (and the values ready to unpack) if a message under ``key`` is on the board; it stays there."""
        return self._look(key, remove=False)

    def look_take(self, key) -> bool:
        """Like look(), but removes the message; never waits for a post."""
        return self._look(key, remove=True)

    def _look(self, key, remove):
        op = "look_take" if remove else "look"
        key = _norm_key(key, op)
        if self.is_master:
            self._service()
            blob = self._board_get(key, remove=remove)
        else:
            _, blob = self._ask(TAG_LOOK_TAKE if remove else TAG_LOOK, key, f"{op}({key!r})")
        if blob is None:
            return False
        self._set_unpack(key, blob)
        return True

    def _ask(self, tag, key, op):
        """Worker: send a request about ``key`` to the master and wait for its reply."""
        self.comm.isend_bytes(mpi.dumps(key), MASTER, tag)
        with self._watch(f"{op} on worker {self.rank}", "worker") as watch:
            backoff = mpi.Backoff()
            while True:
                self.comm.progress()
                # Only the reply: a context or task queued behind it waits its turn.
                msg = self.comm.poll_bytes(MASTER, TAG_REPLY)
                if msg is not None:
                    return mpi.loads(msg[0])
                watch.check()
                backoff.sleep()

    # ---------------------------------------------------------- unpacking
    def _next_value(self, what):
        if self._unpack_pos >= len(self._unpack):
            raise IndexError(
                f"BulletinBoard.{what}(): the message under key {self._unpack_key!r} has "
                f"{len(self._unpack)} values and all were unpacked (unpack after take/look, "
                "in the order the values were posted)")
        value = self._unpack[self._unpack_pos]
        self._unpack_pos += 1
        return value

    def _wrong_type(self, what, value, hint):
        return TypeError(f"BulletinBoard.{what}(): value {self._unpack_pos} of the message "
                         f"under key {self._unpack_key!r} is a {type(value).__name__}; {hint}")

    def upkscalar(self) -> float:
        value = self._next_value("upkscalar")
        if isinstance(value, (int, float)):
            return float(value)
        raise self._wrong_type("upkscalar", value, "use upkstr/upkvec/upkpyobj")

    def upkstr(self) -> str:
        value = self._next_value("upkstr")
        if isinstance(value, str):
            return value
        raise self._wrong_type("upkstr", value, "use upkscalar/upkvec/upkpyobj")

    def upkvec(self, vec=None):
        """Next value as a numpy array, or copied into ``vec`` (resized) and returned."""
        value = self._next_value("upkvec")
        if not isinstance(value, np.ndarray):
            raise self._wrong_type("upkvec", value, "use upkscalar/upkstr/upkpyobj")
        if vec is None:
            return value
        if hasattr(vec, "from_python"):         # NEURON-style Vector
            vec.from_python(value)
        elif isinstance(vec, np.ndarray) and vec.shape == value.shape:
            vec[...] = value
        else:
            raise TypeError(f"BulletinBoard.upkvec(vec): cannot fill {type(vec).__name__} "
                            f"with an array of shape {value.shape}; pass a Vector, a numpy "
                            "array of that shape, or nothing to get the array")
        return vec

    def upkpyobj(self):
        return self._next_value("upkpyobj")

    # --------------------------------------------------------- life cycle
    def runworker(self) -> None:
        """Master: return at once.  Worker: serve the master until done(), then exit(0)."""
        if self.is_master:
            return
        comm = self.comm
        backoff = mpi.Backoff()
        liveness.set_doing(f"runworker() (idle worker {self.rank})")
        watch = self._watch("runworker(), idle", "worker", idle=True)
        while True:
            comm.progress()
            msg = comm.poll_bytes(MASTER)
            if msg is None:
                watch.check()     # idle: only the master's liveness matters
                backoff.sleep()
                continue
            backoff.reset()
            data, _, tag = msg
            if tag in (TAG_TASK, TAG_CONTEXT):
                watch.done()
                (self._run_task if tag == TAG_TASK else self._run_context)(data)
                liveness.set_doing(f"runworker() (idle worker {self.rank})")
                watch = self._watch("runworker(), idle", "worker", idle=True)
            elif tag == TAG_DONE:
                watch.done()
                comm.flush("runworker: sending the last messages before exit")
                comm.isend_bytes(mpi.dumps(None), MASTER, TAG_DONE_ACK)
                comm.flush("runworker: acknowledging done()")
                self._done = True
                sys.exit(0)
            else:
                raise RuntimeError(f"BulletinBoard.runworker: unexpected message tag "
                                   f"{tag} ({_TAG_NAMES.get(tag, '?')}) from the master")

    def _run_task(self, data):
        userid, func = None, None
        try:
            userid, func, args = mpi.loads(data)
            liveness.set_doing(f"task {userid}: {_func_name(func)}{args!r:.60} on worker "
                               f"{self.rank}")
            value = _resolve(func)(*args)
            blob = mpi.dumps((userid, value),
                             f"return value of task {userid} ({_func_name(func)})")
        except BaseException as exc:   # a failing task ends the job, loudly
            what = (f"task {userid} ({_func_name(func)}) raised" if func is not None else
                    "could not unpickle a task (define its function at module level, "
                    "before runworker(), on every rank)")
            mpi.fatal(exc, what)
        self.comm.isend_bytes(blob, MASTER, TAG_RESULT)
        self.comm.progress()

    def _run_context(self, data):
        func = None
        try:
            func, args = mpi.loads(data)
            liveness.set_doing(f"context {_func_name(func)}{args!r:.60} on worker {self.rank}")
            _resolve(func)(*args)
        except BaseException as exc:
            what = (f"context {_func_name(func)} raised" if func is not None else
                    "could not unpickle a context call (define its function at module "
                    "level, before runworker(), on every rank)")
            mpi.fatal(exc, what)

    def done(self) -> None:
        """Master: end the workers (they exit inside runworker). Idempotent; a no-op on workers and with one process."""
        global _workers_exited
        if not self.is_master or self._done:
            return
        self._done = True
        if self.size == 1:
            return
        _workers_exited = True
        comm = self.comm
        # Tasks not yet handed out are dropped (as in NEURON); workers blocked
        # in take() are told that no message will come.
        self._outstanding -= len(self._todo)
        self._todo.clear()
        for worker, _ in self._pending_takes:
            self._reply(worker, False, None)
        self._pending_takes.clear()
        for worker in range(1, self.size):
            comm.isend_bytes(mpi.dumps(None), worker, TAG_DONE)
        # Keep serving until every worker acknowledges: results of running
        # tasks and late posts still arrive and must be received, or the
        # workers could not finish sending and exit.
        workers = set(range(1, self.size))
        watch = None
        backoff = mpi.Backoff()
        try:
            while self._acked != workers:
                if self._service():
                    backoff.reset()
                    continue
                if watch is None or watch.peers != sorted(workers - self._acked):
                    if watch is not None:
                        watch.done()
                    watch = liveness.Watch(comm, "board", 0, "done() waiting for the workers "
                                           "to finish", peers=sorted(workers - self._acked),
                                           idle=True)
                watch.check()
                backoff.sleep()
        finally:
            if watch is not None:
                watch.done()
        comm.flush("done()")

    def _watch(self, description, kind, idle=False):
        """A liveness watch on the workers (kind "master") or the master ("worker")."""
        peers = [MASTER] if kind == "worker" else range(1, self.size)
        return liveness.Watch(self.comm, "board", 0, description, peers=peers, kind=kind,
                              idle=idle)

    def __repr__(self):
        role = "master" if self.is_master else "worker"
        return f"<BulletinBoard {role} rank {self.rank} of {self.size}>"
