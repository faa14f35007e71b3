"""Per-instance cost of each kind of item on this machine, measured once by tiny runs and
cached (costmodel.py weighs each gid with it).

`python -m pnm.parallel.calibration_run OUT.json` (calibration_run.py) runs in its own process (pnm's model state is process-wide, so calibrating inside a user's
model would disturb it); `mechanism_costs()` starts it when the cache has no entry for this
machine and writes the cache atomically (a temporary file, then os.replace)."""

import json
import os
import platform
import subprocess
import sys
import tempfile

from ..util import atomic_write

VERSION = 1
DEFAULT_MECHANISM = "hh"   # a mechanism calibration cannot build alone is charged like hh


def cache_path():
    base = os.environ.get("PNM_COST_CACHE")
    if base:
        return base
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "pnm", f"costs-{platform.node() or 'host'}-v{VERSION}.json")


def write_text_atomic(path, text):
    """text to path through a temporary file in the same folder and os.replace: a reader
    sees the old file or the whole new one, never a part."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with atomic_write(path, "w") as f:
        f.write(text)


def write_json_atomic(path, data):
    write_text_atomic(path, json.dumps(data, indent=1) + "\n")


def mechanism_costs():
    """{"node", "event", <mechanism>, "default_mechanism": seconds per instance per step (per
    event for "event")}, from the cache or a calibration run in a subprocess."""
    path = cache_path()
    try:
        with open(path) as f:
            data = json.load(f)
        if data.get("version") == VERSION:
            return data["costs"]
    except (OSError, ValueError, KeyError):
        pass
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "costs.json")
        env = dict(os.environ, PNM_MPI="0", PNM_PROGRESS="0")
        for var in [v for v in env if v.startswith(("PMI_", "OMPI_", "HYDRA_", "MPI_"))]:
            del env[var]
        proc = subprocess.run([sys.executable, "-m", "pnm.parallel.calibration_run", out], env=env,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError("pnm: the cost calibration run failed:\n" + proc.stderr[-3000:])
        with open(out) as f:
            data = json.load(f)
    write_json_atomic(path, data)
    return data["costs"]
