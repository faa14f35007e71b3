"""NET_RECEIVE of the hand-written artificial cell VecStim (numba), as in vecevent.mod; the
stepper's deliver_event dispatches a dequeued event here (or to a mechanism from a .mod
file: IntFire1/2/4, NetStim, ExpSyn, users')."""

from numba import njit

from .artificial import vecstim_element, vecstim_send
from .layout import (E_FLAG, E_TIDX, E_TIME, E_TTYPE, FLAG_SELF, F_VS_INDEX, I_VS_PS,
                     T_VECSTIM, fview)
from .netevents import fire_if_source


@njit(cache=True, inline="always", error_model="numpy")
def vecstim_receive(S, foff, flen, I, ioff, ilen, k, t, flag, queue_f, queue_i, queue_meta,
                    least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    if flag == FLAG_SELF:
        fire_if_source(S, foff, flen, I, ioff, ilen, I_VS_PS, k, t, queue_f, queue_i,
                       queue_meta, least_f, least_i, spk_f, spk_i, spk_n)
        vecstim_element(S, foff, flen, I, ioff, ilen, k, vs_times)
        if fview(S, foff, flen, F_VS_INDEX)[k] > 0:
            vecstim_send(S, foff, flen, queue_f, queue_i, queue_meta, least_f, least_i, k, t)


@njit(cache=True, inline="always", error_model="numpy")
def net_receive(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i, queue_meta,
                least_f, least_i, spk_f, spk_i, spk_n, vs_times):
    """Run the NET_RECEIVE block of one event (t = the event's exact time)."""
    if event_i[E_TTYPE] == T_VECSTIM:
        vecstim_receive(S, foff, flen, I, ioff, ilen, event_i[E_TIDX], event_f[E_TIME],
                        event_f[E_FLAG], queue_f, queue_i, queue_meta, least_f, least_i, spk_f,
                        spk_i, spk_n, vs_times)
