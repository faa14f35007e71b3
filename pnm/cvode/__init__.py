"""NEURON's global variable time step (h.cvode.active(1)): SUNDIALS CVODES' BDF method as
NEURON runs it (bdf.py, with the N_Vector operations of nvector.py), NEURON's glue between the
integrator and the cable (glue.py: f(t, y) and the Newton solve), and the driver that
initialises and advances it for finitialize/fadvance (driver.py). docs/cvode.md says what is
covered and what is refused."""
