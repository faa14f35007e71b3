"""Compile once across ranks (issue 16, item 5): when every rank needs the same kernel that
numba's cache does not hold yet, one rank compiles it and the others load it from the cache,
waiting on pnm's compile lock without tripping the liveness checks (PNM_TIMEOUT=1)."""
import re

from mpiutil import describe, requires_mpiexec, run_mpi

pytestmark = requires_mpiexec


def test_one_rank_compiles_the_others_load(tmp_path):
    cache = tmp_path / "numba_cache"
    cache.mkdir()
    proc = run_mpi("compile_once.py", 3, str(tmp_path), timeout=300,
                   env={"NUMBA_CACHE_DIR": str(cache), "PNM_TIMEOUT": "1"})
    assert proc.returncode == 0, describe(proc)
    # mpiexec may join two ranks' lines ("... -998.044250MISSES 0 0 ..."): match the report
    # itself, not whole lines
    reports = re.findall(r"MISSES (\d) (\d+) (-?\d+\.\d+)", proc.stdout)
    misses = {int(r): int(n) for r, n, _value in reports}
    assert sorted(misses) == [0, 1, 2], describe(proc)
    assert sum(misses.values()) == 1, describe(proc)          # compiled by one rank only
    assert len({value for _r, _n, value in reports}) == 1, describe(proc)
    assert proc.stderr.count("pnm: compiling compile_once_kernel.work with numba") == 1, \
        describe(proc)
