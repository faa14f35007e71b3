"""Compare pnm against NEURON on every reference model in tests/refmodels/.

Each script is run in a subprocess with ``tests/refrun.py`` twice: once with
NEURON (skipped if NEURON is not installed; outputs cached per session) and
once with pnm (a failure there is a test failure).  Every RESULT key must
exist in both, have the same length, and agree within its TOLERANCE.
"""

import glob
import os
import subprocess
import sys

import numpy
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REFRUN = os.path.join(HERE, "refrun.py")
SCRIPTS = sorted(glob.glob(os.path.join(HERE, "refmodels", "*.py")))
PNM_TIMEOUT = 300
NEURON_TIMEOUT = 600

sys.path.insert(0, HERE)
from refrun import load_result  # noqa: E402


def _run(backend, script, out, timeout):
    try:
        proc = subprocess.run(
            [sys.executable, REFRUN, backend, script, out],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=os.path.dirname(HERE),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{backend} run of {os.path.basename(script)} timed out after {timeout} s",
                    pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"{backend} run of {os.path.basename(script)} failed "
            f"(exit {proc.returncode})\n--- stdout ---\n{proc.stdout[-4000:]}"
            f"\n--- stderr ---\n{proc.stderr[-8000:]}",
            pytrace=False,
        )
    return load_result(out)


@pytest.fixture(scope="session")
def neuron_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("neuron_ref")


def _neuron_reference(script, cache):
    pytest.importorskip("neuron")
    out = cache / (os.path.basename(script)[:-3] + ".npz")
    if out.exists():
        return load_result(str(out))
    return _run("neuron", script, str(out), NEURON_TIMEOUT)


def _val(arr, i):
    return repr(float(arr[i])) if i < arr.size else "<end>"


def compare(ref, ref_tol, got, name="model"):
    """Return a list of mismatch messages (empty if ``got`` matches ``ref``)."""
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
            errors.append(
                f"{name}[{key}]: length NEURON={a.size} pnm={b.size}; first differing "
                f"index {first}: NEURON={_val(a, first)} pnm={_val(b, first)}"
            )
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
                f"(NEURON={_val(a, i)}, pnm={_val(b, i)}); {nbad}/{a.size} out of tolerance, "
                f"first at index {first} (NEURON={_val(a, first)}, pnm={_val(b, first)})"
            )
    return errors


@pytest.mark.parametrize("script", SCRIPTS, ids=[os.path.basename(s)[:-3] for s in SCRIPTS])
def test_vs_neuron(script, neuron_cache, tmp_path):
    ref, ref_tol = _neuron_reference(script, neuron_cache)
    got, _ = _run("pnm", script, str(tmp_path / "pnm.npz"), PNM_TIMEOUT)
    errors = compare(ref, ref_tol, got, os.path.basename(script)[:-3])
    if errors:
        pytest.fail("\n".join(errors), pytrace=False)
