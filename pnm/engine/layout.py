"""Names of the engine's state layout for Python code (the field ids themselves are defined in
kernels.py, next to the numba code that freezes them), and the catalogue-name -> field map."""

from .kernels import (FLOAT_FIELDS, INT_FIELDS, NF, NI, HH_TABLE_N,  # noqa: F401
                      T_NONE, T_EXPSYN, T_EXP2SYN, T_IF1, T_IF2, T_IF4, T_NETSTIM, T_VECSTIM,
                      T_PRESYN, TARGET_TYPE, PS_VAR, PS_EVENT, PS_REMOTE)
from . import kernels as _k

for _name in FLOAT_FIELDS:
    globals()["F_" + _name] = getattr(_k, "F_" + _name)
for _name in INT_FIELDS:
    globals()["I_" + _name] = getattr(_k, "I_" + _name)

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
