"""Kept for modules that still import the MPI runners from here; they live in conftest.py."""

from conftest import (MPIEXEC, REPO, SCRIPTS, describe, requires_mpiexec,  # noqa: F401
                      run_mpi, run_serial, script_path)
