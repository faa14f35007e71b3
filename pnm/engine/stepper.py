"""The fixed step and the run interval (numba), in NEURON's order (fadvance.cpp): thresholds,
events up to t + dt/2, currents and the Hines solve at the midpoint, states, recording, events
up to t + dt; finitialize; and `kernel`, the one entry point the engine calls (numba then loads
one cached library at start-up instead of one per entry point).

Mechanisms from users' .mod files come in as data: H, the table of their hooks' addresses, and
UD, the descriptor of their arrays (userhooks.py), so this module is compiled once for every
set of mechanisms."""

import numpy as np
from numba import njit

from .cable import axial_and_capacitance, back_substitute, triangularize, zero_matrix
from .eventqueue import q_take
from .continuousplay import play_assign, play_events, play_init
from .coupling import call_coupling, call_exchange
from .gaptransfer import transfer_values
from .fastimem import imem_after_update, imem_at_init, membrane_matrix
from .layout import (F_SECONDORDER, Q_GAP_ERROR, STATUS_GAP_ERROR, E_FLAG, E_NETCON, E_SENDER, E_TIDX, E_TTYPE, FLAG_EXTERNAL, F_NC_ACTIVE,
                     I_NC_TIDX, I_NC_TTYPE, I_PS_NCS, I_PS_START, T_PRESYN, T_USER,
                     E_TIME, F_A, F_AREA, F_B, F_DT, F_D, F_PS_FLAG, F_RHS, F_SAV_RHS, F_T, F_V,
                     I_GAP_SRC, I_PLAY_SLOT, I_REC_SLOT, MODE_ADVANCE, MODE_CURRENTS, MODE_INIT, MODE_INJECT, N_EVENT_F,
                     N_EVENT_I,
                     Q_CALLBACK, Q_COUPLING_ERROR, Q_RESUME, STATUS_CALLBACK, Q_HAS_LEAST, Q_SIZE, Q_NET_SEND_ERROR, Q_NET_SEND_K, STATUS_DONE, STATUS_NEED_ROOM,
                     STATUS_RECORD_FULL, STATUS_NET_SEND_ERROR, STATUS_COUPLING_ERROR, fview,
                     iview)
from .netevents import check_var_sources, inject, netcon_event
from .netevents import netcon_delivers
from .userhooks import (set_kernel_arrays, user_currents, user_ion_second_order, user_init_events, user_initial,
                        user_ion_currents, user_receive, user_states, user_watch)


@njit(cache=True, error_model="numpy")
def setup_matrix(S, foff, flen, I, ioff, ilen, H, UD):
    """NEURON's setup_tree_matrix: rhs and d from the membrane currents (the mechanisms' hooks
    in the catalogue's order), capacitance and axial coupling, at the current t (the step
    midpoint). With cvode.use_fast_imem(1), fastimem.membrane_matrix."""
    if flen[F_SAV_RHS] > 0:
        membrane_matrix(S, foff, flen, I, ioff, ilen, H, UD)
        return
    zero_matrix(S, foff, flen)
    user_ion_currents(S, foff, flen, H, UD)
    user_currents(S, foff, flen, H, UD)
    axial_and_capacitance(S, foff, flen, I, ioff, ilen)


@njit(cache=True, error_model="numpy")
def deliver_event(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i, queue_meta,
                  least_f, least_i, spk_f, spk_i, spk_n, H, UD):
    """One dequeued event: NET_RECEIVE of its target (a mechanism from a .mod file), or a
    source's grouped event to each of its active NetCons in creation order
    (PreSyn::deliver)."""
    if event_i[E_TTYPE] >= T_USER:
        user_receive(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i,
                     queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD)
        return
    if event_i[E_TTYPE] != T_PRESYN:        # T_NONE: nothing to deliver
        return
    ps = event_i[E_TIDX]
    start = iview(I, ioff, ilen, I_PS_START)
    ncs = iview(I, ioff, ilen, I_PS_NCS)
    active = fview(S, foff, flen, F_NC_ACTIVE)
    ttype = iview(I, ioff, ilen, I_NC_TTYPE)
    tidx = iview(I, ioff, ilen, I_NC_TIDX)
    each_f = np.empty(N_EVENT_F)
    each_i = np.empty(N_EVENT_I, dtype=np.int64)
    each_f[E_TIME] = event_f[E_TIME]
    each_f[E_FLAG] = FLAG_EXTERNAL
    each_i[E_SENDER] = -1
    for j in range(start[ps], start[ps + 1]):
        c = ncs[j]
        if netcon_delivers(active, ttype, c):
            each_i[E_TTYPE] = ttype[c]
            each_i[E_TIDX] = tidx[c]
            each_i[E_NETCON] = c
            if ttype[c] >= T_USER:
                user_receive(S, foff, flen, I, ioff, ilen, each_f, each_i, queue_f, queue_i,
                             queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD)


