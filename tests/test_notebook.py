"""A notebook (run by nbclient in a real ipykernel) builds the ring of examples/notebook/
ring_cells.py in a cell and runs it serially, with MPIBackend(n_procs=2 and 3) and with
JoblibBackend(n_jobs=2) over 4 trials: every result equals the serial run, and the serial run
equals NEURON's. A cell raising on rank 1 shows rank 1's traceback; a timeout leaves no
process of the job alive."""

from __future__ import annotations

import json
import os
import sys

import pytest

from conftest import REPO, checked, require_neuron, run_python, spike_difference



def _need(module):
    """The module; the test fails (never skips) when the [test] extra is not installed."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        pytest.fail(f"{module} is needed for the notebook test: pip install -e '.[test]' "
                    f"({exc})", pytrace=False)


RING = REPO / "examples" / "notebook" / "ring_cells.py"

SETUP = f"""
import json, os, sys
sys.path.insert(0, {str(REPO)!r})
os.environ["PNM_PROGRESS"] = "0"
from pnm.backends import MPIBackend, JoblibBackend, RemoteError, BackendTimeoutError
"""

RUNS = """
serial = ring(WEIGHTS)
with MPIBackend(n_procs=2, timeout=120) as backend:
    per_rank_2 = backend.run(ring, WEIGHTS)
with MPIBackend(n_procs=3, timeout=120) as backend:
    per_rank_3 = backend.run(ring, WEIGHTS)
with MPIBackend(n_procs=2, timeout=120) as backend:
    mpi_trials = backend.map(trial, WEIGHTS)
print("RESULT " + json.dumps(dict(serial=serial, per_rank_2=per_rank_2, per_rank_3=per_rank_3,
                                  mpi_trials=mpi_trials)))
"""

JOBLIB = """
import time
with JoblibBackend(n_jobs=2) as backend:
    joblib_trials = backend.map(trial, WEIGHTS)
time.sleep(1)   # the workers' output reaches the cell through ipykernel's fd capture
print("RESULT " + json.dumps(dict(joblib_trials=joblib_trials)))
"""

RAISES = """
def build_or_fail(n):
    from pnm import h
    pc = h.ParallelContext()
    if pc.id() == 1:
        raise ValueError(f"rank 1 cannot build cell {n}")
    pc.barrier()

with MPIBackend(n_procs=2, timeout=120) as backend:
    backend.run(build_or_fail, 7)
"""

TIMEOUT = """
def sleep_forever():
    import os, time
    from pnm import h
    # one write(2) of a short line: two ranks' lines cannot interleave (print() may
    # write the words separately when stdout is unbuffered)
    os.write(1, f"RANKPID {int(h.ParallelContext().id())} {os.getpid()}\\n".encode())
    time.sleep(600)

stuck = MPIBackend(n_procs=2, timeout=6)
stuck.run(sleep_forever)
"""

AFTER_TIMEOUT = """
import psutil
left = [p.pid for p in psutil.Process().children(recursive=True)
        if p.status() != psutil.STATUS_ZOMBIE
        and any(k in " ".join(p.cmdline()) for k in ("mpiexec", "pnm.backends.child", "hydra"))]
print("AFTER " + json.dumps(dict(job=stuck.last_pids, left=left)))
"""


def _notebook():
    nbformat = _need("nbformat")
    cells = [SETUP, RING.read_text(), RUNS, JOBLIB, RAISES, TIMEOUT, AFTER_TIMEOUT]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    for i in (4, 5):                       # the cells expected to raise
        nb.cells[i].metadata["tags"] = ["raises-exception"]
    return nb


def _stream(cell, name="stdout") -> str:
    return "".join(o.get("text", "") for o in cell.outputs
                   if o.output_type == "stream" and o.name == name)


def _error(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert errors, f"the cell did not raise; its outputs: {cell.outputs}"
    return errors[0]


def _tagged(text: str, tag: str):
    lines = [l for l in text.splitlines() if l.startswith(tag + " ")]
    assert lines, f"no {tag} line in the cell's output:\n{text[-3000:]}"
    return json.loads(lines[-1][len(tag) + 1:])


def _pairs(runs):
    return [[tuple(x) for x in run] for run in runs]


@pytest.fixture(scope="module")
def neuron_ring():
    """NEURON 9's spikes of the same ring (required: fails, never skips, without NEURON)."""
    require_neuron()
    proc = checked(run_python(REPO / "tests" / "backend_scripts" / "ring_neuron.py", timeout=300))
    return _tagged(proc.stdout, "RESULT")


