"""exp() remembered per instance: cnexp's factor exp(dt*B) costs one exp per instance and
step, though B often holds only parameters (ExpSyn's -1/tau), so that the argument is the same
step after step. lower() rewrites such a call into MemoExp (ast.py): the instance keeps the
last argument and its exp in two hidden rows, and the code computes exp again only when the
argument differs (runtime.memo_exp). Nothing is to be invalidated: the argument itself is the
key, so a parameter or dt changed between steps (or a restored state) gives the exp of the new
argument, the same number as computing it every time (exp(0.0) = exp(-0.0), the only equal
arguments that differ; a NaN differs from everything, so it is computed every time)."""
from __future__ import annotations

from . import ast as A

MEMO_KIND = "memo"           # the hidden rows' Field kind
_FIXED = ("dt", "celsius")


def _invariant(e, mech):
    """Whether e holds only numbers, dt, celsius, PARAMETERs, GLOBALs and DEFINEs."""
    if isinstance(e, A.Num):
        return True
    if isinstance(e, A.Name):
        if e.id in _FIXED or e.id in mech.global_index or e.id in mech.defines:
            return True
        row = mech.field_index.get(e.id)
        return row is not None and mech.fields[row].kind == "parameter" and \
            e.id not in mech.array_sizes
    if isinstance(e, A.BinOp):
        return _invariant(e.left, mech) and _invariant(e.right, mech)
    if isinstance(e, A.Neg):
        return _invariant(e.operand, mech)
    return False


def memo_exps(mech, field_cls):
    """Rewrite the state updates' exp(invariant argument) into MemoExp, each with two new
    hidden fields (argument 0.0, value 1.0: a consistent pair)."""
    def rewrite(e):
        if isinstance(e, A.Call) and e.func == "exp" and len(e.args) == 1 and \
                _invariant(e.args[0], mech):
            k = sum(1 for f in mech.fields if f.kind == MEMO_KIND) // 2
            row = len(mech.fields)
            for name, default in ((f"_memo{k}.x", 0.0), (f"_memo{k}.exp", 1.0)):
                mech.fields.append(field_cls(name, MEMO_KIND, default, range_var=False))
                mech.field_index[name] = len(mech.fields) - 1
            return A.MemoExp(e.args[0], row)
        if isinstance(e, A.BinOp):
            return A.BinOp(e.op, rewrite(e.left), rewrite(e.right))
        if isinstance(e, A.Neg):
            return A.Neg(rewrite(e.operand))
        if isinstance(e, A.Not):
            return A.Not(rewrite(e.operand))
        if isinstance(e, A.Call):
            return A.Call(e.func, tuple(rewrite(a) for a in e.args))
        return e
    for u in mech.state_updates:
        u.expr = rewrite(u.expr)
