"""Run one reference model script under NEURON or pnm and save its RESULT.

Usage::

    python tests/refrun.py {neuron|pnm} tests/refmodels/X.py OUT.npz

The script must define module-level ``RESULT`` (dict name -> sequence of
floats, NEURON Vectors allowed) and ``TOLERANCE`` (dict name -> absolute
tolerance).  OUT.npz holds one float64 array per RESULT key plus the key
``__tolerance__`` containing TOLERANCE as a JSON string.

For the ``pnm`` backend only the imports are rewritten::

    from neuron import ...        ->  from pnm import ...
    from neuron.units import ...  ->  from pnm.units import ...
    import neuron                 ->  import pnm as neuron
"""

import json
import os
import re
import sys

import numpy

TOLERANCE_KEY = "__tolerance__"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_REWRITES = [
    (re.compile(r"^(\s*)from\s+neuron\.units\s+import\b", re.M), r"\1from pnm.units import"),
    (re.compile(r"^(\s*)from\s+neuron\s+import\b", re.M), r"\1from pnm import"),
    (re.compile(r"^(\s*)import\s+neuron\s*$", re.M), r"\1import pnm as neuron"),
]


def rewrite_imports(source):
    """Return ``source`` with the neuron imports replaced by pnm imports."""
    for pattern, repl in _REWRITES:
        source = pattern.sub(repl, source)
    return source


def _to_array(value):
    if isinstance(value, numpy.ndarray):
        return numpy.asarray(value, dtype=float).ravel()
    if isinstance(value, (list, tuple)):
        return numpy.array(value, dtype=float).ravel()
    if isinstance(value, (int, float)):
        return numpy.array([value], dtype=float)
    # NEURON / pnm Vector or any other iterable
    return numpy.array(list(value), dtype=float).ravel()


def run_script(backend, script):
    """Execute ``script`` with ``backend`` and return its module globals."""
    script = os.path.abspath(script)
    sys.path.insert(0, os.path.dirname(script))
    if backend == "neuron":
        import runpy

        return runpy.run_path(script, run_name="__main__")
    if backend == "pnm":
        if REPO_ROOT not in sys.path:
            sys.path.insert(1, REPO_ROOT)
        with open(script, encoding="utf-8") as f:
            source = rewrite_imports(f.read())
        code = compile(source, script, "exec")
        glb = {"__name__": "__main__", "__file__": script, "__builtins__": __builtins__}
        exec(code, glb)
        return glb
    raise SystemExit(f"unknown backend {backend!r} (expected 'neuron' or 'pnm')")


def save_result(glb, out):
    if "RESULT" not in glb or "TOLERANCE" not in glb:
        raise SystemExit("script must define RESULT and TOLERANCE")
    result, tolerance = glb["RESULT"], glb["TOLERANCE"]
    if set(map(str, result)) != set(map(str, tolerance)):
        raise SystemExit(f"RESULT keys {sorted(result)} != TOLERANCE keys {sorted(tolerance)}")
    arrays = {str(k): _to_array(v) for k, v in result.items()}
    if TOLERANCE_KEY in arrays:
        raise SystemExit(f"RESULT key {TOLERANCE_KEY!r} is reserved")
    tol = {str(k): float(v) for k, v in tolerance.items()}
    arrays[TOLERANCE_KEY] = numpy.array(json.dumps(tol))
    numpy.savez(out, **arrays)
    return arrays


def load_result(path):
    """Return (result dict of float arrays, tolerance dict) from an npz file."""
    with numpy.load(path) as data:
        tol = json.loads(str(data[TOLERANCE_KEY]))
        result = {k: data[k] for k in data.files if k != TOLERANCE_KEY}
    return result, tol


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3:
        raise SystemExit(__doc__)
    backend, script, out = argv
    out = os.path.abspath(out)
    glb = run_script(backend, script)
    arrays = save_result(glb, out)
    for k, v in arrays.items():
        if k != TOLERANCE_KEY:
            print(f"{k}: n={v.size}" + (f" first={v[:3].tolist()} last={v[-1]:.9g}" if v.size else ""))


if __name__ == "__main__":
    main()
