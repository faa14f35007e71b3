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
# IntFire1
F_IF1_TAU = 9
F_IF1_REFRAC = 10
F_IF1_M = 11
F_IF1_T0 = 12
F_IF1_REFRACTORY = 13
# IntFire2
F_IF2_TAUM = 14
F_IF2_TAUS = 15
F_IF2_IB = 16
F_IF2_M = 17
F_IF2_I = 18
F_IF2_T0 = 19
# IntFire4
F_IF4_TAUE = 20
F_IF4_TAUI1 = 21
F_IF4_TAUI2 = 22
F_IF4_TAUM = 23
F_IF4_E = 24
F_IF4_I1 = 25
F_IF4_I2 = 26
F_IF4_M = 27
F_IF4_T0 = 28
F_IF4_NSELF = 29
F_IF4_NEXCITE = 30
F_IF4_NINHIBIT = 31
F_IF4_KE = 32
F_IF4_KI1 = 33
F_IF4_KI2 = 34
F_IF4_KM = 35
F_IF4_AE = 36
F_IF4_AI1 = 37
F_IF4_AI2 = 38
F_IF4_BE = 39
F_IF4_BI1 = 40
F_IF4_BI2 = 41
F_IF4_A = 42
F_IF4_B = 43
# NetStim
F_NS_INTERVAL = 44
F_NS_NUMBER = 45
F_NS_START = 46
F_NS_NOISE = 47
F_NS_EVENT = 48
F_NS_ON = 49
F_NS_ISPIKE = 50
# VecStim
F_VS_INDEX = 51
F_VS_ETIME = 52
# NetCon
F_NC_DELAY = 53
F_NC_WEIGHT = 54
F_NC_ACTIVE = 55
# PreSyn (spike sources)
F_PS_THRESH = 56
F_PS_FLAG = 57
F_PS_DELAY = 58
# mechanisms from users' .mod files: one block per mechanism (usermechs.py)
F_USER = 59
# continuous Vector.play (continuousplay.py): every play's times and values, concatenated
F_PLAY_T = 60
F_PLAY_Y = 61
# gap junctions (gaptransfer.py): the values of sources on other ranks, as received
F_GAP_IN = 62
F_SECONDORDER = 63  # NEURON's secondorder (0 backward Euler, 1 Crank-Nicolson, 2 also ion currents)
N_FLOAT_FIELDS = 64

# ---- int fields (I) ---------------------------------------------------------------------
I_PARENT = 0
I_GROUP = 1
I_GROUP_PARENT = 2
I_IF1_PS = 3
I_IF2_PS = 4
I_IF4_PS = 5
I_NS_PS = 6
I_VS_PS = 7
I_IF2_SELF = 8
I_IF4_SELF = 9
I_NS_ID1 = 10
I_NS_ID2 = 11
I_NS_ID3 = 12
I_NS_DRAWS = 13
I_VS_START = 14
I_NC_SRC = 15
I_NC_TTYPE = 16
I_NC_TIDX = 17
I_PS_KIND = 18
I_PS_SLOT = 19
I_PS_START = 20
I_PS_NCS = 21
I_PS_GROUPED = 22
I_PS_KEY = 23
I_REC_SLOT = 24
I_NS_GIX = 25      # Random123's global index (one value), NetStim's stream key
# continuous Vector.play (continuousplay.py)
I_PLAY_SLOT = 26    # the played variable's slot in S
I_PLAY_START = 27   # play p's points: F_PLAY_T/Y[start[p]:start[p + 1]]
I_PLAY_STATE = 28   # PLAY_STATE_N per play: ubound, last, discontinuity index, pending, has_discon
I_PLAY_DSTART = 29  # play p's discontinuity indices: I_PLAY_DISC[dstart[p]:dstart[p + 1]]
I_PLAY_DISC = 30
I_PS_CALLBACK = 31  # 1 for a source with a NetCon.record(callable): the kernel stops for it
# ParallelContext.source_var / target_var (gaptransfer.py): pair k copies S[src[k]] to S[tgt[k]]
I_GAP_SRC = 32
I_GAP_TGT = 33
N_INT_FIELDS = 34

