"""Start-up overhead: `import pnm` and a warm (numba cache filled) first run of
examples/ring128/ring128.py in one process, vs NEURON's `from neuron import h` and the same ring
in NEURON (the same file run with `pnm` aliased to `neuron`), all wall-clock times of fresh
processes.

    python benchmarks/bench_startup.py [--repeat 5] [--quick]

"overhead" = wall time of the whole ring process minus that of a bare `python -c pass` (the
ring itself, 128 IntFire1 cells and 500 spikes, is simulated in milliseconds, so this is
import + set-up + compile/cache-load cost). The median of --repeat processes is reported, after
one untimed ring run per backend (which fills pnm's numba cache). Goal: pnm overhead <= 1 s.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _bench  # noqa: E402

PY = _bench.PY
CMDS = {
    "python": [PY, "-c", "pass"],
    "import pnm": [PY, "-c", "import pnm"],
    "import neuron": [PY, "-c", "from neuron import h"],
    "ring pnm": [PY, os.path.join(_bench.REPO, "examples", "ring128", "ring128.py"), "--quiet"],
    # the example itself under NEURON: `from pnm import h` resolves to neuron's h
    "ring neuron": [PY, "-c", "import runpy, sys, neuron; sys.modules['pnm'] = neuron; "
                    "sys.argv = ['ring128.py', '--quiet']; runpy.run_path(%r, run_name='__main__')"
                    % os.path.join(_bench.REPO, "examples", "ring128", "ring128.py")],
}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="repeat 1")
    p.add_argument("--timeout", type=float, default=600)
    a = p.parse_args(argv)
    if a.quick:
        a.repeat = 1

    print(f"# start-up, median of {a.repeat} fresh processes; {_bench.machine()}")
    _bench.wall(CMDS["ring pnm"], a.timeout)      # warm the numba cache
    _bench.wall(CMDS["ring neuron"], a.timeout)   # and the OS file cache
    t = {}
    for _ in range(a.repeat):                      # interleaved, so drifting load hits all
        for k, cmd in CMDS.items():
            t.setdefault(k, []).append(_bench.wall(cmd, a.timeout))
    med = {k: statistics.median(v) for k, v in t.items()}
    base = med["python"]
    rows = [[k, f"{med[k]:.3f}", f"{min(t[k]):.3f}", f"{med[k] - base:.3f}"] for k in CMDS]
    _bench.table(["process", "wall median (s)", "wall min (s)", "minus bare python (s)"], rows)
    imp = (med["import pnm"] - base) / (med["import neuron"] - base)
    ov_pnm, ov_nrn = med["ring pnm"] - base, med["ring neuron"] - base
    print(f"pnm/NEURON: import {imp:.2f}, ring overhead {ov_pnm / ov_nrn:.2f} "
          f"({ov_pnm:.2f} s vs {ov_nrn:.2f} s)")
    _bench.goal("pnm ring128 start-up overhead (s)", ov_pnm, "<=", 1.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
