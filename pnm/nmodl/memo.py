"""Invariant parts of the state updates, remembered per instance: cnexp's step of ExpSyn,
g + (1 - exp(dt*(-1/tau))) * (-0/(-1/tau) - g), costs an exp and two divisions per instance
and step, though its parts in parentheses hold only parameters, dt and celsius. lower() puts
each such part (holding a call, a division or a power) in a hidden field (MemoValue, ast.py)
and lists the values it depends on (mech.memo: keys and values); the state kernel computes
the parts again only when a key differs from its remembered value, or is 0 (0.0 == -0.0 but
1/0.0 != 1/-0.0; a NaN differs from everything): the same numbers as computing them every
step, and nothing to invalidate when a user changes tau or dt. The hidden fields start at 0,
so the first step computes them."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import ast as A

MEMO_KIND = "memo"           # the hidden rows' Field kind
_FIXED = ("dt", "celsius")


@dataclass
class Memo:
    """keys: [(name, row)] the values the parts depend on and the rows remembering them;
    values: [(row, expr)] the remembered parts."""
    keys: list = field(default_factory=list)
    values: list = field(default_factory=list)


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
    if isinstance(e, A.Call):
        return e.func in ("exp", "log", "sqrt", "pow") and \
            all(_invariant(a, mech) for a in e.args)
    return False


def _costly(e):
    if isinstance(e, A.Call):
        return True
    if isinstance(e, A.BinOp):
        return e.op in ("/", "^") or _costly(e.left) or _costly(e.right)
    if isinstance(e, A.Neg):
        return _costly(e.operand)
    return False


def _names(e, out):
    if isinstance(e, A.Name):
        out.append(e.id)
    elif isinstance(e, A.BinOp):
        _names(e.left, out)
        _names(e.right, out)
    elif isinstance(e, A.Neg):
        _names(e.operand, out)
    elif isinstance(e, A.Call):
        for a in e.args:
            _names(a, out)
    return out


def memo_invariants(mech, field_cls):
    """Rewrite the state updates' invariant costly parts into MemoValue fields; mech.memo
    (None when there is none)."""
    memo = Memo()

    def hidden(name):
        mech.fields.append(field_cls(name, MEMO_KIND, 0.0, range_var=False))
        mech.field_index[name] = len(mech.fields) - 1
        return len(mech.fields) - 1

    def rewrite(e):
        if _invariant(e, mech):
            if not _costly(e):
                return e
            row = hidden(f"_memo{len(memo.values)}")
            memo.values.append((row, e))
            return A.MemoValue(row)
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
    names = []
    for _row, e in memo.values:
        names += [n for n in _names(e, []) if n not in mech.defines and n not in names]
    memo.keys = [(n, hidden(f"_memo_key_{n}")) for n in names]
    mech.memo = memo if memo.values else None
