"""Units as nocmodl evaluates them (NEURON 9, modern SI constants). Expected values are the
exact SI definitions (2019): e = 1.602176634e-19 C, N_A = 6.02214076e23 /mol,
k = 1.380649e-23 J/K; nrnunits.lib defines faraday = e-mole and R = k-mole."""
import pytest

from pnm.nmodl.lower import lower
from pnm.nmodl.parse import NmodlError, parse_text
from pnm.nmodl.units import unit_table

E, NA, K = 1.602176634e-19, 6.02214076e23, 1.380649e-23


def test_faraday_is_e_times_avogadro():
    assert unit_table().ratio("faraday", "coulomb") == E * NA


def test_gas_constant_is_k_times_avogadro():
    assert unit_table().ratio("k-mole", "joule/degC") == K * NA


def test_prefixes_plurals_and_powers():
    t = unit_table()
    t.define("mA", "milliamp")
    t.define("mM", "milli/liter")
    assert t.ratio("mA/cm2", "amp/m2") == pytest.approx(10.0, rel=1e-15)
    assert t.ratio("coulombs", "coulomb") == 1.0
    assert t.ratio("mM", "mole/m3") == pytest.approx(1.0 / NA, rel=1e-15)


def test_units_block_factors_reach_the_mechanism_globals():
    mod = parse_text("NEURON { SUFFIX x }\nUNITS { FARADAY = (faraday) (coulomb)\n"
                     "R = (k-mole) (joule/degC)\n PI = (pi) (1) }\n", "u.mod")
    values = {g.name: g.default for g in lower(mod).globals}
    assert values["FARADAY"] == E * NA and values["R"] == K * NA
    assert values["PI"] == 3.141592653589793


def test_unknown_unit_names_the_line():
    mod = parse_text("NEURON { SUFFIX x }\nUNITS {\n F = (faraday) (wibble) }\n", "u.mod")
    with pytest.raises(NmodlError) as err:
        lower(mod)
    assert "u.mod:3: cannot recognize the units 'wibble'" in str(err.value)
