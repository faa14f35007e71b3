"""One map API over three back ends (like elephant.parallel): a loop, a process pool, MPI ranks.

Each executor has ``execute(function, iterable) -> list`` (results in input
order) and is a context manager; swapping one for another gives the same list.

MPI idiom -- every rank runs the script; the workers never get past the
constructor (they serve tasks inside it and exit when the master is done)::

    from pnm.parallel.executors import MPIPoolExecutor

    def f(x):                      # module level: workers look it up by name
        return x * x

    with MPIPoolExecutor() as ex:  # workers: runworker() here, then exit(0)
        print(ex.execute(f, range(10)))   # only rank 0 runs this
    # leaving the block (shutdown/done) lets the workers exit

Run it with ``mpiexec -n 4 python script.py``; without mpiexec it runs the
tasks in the one process.  Code before the constructor runs on every rank.
"""

from __future__ import annotations

import os

__all__ = ["SingleProcess", "ProcessPoolExecutor", "MPIPoolExecutor", "MPICommExecutor"]


class _Executor:
    def execute(self, function, iterable) -> list:
        raise NotImplementedError

    def shutdown(self) -> None:
        """Release the workers; the executor cannot be used afterwards (no-op by default)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        return False


# --- backends: SingleProcess and ProcessPoolExecutor are thin over pnm.backends (one
# implementation of trials in this process / in worker processes); MPIPoolExecutor is the
# in-job pool (every rank runs the script), MPICommExecutor its elephant/mpi4py name.
class SingleProcess(_Executor):
    """``[function(x) for x in iterable]`` in this process: the reference back end
    (pnm.backends.SequentialBackend)."""

    def execute(self, function, iterable) -> list:
        from pnm.backends import SequentialBackend
        return SequentialBackend().map(function, iterable)


class ProcessPoolExecutor(_Executor):
    """Worker processes on this machine (pnm.backends.JoblibBackend: joblib/loky, functions
    pickled by value, so notebook functions work; a task's exception is raised here as
    pnm.backends.RemoteError with the worker's traceback).

    The pool starts at the first execute() and lives until shutdown() (or the
    end of the ``with`` block), so several execute() calls reuse it.  Avoid it
    inside an mpiexec job: forking a process that has MPI initialised is unsafe.
    """

    def __init__(self, max_workers: int | None = None):
        from pnm.backends import JoblibBackend
        self.max_workers = max_workers
        self._backend = JoblibBackend(n_jobs=max_workers or os.cpu_count() or 1)

    def execute(self, function, iterable) -> list:
        return self._backend.map(function, iterable)

    def shutdown(self) -> None:
        self._backend.shutdown()
# --- end backends


class MPIPoolExecutor(_Executor):
    """The MPI ranks of the job as a pool, on the bulletin board: rank 0 submits, the others compute.

    Construct it on every rank: on the workers the constructor serves tasks
    and ends the process (exit code 0) when the master shuts the executor down,
    so only the master runs the code after it.  With one rank the master runs
    the tasks itself.  One per job: after shutdown() the workers are gone.
    """

    def __init__(self, comm=None):
        from pnm.parallel.bulletin import BulletinBoard   # only MPI users pay for it
        self.board = BulletinBoard(comm)
        self.board.runworker()     # workers stay here until done(), then exit

    def execute(self, function, iterable) -> list:
        board = self.board
        index = {board.submit(function, x): i for i, x in enumerate(iterable)}
        results = [None] * len(index)
        while (userid := board.working()) != 0:
            if userid in index:
                results[index[userid]] = board.pyret()
        return results

    def shutdown(self) -> None:
        self.board.done()


class MPICommExecutor(MPIPoolExecutor):
    """elephant's (and mpi4py's) legacy MPI-1 name: in pnm the same bulletin-board pool as
    MPIPoolExecutor over ``comm`` (default: the job's), master on rank ``root`` = 0."""

    def __init__(self, comm=None, root: int = 0):
        if root != 0:
            raise ValueError(f"MPICommExecutor(root={root!r}): pnm's bulletin board has its "
                             "master on rank 0; use root=0")
        super().__init__(comm)
