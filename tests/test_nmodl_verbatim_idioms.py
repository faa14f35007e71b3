"""VERBATIM blocks that hold no C to translate (comments only, a trailing `return;` in INITIAL,
a trailing `return 0;` in a PROCEDURE) are accepted, and the mechanism runs as NEURON's build
of the same file (tests/nmodl/verbatim_idioms/). Any other VERBATIM stays an error at
nrnivmodl time (test_nmodl_check, test_nmodl_cli_errors)."""

import shutil
import sys

from conftest import REPO, checked, nrnivmodl_both, run_python

HERE = REPO / "tests" / "nmodl" / "verbatim_idioms"


def test_verbatim_idioms_without_c_run_as_neuron(tmp_path):
    shutil.copy(HERE / "leakv.mod", tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(HERE / "run_leakv.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=600)).stdout.splitlines()
    assert expected[0].startswith("spikes [") and expected[0] != "spikes []"
    assert len(got) == len(expected)
    assert got[0] == expected[0]
    for e, g in zip(expected[1:], got[1:]):
        e, g = e.split()[-1], g.split()[-1]
        assert abs(float(e) - float(g)) <= 1e-6, (e, g)
