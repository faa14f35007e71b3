"""ParallelContext on mpi4py: which rank owns which gid, NetCons connected by gid, and the
spike exchange that lets each rank integrate one minimum-delay interval alone.

All ParallelContext objects of a process share one state, as in NEURON. The engine is
reached only through its small interface (advance, inject, presyn_index)."""

import math
import time

import numpy as np

from ..model import netcon as netcon_tables
from ..model.netcon import NetCon, PreSyn, values_view
from ..model.pointprocess import PointProcess
from ..model.state import STATE
from ..model.vector import Vector
from . import mpi, registry
from .exchange import SpikeExchange


class _Shared:
    """Process-wide parallel state (NEURON keeps these as globals too)."""

    def __init__(self):
        self.comm = mpi.channel("user")          # reliab: separate channels (pnm.parallel.comm)
        self.spike_comm = mpi.channel("spike")
        self.bb = None
        self.owned = set()          # gids set_gid2node'd to this rank
        self.presyn = {}            # gid -> PreSyn (local source or remote input)
        self.state = {}             # gid -> 1 (owned), 2 (cell, not output), 3 (output)
        self.objects = {}           # gid -> cell / point process
        self.maxstep = None         # global interval, set by set_maxstep
        self.maxstep_arg = 1e9      # the maxstep asked for (psolve re-derives the interval)
        self.exchange = SpikeExchange(self.spike_comm)
        self.pending = []           # spikes produced outside psolve (e.g. at finitialize)
        self.wait_time = 0.0
        self.step_time = 0.0
        self.ps_gid = None          # engine source index -> gid of local output cells
        self.gid_ps = {}            # gid -> engine source index of remote inputs
        self.engine = None


_shared = None


def _get_shared():
    global _shared
    if _shared is None:
        _shared = _Shared()
    return _shared