@njit(cache=True, error_model="numpy")
def deliver_until(S, foff, flen, I, ioff, ilen, til, queue_f, queue_i, queue_meta, least_f,
                  least_i, spk_f, spk_i, spk_n,
                  event_f, event_i, H, UD):
    """Deliver every queued event with time <= til; t is the event time during delivery."""
    tsav = S[foff[F_T]]
    while q_take(queue_meta, least_f, least_i, queue_f, queue_i, til, event_f, event_i):
        S[foff[F_T]] = event_f[E_TIME]
        deliver_event(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i,
                      queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD)
    S[foff[F_T]] = tsav


@njit(cache=True, error_model="numpy")
def check_thresholds(S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f, least_i,
                     spk_f, spk_i, spk_n):
    """PreSyn::check at the start of a step: a spike when var - threshold > 0 and the source
    was below threshold before; recorded at t + 1e-10 as NEURON does."""
    check_var_sources(S, foff, flen, I, ioff, ilen, S[foff[F_T]] + 1e-10, queue_f, queue_i,
                      queue_meta, least_f, least_i, spk_f, spk_i, spk_n)


@njit(cache=True, error_model="numpy")
def record(S, I, ioff, ilen, rec_buf, rec_n):
    slots = iview(I, ioff, ilen, I_REC_SLOT)
    k = rec_n[0]
    for r in range(slots.shape[0]):
        rec_buf[r, k] = S[slots[r]]
    rec_n[0] = k + 1


