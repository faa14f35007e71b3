"""cvode.use_fast_imem(1): i_membrane_, each node's total membrane current (nA: ionic,
capacitive and point processes' currents, without electrodes'), as NEURON 9 computes it from
the tree matrix (src/nrnoc/treeset.cpp nrn_rhs/nrn_lhs, fadvance.cpp nrn_calc_fast_imem):

- with the membrane currents (`membrane_matrix`, the fixed step's setup_matrix with it on):
  F_SAV_RHS = the electrodes' rhs sum - rhs, the membrane current density (mA/cm2) at the
  step's start voltage; F_SAV_D = d after the currents and capacitance - the electrodes' d
  sum, its di/dv with cm/dt. The electrodes' sums come from their current hooks called again
  into F_SAV_RHS/F_SAV_D (userhooks.user_electrode_currents), so rhs and d are the same
  numbers as without fast imem.
- after the voltage update (`imem_after_update`): F_SAV_RHS = (F_SAV_D dv + F_SAV_RHS) area
  0.01, the current at the new voltage, linearised as the step solved it (nA).
- at finitialize (`imem_at_init`): (rhs + F_SAV_RHS) area 0.01 with rhs after the axial
  currents: electrode and axial currents, which Kirchhoff makes the membrane's.
- the variable step (pnm/cvode/glue.py fun): membrane_sums after the membrane currents, the
  capacitive current (rhs after the axial currents, at the nodes with capacitance) added,
  then `to_nanoamps`; NEURON's Cvode::rhs, nrn_div_capacity.
Zero-area nodes have area 100 (NEURON's): a point process there gives its current in nA.
The engine allocates the two fields only when use_fast_imem is on at the build (build.py);
`electrode_rows` adds the hook rows."""

from numba import njit

from . import userhooks as uh
from .cable import axial_and_capacitance, capacitance_factor, zero_matrix
from .layout import F_AREA, F_CM, F_D, F_RHS, F_SAV_D, F_SAV_RHS, fview
from .userhooks import user_currents, user_electrode_currents, user_ion_currents
from ..model import mechanisms as mechs


def electrode_rows(rows):
    """PH_ELECTRODE rows for the current rows (hook-table rows with their catalogue place
    last, usermechs.catalogue_place) of the mechanisms with an ELECTRODE_CURRENT."""
    names = list(mechs.USER)
    return [(uh.PH_ELECTRODE,) + tuple(row[1:]) for row in rows
            if row[0] == uh.PH_CURRENT and
            mechs.USER[names[row[-1][1]]].ELECTRODE_CURRENT]


@njit(cache=True, error_model="numpy")
def membrane_sums(S, foff, flen, H, UD):
    """After the membrane currents (rhs, d): F_SAV_RHS = the electrodes' rhs sum - rhs (the
    membrane current density), F_SAV_D = minus the electrodes' d sum."""
    sav_rhs = fview(S, foff, flen, F_SAV_RHS)
    sav_d = fview(S, foff, flen, F_SAV_D)
    for i in range(sav_rhs.shape[0]):
        sav_rhs[i] = 0.0
        sav_d[i] = 0.0
    sum_foff = foff.copy()
    sum_foff[F_RHS] = foff[F_SAV_RHS]
    sum_foff[F_D] = foff[F_SAV_D]
    user_electrode_currents(S, foff, H, UD, sum_foff)
    rhs = fview(S, foff, flen, F_RHS)
    for i in range(sav_rhs.shape[0]):
        sav_rhs[i] -= rhs[i]


@njit(cache=True, error_model="numpy")
def membrane_matrix(S, foff, flen, I, ioff, ilen, H, UD):
    """NEURON's setup_tree_matrix with fast imem's sums (module docstring)."""
    zero_matrix(S, foff, flen)
    user_ion_currents(S, foff, flen, H, UD)
    user_currents(S, foff, flen, H, UD)
    membrane_sums(S, foff, flen, H, UD)
    sav_d = fview(S, foff, flen, F_SAV_D)
    d = fview(S, foff, flen, F_D)
    cm = fview(S, foff, flen, F_CM)
    cfac = capacitance_factor(S, foff)
    for i in range(sav_d.shape[0]):
        sav_d[i] = (d[i] + cfac * cm[i]) - sav_d[i]    # d as axial_and_capacitance makes it
    axial_and_capacitance(S, foff, flen, I, ioff, ilen)


@njit(cache=True, error_model="numpy")
def imem_after_update(S, foff, flen):
    """nrn_calc_fast_imem: rhs holds the step's dv."""
    rhs = fview(S, foff, flen, F_RHS)
    area = fview(S, foff, flen, F_AREA)
    sav_rhs = fview(S, foff, flen, F_SAV_RHS)
    sav_d = fview(S, foff, flen, F_SAV_D)
    for i in range(sav_rhs.shape[0]):
        sav_rhs[i] = (sav_d[i] * rhs[i] + sav_rhs[i]) * area[i] * 0.01


@njit(cache=True, error_model="numpy")
def imem_at_init(S, foff, flen):
    """nrn_calc_fast_imem_fixedstep_init: rhs as setup_matrix left it."""
    rhs = fview(S, foff, flen, F_RHS)
    area = fview(S, foff, flen, F_AREA)
    sav_rhs = fview(S, foff, flen, F_SAV_RHS)
    for i in range(sav_rhs.shape[0]):
        sav_rhs[i] = (rhs[i] + sav_rhs[i]) * area[i] * 0.01


@njit(cache=True, error_model="numpy")
def to_nanoamps(S, foff, flen):
    """The variable step's last part (occvode.cpp fun_thread_transfer_part2): F_SAV_RHS, the
    membrane and capacitive current densities, times area 0.01."""
    area = fview(S, foff, flen, F_AREA)
    sav_rhs = fview(S, foff, flen, F_SAV_RHS)
    for i in range(sav_rhs.shape[0]):
        sav_rhs[i] *= area[i] * 0.01


def enabled(eng):
    """Whether eng was built with use_fast_imem on."""
    return int(eng.flen[F_SAV_RHS]) > 0


def node_values(eng):
    """i_membrane_ of every node (a view)."""
    return eng.floats(F_SAV_RHS)

