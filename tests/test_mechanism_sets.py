"""Which translations load is decided by the .mod files, never by what else lies in a folder:
after `nrnivmodl` is run again without a .mod file, its mechanism is gone (NEURON's x86_64/
holds exactly the files nrnivmodl last built); translations another pnm left in the shared
cache do not replace pnm's built-ins (a CI machine ran one pnm after another and every model
with a built-in point process broke)."""

import os
import subprocess
import sys

from conftest import REPO

DENSITY = "NEURON {{ SUFFIX {0} RANGE g }}\nPARAMETER {{ g = 1 }}\n"


def run(args, cwd, env=None, **kw):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", **(env or {})},
                          **kw)


def test_a_mod_file_removed_before_nrnivmodl_runs_again_no_longer_loads(tmp_path):
    for name in ("keep", "drop"):
        (tmp_path / f"{name}.mod").write_text(DENSITY.format(name))
    assert run([sys.executable, "-m", "pnm", "nrnivmodl", "."], tmp_path).returncode == 0
    (tmp_path / "drop.mod").unlink()
    proc = run([sys.executable, "-m", "pnm", "nrnivmodl", "."], tmp_path)
    assert proc.returncode == 0, proc.stderr
    script = ("from pnm import h\ns = h.Section(name='s')\ns.insert('keep')\nprint(s(0.5).g_keep)\n"
              "try:\n    s.insert('drop')\nexcept ValueError as e:\n    print('refused:', e)\n")
    proc = run([sys.executable, "-c", script], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "1.0"
    assert "refused:" in proc.stdout and "drop" in proc.stdout, proc.stdout


def test_a_folder_translated_by_an_older_pnm_is_reported_and_remade(tmp_path):
    (tmp_path / "kx.mod").write_text(DENSITY.format("kx"))
    folder = tmp_path / "pnm_mechanisms"
    folder.mkdir()
    (folder / ("kx_" + "0" * 24 + ".py")).write_text("raise SystemExit('must not run')\n")
    script = ("from pnm import h\ns = h.Section(name='s')\ntry:\n    s.insert('kx')\n"
              "except ValueError as e:\n    print('refused:', e)\n")
    proc = run([sys.executable, "-c", script], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "pnm_mechanisms not loaded" in proc.stderr and "has no manifest.txt" in proc.stderr, \
        proc.stderr
    assert "refused:" in proc.stdout and "python -m pnm nrnivmodl" in proc.stdout, proc.stdout
    assert run([sys.executable, "-m", "pnm", "nrnivmodl", "."], tmp_path).returncode == 0
    proc = run([sys.executable, "-c", script + "print(s(0.5).g_kx)\n"], tmp_path)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout.split() == ["1.0"], proc.stdout


def test_other_translations_in_the_shared_cache_do_not_replace_the_built_ins(tmp_path):
    cache = tmp_path / "cache"
    script = ("from pnm import h\nfrom pnm.stdmechs import cache_dir\nprint(cache_dir())\n"
              "s = h.Section(name='s')\nsyn = h.AlphaSynapse(s(0.5))\nprint(syn.tau)\n")
    first = run([sys.executable, "-c", script], tmp_path, env={"PNM_MECH_CACHE": str(cache)})
    assert first.returncode == 0, first.stderr
    folder, tau = first.stdout.split()
    assert tau == "0.1"          # NEURON's AlphaSynapse default
    # another pnm's translation of a mechanism with a built-in's name, newer than ours
    stale = os.path.join(folder, "ExpSyn_" + "f" * 24 + ".py")
    with open(stale, "w") as f:
        f.write("raise SystemExit('a stale translation was loaded')\n")
    again = run([sys.executable, "-c", script], tmp_path, env={"PNM_MECH_CACHE": str(cache)})
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == [folder, "0.1"]
