"""NEURON's global variable time step (h.cvode.active(1)): SUNDIALS CVODES' BDF method as
NEURON runs it (bdf.py, with the N_Vector operations of nvector.py), NEURON's glue between the
integrator and the cable (glue.py: f(t, y) and the Newton solve), and the driver that
initialises and advances it for finitialize/fadvance (driver.py). docs/cvode.md says what is
covered and what is refused."""

import os as _os

from ..engine.kernelcache import drop_stale_kernels

# the integrator's kernels freeze glue.py's f(t, y) and pnm/engine's kernels into their code
drop_stale_kernels(_os.path.dirname(_os.path.abspath(__file__)))
