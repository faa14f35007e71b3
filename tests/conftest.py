"""Helpers the test modules share: NEURON as a test requirement, subprocess runners for pnm and
NEURON scripts (plain python or mpiexec, always with a timeout), and spike comparison.

Test modules import the plain functions (``from conftest import run_mpi, describe``); pytest
puts tests/ on sys.path, so this module is ``conftest`` there. The fixtures (``nrn``,
``mpiexec``) pytest finds by itself.
"""

from __future__ import annotations

# tests/corpus holds third-party scripts (some named test_*.py, one calls h.quit()) and the
# runner modules of tests/test_corpus.py: none of it is a pytest test module.
collect_ignore = ["corpus", "nmodl", "hoc", "netgui"]

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from refrun import load_result

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
SCRIPTS = TESTS / "mpi_scripts"
REFRUN = TESTS / "refrun.py"

# ---- NEURON, the reference ---------------------------------------------------------------------

NEURON_REQUIRED = "NEURON 9 is required for this comparison: pip install -e '.[test]'"


def require_neuron():
    """The ``neuron`` module; the calling test fails (never skips) when NEURON 9 is missing."""
    try:
        import neuron
    except ImportError as exc:
        pytest.fail(f"{NEURON_REQUIRED} (import neuron: {exc})", pytrace=False)
    version = getattr(neuron, "__version__", "")
    if not version.startswith("9."):
        pytest.fail(f"{NEURON_REQUIRED} (found NEURON {version or 'of unknown version'})",
                    pytrace=False)
    return neuron


def build_copy(mods, root, timeout: float = 1800) -> str:
    """Copy the .mod files of folder mods into root (kept between runs, so numba's cache of
    their hooks is found again; only changed files are rewritten) and build them there with
    nrnivmodl_both."""
    root = Path(root)
    root.mkdir(exist_ok=True)
    for mod in Path(mods).glob("*.mod"):
        target = root / mod.name
        if not target.exists() or target.read_bytes() != mod.read_bytes():
            target.write_bytes(mod.read_bytes())
    return nrnivmodl_both(root, timeout=timeout)


