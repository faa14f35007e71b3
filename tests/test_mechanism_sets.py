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
    """args in a subprocess; the translations go to a store of the test's own (under its
    tmp_path) unless env names another."""
    store = os.path.join(os.path.dirname(str(cwd)), "store")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                               "PNM_MECH_CACHE": store, **(env or {})}, **kw)


def test_a_mod_file_removed_before_nrnivmodl_runs_again_no_longer_loads(tmp_path):
    tmp_path = tmp_path / "model"
    tmp_path.mkdir()
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
    tmp_path = tmp_path / "model"
    tmp_path.mkdir()
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


LEAK = ("NEURON { SUFFIX kx NONSPECIFIC_CURRENT i RANGE g }\nPARAMETER { g = 1 }\n"
        "ASSIGNED { v i }\nBREAKPOINT { i = 0.001 * g * (v + 70) }\n")
SCRIPT = ("from pnm import h\ns = h.Section(name='s')\ns.insert('kx')\nh.finitialize(-65)\n"
          "h.fadvance()\nprint(s(0.5).g_kx)\n")


def test_one_mod_text_in_two_folders_is_translated_and_compiled_once(tmp_path):
    folders = [tmp_path / "a" / "model", tmp_path / "b" / "model"]
    store = tmp_path / "store"
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "kx.mod").write_text(LEAK)
    outs = []
    for folder in folders:
        proc = run([sys.executable, "-m", "pnm", "nrnivmodl", "."], folder,
                   env={"PNM_MECH_CACHE": str(store)})
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout)
        proc = run([sys.executable, "-c", SCRIPT], folder, env={"PNM_MECH_CACHE": str(store)})
        assert proc.returncode == 0 and proc.stdout.split() == ["1.0"], proc.stderr
    assert "new or changed" in outs[0] and "unchanged, cached" in outs[1], outs
    manifests = [(f / "pnm_mechanisms" / "manifest.txt").read_text() for f in folders]
    assert manifests[0] == manifests[1] and str(store) in manifests[0]
    # one translation: the generated module and its front (pnm.nmodl.lazyfront)
    translations = sorted(p.name for p in store.rglob("kx_*.py") if "__pnm_hooks__" not in str(p))
    assert len(translations) == 2 and translations[1] == translations[0][:-3] + "_kernels.py", \
        translations
    # numba compiled its kernels once, into the store, and the second folder loaded them
    assert list(store.rglob("__pycache__/kx_*.nbc")), list(store.rglob("*"))


def test_a_store_that_cannot_be_written_leaves_the_translations_in_the_folder(tmp_path):
    (tmp_path / "kx.mod").write_text(LEAK)
    unwritable = {"PNM_MECH_CACHE": "/proc/pnm-store"}
    proc = run([sys.executable, "-m", "pnm", "nrnivmodl", "."], tmp_path, env=unwritable)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pnm_mechanisms" / "manifest.txt").read_text().splitlines()[1] \
        .startswith("kx_")
    proc = run([sys.executable, "-c", SCRIPT], tmp_path, env=unwritable)
    assert proc.returncode == 0 and proc.stdout.split() == ["1.0"], proc.stderr
