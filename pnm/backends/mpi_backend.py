"""MPIBackend: one simulation over n_procs MPI ranks, or trials spread over them, launched
from a notebook or a script with the mpich wheel's mpiexec (no system MPI needed).

Protocol (docs/backends_protocol.md): the caller writes the job to a temporary folder, runs
``mpiexec -n N python -m pnm.backends.child FOLDER`` in a new session, streams its output,
and reads one result file per rank.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

from .outcome import (BackendError, dumps, is_error, raise_remote, read_pickle, unwrap,
                      write_atomic)
from .processes import ProcessGroup, child_environment

__all__ = ["MPIBackend", "find_mpiexec"]

MPIEXEC_MISSING = (
    "pnm.backends.MPIBackend: no mpiexec next to this Python ({python}). pnm launches MPI "
    "with the mpiexec of the mpich wheel, installed with pnm (pip install mpich), not a "
    "system MPI; install it into this environment or pass MPIBackend(mpiexec='/path/to/mpiexec')"
    " of the MPI library mpi4py uses.")


def find_mpiexec(explicit: str | None = None) -> str:
    """The mpiexec to launch ranks with: ``explicit`` if given, else the one next to
    sys.executable (the mpich wheel puts it there), else the environment's scripts folder."""
    if explicit is not None:
        path = shutil.which(str(explicit))
        if path is None:
            raise BackendError(f"MPIBackend(mpiexec={explicit!r}): no such executable; give "
                               "the path of mpiexec, or leave it out to use the mpich wheel's")
        return path
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / "mpiexec"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackendError(MPIEXEC_MISSING.format(python=sys.executable))


def _pnm_root() -> str:
    import pnm
    return str(Path(pnm.__file__).resolve().parent.parent)


class MPIBackend:
    """Run a function on ``n_procs`` MPI ranks started with mpiexec, from a notebook or a script.

    ``run(func, *args, **kwargs)`` calls ``func`` once on every rank -- one simulation spread
    over the ranks, with ParallelContext / ParallelNetManager inside ``func`` -- and returns
    the list of the ranks' return values (index = rank). ``map(func, params)`` runs the
    independent trials ``func(p)``, trial i on rank i % n_procs, and returns their values in
    input order. Functions defined in a notebook work (cloudpickle, by value); the ranks'
    output is streamed to this process's stdout/stderr; an exception on a rank is raised here
    as RemoteError with that rank's traceback; after ``timeout`` seconds (None: no limit), or
    on KeyboardInterrupt, every process of the job is killed.

    >>> with MPIBackend(n_procs=2) as backend:      # doctest: +SKIP
    ...     per_rank = backend.run(build_and_run, tstop=100)
    """

    def __init__(self, n_procs: int | None = None, mpiexec: str | None = None,
                 timeout: float | None = None, mpiexec_args=()):
        n_procs = (os.cpu_count() or 1) if n_procs is None else n_procs
        if isinstance(n_procs, bool) or not isinstance(n_procs, int) or n_procs < 1:
            raise ValueError(f"MPIBackend(n_procs={n_procs!r}): give a whole number of MPI "
                             "processes, 1 or more")
        if timeout is not None and not timeout > 0:
            raise ValueError(f"MPIBackend(timeout={timeout!r}): give seconds > 0, or None "
                             "for no limit")
        self.n_procs, self.timeout = n_procs, timeout
        self.mpiexec = find_mpiexec(mpiexec)
        self.mpiexec_args = list(mpiexec_args)
        self.last_pids: list[int] = []   # every process of the last job (for checks)

    def __repr__(self):
        return f"MPIBackend(n_procs={self.n_procs}, mpiexec={self.mpiexec!r}, timeout={self.timeout})"

    def __enter__(self):
        from .active import enter_backend
        enter_backend(self)
        return self

    def __exit__(self, *exc_info):
        from .active import exit_backend
        exit_backend(self)
        return False

    # ---- the two calls --------------------------------------------------------------------------
    def run(self, func, *args, **kwargs) -> list:
        """``func(*args, **kwargs)`` on every rank; the list of return values, by rank."""
        results = self._launch("run", (func, args, kwargs), func)
        return unwrap([results[r] for r in range(self.n_procs)], func)

    def map(self, func, params) -> list:
        """``[func(p) for p in params]``, trial i on rank i % n_procs; values in input order."""
        params = list(params)
        if not params:
            return []
        results = self._launch("map", (func, params), func)
        merged = {}
        for per_rank in results.values():
            merged.update(per_rank)
        return unwrap([merged[i] for i in range(len(params))], func)

    # ---- the job ----------------------------------------------------------------------------------
    def _launch(self, mode: str, call, func) -> dict:
        jobdir = tempfile.mkdtemp(prefix="pnm-mpibackend-")
        try:
            job = {"mode": mode, "n_procs": self.n_procs, "mpiexec": self.mpiexec,
                   "sys_path": [p for p in sys.path if p], "call": dumps(call, "the function")}
            write_atomic(os.path.join(jobdir, "job.pkl"), pickle.dumps(job))
            cmd = [self.mpiexec, "-n", str(self.n_procs), *self.mpiexec_args,
                   sys.executable, "-m", "pnm.backends.child", jobdir]
            path = os.pathsep.join(filter(None, [_pnm_root(), os.environ.get("PYTHONPATH")]))
            env = child_environment({"PNM_MPI": "1", "PYTHONPATH": path})
            group = ProcessGroup(cmd, env, cwd=os.getcwd(),
                                 what=f"MPI job of {self.n_procs} ranks ({mode})")
            try:
                code = group.wait(self.timeout)
            finally:
                self.last_pids = sorted(group.seen | {group.pid})
            return self._collect(jobdir, mode, code, group, func)
        finally:
            shutil.rmtree(jobdir, ignore_errors=True)

    def _collect(self, jobdir: str, mode: str, code: int, group: ProcessGroup, func) -> dict:
        results = {}
        for rank in range(self.n_procs):
            path = os.path.join(jobdir, f"rank{rank}.pkl")
            if os.path.exists(path):
                results[rank] = read_pickle(path)
        errors = [o for o in self._outcomes(results, mode) if is_error(o)]
        if errors:
            # a deadline error on one rank is usually the echo of a failure on another
            errors.sort(key=lambda o: o[2] == "MPITimeoutError")
            raise_remote(errors, func)
        missing = [r for r in range(self.n_procs) if r not in results]
        if code != 0 or missing:
            raise BackendError(
                f"pnm.backends: mpiexec -n {self.n_procs} exited with code {code}"
                + (f" and ranks {missing} sent no result" if missing else "")
                + " without a Python exception to report (a crash, a kill, or an MPI "
                "launch problem). Last lines of its stderr:\n" + group.stderr_tail())
        return results

    @staticmethod
    def _outcomes(results: dict, mode: str):
        if mode == "run":
            return [results[r] for r in sorted(results)]
        return [o for r in sorted(results) for _, o in sorted(results[r].items())]
