"""Old .mod forms nocmodl accepts, run as NEURON's build of the same files
(tests/nmodl/old_forms/): VERBATIM blocks that hold no C to translate (comments only, a
trailing `return;` in INITIAL, a trailing `return 0;` in a PROCEDURE; any other VERBATIM stays
an error at nrnivmodl time: test_nmodl_check, test_nmodl_cli_errors), two BREAKPOINT blocks,
an INCLUDEd file with an INCLUDE inside COMMENT, and NEURON's scop_random generator (exprand,
normrand, set_seed)."""

import shutil
import sys

from conftest import REPO, checked, nrnivmodl_both, run_python

HERE = REPO / "tests" / "nmodl" / "old_forms"


def test_old_forms_run_as_neuron(tmp_path):
    for name in ("leakv.mod", "twobp.mod", "twobp.inc"):
        shutil.copy(HERE / name, tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(HERE / "run_leakv.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=600)).stdout.splitlines()
    assert expected[0].startswith("spikes [") and expected[0] != "spikes []"
    assert len(got) == len(expected)
    assert got[0] == expected[0]
    for e, g in zip(expected[1:], got[1:]):      # "w .. a ..", then voltages
        numbers = [(x, y) for x, y in zip(e.split(), g.split()) if x not in ("w", "a")]
        assert len(numbers) == len(e.split()) - e.count(" a ") - e.startswith("w")
        assert all(abs(float(x) - float(y)) <= 1e-6 for x, y in numbers), (e, g)


def test_scop_random_family_draws_neurons_numbers(tmp_path):
    """exprand, normrand, scop_random and set_seed: NEURON's generator (a 32-bit linear
    congruential one from seed 1, not reset by finitialize), so spike times equal NEURON's."""
    shutil.copy(HERE / "scopstim.mod", tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(HERE / "run_scopstim.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=600)).stdout.splitlines()
    assert len(expected) == 13 and all(len(line) > 35 for line in expected)
    assert got == expected
