"""The transfer of gap junctions' source values (ParallelContext.source_var / target_var,
model/transfer.py): every target variable takes its source's value, in NEURON's places
(fadvance.cpp: nonvint's nrnthread_v_transfer after the voltage update and before the states
are integrated; finitialize after v is set and before the INITIAL blocks). The currents of
the next step then use the voltages at its start, as NEURON's.

Python side: sizes and fill(eng) lay the pairs out in I (layout.I_GAP_SRC, I_GAP_TGT) at the
engine's build, where the declarations are checked (setup_transfer called since the last).
A source on another rank is read from F_GAP_IN, where the parallel layer's exchange
(Engine.set_gap_exchange; parallel/gapexchange.py) writes the received values first."""

import numpy as np
from numba import njit

from ..model.transfer import transfers
from .layout import F_GAP_IN, I_GAP_SRC, I_GAP_TGT, iview


def sizes():
    """(how many (source, target) pairs the engine copies, how many values come from other
    ranks: layout.F_GAP_IN, where the exchange writes them)."""
    table = transfers()
    return len(table.targets), len(table.remote_sgids())


def fill(eng):
    table = transfers()
    table.check_ready()
    pairs = table.pairs()
    received = eng.foff[F_GAP_IN]
    eng.ints(I_GAP_SRC)[:] = [received + src if isinstance(src, int) else eng.slot(src)
                              for src, _tgt in pairs]
    eng.ints(I_GAP_TGT)[:] = [eng.slot(tgt) for _src, tgt in pairs]


def received_slots(eng):
    """The S slots of the values received from other ranks, in transfers().remote_sgids()
    order (the exchange writes them there)."""
    first = int(eng.foff[F_GAP_IN])
    return np.arange(first, first + int(eng.flen[F_GAP_IN]), dtype=np.int64)


@njit(cache=True, error_model="numpy")
def transfer_values(S, I, ioff, ilen):
    src = iview(I, ioff, ilen, I_GAP_SRC)
    tgt = iview(I, ioff, ilen, I_GAP_TGT)
    for k in range(src.shape[0]):
        S[tgt[k]] = S[src[k]]
