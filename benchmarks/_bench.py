"""Shared helpers for the bench_*.py scripts: run a worker in a fresh subprocess and read its
JSON result, NEURON's MPI environment, machine description, and a small table printer."""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PY = sys.executable
MPIEXEC = os.path.join(os.path.dirname(PY), "mpiexec")
MPI_LIB = os.path.join(os.path.dirname(os.path.dirname(PY)), "lib", "libmpi.so.12")


def env(mpi=False):
    """Environment for a worker: pnm importable; NEURON told where libmpi is when under MPI."""
    e = dict(os.environ)
    e["PYTHONPATH"] = REPO + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    if mpi and os.path.exists(MPI_LIB):
        e.setdefault("MPI_LIB_NRN_PATH", MPI_LIB)
    return e


def pnm_source_mtime():
    """Latest modification time of pnm's .py files (a change invalidates numba's cache)."""
    latest = 0.0
    for root, _, files in os.walk(os.path.join(REPO, "pnm")):
        for f in files:
            if f.endswith(".py"):
                latest = max(latest, os.path.getmtime(os.path.join(root, f)))
    return latest


def run_json(cmd, timeout=None, nproc=None, echo=True):
    """Run cmd (a list; '--out FILE' is appended) in a fresh process, under mpiexec -n nproc
    if nproc is given; return the JSON it wrote to FILE with 'wall_s' (whole process wall
    time) added. Raises RuntimeError with the tail of stderr on failure."""
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        full = list(cmd) + ["--out", out]
        if nproc:
            full = [MPIEXEC, "-n", str(nproc)] + full
        m0 = pnm_source_mtime()
        t0 = time.perf_counter()
        proc = subprocess.run(full, cwd=REPO, env=env(mpi=bool(nproc)), timeout=timeout,
                              capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if pnm_source_mtime() != m0:
            print("WARNING: pnm sources changed during this run (numba recompiles; timing is "
                  "not warm)", flush=True)
        if echo and proc.stdout.strip():
            sys.stdout.write(proc.stdout)
            sys.stdout.flush()
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(full)} failed (exit {proc.returncode}):\n"
                               + proc.stderr[-4000:])
        with open(out) as f:
            res = json.load(f)
        res["wall_s"] = wall
        return res
    finally:
        os.unlink(out)


def write_json(path, res):
    if path:
        with open(path, "w") as f:
            json.dump(res, f)


def wall(cmd, timeout=None):
    """Wall-clock seconds of a command run in a fresh process (its output discarded)."""
    m0 = pnm_source_mtime()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env(), timeout=timeout, capture_output=True,
                          text=True)
    dt = time.perf_counter() - t0
    if pnm_source_mtime() != m0:
        print("WARNING: pnm sources changed during a timed process (numba recompiles)",
              flush=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n"
                           + proc.stderr[-4000:])
    return dt


def machine():
    """One line: CPU model, cores, Python, numba, NEURON versions."""
    model = platform.processor() or "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    vers = subprocess.run(
        [PY, "-c", "import numba, neuron; print(numba.__version__, neuron.__version__)"],
        capture_output=True, text=True, env=env()).stdout.split()
    numba_v, neuron_v = (vers + ["?", "?"])[:2]
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"numba {numba_v}, NEURON {neuron_v}")


def table(headers, rows):
    """Print a markdown table."""
    rows = [[str(c) for c in r] for r in rows]
    w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
         for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(cells)) + " |"
    print(line(headers))
    print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    for r in rows:
        print(line(r))
    sys.stdout.flush()


def goal(name, value, op, target):
    ok = value <= target if op == "<=" else value >= target
    print(f"goal {name}: {value:.3g} {op} {target} -> {'MET' if ok else 'NOT MET'}")
    return ok
