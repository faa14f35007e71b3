"""Run the test scripts in tests/mpi_scripts under mpiexec (or plain python) as subprocesses."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent / "mpi_scripts"


def _find_mpiexec() -> str | None:
    # The mpich wheel installs mpiexec next to the venv's python; prefer it so
    # that the launcher matches the MPI library mpi4py loads.
    local = Path(sys.executable).parent / "mpiexec"
    if local.exists():
        return str(local)
    return shutil.which("mpiexec")


MPIEXEC = _find_mpiexec()
requires_mpiexec = pytest.mark.skipif(MPIEXEC is None, reason="mpiexec not found next to "
                                      "python or on PATH (pip install mpich)")

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
    path = Path(script)
    if not path.is_absolute():
        path = SCRIPTS / path
    return str(path)


def run_mpi(script, nprocs: int, *args, timeout: float = 120, env: dict | None = None
            ) -> subprocess.CompletedProcess:
    """``mpiexec -n nprocs python script *args``; script is relative to tests/mpi_scripts.

    Output is captured as text; on ``timeout`` every process is killed and
    subprocess.TimeoutExpired is raised (with the output so far).
    """
    if MPIEXEC is None:
        pytest.skip("mpiexec not found")
    cmd = [MPIEXEC, "-n", str(nprocs), sys.executable, script_path(script), *map(str, args)]
    return _run(cmd, timeout, _env(env, serial=False))


def run_serial(script, *args, timeout: float = 120, env: dict | None = None
               ) -> subprocess.CompletedProcess:
    """``python script *args`` without mpiexec (pnm must pick its serial stand-in)."""
    cmd = [sys.executable, script_path(script), *map(str, args)]
    return _run(cmd, timeout, _env(env, serial=True))


def describe(proc: subprocess.CompletedProcess) -> str:
    """The exit code and output of a run, for assertion messages."""
    return (f"exit code {proc.returncode}\n--- stdout ---\n{proc.stdout}"
            f"\n--- stderr ---\n{proc.stderr}")
