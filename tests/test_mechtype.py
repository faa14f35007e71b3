"""h.MechanismType and h.Timer against NEURON 9.

- MechanismType's lists (names, order, internal types, is_ion, is_netcon_target,
  has_net_event, is_artificial) equal NEURON's, with only the built-ins (tests/hoc/mechtype.hoc,
  every printed line, also make/remove, make(objvar), pp_begin/pp_next from hoc) and with
  .mod files loaded (tests/nmodl/mechtype_list.py over tests/nmodl/savestate_mods: an ion
  that a .mod file brings, density mechanisms, a POINT_PROCESS, an ARTIFICIAL_CELL).
- Timer (tests/hoc/timer.hoc): NEURON without a display never runs a Timer's statement, not
  even in doEvents(); neither does pnm.
- pnm's errors: an index out of range, a kind other than 0/1, make() of a point process
  without an object reference, pp_begin on the density list."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, check_message, checked, build_copy, require_neuron, run_python

HERE = Path(__file__).resolve().parent
LISTING = str(HERE / "nmodl" / "mechtype_list.py")
MODS = HERE / "nmodl" / "savestate_mods"


def run_hoc_both(name, tmp_path):
    """(nrniv's stdout, pnm's stdout) of tests/hoc/<name> run in tmp_path, no display."""
    shutil.copy(HERE / "hoc" / name, tmp_path)
    nrniv = shutil.which("nrniv") or os.path.join(os.path.dirname(sys.executable), "nrniv")
    if not os.path.exists(nrniv):
        pytest.fail("NEURON's nrniv is required for this test (pip install neuron)")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    ref = subprocess.run([nrniv, "-nobanner", name, "-c", "quit()"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, env=env)
    assert ref.returncode == 0, ref.stderr
    got = subprocess.run([sys.executable, "-m", "pnm", name, "-c", "quit()"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300,
                         env=dict(env, PYTHONPATH=str(REPO)))
    assert got.returncode == 0, got.stderr
    return ref.stdout, got.stdout


def test_builtin_lists_and_hoc_use_print_what_nrniv_prints(tmp_path):
    ref, got = run_hoc_both("mechtype.hoc", tmp_path)
    assert got.splitlines() == ref.splitlines()
    assert "7 hh 17 0" in ref and "IClamp[2] located at cable(1)" in ref


def test_timer_never_fires_without_a_display_as_in_nrniv(tmp_path):
    ref, got = run_hoc_both("timer.hoc", tmp_path)
    assert got.splitlines() == ref.splitlines()
    assert ref.split()[-2:] == ["0", "0"]        # count stayed 0, also during doEvents()


@pytest.fixture(scope="module")
def build():
    """The .mod files of test_savestate (tests/nmodl/build_savestate, not committed)."""
    require_neuron()
    return build_copy(MODS, HERE / "nmodl" / "build_savestate", timeout=900)


def test_lists_with_mod_files_equal_neurons(build, tmp_path):
    results = {}
    for backend in ("neuron", "pnm"):
        out = str(tmp_path / f"{backend}.json")
        checked(run_python(LISTING, backend, build, out, timeout=300))
        with open(out) as f:
            results[backend] = json.load(f)
    expected, got = results["neuron"], results["pnm"]
    assert got == expected
    names = [row[0] for row in expected["list0"]]
    assert names[-3:] == ["ca_ion", "cachan", "cadecay"]      # the ion before its first user
    assert [row[0] for row in expected["list1"]][-2:] == ["Acell", "Burster"]


# ---- pnm's errors ---------------------------------------------------------------------------

@pytest.fixture
def pnm_h():
    import pnm
    from pnm import h
    pnm.reset()
    yield h
    pnm.reset()


def test_kind_other_than_0_or_1_is_refused(pnm_h):
    with pytest.raises(RuntimeError) as err:
        pnm_h.MechanismType(2)
    check_message(err, "MechanismType(2)", "0 (density mechanisms) or 1 (point processes)")


def test_index_out_of_range_names_the_range(pnm_h):
    mt = pnm_h.MechanismType(0)
    with pytest.raises(RuntimeError) as err:
        mt.select(99)
    check_message(err, f"{mt}.select(99)", "out of range 0..")
    with pytest.raises(RuntimeError) as err:
        mt.is_netcon_target(-1)
    check_message(err, "is_netcon_target(-1)", "out of range")


def test_point_process_make_needs_an_object_reference(pnm_h):
    mp = pnm_h.MechanismType(1)
    mp.select("ExpSyn")
    with pytest.raises(RuntimeError) as err:
        mp.make()
    check_message(err, "make()", "h.ref(None)")


def test_pp_begin_on_density_mechanisms_is_refused(pnm_h):
    mt = pnm_h.MechanismType(0)
    pnm_h.Section(name="soma")
    with pytest.raises(RuntimeError) as err:
        mt.pp_begin()
    check_message(err, "pp_begin()", "Not a MechanismType(1)")


def test_timer_checks_its_arguments(pnm_h):
    with pytest.raises(TypeError) as err:
        pnm_h.Timer(3)
    check_message(err, "Timer(3)", "a hoc statement (a string) or a Python callable")
    timer = pnm_h.Timer(lambda: None)
    with pytest.raises(RuntimeError) as err:
        timer.seconds(0)
    check_message(err, f"{timer}.seconds(0)", "between 1e-6 and 1e6")