@pytest.fixture(scope="module")
def executed():
    nbclient = _need("nbclient")
    _need("ipykernel")
    _need("psutil")
    nb = _notebook()
    # a kernel that sees PYTEST_CURRENT_TEST does not capture its subprocesses' output
    # (ipykernel leaves that to pytest); a real notebook kernel does
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(REPO)}})
    client.execute(env=env)
    return nb


def test_serial_run_in_the_notebook_equals_neuron(executed, neuron_ring):
    res = _tagged(_stream(executed.cells[2]), "RESULT")
    for i, (want, got) in enumerate(zip(_pairs(neuron_ring["ring"]), _pairs(res["serial"]))):
        assert got == want, f"weight #{i}: {spike_difference(want, got)}"
    assert len(res["serial"]) == 4
    # the one-process trial() network is the same ring: NEURON agrees with itself on that
    assert _pairs(neuron_ring["trials"]) == _pairs(neuron_ring["ring"])


@pytest.mark.parametrize("key,nprocs", [("per_rank_2", 2), ("per_rank_3", 3)])
def test_mpi_backend_run_equals_serial(executed, key, nprocs):
    cell = executed.cells[2]
    res = _tagged(_stream(cell), "RESULT")
    per_rank = res[key]
    assert len(per_rank) == nprocs and per_rank[1:] == [None] * (nprocs - 1)
    for i, (want, got) in enumerate(zip(_pairs(res["serial"]), _pairs(per_rank[0]))):
        assert got == want, f"{nprocs} ranks, weight #{i}: {spike_difference(want, got)}"
    # every rank's print reached the notebook cell
    for rank in range(nprocs):
        assert f"rank {rank} of {nprocs}:" in _stream(cell), _stream(cell)[-2000:]


@pytest.mark.parametrize("key,cell", [("mpi_trials", 2), ("joblib_trials", 3)])
def test_trials_equal_serial(executed, key, cell):
    serial = _tagged(_stream(executed.cells[2]), "RESULT")["serial"]
    trials = _tagged(_stream(executed.cells[cell]), "RESULT")[key]
    assert len(trials) == 4
    for i, (want, got) in enumerate(zip(_pairs(serial), _pairs(trials))):
        assert got == want, f"{key}, weight #{i}: {spike_difference(want, got)}"
    for w in (0.004, 0.006, 0.01, 0.02):      # every trial's print reached the cell
        assert f"trial with weight={w}" in _stream(executed.cells[cell]), key


def test_error_on_rank_1_shows_its_traceback(executed):
    cell = executed.cells[4]
    err = _error(cell)
    assert err.ename == "RemoteError"
    text = "\n".join(err.traceback)
    assert "rank 1 of 2" in err.evalue
    assert "ValueError: rank 1 cannot build cell 7" in err.evalue
    assert "in build_or_fail" in err.evalue            # the rank's own frame
    assert 'raise ValueError(f"rank 1 cannot build cell {n}")' in err.evalue, text
    # the rank's report also reached the cell's stderr stream
    assert "pnm: rank 1 of 2 failed" in _stream(cell, "stderr")


def test_timeout_kills_every_process_of_the_job(executed):
    from pnm.backends.processes import alive
    err = _error(executed.cells[5])
    assert err.ename == "BackendTimeoutError", err.evalue
    assert "timeout of 6 s" in err.evalue
    ranks = {int(r): int(p) for r, p in (l.split()[1:] for l in
             _stream(executed.cells[5]).splitlines() if l.startswith("RANKPID"))}
    assert sorted(ranks) == [0, 1], _stream(executed.cells[5])
    after = _tagged(_stream(executed.cells[6]), "AFTER")
    assert set(ranks.values()) <= set(after["job"]), after
    still = [p for p in after["job"] + list(ranks.values()) if alive(p)]
    assert still == [], f"processes of the timed-out job still alive: {still}"
    assert after["left"] == [], f"the kernel still has MPI children: {after['left']}"