# each mechanism's per-instance float fields: catalogue name -> field name -> field id
MECH_FIELDS = {
    "IntFire1": {"tau": F_IF1_TAU, "refrac": F_IF1_REFRAC, "m": F_IF1_M, "t0": F_IF1_T0,
        "refractory": F_IF1_REFRACTORY},
    "IntFire2": {"taum": F_IF2_TAUM, "taus": F_IF2_TAUS, "ib": F_IF2_IB, "m": F_IF2_M,
        "i": F_IF2_I, "t0": F_IF2_T0},
    "IntFire4": {"taue": F_IF4_TAUE, "taui1": F_IF4_TAUI1, "taui2": F_IF4_TAUI2,
        "taum": F_IF4_TAUM, "e": F_IF4_E, "i1": F_IF4_I1, "i2": F_IF4_I2, "m": F_IF4_M,
        "t0": F_IF4_T0, "nself": F_IF4_NSELF, "nexcite": F_IF4_NEXCITE,
        "ninhibit": F_IF4_NINHIBIT, "ke": F_IF4_KE, "ki1": F_IF4_KI1, "ki2": F_IF4_KI2,
        "km": F_IF4_KM, "ae": F_IF4_AE, "ai1": F_IF4_AI1, "ai2": F_IF4_AI2, "be": F_IF4_BE,
        "bi1": F_IF4_BI1, "bi2": F_IF4_BI2, "a": F_IF4_A, "b": F_IF4_B},
    "NetStim": {"interval": F_NS_INTERVAL, "number": F_NS_NUMBER, "start": F_NS_START,
        "noise": F_NS_NOISE, "event": F_NS_EVENT, "on": F_NS_ON, "ispike": F_NS_ISPIKE},
    "VecStim": {"index": F_VS_INDEX, "etime": F_VS_ETIME},
}


def field_id(mech, field):
    try:
        return MECH_FIELDS[mech][field]
    except KeyError:
        raise KeyError(f"{mech}.{field}") from None


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
T_IF1 = 3
T_IF2 = 4
T_IF4 = 5
T_NETSTIM = 6
T_VECSTIM = 7
# one queue event for all NetCons of a source that share one delay (NEURON's use_min_delay_)
T_PRESYN = 8
# a POINT_PROCESS / ARTIFICIAL_CELL from a .mod file: T_USER + its place in the model's list
# of such mechanisms (userpoints.py)
T_USER = 16
TARGET_TYPE = {"IntFire1": T_IF1,
               "IntFire2": T_IF2, "IntFire4": T_IF4, "NetStim": T_NETSTIM,
               "VecStim": T_VECSTIM}

# ---- spike source kinds (I_PS_KIND) ----------------------------------------------------------
PS_VAR = 0       # threshold crossing of a variable (S[I_PS_SLOT])
PS_EVENT = 1     # net_event of an artificial cell
PS_REMOTE = 2    # a gid on another rank: spikes arrive by inject

# ---- NetStim self-event flags (NEURON's netstim.mod) ------------------------------------------
FLAG_EXTERNAL = 0.0   # an event from a NetCon
FLAG_SELF = 1.0       # net_send(..., 1): the cell's own timer
FLAG_NETSTIM_INIT = 3.0

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
Q_VECSTIM_ERROR = 3  # k + 1 of a VecStim whose next time went back (the engine raises)
Q_CANONICAL = 4      # 1: canonical tie order (any ParallelContext), 0: NEURON's
Q_SELF_CODE = 5      # counter of self-event codes (IntFire2/IntFire4 keep one outstanding)
Q_COUPLING_ERROR = 6  # the nonzero code the coupling step of split cells returned
Q_CALLBACK = 7       # 1: a source with a NetCon.record(callable) fired (STATUS_CALLBACK)
Q_RESUME = 8         # where the interrupted step resumes: 1 after the threshold checks,
                     # 2 after the events due at t + dt/2 (0: a step from its start)
Q_GAP_ERROR = 9      # the nonzero code the gap junctions' value exchange returned
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
STATUS_VECSTIM_ERROR = 3  # a VecStim's next time is earlier than t (queue_meta[Q_VECSTIM_ERROR])
STATUS_COUPLING_ERROR = 4  # the coupling step failed (queue_meta[Q_COUPLING_ERROR])
STATUS_CALLBACK = 5      # a source with a NetCon.record(callable) fired: call it, call again
STATUS_GAP_ERROR = 6     # the gap junctions' value exchange failed (queue_meta[Q_GAP_ERROR])

# ---- keys of the canonical tie order ----------------------------------------------------------
SELF_KEY = -(1 << 62)          # a cell's own events (net_send), before any NetCon's
EXTERNAL_KEY = SELF_KEY + 1    # NetCon.event() on a NetCon without source
NOGID_KEY = -(1 << 61)         # sources without gid: NOGID_KEY + creation number
