"""The hooks through which the fixed step calls mechanisms compiled from users' .mod files.

These are the no-op versions the built-in stepper uses (a model without user mechanisms: the
calls compile to nothing). usermechs.py writes, per set of user mechanisms, a copy of
stepper.py in which this module's import line is replaced by generated functions of the same
names that call each mechanism's kernels; U is then a tuple of that set's arrays."""

from numba import njit


@njit(cache=True, inline="always")
def user_ion_currents(S, foff, flen, U):
    """Before every current evaluation: ion currents zeroed, reversal potentials updated
    (NEURON's ion mechanisms come before all others), hh's ena/ek taken from the ions."""


@njit(cache=True, inline="always")
def user_currents(S, foff, flen, U):
    """Every user mechanism's BREAKPOINT current into rhs/d."""


@njit(cache=True, inline="always")
def user_states(S, foff, flen, U):
    """Every user mechanism's SOLVE (state update) after the voltage update."""


@njit(cache=True, inline="always")
def user_initial(S, foff, flen, U, celsius):
    """Ion values at their defaults, then every user mechanism's INITIAL block."""


@njit(cache=True, inline="always")
def user_receive(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i, queue_meta,
                 least_f, least_i, spk_f, spk_i, spk_n, U):
    """NET_RECEIVE of a point process or artificial cell from a .mod file (userpoints.py)."""


@njit(cache=True, inline="always")
def user_watch(S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f, least_i,
               spk_f, spk_i, spk_n, U):
    """WATCH conditions of user point processes, at the start of each step."""


@njit(cache=True, inline="always")
def user_init_events(S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                     least_i, spk_f, spk_i, spk_n, U):
    """At finitialize: the events INITIAL blocks sent, then NET_RECEIVE INITIAL per NetCon."""