@njit(cache=True, error_model="numpy")
def advance(S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f, least_i,
            spk_f, spk_i, spk_n,
            rec_buf, rec_n, t_until, max_steps, q_margin, spk_margin, H, UD, couple, ctable, cbuf,
            gx, gtable, gbuf):
    """Fixed steps while t < t_until (at most max_steps). Returns (steps done, status), a
    layout.STATUS_* code: done, the event queue or spike buffer needs room, the record buffer
    is full, a net_send's time is earlier than t (NEURON aborts there), or the coupling
    step of split cells failed (its code in queue_meta[Q_COUPLING_ERROR]).
    couple, ctable, cbuf: the coupling step (the address of a coupling.py cfunc), called when
    ctable is not empty; gx, gtable, gbuf: the gap junctions' exchange with other ranks,
    likewise."""
    event_f = np.empty(N_EVENT_F)
    event_i = np.empty(N_EVENT_I, dtype=np.int64)
    v = fview(S, foff, flen, F_V)
    rhs = fview(S, foff, flen, F_RHS)
    d = fview(S, foff, flen, F_D)
    nnode = v.shape[0]
    nplay = ilen[I_PLAY_SLOT]
    ngap = ilen[I_GAP_SRC]
    steps = 0
    while steps < max_steps and S[foff[F_T]] < t_until:
        if queue_meta[Q_SIZE] + q_margin > queue_f.shape[0] or spk_n[0] + spk_margin > spk_f.shape[0]:
            return steps, STATUS_NEED_ROOM
        if rec_buf.shape[0] > 0 and rec_n[0] >= rec_buf.shape[1]:
            return steps, STATUS_RECORD_FULL
        dt = S[foff[F_DT]]
        # a step interrupted for a NetCon.record(callable) resumes where it stopped
        resume = queue_meta[Q_RESUME]
        queue_meta[Q_RESUME] = 0
        # deliver_net_events: thresholds, then events up to t + dt/2
        if resume == 0:
            check_thresholds(S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                             least_i, spk_f, spk_i, spk_n)
            if queue_meta[Q_CALLBACK] != 0:
                queue_meta[Q_RESUME] = 1
                return steps, STATUS_CALLBACK
        if resume <= 1:
            user_watch(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i,
                       queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD)
            deliver_until(S, foff, flen, I, ioff, ilen, S[foff[F_T]] + 0.5 * dt, queue_f,
                          queue_i, queue_meta, least_f, least_i,
                          spk_f, spk_i, spk_n, event_f, event_i, H, UD)
            if queue_meta[Q_NET_SEND_ERROR] != 0:
                return steps, STATUS_NET_SEND_ERROR
            if queue_meta[Q_CALLBACK] != 0:
                queue_meta[Q_RESUME] = 2
                return steps, STATUS_CALLBACK
        if nplay > 0:
            play_events(S, foff, flen, I, ioff, ilen, S[foff[F_T]] + 0.5 * dt)
        S[foff[F_T]] += 0.5 * dt
        if nplay > 0:
            play_assign(S, foff, flen, I, ioff, ilen, S[foff[F_T]])
        if nnode > 0:
            setup_matrix(S, foff, flen, I, ioff, ilen, H, UD)
            triangularize(S, foff, flen, I, ioff, ilen)
            if ctable.shape[0] > 0:
                code = call_coupling(couple, d.ctypes, rhs.ctypes, fview(S, foff, flen, F_A).ctypes,
                              fview(S, foff, flen, F_B).ctypes,
                              fview(S, foff, flen, F_AREA).ctypes, nnode, ctable.ctypes,
                              ctable.shape[0], cbuf.ctypes, cbuf.shape[0])
                if code != 0:
                    queue_meta[Q_COUPLING_ERROR] = code
                    return steps, STATUS_COUPLING_ERROR
            back_substitute(S, foff, flen, I, ioff, ilen)
            order = S[foff[F_SECONDORDER]]
            if order == 2.0:               # second_order_cur, then v at t + dt (update)
                user_ion_second_order(S, H, UD, rhs)
            if order != 0.0:
                for i in range(nnode):
                    v[i] += 2.0 * rhs[i]
            else:
                for i in range(nnode):
                    v[i] += rhs[i]
            if flen[F_SAV_RHS] > 0:
                imem_after_update(S, foff, flen)
        S[foff[F_T]] += 0.5 * dt
        if nplay > 0:
            play_assign(S, foff, flen, I, ioff, ilen, S[foff[F_T]])
        if gtable.shape[0] > 0:        # nrnmpi_v_transfer: source values between ranks
            code = call_exchange(gx, S.ctypes, S.shape[0], gtable.ctypes, gtable.shape[0],
                                 gbuf.ctypes, gbuf.shape[0])
            if code != 0:
                queue_meta[Q_GAP_ERROR] = code
                return steps, STATUS_GAP_ERROR
        if ngap > 0:                   # nonvint: gap junctions' sources to their targets
            transfer_values(S, I, ioff, ilen)
        user_states(S, foff, flen, H, UD)
        if rec_buf.shape[0] > 0:
            record(S, I, ioff, ilen, rec_buf, rec_n)
        deliver_until(S, foff, flen, I, ioff, ilen, S[foff[F_T]], queue_f, queue_i, queue_meta,
                      least_f, least_i,
                      spk_f, spk_i, spk_n, event_f, event_i, H, UD)
        if nplay > 0:
            play_events(S, foff, flen, I, ioff, ilen, S[foff[F_T]])
        steps += 1
        if queue_meta[Q_NET_SEND_ERROR] != 0:
            return steps, STATUS_NET_SEND_ERROR
        if queue_meta[Q_CALLBACK] != 0:
            return steps, STATUS_CALLBACK
    return steps, STATUS_DONE


