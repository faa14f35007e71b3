"""SequentialBackend (this process) and JoblibBackend (worker processes on this machine, by
joblib/loky): the same ``run``/``map`` calls as MPIBackend, for trials that need no MPI."""

from __future__ import annotations

import os

from .outcome import capture, dumps, loads, unwrap

__all__ = ["SequentialBackend", "JoblibBackend"]


class _Backend:
    def __enter__(self):
        from .active import enter_backend
        enter_backend(self)
        return self

    def __exit__(self, *exc_info):
        from .active import exit_backend
        exit_backend(self)
        self.shutdown()
        return False

    def shutdown(self) -> None:
        """Release worker processes (none here)."""


class SequentialBackend(_Backend):
    """Everything in this process: ``run`` calls the function once (one rank), ``map`` loops.
    The reference the other backends must agree with; exceptions propagate unchanged."""

    n_procs = 1

    def __repr__(self):
        return "SequentialBackend()"

    def run(self, func, *args, **kwargs) -> list:
        return [func(*args, **kwargs)]

    def map(self, func, params) -> list:
        return [func(p) for p in params]


def _call_pickled(func_bytes: bytes, index: int, total: int, param):
    """In a worker: the trial ``index``, its exception captured with the traceback."""
    # a worker is never an MPI rank, even when the caller is one (it inherits the launcher's
    # variables): pnm.parallel.mpi must take its serial stand-in here
    os.environ["PNM_MPI"] = "0"
    func = loads(func_bytes)
    return capture(func, (param,), {}, f"trial {index} of {total} (params[{index}]) in "
                                       f"worker process {os.getpid()}")


class JoblibBackend(_Backend):
    """Independent trials on ``n_jobs`` worker processes of this machine (joblib, loky).

    ``map(func, params)`` returns ``[func(p) for p in params]`` in input order; each worker
    runs whole trials in one process (no MPI). ``run(func, *args, **kwargs)`` runs one
    simulation in one worker (a one-rank job) and returns ``[value]``. Functions defined in
    a notebook work (cloudpickle). An exception in a trial is raised here as RemoteError with
    the worker's traceback. Workers live from the first call to the end of the ``with``
    block (or ``shutdown()``), then are killed; a KeyboardInterrupt or ``timeout`` (seconds
    per call, None: no limit) kills them too. The workers' output goes to this process's
    stdout/stderr file descriptors (a notebook shows it with ipykernel >= 6).
    """

    def __init__(self, n_jobs: int | None = None, timeout: float | None = None):
        n_jobs = (os.cpu_count() or 1) if n_jobs is None else n_jobs
        if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
            raise ValueError(f"JoblibBackend(n_jobs={n_jobs!r}): give a whole number of worker "
                             "processes, 1 or more")
        if timeout is not None and not timeout > 0:
            raise ValueError(f"JoblibBackend(timeout={timeout!r}): give seconds > 0, or None")
        self.n_jobs, self.n_procs, self.timeout = n_jobs, 1, timeout
        self._parallel = None

    def __repr__(self):
        return f"JoblibBackend(n_jobs={self.n_jobs})"

    def _pool(self):
        if self._parallel is None:
            import joblib
            self._parallel = joblib.Parallel(n_jobs=self.n_jobs, backend="loky",
                                             timeout=self.timeout)
            self._parallel.__enter__()       # keeps the workers between calls
        return self._parallel

    def map(self, func, params) -> list:
        params = list(params)
        if not params:
            return []
        import joblib
        func_bytes = dumps(func, "the function")
        calls = (joblib.delayed(_call_pickled)(func_bytes, i, len(params), p)
                 for i, p in enumerate(params))
        try:
            outcomes = self._pool()(calls)
        except BaseException:
            self.shutdown()                   # a timeout or an interrupt: no worker survives
            raise
        return unwrap(outcomes, func)

    def run(self, func, *args, **kwargs) -> list:
        return self.map(_Bound(func, args, kwargs), [None])

    def shutdown(self) -> None:
        """Kill the worker processes; the next call starts new ones."""
        if self._parallel is None:
            return
        parallel, self._parallel = self._parallel, None
        try:
            parallel.__exit__(None, None, None)
        finally:
            _kill_loky_workers()


class _Bound:
    """func with its arguments, called with the (ignored) trial parameter."""

    def __init__(self, func, args, kwargs):
        self.func, self.args, self.kwargs = func, args, kwargs

    def __call__(self, _):
        return self.func(*self.args, **self.kwargs)


def _kill_loky_workers() -> None:
    # joblib keeps loky's reusable executor (and its workers) alive for later calls; a
    # backend promises no process left after its block, so end that executor.
    from joblib.externals.loky import get_reusable_executor
    get_reusable_executor(reuse=True).shutdown(wait=True, kill_workers=True)
