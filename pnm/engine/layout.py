"""Where every field of the engine's state lives, and the named constants the kernels share.

The state is two flat arrays, S (float64) and I (int64). Field F_x occupies
S[foff[F_x]:foff[F_x] + flen[F_x]] and field I_x occupies I[ioff[I_x]:ioff[I_x] + ilen[I_x]]
(foff/flen, ioff/ilen: offset and length of each float / int field, made by the engine's build).

numba freezes these constants into the cached machine code of the kernel modules; a change
here therefore clears that cache (see kernelcache.py), so that stale kernels never run."""

from numba import njit

# ---- float fields (S) -------------------------------------------------------------------
# globals
F_T = 0
F_DT = 1
# nodes
F_V = 2
F_RHS = 3
F_D = 4
F_A = 5
F_B = 6
F_AREA = 7
F_CM = 8
# NetCon
F_NC_DELAY = 9
F_NC_WEIGHT = 10
F_NC_ACTIVE = 11
# PreSyn (spike sources)
F_PS_THRESH = 12
F_PS_FLAG = 13
F_PS_DELAY = 14
# mechanisms from .mod files (pnm's built-ins and users'): one block per mechanism (usermechs.py, userpoints.py)
F_USER = 15
# continuous Vector.play (continuousplay.py): every play's times and values, concatenated
F_PLAY_T = 16
F_PLAY_Y = 17
# gap junctions (gaptransfer.py): the values of sources on other ranks, as received
F_GAP_IN = 18
F_SECONDORDER = 19  # NEURON's secondorder (0 backward Euler, 1 Crank-Nicolson, 2 also ion currents)
# cvode.use_fast_imem(1) (fastimem.py): one per node, empty without it. F_SAV_RHS holds the
# membrane current density, then i_membrane_ (nA) after each step; F_SAV_D its di/dv
F_SAV_RHS = 20
F_SAV_D = 21
N_FLOAT_FIELDS = 22

# ---- int fields (I) ---------------------------------------------------------------------
I_PARENT = 0
I_GROUP = 1
I_GROUP_PARENT = 2
I_NC_SRC = 3
I_NC_TTYPE = 4
I_NC_TIDX = 5
I_PS_KIND = 6
I_PS_SLOT = 7
I_PS_START = 8
I_PS_NCS = 9
I_PS_GROUPED = 10
I_PS_KEY = 11
I_REC_SLOT = 12
# continuous Vector.play (continuousplay.py)
I_PLAY_SLOT = 13  # the played variable's slot in S
I_PLAY_START = 14  # play p's points: F_PLAY_T/Y[start[p]:start[p + 1]]
I_PLAY_STATE = 15  # PLAY_STATE_N per play: ubound, last, discontinuity index, pending, has_discon
I_PLAY_DSTART = 16  # play p's discontinuity indices: I_PLAY_DISC[dstart[p]:dstart[p + 1]]
I_PLAY_DISC = 17
I_PS_CALLBACK = 18  # 1 for a source with a NetCon.record(callable): the kernel stops for it
# ParallelContext.source_var / target_var (gaptransfer.py): pair k copies S[src[k]] to S[tgt[k]]
I_GAP_SRC = 19
I_GAP_TGT = 20
N_INT_FIELDS = 21


@njit(cache=True, inline="always", error_model="numpy")
def fview(S, foff, flen, fid):
    """Float field fid as a view of S."""
    o = foff[fid]
    return S[o:o + flen[fid]]


@njit(cache=True, inline="always", error_model="numpy")
def iview(I, ioff, ilen, fid):
    """Int field fid as a view of I."""
    o = ioff[fid]
    return I[o:o + ilen[fid]]


# ---- what NET_RECEIVE runs for an event (the target type of a NetCon) ---------------------
T_NONE = 0
# one queue event for all NetCons of a source that share one delay (NEURON's use_min_delay_)
T_PRESYN = 8
# a POINT_PROCESS / ARTIFICIAL_CELL from a .mod file: T_USER + its place in the model's list
# of such mechanisms (userpoints.py)
T_USER = 16

