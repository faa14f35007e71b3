"""A cnexp/euler DERIVATIVE block with statements after its first x' = ..., lowered to plain
statements in the order nocmodl runs them (lower.py uses it; the others keep the fast path of
prelude + state updates)."""
from __future__ import annotations

from . import ast as A


def in_order(body, method, solve):
    """cnexp solves each x' where it stands (solve(stmt, state): the cnexp expression), so
    later statements see the new x; euler keeps each derivative where it stands (later
    statements see the old x) and advances every state at the end, as euler_thread does."""
    out, advances = [], []
    for stmt in body:
        if not (isinstance(stmt, A.Assign) and isinstance(stmt.target, A.Prime)):
            out.append(stmt)
            continue
        state = stmt.target.id
        if method == "cnexp":
            out.append(A.Assign(A.Name(state), solve(stmt, state), line=stmt.line))
            continue
        slope = f"D{state}_euler_"
        out.append(A.Local([(slope, None)], line=stmt.line))
        out.append(A.Assign(A.Name(slope), stmt.expr, line=stmt.line))
        step = A.BinOp("*", A.Name("dt"), A.Name(slope))
        advances.append(A.Assign(A.Name(state), A.BinOp("+", A.Name(state), step),
                                 line=stmt.line))
    return out + advances
