"""How many bytes of the compiled engine's arrays each model item takes (a node, an instance
of each mechanism, a NetCon, a spike source), read from the engine's actual field lengths, so
that the load balancer (pnm/parallel/costmodel.py) can charge each gid for its memory."""

from . import layout as L
from ..model import mechanisms as mechs

NODE_FLOATS = (L.F_V, L.F_RHS, L.F_D, L.F_A, L.F_B, L.F_AREA, L.F_CM)
NODE_INTS = (L.I_PARENT,)
NETCON_FLOATS = (L.F_NC_DELAY, L.F_NC_WEIGHT, L.F_NC_ACTIVE)
NETCON_INTS = (L.I_NC_SRC, L.I_NC_TTYPE, L.I_NC_TIDX, L.I_PS_NCS)
PRESYN_FLOATS = (L.F_PS_THRESH, L.F_PS_FLAG, L.F_PS_DELAY)
PRESYN_INTS = (L.I_PS_GROUPED, L.I_PS_KIND, L.I_PS_SLOT, L.I_PS_KEY, L.I_PS_START)
QUEUE_ROWS_PER_NETCON = 4   # build.allocate_queue: capacity 2 * margin, margin 2 per NetCon


def _per_item(eng, floats, ints):
    """Bytes per item of a group of fields that all have one entry per item (the mean over
    the engine's arrays; the fields' item sizes when the engine has no such item)."""
    fsize, isize = eng.S.itemsize, eng.I.itemsize
    count = max([int(eng.flen[f]) for f in floats] + [int(eng.ilen[i]) for i in ints] + [0])
    if count == 0:
        return float(len(floats) * fsize + len(ints) * isize)
    total = sum(int(eng.flen[f]) for f in floats) * fsize \
        + sum(int(eng.ilen[i]) for i in ints) * isize
    return total / count


def bytes_per_item(eng):
    """{"node": bytes, "netcon": bytes, "presyn": bytes, <mechanism name>: bytes per
    instance, "total": bytes of all the engine's arrays} for a compiled engine."""
    out = {"node": _per_item(eng, NODE_FLOATS, NODE_INTS)}
    for name, module in mechs.USER.items():     # mechanisms from .mod files (usermechs.py):
        # a row of S per field, the instance's node and a slot per ion variable it uses
        out[name] = float(len(module.FIELDS) * eng.S.itemsize
                          + (1 + len(module.ION_COLUMNS)) * eng.I.itemsize)
    row = eng.queue_f.shape[1] * eng.queue_f.itemsize + eng.queue_i.shape[1] * eng.queue_i.itemsize
    out["netcon"] = _per_item(eng, NETCON_FLOATS, NETCON_INTS) + QUEUE_ROWS_PER_NETCON * row
    out["presyn"] = _per_item(eng, PRESYN_FLOATS, PRESYN_INTS)
    out["total"] = float(sum(a.nbytes for a in (eng.S, eng.I, eng.queue_f, eng.queue_i,
                                                   eng.spk_f, eng.spk_i)))
    return out
