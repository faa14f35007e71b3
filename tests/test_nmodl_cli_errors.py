"""Bad .mod input is refused by `python -m pnm nrnivmodl` (translation time, not run time):
exit status 1 and a message with file:line (and column with the offending line and a caret
for syntax errors); a model inserting a mechanism whose .mod file was not translated is told
which directory to translate."""

import subprocess
import sys

import pytest

from conftest import REPO

BAD = {
    "syntax": ("NEURON { SUFFIX s }\nPARAMETER { g = 1 }\nBREAKPOINT {\n  g = (1 +\n}\n",
               ["bad.mod:5:1:", "\n    }\n    ^"]),
    "unknown block": ("NEURON { SUFFIX s }\nFOOBAR { x }\n",
                      ["bad.mod:2:1:", "unknown block 'FOOBAR'"]),
    "verbatim": ("NEURON { SUFFIX s }\nINITIAL {\nVERBATIM\n  x = 1;\nENDVERBATIM\n}\n",
                 ["bad.mod:3: VERBATIM blocks hold C code"]),
    "valence": ("NEURON { SUFFIX s USEION ca READ eca VALENCE 1 }\n",
                ["bad.mod:1: USEION ca VALENCE 1 conflicts with NEURON's ca ion (valence 2)"]),
    "builtin name": ("NEURON { SUFFIX hh }\n",
                     ["bad.mod:1: mechanism name hh clashes with NEURON's built-in hh"]),
    "steadystate elsewhere": (
        "NEURON { SUFFIX s }\nSTATE { x }\nINITIAL { SOLVE d METHOD cnexp }\n"
        "BREAKPOINT { SOLVE d METHOD cnexp }\nDERIVATIVE d { x' = -x }\n",
        ["bad.mod:3: SOLVE d outside BREAKPOINT: pnm (as NEURON) takes"]),
}


def nrnivmodl(directory):
    return subprocess.run([sys.executable, "-m", "pnm", "nrnivmodl", "."], cwd=directory,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_mod_file_is_refused_at_nrnivmodl_time(case, tmp_path):
    text, expected = BAD[case]
    (tmp_path / "bad.mod").write_text(text)
    proc = nrnivmodl(tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for part in expected:
        assert part in proc.stderr, proc.stderr
    assert not (tmp_path / "pnm_mechanisms").exists(), "no partial output"


def test_inserting_an_untranslated_mechanism_names_the_directory(tmp_path):
    mods = tmp_path / "mod"
    mods.mkdir()
    (mods / "kx.mod").write_text("NEURON { SUFFIX kx RANGE g }\nPARAMETER { g = 1 }\n")
    script = ("from pnm import h\ns = h.Section(name='s')\ntry:\n    s.insert('kx')\n"
              "except ValueError as e:\n    print(e)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(REPO),
                                                       "PATH": "/usr/bin:/bin"})
    assert "mod/kx.mod declares SUFFIX kx but it was not compiled for pnm; run " \
           "`python -m pnm nrnivmodl mod`" in proc.stdout, proc.stdout + proc.stderr
