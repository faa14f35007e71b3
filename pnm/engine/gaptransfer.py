"""The transfer of gap junctions' source values (ParallelContext.source_var / target_var,
model/transfer.py): every target variable takes its source's value, in NEURON's places
(fadvance.cpp: nonvint's nrnthread_v_transfer after the voltage update and before the states
are integrated; finitialize after v is set and before the INITIAL blocks). The currents of
the next step then use the voltages at its start, as NEURON's.

Python side: size and fill(eng) lay the pairs out in I (layout.I_GAP_SRC, I_GAP_TGT) at the
engine's build, where the declarations are checked (setup_transfer called since the last)."""

from numba import njit

from ..model.transfer import transfers
from .layout import I_GAP_SRC, I_GAP_TGT, iview


def size():
    """How many (source, target) pairs the engine copies."""
    return len(transfers().targets)


def fill(eng):
    table = transfers()
    table.check_ready()
    pairs = table.pairs()
    eng.ints(I_GAP_SRC)[:] = [eng.slot(src) for src, _tgt in pairs]
    eng.ints(I_GAP_TGT)[:] = [eng.slot(tgt) for _src, tgt in pairs]


@njit(cache=True, error_model="numpy")
def transfer_values(S, I, ioff, ilen):
    src = iview(I, ioff, ilen, I_GAP_SRC)
    tgt = iview(I, ioff, ilen, I_GAP_TGT)
    for k in range(src.shape[0]):
        S[tgt[k]] = S[src[k]]
