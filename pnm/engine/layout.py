"""Where each field lives in the engine's two flat arrays (float64 S, int64 I): one contiguous
slice per field (structure of arrays). Field ids are module constants so numba folds them."""

FLOAT_FIELDS = [
    # globals
    "T", "DT",
    # nodes
    "V", "RHS", "D", "A", "B", "AREA", "CM",
    # hh
    "HH_GNABAR", "HH_GKBAR", "HH_GL", "HH_EL", "HH_ENA", "HH_EK", "HH_M", "HH_H", "HH_N",
    "HH_GNA", "HH_GK", "HH_INA", "HH_IK", "HH_IL",
    "HH_MINF", "HH_HINF", "HH_NINF", "HH_MTAU", "HH_HTAU", "HH_NTAU", "HH_TABLE",
    # pas
    "PAS_G", "PAS_E", "PAS_I",
    # ExpSyn
    "ES_TAU", "ES_E", "ES_G", "ES_I",
    # Exp2Syn
    "E2_TAU1", "E2_TAU2", "E2_E", "E2_A", "E2_B", "E2_G", "E2_I", "E2_FACTOR",
    # IClamp
    "IC_DELAY", "IC_DUR", "IC_AMP", "IC_I",
    # IntFire1
    "IF1_TAU", "IF1_REFRAC", "IF1_M", "IF1_T0", "IF1_REFRACTORY",
    # IntFire2
    "IF2_TAUM", "IF2_TAUS", "IF2_IB", "IF2_M", "IF2_I", "IF2_T0",
    # IntFire4
    "IF4_TAUE", "IF4_TAUI1", "IF4_TAUI2", "IF4_TAUM", "IF4_E", "IF4_I1", "IF4_I2", "IF4_M",
    "IF4_T0", "IF4_NSELF", "IF4_NEXCITE", "IF4_NINHIBIT", "IF4_KE", "IF4_KI1", "IF4_KI2",
    "IF4_KM", "IF4_AE", "IF4_AI1", "IF4_AI2", "IF4_BE", "IF4_BI1", "IF4_BI2", "IF4_A", "IF4_B",
    # NetStim
    "NS_INTERVAL", "NS_NUMBER", "NS_START", "NS_NOISE", "NS_EVENT", "NS_ON", "NS_ISPIKE",
    # VecStim
    "VS_INDEX", "VS_ETIME", "VS_TIMES",
    # NetCon
    "NC_DELAY", "NC_WEIGHT", "NC_ACTIVE",
    # PreSyn (spike sources)
    "PS_THRESH", "PS_FLAG",
]

INT_FIELDS = [
    "PARENT",
    "HH_NODE", "PAS_NODE", "ES_NODE", "E2_NODE", "IC_NODE",
    "IF1_PS", "IF2_PS", "IF4_PS", "NS_PS", "VS_PS", "IF2_SELF", "IF4_SELF",
    "NS_ID1", "NS_ID2", "NS_ID3", "NS_DRAWS",
    "VS_START",
    "NC_SRC", "NC_TTYPE", "NC_TIDX",
    "PS_KIND", "PS_SLOT", "PS_START", "PS_NCS",
    "REC_SLOT",
]

for _i, _name in enumerate(FLOAT_FIELDS):
    globals()["F_" + _name] = _i
for _i, _name in enumerate(INT_FIELDS):
    globals()["I_" + _name] = _i
NF = len(FLOAT_FIELDS)
NI = len(INT_FIELDS)

# NetCon target types (what NET_RECEIVE runs)
T_NONE, T_EXPSYN, T_EXP2SYN, T_IF1, T_IF2, T_IF4, T_NETSTIM, T_VECSTIM = range(8)
TARGET_TYPE = {"ExpSyn": T_EXPSYN, "Exp2Syn": T_EXP2SYN, "IntFire1": T_IF1,
               "IntFire2": T_IF2, "IntFire4": T_IF4, "NetStim": T_NETSTIM,
               "VecStim": T_VECSTIM}

# spike source kinds
PS_VAR, PS_EVENT, PS_REMOTE = 0, 1, 2

# number of entries of the hh rate table: FROM -100 TO 100 WITH 200
HH_TABLE_N = 201

# which float fields of each mechanism are per-instance (name in the catalogue -> field id)
FIELD_PREFIX = {"hh": "HH_", "pas": "PAS_", "ExpSyn": "ES_", "Exp2Syn": "E2_", "IClamp": "IC_",
                "IntFire1": "IF1_", "IntFire2": "IF2_", "IntFire4": "IF4_", "NetStim": "NS_",
                "VecStim": "VS_"}


def field_id(mech, field):
    name = FIELD_PREFIX[mech] + field.upper()
    try:
        return FLOAT_FIELDS.index(name)
    except ValueError:
        raise KeyError(f"{mech}.{field}") from None
