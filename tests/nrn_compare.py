"""Run a script defining compute(h, folder) -> dict under NEURON 9 in a subprocess and under
pnm in this process; compare the dicts. NEURON is required: a clear failure when missing."""

import json
import math
import os
import subprocess
import sys

_RUNNER = r"""
import json, sys, io, contextlib
from neuron import h
h.load_file("stdrun.hoc")
ns = {}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)
result = ns["compute"](h, sys.argv[2])
json.dump(result, open(sys.argv[3], "w"))
"""


def neuron_python():
    python = os.environ.get("PNM_NEURON_PYTHON", sys.executable)
    probe = subprocess.run([python, "-c", "import neuron"], capture_output=True, text=True)
    if probe.returncode != 0:
        raise AssertionError(f"NEURON 9 is required for this test (import neuron failed with "
                             f"{python}): {probe.stderr.strip()[-300:]}")
    return python


def run_under_neuron(script_path, folder, timeout=300):
    out = os.path.join(folder, "neuron_result.json")
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    proc = subprocess.run([neuron_python(), "-c", _RUNNER, script_path, folder, out],
                          capture_output=True, text=True, timeout=timeout, env=env)
    if proc.returncode != 0:
        raise AssertionError(f"the script failed under NEURON:\n{proc.stderr[-3000:]}")
    with open(out) as f:
        return json.load(f)


def run_under_pnm(script_path, folder):
    """compute(h, folder) of the script, in this process, from a fresh model as in a fresh
    process: pnm.reset() before and after, so what a script sets (cvode.active(1), dt, a hoc
    procedure, ...) never reaches the next test run in this worker."""
    import pnm
    from pnm import h
    pnm.reset()
    try:
        ns = {}
        with open(script_path) as f:
            exec(compile(f.read(), script_path, "exec"), ns)
        return json.loads(json.dumps(ns["compute"](h, folder)))
    finally:
        pnm.reset()


def _close(a, b, rel):
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if math.isnan(a) and math.isnan(b):
                return True
            if rel == 0:
                return a == b
            return a == b or abs(a - b) <= rel * max(1.0, abs(a), abs(b))
    return a == b


def compare(expected, got, approx_prefix="approx_", rel=1e-12):
    """Mismatch descriptions (empty if equal): exact for every key, within rel for keys
    starting with approx_prefix."""
    problems = []
    for key in expected:
        if key not in got:
            problems.append(f"{key}: missing in pnm's results")
            continue
        e, g = expected[key], got[key]
        tol = rel if key.startswith(approx_prefix) else 0
        if isinstance(e, list) and isinstance(g, list):
            if len(e) != len(g):
                problems.append(f"{key}: NEURON {len(e)} values {e[:8]}..., pnm {len(g)} {g[:8]}...")
            elif not all(_close(x, y, tol) for x, y in zip(e, g)):
                bad = next(i for i, (x, y) in enumerate(zip(e, g)) if not _close(x, y, tol))
                problems.append(f"{key}[{bad}]: NEURON {e[bad]!r}, pnm {g[bad]!r}")
        elif not _close(e, g, tol) or type(e) is not type(g):
            problems.append(f"{key}: NEURON {e!r} ({type(e).__name__}), pnm {g!r} "
                            f"({type(g).__name__})")
    return problems
