"""The program every rank of an MPIBackend job runs: ``python -m pnm.backends.child JOBDIR``.

It reads JOBDIR/job.pkl, calls the function (mode "run": once per rank; mode "map": the
trials i with i % nhost == rank), and writes JOBDIR/rank<R>.pkl atomically. An exception in
"run" mode is written there too, then ends the whole job (pnm.parallel.mpi.fatal: the other
ranks may be waiting for this one). The protocol is in docs/backends_protocol.md.
"""

from __future__ import annotations

import os
import pickle
import sys


def _load_job(jobdir: str) -> dict:
    with open(os.path.join(jobdir, "job.pkl"), "rb") as f:
        job = pickle.load(f)
    # the caller's import path first, so that its modules unpickle here as they did there
    for entry in reversed(job["sys_path"]):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    from pnm.backends.outcome import loads
    job["call"] = loads(job["call"])
    return job


def _write(jobdir: str, rank: int, result) -> None:
    from pnm.backends.outcome import dumps, write_atomic
    write_atomic(os.path.join(jobdir, f"rank{rank}.pkl"), dumps(result, "the result"))


def _run_mode(jobdir, job, rank, nhost) -> None:
    from pnm.backends.outcome import error_outcome
    from pnm.parallel import mpi
    func, args, kwargs = job["call"]
    where = f"rank {rank} of {nhost}"
    try:
        value = func(*args, **kwargs)
        _write(jobdir, rank, ("ok", value))
    except Exception as exc:
        _write(jobdir, rank, error_outcome(exc, where))
        mpi.fatal(exc, "in the function given to MPIBackend.run")


def _map_mode(jobdir, job, rank, nhost) -> None:
    from pnm.backends.outcome import capture, error_outcome
    func, params = job["call"]
    total = len(params)
    outcomes = {}
    for i in range(rank, total, nhost):
        outcomes[i] = capture(func, (params[i],), {},
                              f"trial {i} of {total} (params[{i}]) on rank {rank}")
    try:
        _write(jobdir, rank, outcomes)
    except TypeError as exc:        # a trial returned something that cannot be pickled
        _write(jobdir, rank, {i: error_outcome(exc, f"rank {rank}") for i in outcomes})


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    jobdir = argv[0]
    job = _load_job(jobdir)
    from pnm.parallel import mpi
    comm = mpi.world()
    rank, nhost = comm.rank, comm.size
    if nhost != job["n_procs"]:
        sys.stderr.write(
            f"pnm.backends: this rank sees {nhost} MPI process(es) instead of "
            f"{job['n_procs']}: mpiexec ({job['mpiexec']}) does not match the MPI library "
            "mpi4py loads. Use the mpich wheel's mpiexec (pip install mpich) or pass "
            "MPIBackend(mpiexec=...) of the same MPI.\n")
        return 3
    if job["mode"] == "run":
        _run_mode(jobdir, job, rank, nhost)
    else:
        _map_mode(jobdir, job, rank, nhost)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