def nrnivmodl_both(root, timeout: float = 1800) -> str:
    """Build the .mod files in folder root twice: NEURON's nrnivmodl (for the reference runs)
    and `python -m pnm nrnivmodl`; each must succeed. Returns str(root)."""
    neuron_nrnivmodl(root, timeout=timeout)
    proc = subprocess.run([sys.executable, "-m", "pnm", "nrnivmodl", str(root)], cwd=root,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, f"pnm nrnivmodl failed:\n{proc.stdout}\n{proc.stderr}"
    return str(root)


def neuron_nrnivmodl(root, timeout: float = 1800) -> str:
    """NEURON's nrnivmodl in folder root (its x86_64/ is what nrniv and `from neuron import h`
    load there). A build is kept in a cache keyed by the .mod files' names and bytes and by
    the nrnivmodl that made it ($PNM_TEST_CACHE, else pnm-tests/ in $XDG_CACHE_HOME or
    ~/.cache): the same set of files in another folder, or in the next run, is copied
    instead of compiled again. These are NEURON's builds (the reference); nothing of pnm's
    is cached here."""
    import hashlib
    exe = shutil.which("nrnivmodl") or os.path.join(os.path.dirname(sys.executable), "nrnivmodl")
    if not os.path.exists(exe):
        pytest.fail(f"{NEURON_REQUIRED} (no nrnivmodl)", pytrace=False)
    root = Path(root)
    key = hashlib.sha256(f"{os.path.realpath(exe)}\0{os.path.getmtime(exe)}".encode())
    build_key = key.digest()            # the nrnivmodl's alone
    for mod in sorted(root.glob("*.mod")):
        key.update(b"\0" + mod.name.encode() + b"\0" + mod.read_bytes())
    cache = Path(os.environ.get("PNM_TEST_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pnm-tests")
    kept = cache / "nrnivmodl" / key.hexdigest()[:32] / "x86_64"
    target = root / "x86_64"
    if (kept / "libnrnmech.so").exists():
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(kept, target, symlinks=True)
        return str(root)
    objects = {}
    for mod in root.glob("*.mod"):
        mod_key = _object_key(build_key, mod)
        if mod_key is not None:
            objects[mod.name[:-4]] = cache / "nrnivmodl-objects" / mod_key
    _reuse_objects(objects, target)
    proc = subprocess.run([exe], cwd=root, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"NEURON's nrnivmodl failed:\n{proc.stdout}\n{proc.stderr}"
    try:
        staging = Path(str(kept) + f".{os.getpid()}")
        shutil.copytree(target, staging, symlinks=True)
        os.replace(staging, kept)       # whole builds only; a concurrent twin may win
        _keep_objects(objects, target)
    except OSError:
        pass                            # no cache (read-only home): built each time
    return str(root)


def _object_key(build_key, mod):
    """The key of one .mod file's translation and object (X.cpp, X.o in x86_64/) in a
    build by the nrnivmodl of key build_key: its name and bytes. None (always compiled) for
    a file that INCLUDEs or #includes another, whose bytes the key would not hold."""
    import hashlib
    text = mod.read_bytes()
    if re.search(rb"INCLUDE|#\s*include\s*\"", text):
        return None
    return hashlib.sha256(build_key[:16] + b"\0" + mod.name.encode() + b"\0"
                          + text).hexdigest()[:32]


def _reuse_objects(objects, target):
    """Put the kept X.cpp and X.o of each .mod file in objects ({X: folder}) into target,
    newer than the .mod file, so that nrnivmodl's make compiles only the others (the same
    .mod file recurs in several tests' sets; mod_func.cpp and the link are always made)."""
    for name, kept in objects.items():
        if (kept / f"{name}.o").exists():
            target.mkdir(exist_ok=True)
            for suffix in (".cpp", ".o"):           # copyfile: mtime now, .o after .cpp
                shutil.copyfile(kept / f"{name}{suffix}", target / f"{name}{suffix}")


def _keep_objects(objects, target):
    """Keep X.cpp and X.o of target for each .mod file in objects not kept yet."""
    for name, kept in objects.items():
        if not kept.exists() and (target / f"{name}.o").exists():
            staging = Path(str(kept) + f".{os.getpid()}")
            staging.mkdir(parents=True, exist_ok=True)
            for suffix in (".cpp", ".o"):
                shutil.copyfile(target / f"{name}{suffix}", staging / f"{name}{suffix}")
            try:
                os.replace(staging, kept)
            except OSError:             # a concurrent twin won
                shutil.rmtree(staging, ignore_errors=True)


@pytest.fixture(scope="session")
def nrn():
    """NEURON's ``h`` in this process, with stdrun.hoc loaded."""
    h = require_neuron().h
    h.load_file("stdrun.hoc")
    return h


# ---- error messages -----------------------------------------------------------------------------

def check_message(excinfo, *parts) -> str:
    """The exception's message contains every key part verbatim (the object and what was
    given, then what to do); returns the message."""
    msg = str(excinfo.value)
    for part in parts:
        assert part in msg, f"{part!r} not in the message: {msg}"
    return msg


# ---- running scripts in subprocesses ------------------------------------------------------------

MPIEXEC_MISSING = ("mpiexec was not found next to python or on PATH: pnm's MPI tests need the "
                   "mpich wheel (pip install -e '.[test]')")


def _find_mpiexec() -> str | None:
    # The mpich wheel installs mpiexec next to the venv's python; prefer it so that the
    # launcher matches the MPI library mpi4py loads.
    local = Path(sys.executable).parent / "mpiexec"
    if local.exists():
        return str(local)
    return shutil.which("mpiexec")


MPIEXEC = _find_mpiexec()

# NEURON under mpiexec finds the mpich wheel's MPI library (in this venv) through this variable
NEURON_MPI_ENV = {"MPI_LIB_NRN_PATH": str(Path(sys.executable).parent.parent / "lib" /
                                          "libmpi.so.12")}


@pytest.fixture(scope="session")
def mpiexec():
    """The mpiexec launcher; the test fails (never skips) when it is missing."""
    if MPIEXEC is None:
        pytest.fail(MPIEXEC_MISSING, pytrace=False)
    return MPIEXEC


# A mark for MPI test modules and functions: fails them with MPIEXEC_MISSING without mpiexec.
requires_mpiexec = pytest.mark.usefixtures("mpiexec")

# Variables a launcher sets: never let them leak into a "serial" run.
_LAUNCHER_PREFIXES = ("PMI_", "PMIX_", "HYDRA_", "OMPI_", "MPI_LOCAL")


def _env(extra: dict | None, serial: bool) -> dict:
    env = dict(os.environ)
    if serial:
        env = {k: v for k, v in env.items() if not k.startswith(_LAUNCHER_PREFIXES)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra or {})
    return env


def _run(cmd, timeout, env) -> subprocess.CompletedProcess:
    # A new session lets us kill mpiexec *and* every rank on a timeout.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=str(REPO), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise subprocess.TimeoutExpired(cmd, timeout, output=out, stderr=err) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def script_path(script) -> str:
    """An absolute path; a relative one is taken relative to tests/mpi_scripts."""
    path = Path(script)
    if not path.is_absolute():
        path = SCRIPTS / path
    return str(path)


def run_mpi(script, nprocs: int, *args, timeout: float = 120, env: dict | None = None
            ) -> subprocess.CompletedProcess:
    """``mpiexec -n nprocs python script *args`` from the repository root.

    Output is captured as text; on ``timeout`` every process is killed and
    subprocess.TimeoutExpired is raised (with the output so far).
    """
    if MPIEXEC is None:
        pytest.fail(MPIEXEC_MISSING, pytrace=False)
    cmd = [MPIEXEC, "-n", str(nprocs), sys.executable, script_path(script), *map(str, args)]
    return _run(cmd, timeout, _env(env, serial=False))


def run_python(*args, timeout: float = 120, env: dict | None = None
               ) -> subprocess.CompletedProcess:
    """``python *args`` without mpiexec (pnm picks its serial stand-in), this repository's
    pnm first on PYTHONPATH; TimeoutExpired (every process killed) after ``timeout``."""
    cmd = [sys.executable, *map(str, args)]
    return _run(cmd, timeout, _env(env, serial=True))


def run_serial(script, *args, timeout: float = 120, env: dict | None = None
               ) -> subprocess.CompletedProcess:
    """``python script *args``; a relative script is taken relative to tests/mpi_scripts."""
    return run_python(script_path(script), *args, timeout=timeout, env=env)


def describe(proc: subprocess.CompletedProcess) -> str:
    """The exit code and output of a run, for assertion messages."""
    return (f"exit code {proc.returncode}\n--- stdout ---\n{proc.stdout}"
            f"\n--- stderr ---\n{proc.stderr}")


def checked(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """proc, after failing the test with its output if it exited non-zero."""
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, proc.args))} failed: {describe(proc)}", pytrace=False)
    return proc


# ---- spikes -------------------------------------------------------------------------------------

def parse_spikes(text: str) -> list[tuple[float, int]]:
    """The sorted (t, gid) pairs of every "t gid" line (lines starting with # are comments)."""
    pairs = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            pairs.append((float(parts[0]), int(parts[1])))
    return sorted(pairs)


def spike_difference(expected, got) -> str:
    """Where two sorted (t, gid) lists first differ, for assertion messages."""
    expected, got = [tuple(x) for x in expected], [tuple(x) for x in got]
    if expected == got:
        return f"identical ({len(got)} spikes)"
    common = min(len(expected), len(got))
    first = next((i for i in range(common) if expected[i] != got[i]), common)
    return (f"expected {len(expected)} spikes, got {len(got)}; first difference at #{first}: "
            f"expected {expected[first] if first < len(expected) else None}, "
            f"got {got[first] if first < len(got) else None}")


def neuron_spikes(script, *args, timeout: float = 300) -> list[tuple[float, int]]:
    """NEURON's one-process spike list from a test script whose first argument picks the
    simulator ("neuron") and which prints "t gid" lines."""
    require_neuron()
    proc = checked(run_python(script_path(script), "neuron", *args, timeout=timeout))
    return parse_spikes(proc.stdout)


def ring128_expected() -> list[tuple[float, int]]:
    """The spikes of examples/ring128 (128 IntFire1, cell i -> i+1 with weight 1.1 and delay
    2 ms, a NetStim firing gid 4 at 1 ms with delay 0, tstop 1000 ms), derived: an IntFire1
    given weight 1.1 > 1 fires at once; its 5 ms refractory period is far shorter than the
    256 ms the ring takes to come back; so gid k fires at 1 + 2*((k - 4) mod 128) + 256*j."""
    out = []
    for gid in range(128):
        t = 1 + 2 * ((gid - 4) % 128)
        while t < 1000:
            out.append((float(t), gid))
            t += 256
    return sorted(out)


# ---- reference models (tests/refrun.py) ---------------------------------------------------------

def run_refmodel(backend: str, script, out, timeout: float = 600):
    """Run a reference script (defines RESULT and TOLERANCE) under "neuron" or "pnm" through
    tests/refrun.py; returns (result, tolerance). A failure or timeout fails the test with the
    run's output."""
    if backend == "neuron":
        require_neuron()
    name = Path(script).name
    try:
        proc = run_python(REFRUN, backend, script, out, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{backend} run of {name} timed out after {timeout} s", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(f"{backend} run of {name} failed (exit {proc.returncode})\n"
                    f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-8000:]}",
                    pytrace=False)
    return load_result(str(out))


