"""KINETIC forms of published .mod files against NEURON 9 running the same files, under the
fixed step and CVODE in one run (tests/nmodl/kinforms/run_kinforms.py):

- the sink `~ g -> (1/tau)` (nocmodl's kinetic.cpp flux() with "->": f_flux = rate * species,
  no products) of Traub et al. 2005's alphasynkin.mod (ModelDB 82894);
- SOLVE of a KINETIC block that BREAKPOINT does not solve, STEADYSTATE sparse in INITIAL, in a
  mechanism integrated by CVODE (ssinit.mod);
- a derivative of a STATE array element (c'[i]) refused with file:line, as nocmodl cannot
  translate it either."""

import os
import shutil
import sys

import pytest

from conftest import REPO, checked, nrnivmodl_both, run_python

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "nmodl"))
from get_modeldb import materialise  # noqa: E402  (ModelDB files are fetched, not committed)

KINFORMS = REPO / "tests" / "nmodl" / "kinforms"


def test_sink_reactions_and_steady_state_of_another_block_fixed_step_and_cvode(tmp_path):
    modeldb = materialise()
    shutil.copy(os.path.join(modeldb, "82894", "alphasynkin.mod"), tmp_path)
    shutil.copy(KINFORMS / "ssinit.mod", tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(KINFORMS / "run_kinforms.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=900)).stdout.splitlines()
    got = [line for line in got if not line.startswith("pnm: compil")]
    assert expected[0].startswith("init 0 0.92414181") and "spikes 0 [6.2]" in expected
    assert "spikes 1 [6.108193]" in expected
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        if e[0] in "-0123456789":       # t, v every 10th step
            assert all(abs(float(x) - float(y)) <= 1e-6 for x, y in zip(e.split(), g.split())
                       ), (e, g)
        else:
            assert g == e


def test_derivative_of_a_state_array_element_is_refused_with_its_line(tmp_path):
    from pnm.nmodl.compile import translate
    from pnm.nmodl.parse import NmodlError
    mod = tmp_path / "darr.mod"
    mod.write_text("NEURON { SUFFIX darr }\nSTATE { c[2] }\n"
                   "BREAKPOINT { SOLVE s METHOD derivimplicit }\n"
                   "DERIVATIVE s {\n  FROM i = 0 TO 1 { c'[i] = -c[i] }\n}\n")
    with pytest.raises(NmodlError) as err:
        translate([str(mod)], str(tmp_path / "out"))
    assert str(err.value).startswith(f"{mod}:5:")
    assert "c'[...]: the derivative of an element of a STATE array is not supported" \
        in str(err.value)
