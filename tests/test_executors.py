"""SingleProcess, ProcessPoolExecutor and MPIPoolExecutor give identical lists."""
import json
import sys
from pathlib import Path

import pytest

from pnm.parallel.executors import MPIPoolExecutor, ProcessPoolExecutor, SingleProcess

from conftest import describe, requires_mpiexec, run_mpi

sys.path.insert(0, str(Path(__file__).parent / "mpi_scripts"))
from exec_work import work  # noqa: E402  (shared with the MPI script)

ITEMS = list(range(37))


@pytest.fixture(scope="module")
def expected():
    return [work(x) for x in ITEMS]


def test_single_process(expected):
    with SingleProcess() as ex:
        assert ex.execute(work, ITEMS) == expected
        assert ex.execute(work, iter([3, 1])) == [work(3), work(1)]


def test_process_pool(expected):
    with ProcessPoolExecutor(max_workers=2) as ex:
        assert ex.execute(work, ITEMS) == expected
        assert ex.execute(work, []) == []
        assert ex.execute(work, (x for x in [5, 3, 1])) == [work(5), work(3), work(1)]


def test_mpi_pool_in_one_process(expected):
    with MPIPoolExecutor() as ex:             # no mpiexec: the master runs the tasks
        assert ex.execute(work, ITEMS) == expected
        assert ex.execute(work, []) == []


@requires_mpiexec
@pytest.mark.parametrize("nprocs", [1, 2, 3])
def test_mpi_pool_under_mpiexec(nprocs, expected):
    proc = run_mpi("exec_compare.py", nprocs, len(ITEMS))
    assert proc.returncode == 0, describe(proc)
    (line,) = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    res = json.loads(line[len("RESULT "):])
    assert res["nhost"] == nprocs
    assert [tuple(v) for v in res["first"]] == expected
    assert [tuple(v) for v in res["second"]] == [work(5), work(3), work(1)]