# ---- spike source kinds (I_PS_KIND) ----------------------------------------------------------
PS_VAR = 0       # threshold crossing of a variable (S[I_PS_SLOT])
PS_EVENT = 1     # net_event of an artificial cell
PS_REMOTE = 2    # a gid on another rank: spikes arrive by inject

# ---- NET_RECEIVE's flag ------------------------------------------------------------------------
FLAG_EXTERNAL = 0.0   # an event from a NetCon
FLAG_SELF = 1.0       # net_send(..., 1): the cell's own timer

# ---- event columns: queue_f / least_f / event_f rows, queue_i / least_i / event_i rows ------
E_TIME = 0       # float: when the event is due
E_FLAG = 1       # float: NET_RECEIVE's flag
E_SENT = 2       # float: when it was sent (canonical tie order)
E_SENDER = 0     # int: sender key (canonical order) or insertion number (NEURON's order)
E_TTYPE = 1      # int: target type T_*
E_TIDX = 2       # int: target instance (or source, for T_PRESYN)
E_NETCON = 3     # int: NetCon index, -1, or a self-event code (<= -2)
E_ORDER = 4      # int: last tie key (the NetCon, or the cell for self events)
N_EVENT_F = 3
N_EVENT_I = 5

# ---- queue_meta entries ----------------------------------------------------------------------
Q_SIZE = 0           # items in the heap
Q_INSERTIONS = 1     # insertion counter (NEURON's FIFO tie order)
Q_HAS_LEAST = 2      # 1 when the held least item is set
Q_NET_SEND_ERROR = 3  # T_USER + m of a mechanism whose net_send went back in time (NEURON
                      # aborts there; the engine raises), 0 when none did
Q_CANONICAL = 4      # 1: canonical tie order (more than one rank), 0: NEURON's
Q_COUPLING_ERROR = 5  # the nonzero code the coupling step of split cells returned
Q_CALLBACK = 6       # 1: a source with a NetCon.record(callable) fired (STATUS_CALLBACK)
Q_RESUME = 7         # where the interrupted step resumes: 1 after the threshold checks,
                     # 2 after the events due at t + dt/2 (0: a step from its start)
Q_GAP_ERROR = 8      # the nonzero code the gap junctions' value exchange returned
Q_NET_SEND_K = 9     # with Q_NET_SEND_ERROR: the instance
N_QUEUE_META = 10

# ---- kernel entry modes and advance status ----------------------------------------------------
MODE_INIT = 0
MODE_ADVANCE = 1
MODE_INJECT = 2
MODE_NETCON_EVENT = 3
MODE_CURRENTS = 4        # the membrane currents at the present t and states (NEURON's fcurrent)

STATUS_DONE = 0          # reached t_until or max_steps
STATUS_NEED_ROOM = 1     # the event queue or the spike buffer must grow
STATUS_RECORD_FULL = 2   # the recording buffer is full: empty it and call again
STATUS_NET_SEND_ERROR = 3  # a net_send's time is earlier than t (queue_meta[Q_NET_SEND_ERROR])
STATUS_COUPLING_ERROR = 4  # the coupling step failed (queue_meta[Q_COUPLING_ERROR])
STATUS_CALLBACK = 5      # a source with a NetCon.record(callable) fired: call it, call again
STATUS_GAP_ERROR = 6     # the gap junctions' value exchange failed (queue_meta[Q_GAP_ERROR])

# ---- keys of the canonical tie order ----------------------------------------------------------
SELF_KEY = -(1 << 62)          # a cell's own events (net_send), before any NetCon's
EXTERNAL_KEY = SELF_KEY + 1    # NetCon.event() on a NetCon without source
NOGID_KEY = -(1 << 61)         # sources without gid: NOGID_KEY + creation number
