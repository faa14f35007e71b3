"""What a BREAKPOINT assigns, as nocmodl places it (ModelDB 93321's fast.mod, 97917's ccanl.mod):
- without a current, nocmodl writes no nrn_cur and runs the statements after SOLVE in
  nrn_state, right after the states advance (pnm ran them a step earlier, in its current
  step: y = 2*s lagged by one step);
- an ion value the BREAKPOINT assigns (ek, ena: WRITE ek) is written back to the ion after
  the currents (nrn_cur's set_ion_variables) or after the state step (nrn_state's): pnm kept
  the ion's old value.
And a point process without NET_RECEIVE that has a variable x is a NetCon source watched
through x (ModelDB 28316's SpikeGenerator; pnm took it for a net_event source: no spikes);
a density POINTER set and read as seg._ref_p_ptrf / seg.p_ptrf, read by a FUNCTION.
tests/nmodl/breakpoint_writes/ and x_source/: each .hoc under nrniv and `python -m pnm`,
line for line."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, nrnivmodl_both, require_neuron

NMODL = REPO / "tests" / "nmodl"
FOLDERS = ("breakpoint_writes", "x_source")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    require_neuron()
    root = tmp_path_factory.mktemp("breakpoint_writes")
    for folder in FOLDERS:
        for f in (NMODL / folder).iterdir():
            shutil.copy(f, root)
    return nrnivmodl_both(root, timeout=900)


def lines(cmd, cwd):
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [line for line in proc.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("program", ["nocur.hoc", "nocurion.hoc", "curion.hoc", "wrerev.hoc",
                                     "wrerev2.hoc", "xsource.hoc", "ptrfunc.py"])
def test_breakpoint_assignments_take_effect_where_nocmodl_puts_them(build, program):
    nrniv = shutil.which("nrniv") or os.path.join(os.path.dirname(sys.executable), "nrniv")
    if program.endswith(".py"):
        expected = lines([sys.executable, program, "neuron"], build)
        got = lines([sys.executable, program, "pnm"], build)
    else:
        expected = lines([nrniv, "-nobanner", program, "-c", "quit()"], build)
        got = lines([sys.executable, "-m", "pnm", program, "-c", "quit()"], build)
    assert len(expected) > (1 if program in ("xsource.hoc", "ptrfunc.py") else 20)
    assert got == expected