class ParallelContext:
    """h.ParallelContext(): NEURON's parallel API (gids, spike exchange, bulletin board)."""

    def __init__(self, *args):
        self._s = _get_shared()
        registry.register_context(self)

    # ---- identity ---------------------------------------------------------------------------
    def id(self):
        return self._s.comm.rank

    def nhost(self):
        return self._s.comm.size

    def __repr__(self):
        return f"ParallelContext[{self.id()} of {self.nhost()}]"

    # ---- gids -----------------------------------------------------------------------------
    def set_gid2node(self, gid, rank):
        gid = self._gid(gid, "set_gid2node")
        if int(rank) == self.id():
            self._s.owned.add(gid)
            self._s.state.setdefault(gid, 1)
            STATE.changed()

    def gid_exists(self, gid):
        return float(self._s.state.get(int(gid), 0)) if int(gid) in self._s.owned else 0.0

    def cell(self, gid, nc, output=1):
        gid = self._gid(gid, "cell")
        if gid not in self._s.owned:
            raise ValueError(f"pc.cell({gid}, ...): gid {gid} is not owned by rank {self.id()}; "
                             f"call pc.set_gid2node({gid}, pc.id()) first on the rank that "
                             "creates the cell")
        if not isinstance(nc, NetCon) or nc._presyn is None:
            raise TypeError(f"pc.cell({gid}, {nc!r}): give a NetCon whose source is the cell's "
                            "spike source, e.g. NetCon(soma(0.5)._ref_v, None, sec=soma)")
        ps = nc._presyn
        old = self._s.presyn.get(gid)
        if old is not None and old is not ps:
            if old.ref is None and old.pp is None:
                netcon_tables.replace_source(old, ps)   # gid_connect made before pc.cell
            elif old.gid == gid:
                raise ValueError(f"pc.cell({gid}, ...): gid {gid} already has a spike source "
                                 f"({old.describe()})")
        ps.gid = gid
        self._s.presyn[gid] = ps
        self._s.state[gid] = 3 if output else 2
        self._s.objects[gid] = self._owner_of(ps)
        STATE.changed()

    def outputcell(self, gid):
        gid = self._gid(gid, "outputcell")
        if gid not in self._s.owned or self._s.state.get(gid, 0) < 2:
            raise ValueError(f"pc.outputcell({gid}): gid {gid} has no cell on rank {self.id()}; "
                             f"call pc.set_gid2node({gid}, pc.id()) and pc.cell({gid}, nc, 0) "
                             "on this rank first")
        self._s.state[gid] = 3

    def threshold(self, gid, th=None):
        ps = self._local_presyn(gid, "threshold")
        if th is not None:
            ps.threshold = float(th)
            if STATE.engine is not None:
                STATE.engine.set_threshold(ps, float(th))
        return ps.threshold

    def gid_connect(self, gid, target):
        gid = self._gid(gid, "gid_connect")
        if target is not None and not isinstance(target, PointProcess):
            raise TypeError(f"pc.gid_connect({gid}, {target!r}): the target must be a synapse "
                            "or artificial cell (a point process with NET_RECEIVE)")
        ps = self._s.presyn.get(gid)
        if ps is None:
            ps = PreSyn()             # a remote source (or a local one not yet registered)
            ps.gid = gid
            self._s.presyn[gid] = ps
        nc = NetCon(None, target)
        nc._presyn = ps
        return nc

    def gid2cell(self, gid):
        return self._object(gid, "gid2cell")

    def gid2obj(self, gid):
        return self._object(gid, "gid2obj")

    def spike_record(self, gid, tvec, idvec=None):
        if not isinstance(tvec, Vector) or (idvec is not None and not isinstance(idvec, Vector)):
            raise TypeError("pc.spike_record(gid, tvec, idvec): give h.Vector objects")
        if isinstance(gid, Vector) or (hasattr(gid, "__len__") and not isinstance(gid, str)):
            gids = [int(g) for g in np.asarray(gid)]
        elif int(gid) == -1:        # every output cell of this rank, as NEURON
            gids = sorted(g for g, st in self._s.state.items() if st == 3)
        else:
            gids = [int(gid)]
        for g in gids:
            ps = self._s.presyn.get(g)
            if ps is None or g not in self._s.owned or self._s.state.get(g, 0) < 2:
                raise ValueError(f"pc.spike_record({g}, ...): gid {g} has no cell on rank "
                                 f"{self.id()}; record only gids for which pc.gid_exists(gid)")
            ps.recorders = [(tvec, idvec, float(g))]   # as NEURON: the last call wins
            STATE.recorders_version += 1
        STATE.register_record(tvec)
        return 0.0

    # ---- checks and min delay ---------------------------------------------------------------
    def set_maxstep(self, maxstep=1e9):
        """Global minimum delay of NetCons whose source lives on another rank, capped by
        maxstep; that is the interval each rank integrates alone. Returns it (collective)."""
        return self._derive_interval(maxstep, "set_maxstep")

    def _derive_interval(self, maxstep, caller):
        self._check_network()
        self._s.maxstep_arg = float(maxstep)
        local = float(maxstep)
        culprit = ""
        # NetCons whose source is a gid on another rank (by source, then all at once)
        idx = netcon_tables.live_indices()
        sources = [netcon_tables.SOURCE[i] for i in idx.tolist()]
        remote = {id(ps) for ps in set(sources)
                  if ps is not None and ps.gid >= 0 and ps.gid not in self._s.owned}
        if remote:
            cross = idx[np.fromiter((id(ps) in remote for ps in sources), dtype=bool,
                                    count=len(idx))]
            delays = values_view("delay")[cross]
            local = min(local, float(delays.min()))
            bad = np.flatnonzero((delays <= 0) | (delays < STATE.dt))
            if len(bad):
                i = int(cross[bad[0]])
                target = netcon_tables.TARGET[i]
                culprit = (f"NetCon[{i}] from gid {netcon_tables.SOURCE[i].gid} (rank "
                           f"{self.id()} target {'None' if target is None else target.hname()}"
                           f") has delay {float(delays[bad[0]])}")
        global_min = self._s.comm.allreduce(local, "min")
        bad = [c for c in self._s.comm.allgather_obj(culprit) if c]
        if bad:
            raise ValueError(
                f"{caller}: a NetCon between ranks has delay {global_min} <= 0 or < dt "
                f"({STATE.dt}); {bad[0]}. Spikes cross ranks only at exchange times, so such "
                "connections need a delay of at least dt; increase the delay or put source "
                "and target on the same rank")
        if self.nhost() > 1:
            self._s.maxstep = global_min
        else:
            self._s.maxstep = float(maxstep)
        return global_min if self.nhost() > 1 else float(maxstep)

    def _check_network(self):
        """Collective: every gid owned by exactly one rank, every gid_connect source owned."""
        s = self._s
        owned = np.array(sorted(s.owned), dtype=np.float64)
        all_owned, counts = s.comm.allgatherv(owned)
        msgs = []
        if len(all_owned):
            ranks = np.repeat(np.arange(len(counts)), counts)
            uniq, first, cnt = np.unique(all_owned, return_index=True, return_counts=True)
            dup = uniq[cnt > 1]
            if len(dup):
                g = int(dup[0])
                where = sorted(set(int(r) for r in ranks[all_owned == g]))
                msgs.append(f"gid {g} is owned by ranks {where}; each gid must live on "
                            "exactly one rank (check set_gid2node/round_robin)")
        known = set(int(g) for g in all_owned)
        missing = sorted(g for g, ps in s.presyn.items()
                         if g not in known and netcon_tables.has_source(ps))
        all_missing = s.comm.allgather_obj(missing)
        for r, gids in enumerate(all_missing):
            if gids:
                msgs.append(f"rank {r} has gid_connect from gid {gids[0]}, which no rank owns "
                            f"(set_gid2node({gids[0]}, rank) and pc.cell on the owner, or remove "
                            "the connection)")
        if msgs:
            raise ValueError("ParallelContext: " + "; ".join(msgs))

    # ---- running --------------------------------------------------------------------------
    def psolve(self, tstop):
        from ..hoc import _engine_for_run
        s = self._s
        tstop = mpi.check_psolve_arguments(s.comm, tstop, STATE.t, STATE.dt, s.maxstep_arg)  # reliab
        if self.nhost() > 1:
            # collective on every rank, every call: a rank whose model did not change must
            # still take part, and NetCons or delays changed since set_maxstep count too
            self._derive_interval(s.maxstep_arg, "psolve")
        eng = _engine_for_run("psolve")
        self._bind_engine(eng)
        tstop = float(tstop)
        dt = STATE.dt
        if self.nhost() == 1:
            t0 = time.perf_counter()
            eng.advance(tstop - dt / 2)
            s.step_time += time.perf_counter() - t0
            s.pending.clear()
            STATE.t = eng.t
            return 0.0
        steps = math.floor(s.maxstep / dt + 1e-9)
        if steps < 1:
            raise ValueError(f"psolve: usable min delay {s.maxstep} is less than dt={dt}")
        # One step less than the min delay (NEURON integrates the whole floor(md/dt) steps):
        # a spike sent in an interval is then due only after the interval's last delivery,
        # even when t's rounding drift moves an event at an exact step time (an artificial
        # cell's spike + a delay of exactly md) to the end of the step before. Every event
        # from another rank is thus queued before it can be due, as in one process, which
        # with the canonical tie order makes the spikes independent of the number of ranks.
        interval = max(steps - 1, 1) * dt
        k = math.floor(eng.t / interval + 1e-9)
        while True:
            t_next = min((k + 1) * interval, tstop)
            t0 = time.perf_counter()
            ps, ts = eng.advance(t_next - dt / 2)
            t1 = time.perf_counter()
            s.step_time += t1 - t0
            self._exchange(eng, ps, ts)
            s.wait_time += time.perf_counter() - t1
            k += 1
            if t_next >= tstop or eng.t >= tstop - dt / 2:
                break
        STATE.t = eng.t
        return 0.0

    def _bind_engine(self, eng):
        s = self._s
        if s.engine is eng:
            return
        s.engine = eng
        ps_gid = np.full(len(eng.presyns), -1, dtype=np.int64)
        s.gid_ps = {}
        for gid, ps in s.presyn.items():
            p = eng.presyn_index(ps)
            if p < 0:
                continue
            if gid in s.owned and s.state.get(gid, 0) == 3:
                ps_gid[p] = gid
            elif gid not in s.owned:
                s.gid_ps[gid] = p
        s.ps_gid = ps_gid
        # sorted lookup table gid -> engine source index of remote inputs (vectorized)
        keys = np.array(sorted(s.gid_ps), dtype=np.int64)
        s.in_gids = keys
        s.in_ps = np.array([s.gid_ps[int(g)] for g in keys], dtype=np.int64)

    def _exchange(self, eng, ps, ts):
        s = self._s
        if s.pending:
            ps = np.concatenate([p for p, _ in s.pending] + [ps])
            ts = np.concatenate([t for _, t in s.pending] + [ts])
            s.pending.clear()
        gids = s.ps_gid[ps] if len(ps) else np.zeros(0, dtype=np.int64)
        out = gids >= 0
        got_gid, got_t, mine = s.exchange.exchange(gids[out], ts[out])
        if len(got_gid):
            keep = ~mine
            gg = got_gid[keep]
            pos = np.searchsorted(s.in_gids, gg)
            pos[pos >= len(s.in_gids)] = 0
            found = (s.in_gids[pos] == gg) if len(s.in_gids) else np.zeros(len(gg), bool)
            src = np.where(found, s.in_ps[pos] if len(s.in_ps) else -1, -1)
            use = src >= 0
            s.exchange.nrecv_useful += int(use.sum())
            if use.any():
                tt = got_t[keep][use]
                gg = got_gid[keep][use]
                order = np.lexsort((gg, tt))
                eng.inject(src[use][order], tt[order])

    # hooks called by the run system (serial finitialize/fadvance/continuerun)
    def _presyns_for_engine(self):
        return list(self._s.presyn.values())

    def _after_init(self, eng, spikes):
        s = self._s
        s.engine = None
        s.pending.clear()
        s.exchange.reset_statistics()
        s.wait_time = 0.0
        s.step_time = 0.0
        if len(spikes[0]) and self.nhost() > 1:
            self._bind_engine(eng)
            s.pending.append(spikes)

    def _after_steps(self, eng, spikes):
        if self.nhost() > 1 and len(spikes[0]):
            self._bind_engine(eng)
            self._s.pending.append(spikes)

    # ---- statistics -------------------------------------------------------------------------
    def wait_time(self):
        return self._s.wait_time

    def step_time(self):
        return self._s.step_time

    def send_time(self):
        return 0.0

    def spike_statistics(self, nsend=None, nrecv=None, nrecv_useful=None):
        ex = self._s.exchange
        for ref, val in ((nsend, ex.nsend), (nrecv, ex.nrecv), (nrecv_useful, ex.nrecv_useful)):
            if ref is not None:
                ref[0] = float(val)
        return float(ex.nsendmax)

    def timeout(self, seconds=None):
        old = mpi.get_timeout()
        mpi.set_timeout(0 if seconds is None else float(seconds))
        return old

    # ---- collectives ------------------------------------------------------------------------
    def barrier(self):
        self._s.comm.barrier()
        return 0.0

    def allreduce(self, value, op=1):
        opname = {1: "sum", 2: "max", 3: "min"}.get(int(op))
        if opname is None:
            raise ValueError(f"pc.allreduce(value, {op}): type must be 1 (sum), 2 (max) or 3 (min)")
        if isinstance(value, Vector):
            res = self._s.comm.allreduce(np.asarray(value), opname)
            value.from_python(res)
            return value
        return float(self._s.comm.allreduce(float(value), opname))

    def allgather(self, value, vec):
        vals = self._s.comm.allgather_obj(float(value))
        vec.from_python(vals)
        return vec

    def py_alltoall(self, objs):
        return self._s.comm.alltoall_obj(list(objs))

    def py_allgather(self, obj):
        return self._s.comm.allgather_obj(obj)

    def py_gather(self, obj, root=0):
        res = self._s.comm.gather_obj(obj, int(root))
        return res if self.id() == int(root) else None

    def py_broadcast(self, obj, root=0):
        return self._s.comm.bcast_obj(obj, int(root))

    def done(self):
        if self._s.bb is not None:
            self._s.bb.done()
        return 0.0

    def mpiabort_on_error(self, flag=1):
        return 1.0

    # ---- bulletin board ---------------------------------------------------------------------
    def _board(self):
        if self._s.bb is None:
            from .bulletin import BulletinBoard
            self._s.bb = BulletinBoard(self._s.comm)
        return self._s.bb

    def runworker(self):
        return self._board().runworker()

    def submit(self, func, *args):
        return self._board().submit(func, *args)

    def working(self):
        return self._board().working()

    def pyret(self):
        return self._board().pyret()

    def retval(self):
        return self._board().retval()

    def userid(self):
        return self._board().userid()

    def context(self, func, *args):
        return self._board().context(func, *args)

    def post(self, key, *values):
        return self._board().post(key, *values)

    def take(self, key, *outs):
        values = self._board().take(key)
        self._fill(values, outs)
        return values

    def look(self, key, *outs):
        found = self._board().look(key)
        return 1.0 if found else 0.0

    def look_take(self, key, *outs):
        found = self._board().look_take(key)
        return 1.0 if found else 0.0

    def pack(self, *values):
        return self._board().pack(*values)

    def upkscalar(self):
        return self._board().upkscalar()

    def upkstr(self):
        return self._board().upkstr()

    def upkvec(self, vec=None):
        return self._board().upkvec(vec)

    def upkpyobj(self):
        return self._board().upkpyobj()

    @staticmethod
    def _fill(values, outs):
        """take(key, ref1, vec2, ...) as in hoc: fill refs and Vectors with the values."""
        for out, val in zip(outs, values):
            if isinstance(out, Vector):
                out.from_python(np.asarray(val, dtype=float))
            elif hasattr(out, "__setitem__"):
                out[0] = val

    # ---- helpers ----------------------------------------------------------------------------
    def _gid(self, gid, what):
        try:
            g = int(gid)
        except (TypeError, ValueError):
            raise TypeError(f"pc.{what}({gid!r}, ...): a gid is a non-negative integer") from None
        if g != gid or g < 0:
            raise ValueError(f"pc.{what}({gid!r}, ...): a gid is a non-negative integer")
        return g

    def _local_presyn(self, gid, what):
        gid = int(gid)
        ps = self._s.presyn.get(gid)
        if ps is None or gid not in self._s.owned:
            raise ValueError(f"pc.{what}({gid}): gid {gid} has no cell on rank {self.id()}")
        return ps

    def _object(self, gid, what):
        gid = int(gid)
        if gid not in self._s.objects:
            raise ValueError(f"pc.{what}({gid}): gid {gid} has no cell on rank {self.id()} "
                             "(check pc.gid_exists(gid) first)")
        return self._s.objects[gid]

    @staticmethod
    def _owner_of(ps):
        if ps.pp is not None:
            return ps.pp
        sec = getattr(ps.ref, "sec", None)
        if sec is not None and sec.cell() is not None:
            return sec.cell()
        return sec
