"""NET_RECEIVE -> `net_receive`, its INITIAL -> `net_init`, WATCH -> `watch_check` kernels;
net_send / net_event / net_move in NET_RECEIVE and INITIAL -> records in the event buffer.

    net_receive(KERNEL_ARGS..., i, weights, row, flag, nc_start, nc_rows)
    net_init(KERNEL_ARGS..., i, weights, row)
    watch_check(KERNEL_ARGS...)

(KERNEL_ARGS: codegen.ARGS, whose t is the event time.) `weights` float64[n_netcons, nargs]:
the weight vectors of all NetCons targeting this mechanism; `row` the delivering NetCon's row
(-1 for a self-event sent from INITIAL or a WATCH: the weight arguments then read 0 and writes
are dropped); `nc_start`/`nc_rows` (CSR by instance) list the rows targeting each instance for
FOR_NETCONS. Records: (time, kind, target instance, flag); kinds in runtime.EV_*.
"""
from __future__ import annotations

from . import ast as A
from .emit import EVENT_CALLS, JIT

NR_ARGS = "i, weights, row, flag, nc_start, nc_rows"
NI_ARGS = "i, weights, row"


def watch_items(mech):
    """[(condition, flag expr)] of every WATCH statement in NET_RECEIVE, in source order."""
    items = []

    def walk(stmts):
        for s in stmts:
            if isinstance(s, A.Watch):
                items.extend(s.items)
            for attr in ("body", "orelse"):
                walk(getattr(s, attr, None) or [])
    if mech.net_receive is not None:
        walk(mech.net_receive.body)
    return items


def watch_fields(mech):
    """Instance rows the WATCH state needs: per item, active and last condition value."""
    return [f"_watch{k}.{part}" for k in range(len(watch_items(mech)))
            for part in ("active", "above")]


