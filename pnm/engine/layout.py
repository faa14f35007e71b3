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
# hh
F_HH_GNABAR = 9
F_HH_GKBAR = 10
F_HH_GL = 11
F_HH_EL = 12
F_HH_ENA = 13
F_HH_EK = 14
F_HH_M = 15
F_HH_H = 16
F_HH_N = 17
F_HH_GNA = 18
F_HH_GK = 19
F_HH_INA = 20
F_HH_IK = 21
F_HH_IL = 22
F_HH_MINF = 23
F_HH_HINF = 24
F_HH_NINF = 25
F_HH_MTAU = 26
F_HH_HTAU = 27
F_HH_NTAU = 28
F_HH_TABLE = 29
# pas
F_PAS_G = 30
F_PAS_E = 31
F_PAS_I = 32
# ExpSyn
F_ES_TAU = 33
F_ES_E = 34
F_ES_G = 35
F_ES_I = 36
# Exp2Syn
F_E2_TAU1 = 37
F_E2_TAU2 = 38
F_E2_E = 39
F_E2_A = 40
F_E2_B = 41
F_E2_G = 42
F_E2_I = 43
F_E2_FACTOR = 44
# IClamp
F_IC_DELAY = 45
F_IC_DUR = 46
F_IC_AMP = 47
F_IC_I = 48
# IntFire1
F_IF1_TAU = 49
F_IF1_REFRAC = 50
F_IF1_M = 51
F_IF1_T0 = 52
F_IF1_REFRACTORY = 53
# IntFire2
F_IF2_TAUM = 54
F_IF2_TAUS = 55
F_IF2_IB = 56
F_IF2_M = 57
F_IF2_I = 58
F_IF2_T0 = 59
# IntFire4
F_IF4_TAUE = 60
F_IF4_TAUI1 = 61
F_IF4_TAUI2 = 62
F_IF4_TAUM = 63
F_IF4_E = 64
F_IF4_I1 = 65
F_IF4_I2 = 66
F_IF4_M = 67
F_IF4_T0 = 68
F_IF4_NSELF = 69
F_IF4_NEXCITE = 70
F_IF4_NINHIBIT = 71
F_IF4_KE = 72
F_IF4_KI1 = 73
F_IF4_KI2 = 74
F_IF4_KM = 75
F_IF4_AE = 76
F_IF4_AI1 = 77
F_IF4_AI2 = 78
F_IF4_BE = 79
F_IF4_BI1 = 80
F_IF4_BI2 = 81
F_IF4_A = 82
F_IF4_B = 83
# NetStim
F_NS_INTERVAL = 84
F_NS_NUMBER = 85
F_NS_START = 86
F_NS_NOISE = 87
F_NS_EVENT = 88
F_NS_ON = 89
F_NS_ISPIKE = 90
# VecStim
F_VS_INDEX = 91
F_VS_ETIME = 92
# NetCon
F_NC_DELAY = 93
F_NC_WEIGHT = 94
F_NC_ACTIVE = 95
# PreSyn (spike sources)
F_PS_THRESH = 96
F_PS_FLAG = 97
F_PS_DELAY = 98
# mechanisms from users' .mod files: one block per mechanism (usermechs.py)
F_USER = 99
# continuous Vector.play (continuousplay.py): every play's times and values, concatenated
F_PLAY_T = 100
F_PLAY_Y = 101
# gap junctions (gaptransfer.py): the values of sources on other ranks, as received
F_GAP_IN = 102
F_SECONDORDER = 103  # NEURON's secondorder (0 backward Euler, 1 Crank-Nicolson, 2 also ion currents)
N_FLOAT_FIELDS = 104

