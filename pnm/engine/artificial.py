"""VecStim (numba), the one artificial cell still hand-written: vecevent.mod's INITIAL and
element() (netreceive.py runs its NET_RECEIVE). IntFire1/2/4 and NetStim come from pnm/mod/
through the NMODL compiler."""

from numba import njit

from .eventqueue import q_self
from .layout import (F_VS_ETIME, F_VS_INDEX, I_VS_START, Q_VECSTIM_ERROR, T_VECSTIM, fview,
                     iview)


@njit(cache=True, error_model="numpy")
def vecstim_send(S, foff, flen, queue_f, queue_i, queue_meta, least_f, least_i, k, t):
    """net_send(etime - t, 1), which nocmodl pastes as t + etime - t. NEURON's nrn_net_send
    aborts when that time is earlier than t (a Vector that is not sorted, or a negative
    first time): pnm queues nothing and notes the VecStim in queue_meta[Q_VECSTIM_ERROR] (k + 1) for the engine
    to raise."""
    td = t + fview(S, foff, flen, F_VS_ETIME)[k] - t
    if td < t:
        if queue_meta[Q_VECSTIM_ERROR] == 0:
            queue_meta[Q_VECSTIM_ERROR] = k + 1
        return
    q_self(queue_f, queue_i, queue_meta, least_f, least_i, td, t, 1.0, T_VECSTIM, k, -1)


@njit(cache=True, error_model="numpy")
def vecstim_element(S, foff, flen, I, ioff, ilen, k, vs_times):
    start = iview(I, ioff, ilen, I_VS_START)
    index = fview(S, foff, flen, F_VS_INDEX)
    i = int(index[k])
    if i >= 0:
        size = start[k + 1] - start[k]
        if i < size:
            fview(S, foff, flen, F_VS_ETIME)[k] = vs_times[start[k] + i]
            index[k] += 1.0
        else:
            index[k] = -1.0


@njit(cache=True, error_model="numpy")
def vecstim_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                    least_i, vs_times):
    index = fview(S, foff, flen, F_VS_INDEX)
    for k in range(index.shape[0]):
        index[k] = 0.0
        vecstim_element(S, foff, flen, I, ioff, ilen, k, vs_times)
        if index[k] > 0:
            vecstim_send(S, foff, flen, queue_f, queue_i, queue_meta, least_f, least_i, k, t)


@njit(cache=True, error_model="numpy")
def artificial_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                       least_i, vs_times):
    """INITIAL of the hand-written artificial cells (VecStim: its first self event)."""
    vecstim_initial(S, foff, flen, I, ioff, ilen, t, queue_f, queue_i, queue_meta, least_f,
                    least_i, vs_times)