def _value_at(arr, i):
    return repr(float(arr[i])) if i < arr.size else "<end>"


def compare_results(ref, ref_tol, got, name="model") -> list[str]:
    """Mismatches between NEURON's results ``ref`` and pnm's ``got`` (dicts of float arrays),
    each key within its tolerance ``ref_tol[key]``; empty when they agree."""
    import numpy
    errors = []
    missing = sorted(set(ref) - set(got))
    extra = sorted(set(got) - set(ref))
    if missing or extra:
        errors.append(f"{name}: keys differ; missing in pnm {missing}, extra in pnm {extra}")
    for key in sorted(set(ref) & set(got)):
        a, b = ref[key], got[key]
        tol = ref_tol.get(key, 0.0)
        if a.size != b.size:
            m = min(a.size, b.size)
            diff = numpy.nonzero(numpy.abs(a[:m] - b[:m]) > tol)[0]
            first = int(diff[0]) if diff.size else m
            errors.append(f"{name}[{key}]: length NEURON={a.size} pnm={b.size}; first differing "
                          f"index {first}: NEURON={_value_at(a, first)} pnm={_value_at(b, first)}")
            continue
        if a.size == 0:
            continue
        d = numpy.abs(a - b)
        d = numpy.where(numpy.isnan(a) & numpy.isnan(b), 0.0, d)
        d = numpy.where(numpy.isnan(d), numpy.inf, d)
        i = int(numpy.argmax(d))
        if d[i] > tol:
            nbad = int(numpy.count_nonzero(d > tol))
            first = int(numpy.nonzero(d > tol)[0][0])
            errors.append(
                f"{name}[{key}]: max |diff| {d[i]:.3g} > tol {tol:g} at index {i} "
                f"(NEURON={_value_at(a, i)}, pnm={_value_at(b, i)}); {nbad}/{a.size} out of "
                f"tolerance, first at index {first} (NEURON={_value_at(a, first)}, "
                f"pnm={_value_at(b, first)})")
    return errors