@njit(cache=True, error_model="numpy")
def initialize(S, foff, flen, I, ioff, ilen, celsius, vinit, setv, queue_f, queue_i,
               queue_meta, least_f, least_i,
               spk_f, spk_i, spk_n, H, UD, gx, gtable, gbuf):
    """nrn_finitialize: t = 0, empty queue, v = vinit, INITIAL blocks (the mechanisms' hooks,
    in the catalogue's order), events
    due at t = 0 delivered, and the currents at t = 0 (so that recorded currents are set)."""
    S[foff[F_T]] = 0.0
    queue_meta[Q_SIZE] = 0
    queue_meta[Q_HAS_LEAST] = 0
    queue_meta[Q_NET_SEND_ERROR] = 0
    queue_meta[Q_NET_SEND_K] = 0
    if ilen[I_PLAY_SLOT] > 0:          # continuous plays: their events at t = 0, before v
        play_init(S, foff, flen, I, ioff, ilen)
        play_events(S, foff, flen, I, ioff, ilen, 0.0)
    v = fview(S, foff, flen, F_V)
    if setv:
        for i in range(v.shape[0]):
            v[i] = vinit
    if gtable.shape[0] > 0:            # gap junctions' sources between ranks, before INITIAL
        queue_meta[Q_GAP_ERROR] = call_exchange(gx, S.ctypes, S.shape[0], gtable.ctypes,
                                                gtable.shape[0], gbuf.ctypes, gbuf.shape[0])
        if queue_meta[Q_GAP_ERROR] != 0:
            return
    if ilen[I_GAP_SRC] > 0:            # gap junctions' sources to their targets, before INITIAL
        transfer_values(S, I, ioff, ilen)
    user_initial(S, foff, flen, H, UD, celsius)
    event_f = np.empty(N_EVENT_F)
    event_i = np.empty(N_EVENT_I, dtype=np.int64)
    user_init_events(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i,
                     queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD)
    # sources start below threshold (NetCvode::init_events sets every flag false)
    flag = fview(S, foff, flen, F_PS_FLAG)
    for p in range(flag.shape[0]):
        flag[p] = 0.0
    deliver_until(S, foff, flen, I, ioff, ilen, 0.0, queue_f, queue_i, queue_meta, least_f,
                  least_i, spk_f, spk_i, spk_n,
                  event_f, event_i, H, UD)
    if v.shape[0] > 0:
        setup_matrix(S, foff, flen, I, ioff, ilen, H, UD)
        if flen[F_SAV_RHS] > 0:
            imem_at_init(S, foff, flen)


@njit(cache=True, nogil=True, error_model="numpy")   # nogil: the heartbeat thread runs during long calls
def kernel(mode, S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
           least_i, spk_f, spk_i, spk_n,
           rec_buf, rec_n, t, n, q_margin, spk_margin, celsius, vinit, setv,
           ps_list, t_list, H, UD, couple, ctable, cbuf, gx, gtable, gbuf):
    """MODE_INIT: initialize (celsius, vinit, setv). MODE_ADVANCE: advance until t, at most
    n steps; returns (steps, status). MODE_INJECT: queue the spikes (ps_list, t_list) from
    other ranks. MODE_NETCON_EVENT: NetCon n's event at time t. MODE_CURRENTS: the membrane
    currents at the present t and states (fcurrent). couple, ctable, cbuf: the coupling step
    of split cells (a coupling.py cfunc's address); gx, gtable, gbuf: the gap junctions'
    exchange (likewise)."""
    set_kernel_arrays(UD, S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                      least_i, spk_f, spk_i, spk_n)
    if mode == MODE_INIT:
        initialize(S, foff, flen, I, ioff, ilen, celsius, vinit, setv, queue_f, queue_i,
                   queue_meta, least_f, least_i,
                   spk_f, spk_i, spk_n, H, UD, gx, gtable, gbuf)
    elif mode == MODE_ADVANCE:
        return advance(S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                       least_i, spk_f, spk_i, spk_n,
                       rec_buf, rec_n, t, n, q_margin, spk_margin, H, UD, couple,
                       ctable, cbuf, gx, gtable, gbuf)
    elif mode == MODE_INJECT:
        inject(S, foff, flen, I, ioff, ilen, ps_list, t_list, queue_f, queue_i, queue_meta,
               least_f, least_i)
    elif mode == MODE_CURRENTS:
        if flen[F_V] > 0:
            setup_matrix(S, foff, flen, I, ioff, ilen, H, UD)
    else:
        netcon_event(S, foff, flen, I, ioff, ilen, n, t, queue_f, queue_i, queue_meta, least_f,
                     least_i)
    return 0, 0
