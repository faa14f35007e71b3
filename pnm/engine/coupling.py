"""The coupling step: how a cell split over several processes is solved as one, without the
engine knowing who the other pieces are or how they are reached.

Each piece of a split cell is rooted at the split node (nodes.py re-roots it there), so after
triangularization its root row holds that piece's whole share of the split node's equation.
Once per time step, between triangularization and back substitution, the fixed step calls

    status = couple(d, rhs, a, b, area, nnode, table, ntable, buf, nbuf)

with pointers to the engine's triangularized matrix (d, rhs; the off-diagonal a, b: a[i] is
node i's coefficient in its parent's row, b[i] the parent's in node i's row) and node areas
(um2; 100 at zero-area nodes), all nnode long, and to two arrays the caller of
`Engine.set_coupling` owns (an int64 table and a float64 work buffer). It may change only d and
rhs, so that back substitution (roots: rhs / d, then down the trees) gives the whole cell's
solution (for a cut at one node: d and rhs of the split node = their sums over the pieces),
and returns 0, or a nonzero code that stops the run (layout.STATUS_COUPLING_ERROR;
`Engine.advance` raises with the coupling's description of the code).

`couple` is a numba cfunc of COUPLING_SIGNATURE; the stepper takes its address (an int64),
so it is compiled and cached once for every coupling. Without one (the default) the address
is 0 and never called: the stepper calls the coupling only when its table is not empty."""

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

_F64P = types.CPointer(types.float64)
COUPLING_SIGNATURE = types.int64(_F64P, _F64P, _F64P, _F64P, _F64P, types.int64,
                                 types.CPointer(types.int64), types.int64, _F64P, types.int64)


NO_TABLE = np.zeros(0, dtype=np.int64)
NO_BUFFER = np.zeros(0)


# the value exchange of gap junctions between ranks (gaptransfer.py): before each transfer,
#     status = exchange(S, nS, table, ntable, buf, nbuf)
# may read and write any slot of the engine's state S (it sends source values and writes the
# received ones into their slots); 0, or a nonzero code that stops the run.
EXCHANGE_SIGNATURE = types.int64(_F64P, types.int64, types.CPointer(types.int64), types.int64,
                                 _F64P, types.int64)


def _c_call(sig):
    """codegen of an intrinsic (address, args...): the C function at address called with
    args converted to sig's types (array.ctypes passes its data pointer)."""
    def codegen(context, builder, signature, values):
        fnty = ir.FunctionType(context.get_value_type(sig.return_type),
                               [context.get_value_type(t) for t in sig.args])
        target = builder.inttoptr(values[0], fnty.as_pointer())
        cast = [context.cast(builder, v, frm, to)
                for v, frm, to in zip(values[1:], signature.args[1:], sig.args)]
        return builder.call(target, cast)
    return codegen


# The stepper takes the cfuncs by address: a first-class function argument made numba type
# it in Python at every kernel call (~25 us each, two per call: most of a fixed step's cost
# in a loop of h.fadvance()).
@intrinsic
def call_coupling(typingctx, address, d, rhs, a, b, area, nnode, table, ntable, buf, nbuf):
    """The coupling cfunc at address (COUPLING_SIGNATURE)."""
    sig = types.int64(address, d, rhs, a, b, area, nnode, table, ntable, buf, nbuf)
    return sig, _c_call(COUPLING_SIGNATURE)


@intrinsic
def call_exchange(typingctx, address, S, nS, table, ntable, buf, nbuf):
    """The exchange cfunc at address (EXCHANGE_SIGNATURE)."""
    return types.int64(address, S, nS, table, ntable, buf, nbuf), _c_call(EXCHANGE_SIGNATURE)


class Coupling:
    """What the engine passes to the stepper: the cfunc and its two arrays (split cells'
    coupling, or the gap junctions' exchange); none (step None, address 0, an empty table)
    by default."""

    def __init__(self, step=None, table=NO_TABLE, buffer=NO_BUFFER, describe=None):
        """describe(code): the message of the error a nonzero code stands for."""
        if step is None and len(table):
            raise ValueError("Coupling: a table without a coupling step to read it")
        self.step = step
        # what the stepper calls (call_coupling / call_exchange), only with a table
        self.address = 0 if step is None else step.address
        self.describe = describe
        self.table = np.ascontiguousarray(table, dtype=np.int64)
        self.buffer = np.ascontiguousarray(buffer, dtype=np.float64)

    @property
    def active(self):
        return len(self.table) > 0

    def describe_error(self, code):
        if self.describe is not None:
            return self.describe(code)
        return f"the coupling step of split cells failed with code {code}"
