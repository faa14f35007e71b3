"""h.secondorder = 1 and 2 (NEURON's Crank-Nicolson fixed step; 2 also moves the ion
currents to the step's middle voltage before concentration mechanisms read them), against
NEURON 9: built-in mechanisms (tests/model_scripts/secondorder.py, in test_section_api) and
.mod mechanisms with a calcium current and a cnexp calcium pool (tests/nmodl/secondorder).
A mechanism integrated by derivimplicit, euler, runge or sparse gets a half-step treatment in
NEURON that pnm does not provide: refused clearly."""

import shutil

from conftest import REPO, checked, nrnivmodl_both, run_python

HERE = REPO / "tests" / "nmodl" / "secondorder"


def test_secondorder_with_ion_currents_and_a_pool_equals_neuron(tmp_path):
    for name in ("cachan.mod", "capool.mod", "capool_di.mod"):
        shutil.copy(HERE / name, tmp_path)
    build = nrnivmodl_both(tmp_path, timeout=900)
    script = str(HERE / "run_secondorder_ca.py")
    expected = checked(run_python(script, "neuron", build, timeout=600)).stdout.splitlines()
    got = checked(run_python(script, "pnm", build, timeout=600)).stdout.splitlines()
    heads = [line for line in expected if line.startswith("secondorder")]
    assert len(expected) == 15 and len(heads) == 3
    assert heads[0][15:] != heads[1][15:]          # the orders give other spike times
    assert expected[11:15] != expected[6:10]       # 2 differs from 1 (ica, cai, ina)
    assert got == expected

    refused = run_python(str(HERE / "refuse_derivimplicit.py"), build, timeout=600)
    assert refused.returncode != 0 and "ran" not in refused.stdout
    assert "secondorder = 2" in refused.stderr and "capooldi" in refused.stderr
    assert "derivimplicit" in refused.stderr and "h.secondorder = 0" in refused.stderr