# ---- int fields (I) ---------------------------------------------------------------------
I_PARENT = 0
I_PAS_RUNS = 1
I_GROUP = 2
I_GROUP_PARENT = 3
I_HH_NODE = 4
I_PAS_NODE = 5
I_ES_NODE = 6
I_E2_NODE = 7
I_IC_NODE = 8
I_IF1_PS = 9
I_IF2_PS = 10
I_IF4_PS = 11
I_NS_PS = 12
I_VS_PS = 13
I_IF2_SELF = 14
I_IF4_SELF = 15
I_NS_ID1 = 16
I_NS_ID2 = 17
I_NS_ID3 = 18
I_NS_DRAWS = 19
I_VS_START = 20
I_NC_SRC = 21
I_NC_TTYPE = 22
I_NC_TIDX = 23
I_PS_KIND = 24
I_PS_SLOT = 25
I_PS_START = 26
I_PS_NCS = 27
I_PS_GROUPED = 28
I_PS_KEY = 29
I_REC_SLOT = 30
I_NS_GIX = 31      # Random123's global index (one value), NetStim's stream key
# continuous Vector.play (continuousplay.py)
I_PLAY_SLOT = 32    # the played variable's slot in S
I_PLAY_START = 33   # play p's points: F_PLAY_T/Y[start[p]:start[p + 1]]
I_PLAY_STATE = 34   # PLAY_STATE_N per play: ubound, last, discontinuity index, pending, has_discon
I_PLAY_DSTART = 35  # play p's discontinuity indices: I_PLAY_DISC[dstart[p]:dstart[p + 1]]
I_PLAY_DISC = 36
I_PS_CALLBACK = 37  # 1 for a source with a NetCon.record(callable): the kernel stops for it
# ParallelContext.source_var / target_var (gaptransfer.py): pair k copies S[src[k]] to S[tgt[k]]
I_GAP_SRC = 38
I_GAP_TGT = 39
N_INT_FIELDS = 40

# each mechanism's per-instance float fields: catalogue name -> field name -> field id
MECH_FIELDS = {
    "hh": {"gnabar": F_HH_GNABAR, "gkbar": F_HH_GKBAR, "gl": F_HH_GL, "el": F_HH_EL,
        "ena": F_HH_ENA, "ek": F_HH_EK, "m": F_HH_M, "h": F_HH_H, "n": F_HH_N, "gna": F_HH_GNA,
        "gk": F_HH_GK, "ina": F_HH_INA, "ik": F_HH_IK, "il": F_HH_IL, "minf": F_HH_MINF,
        "hinf": F_HH_HINF, "ninf": F_HH_NINF, "mtau": F_HH_MTAU, "htau": F_HH_HTAU,
        "ntau": F_HH_NTAU},
    "pas": {"g": F_PAS_G, "e": F_PAS_E, "i": F_PAS_I},
    "ExpSyn": {"tau": F_ES_TAU, "e": F_ES_E, "g": F_ES_G, "i": F_ES_I},
    "Exp2Syn": {"tau1": F_E2_TAU1, "tau2": F_E2_TAU2, "e": F_E2_E, "A": F_E2_A, "B": F_E2_B,
        "g": F_E2_G, "i": F_E2_I, "factor": F_E2_FACTOR},
    "IClamp": {"delay": F_IC_DELAY, "dur": F_IC_DUR, "amp": F_IC_AMP, "i": F_IC_I},
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
T_EXPSYN = 1
T_EXP2SYN = 2
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
TARGET_TYPE = {"ExpSyn": T_EXPSYN, "Exp2Syn": T_EXP2SYN, "IntFire1": T_IF1,
               "IntFire2": T_IF2, "IntFire4": T_IF4, "NetStim": T_NETSTIM,
               "VecStim": T_VECSTIM}

# ---- spike source kinds (I_PS_KIND) ----------------------------------------------------------
PS_VAR = 0       # threshold crossing of a variable (S[I_PS_SLOT])
PS_EVENT = 1     # net_event of an artificial cell
PS_REMOTE = 2    # a gid on another rank: spikes arrive by inject

# ---- the hh rate table: FROM -100 TO 100 WITH 200 ---------------------------------------------
HH_TABLE_N = 201

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