class NetReceiveEmitter:
    def __init__(self, em, prologue, epilogue):
        self.em, self.mech = em, em.mech
        self.prologue, self.epilogue = prologue, epilogue
        self.items = watch_items(self.mech)
        self.item_no = 0

    # hooks shared by INITIAL and NET_RECEIVE ---------------------------------------------
    def event_hooks(self, in_receive):
        em = self.em

        def net_send(e, line):
            self._arity(e, 2, line)
            return (f"push_event(events, n_events, {self.after_t(e.args[0], line)}, 0.0, "
                    f"float(i), {em.expr(e.args[1], line)})")

        def net_event(e, line):
            self._arity(e, 1, line)
            return f"push_event(events, n_events, {em.expr(e.args[0], line)}, 1.0, float(i), 0.0)"

        def net_move(e, line):
            if not in_receive:
                em.fail(line, "net_move() is only allowed in NET_RECEIVE")
            self._arity(e, 1, line)
            return f"push_event(events, n_events, {em.expr(e.args[0], line)}, 2.0, float(i), 0.0)"
        hooks = {"net_send": net_send, "net_event": net_event, "net_move": net_move}
        if in_receive:
            hooks[A.Watch] = self.watch
            hooks[A.ForNetcons] = self.for_netcons
            hooks[A.NetReceiveInitial] = lambda s, d: False
        return hooks

    def after_t(self, delay, line):
        """net_send's time as nocmodl writes it: `t + ` and the delay's text, so that C adds
        t to the first term of a sum (vecevent.mod's `t + etime - t` is (t + etime) - t)."""
        if isinstance(delay, A.BinOp) and delay.op in ("+", "-") and not delay.grouped:
            return (f"({self.after_t(delay.left, line)} {delay.op} "
                    f"{self.em.expr(delay.right, line)})")
        return f"t + ({self.em.expr(delay, line)})"

    def _arity(self, e, n, line):
        if len(e.args) != n:
            self.em.fail(line, f"{e.func}() takes {n} argument(s)")

    def weight_formals(self):
        return {f: f"w_{k}" for k, f in enumerate(self.mech.net_receive.formals)}

    def _load_weights(self, depth):
        for k, f in enumerate(self.mech.net_receive.formals):
            self.em.emit(f"w_{k} = weights[row, {k}] if row >= 0 else 0.0", depth)

    def _store_weights(self, depth):
        if self.mech.net_receive.formals:
            self.em.emit("if row >= 0:", depth)
            for k, f in enumerate(self.mech.net_receive.formals):
                self.em.emit(f"weights[row, {k}] = w_{k}", depth + 1)

    # WATCH -------------------------------------------------------------------------------
    def watch(self, stmt, depth):
        em = self.em
        em.emit("if watch_rm == 0:", depth)
        for k in range(len(self.items)):
            em.emit(f"{em.name(f'_watch{k}.active')} = 0.0", depth + 1)
        for cond, flag in stmt.items:
            k = self.item_no
            self.item_no += 1
            em.emit("watch_rm += 1", depth)
            em.emit(f"{em.name(f'_watch{k}.active')} = 1.0", depth)
            em.emit(f"{em.name(f'_watch{k}.above')} = 1.0 if "
                    f"({self.value(cond, stmt.line)}) >= -1e-11 else 0.0", depth)

    def value(self, cond, line):
        """NEURON's WatchCondition value: a - b for (a > b), b - a for (a < b)."""
        if not (isinstance(cond, A.BinOp) and cond.op in ("<", ">", "<=", ">=")):
            self.em.fail(line, "WATCH (a > b) or (a < b): the condition must be a comparison")
        a, b = self.em.expr(cond.left, line), self.em.expr(cond.right, line)
        return f"({a}) - ({b})" if cond.op in (">", ">=") else f"({b}) - ({a})"

    # FOR_NETCONS -------------------------------------------------------------------------
    def for_netcons(self, stmt, depth):
        em = self.em
        saved = dict(em.formals)
        em.emit("for nc_k in range(nc_start[i], nc_start[i + 1]):", depth)
        em.emit("nc_row = nc_rows[nc_k]", depth + 1)
        for k, f in enumerate(stmt.formals):
            name = f[0] if isinstance(f, tuple) else f
            em.formals[name] = f"weights[nc_row, {k}]"
        em.block(stmt.body, depth + 1)
        em.formals = saved

    # kernels -----------------------------------------------------------------------------
    def generate(self, args):
        em, nr = self.em, self.mech.net_receive
        em.reset(formals={**self.weight_formals(), "flag": "flag"},
                 hooks=self.event_hooks(True))
        em.emit(JIT, 0)
        em.emit(f"def net_receive({args}, {NR_ARGS}):", 0)
        self.prologue(1)
        self._load_weights(1)
        em.emit("watch_rm = 0", 1)
        em.block(nr.body, 1)
        self._store_weights(1)
        self.epilogue(1)
        if self.mech.kind == "point_process":      # nocmodl: NODEV(_pnt->node) = v
            em.emit("node_v[node] = v", 1)
        em.emit("", 0)
        self._net_init(args)
        self._watch_check(args)

    def _net_init(self, args):
        em, nr = self.em, self.mech.net_receive
        inits = [s for s in nr.body if isinstance(s, A.NetReceiveInitial)]
        em.reset(formals=self.weight_formals(), hooks=self.event_hooks(False))
        # the engine zeroes weight[1:] at finitialize when there is no NET_RECEIVE INITIAL
        em.emit(f"NET_INIT = {bool(inits)!r}", 0)
        em.emit(JIT, 0)
        em.emit(f"def net_init({args}, {NI_ARGS}):", 0)
        if inits:
            self.prologue(1)
            self._load_weights(1)
            for s in inits:
                em.block(s.body, 1)
            self._store_weights(1)
            self.epilogue(1)
        else:
            em.emit("pass", 1)
        em.emit("", 0)

    def _watch_check(self, args):
        """After each step: an active WATCH whose value went from <= 0 to > 0 queues its
        flag for the instance at t (NEURON's ConditionEvent::check)."""
        em = self.em
        em.reset()
        em.emit(JIT, 0)
        em.emit(f"def watch_check({args}):", 0)
        if not self.items:
            em.emit("pass", 1)
            em.emit("", 0)
            return
        em.emit("for i in range(node_index.shape[0]):", 1)
        self.prologue(2)
        for k, (cond, flag) in enumerate(self.items):
            active, above = em.name(f"_watch{k}.active"), em.name(f"_watch{k}.above")
            em.emit(f"if {active} != 0.0:", 2)
            em.emit(f"if ({self.value(cond, self.mech.net_receive.line)}) > 0.0:", 3)
            em.emit(f"if {above} == 0.0:", 4)
            em.emit(f"{above} = 1.0", 5)
            em.emit(f"push_event(events, n_events, t, 3.0, float(i), "
                    f"{em.expr(flag, self.mech.net_receive.line)})", 5)
            em.emit("else:", 3)
            em.emit(f"{above} = 0.0", 4)
        em.emit("", 0)


def initial_event_hooks(em):
    """net_send/net_event in the mechanism's INITIAL block (no weights: row -1)."""
    return NetReceiveEmitter(em, None, None).event_hooks(False)


__all__ = ["NetReceiveEmitter", "watch_fields", "initial_event_hooks", "EVENT_CALLS"]
