"""ParallelContext on mpi4py: NEURON's parallel API as a thin class over the parts of the
parallel layer (gidtable.py: gids; interval.py: min delay and psolve's intervals; exchange.py:
spike exchange and routing; board.py: the bulletin board).

All ParallelContext objects of a process share one state (ParallelState, kept in
STATE.parallel), as in NEURON. The engine is reached only through its small interface
(advance, inject, presyn_index)."""

import sys
import time

import numpy as np

from .. import progress
from ..cvode import run as variable_step
from ..model import cvode as cvode_settings
from ..engine.engine import compiled_engine
from ..model import play
from ..model.netcon import NetCon, PreSyn
from ..model.pointprocess import PointProcess
from ..model.state import STATE
from ..model.vector import Vector
from ..model import secstack, transfer
from . import interval, lbenv, lbmode, mpi, multisplit, registry, splitcell
from . import transfer as gapcheck
from .board import BulletinBoardMethods
from .eventcount import EventCounter
from .exchange import SpikeExchange, SpikeRouter
from .gidtable import GidStatus, GidTable


MAX_GID = 2**31 - 1      # NEURON stores gids as C ints


class ParallelState:
    """Process-wide parallel state (NEURON keeps these as globals too)."""

    def __init__(self):
        self.comm = mpi.channel("user")          # separate channels (pnm.parallel.comm)
        self.spike_comm = mpi.channel("spike")
        self.bb = None
        self.gids = GidTable()
        self.maxstep = None         # global interval, set by set_maxstep
        self.maxstep_arg = 1e9      # the maxstep asked for (psolve re-derives the interval)
        self.exchange = SpikeExchange(self.spike_comm)
        self.pending = []           # spikes produced outside psolve (e.g. at finitialize)
        self.wait_time = 0.0
        self.step_time = 0.0
        self.vtransfer_time = 0.0   # split cells: time steps waiting for the other pieces
        self.router = None          # SpikeRouter of the current engine
        self.compress_nspike = 0    # pc.spike_compress's nspike (NEURON's format choice)
        lbenv.follow_environment(self.comm)     # PNM_LB_MODE, for `python script.py`
        self.plan = lbmode.planned()    # Decomposition of the allocation placement follows
        self.decomposition = None   # Decomposition of the network as built (network check)
        self.events = EventCounter()    # firings of the sources this rank's engine hears


def shared_state():
    """The process's ParallelState (made on first use; STATE.reset() drops it)."""
    if STATE.parallel is None:
        STATE.parallel = ParallelState()
    return STATE.parallel


class ParallelContext(BulletinBoardMethods):
    """h.ParallelContext(): NEURON's parallel API (gids, spike exchange, bulletin board)."""

    def __init__(self, *args):
        self._s = shared_state()
        registry.register_context(self)

    # ---- pnm's public view of the shared state (load reports, tests) -----------------------
    @property
    def gid_table(self):
        return self._s.gids

    @property
    def spike_exchange(self):
        return self._s.exchange

    @property
    def planned_decomposition(self):
        """The Decomposition of `python -m pnm --lb-mode` (None: no allocation, round robin)."""
        return self._s.plan

    @property
    def decomposition(self):
        """The Decomposition of the network (which gids on which rank) as the last
        set_maxstep/psolve checked it, or None before: the spike exchange and the load
        report read it."""
        return self._s.decomposition

    @property
    def event_counter(self):
        """Firings of the spike sources this rank's engine hears since finitialize
        (eventcount.EventCounter): the cost model's measured events per gid."""
        return self._s.events

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
            self._s.gids.own(gid)
            STATE.changed()

    def balance_plan(self):
        """pnm: the splitbalance.BalancePlan of the allocation the run follows when it cuts
        cells (`--lb-mode split`), else None. plan.gids_on(pc.id()) are the cells to build
        here, plan.cut(gid, sec, pc) cuts one, pc.multisplit() follows the last cut."""
        return lbmode.balance_plan()

    def balanced_gid2node(self, gid):
        """set_gid2node(gid, rank) with the rank of the load-balance allocation the run was
        started with (`python -m pnm --lb-mode ...`), gid % nhost without one. Returns 1.0
        when gid lives on this rank (build its cell then), else 0.0."""
        gid = self._gid(gid, "balanced_gid2node")
        plan = self._s.plan
        rank = gid % self.nhost() if plan is None else plan.rank_of(gid, "pc.balanced_gid2node")
        self.set_gid2node(gid, rank)
        return float(rank == self.id())

    def gid_exists(self, gid):
        return float(self._s.gids.exists(int(gid)))

    def cell(self, gid, nc, output=1):
        gid = self._gid(gid, "cell")
        gids = self._s.gids
        if gid not in gids.owned:
            raise ValueError(f"pc.cell({gid}, ...): gid {gid} is not owned by rank {self.id()}; "
                             f"call pc.set_gid2node({gid}, pc.id()) first on the rank that "
                             "creates the cell")
        if not isinstance(nc, NetCon) or nc.presyn is None:
            raise TypeError(f"pc.cell({gid}, {nc!r}): give a NetCon whose source is the cell's "
                            "spike source, e.g. NetCon(soma(0.5)._ref_v, None, sec=soma)")
        ps = nc.presyn
        old = gids.presyn.get(gid)
        if old is not None and old is not ps:
            if old.ref is None and old.pp is None:
                STATE.netcons.replace_source(old, ps)   # gid_connect made before pc.cell
            elif old.gid == gid:
                raise ValueError(f"pc.cell({gid}, ...): gid {gid} already has a spike source "
                                 f"({old.describe()})")
        gids.set_cell(gid, ps, output, self._owner_of(ps))
        STATE.changed()

    def outputcell(self, gid):
        gid = self._gid(gid, "outputcell")
        if not self._s.gids.has_cell(gid):
            raise ValueError(f"pc.outputcell({gid}): gid {gid} has no cell on rank {self.id()}; "
                             f"call pc.set_gid2node({gid}, pc.id()) and pc.cell({gid}, nc, 0) "
                             "on this rank first")
        self._s.gids.status[gid] = GidStatus.OUTPUT

    def threshold(self, gid, th=None):
        ps = self._local_presyn(gid, "threshold")
        if th is not None:
            ps.set_threshold(float(th))
        return ps.threshold

    def gid_connect(self, gid, target):
        gid = self._gid(gid, "gid_connect")
        if target is not None and not isinstance(target, PointProcess):
            raise TypeError(f"pc.gid_connect({gid}, {target!r}): the target must be a synapse "
                            "or artificial cell (a point process with NET_RECEIVE)")
        ps = self._s.gids.presyn.get(gid)
        if ps is None:
            ps = PreSyn()             # a remote source (or a local one not yet registered)
            ps.gid = gid
            self._s.gids.presyn[gid] = ps
        nc = NetCon(None, target)
        nc.presyn = ps
        return nc

    def gid2cell(self, gid):
        return self._object(gid, "gid2cell")

    def gid2obj(self, gid):
        return self._object(gid, "gid2obj")

    def spike_record(self, gid, tvec, idvec=None):
        if not isinstance(tvec, Vector) or (idvec is not None and not isinstance(idvec, Vector)):
            raise TypeError("pc.spike_record(gid, tvec, idvec): give h.Vector objects")
        gids = self._s.gids
        if isinstance(gid, Vector) or (hasattr(gid, "__len__") and not isinstance(gid, str)):
            wanted = [int(g) for g in np.asarray(gid)]
        elif int(gid) == -1:        # every output cell of this rank, as NEURON
            wanted = gids.output_gids()
        else:
            wanted = [int(gid)]
        for g in wanted:
            ps = gids.presyn.get(g)
            if ps is None or not gids.has_cell(g):
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
        md = interval.derive_interval(self._s, maxstep, "set_maxstep")
        if cvode_settings.self_queue_on():
            md = self._check_self_queue(maxstep, md)
        return md

    def _check_self_queue(self, maxstep, md):
        """NEURON's set_mindelay with cvode.queue_mode(0, 1): the min delay is taken over
        every NetCon with a source; when that is 0 the self queue is turned off, with
        NEURON's notice on rank 0's stdout, and the min delay is md (between ranks) again;
        otherwise pnm says (stderr) that it keeps self events in its one queue. Returns the
        min delay (the exchange interval: shorter is still exact)."""
        table = STATE.netcons
        pos = table.live_positions()
        has_source = np.fromiter((table.source[i] is not None for i in pos.tolist()),
                                 dtype=bool, count=len(pos))
        delays = table.values_view("delay")[pos[has_source]]
        local = min(float(maxstep), float(delays.min())) if len(delays) else float(maxstep)
        least = self._s.comm.allreduce(local, "min")
        if least < 1e-9:
            cvode_settings.turn_off_self_queue()
            if self.id() == 0:
                print(f"Notice: The global minimum NetCon delay is {least:g}, so turned off "
                      f"the cvode.queue_mode\n   use_self_queue option. The interprocessor "
                      f"minimum NetCon delay is {md:g}", flush=True)
            return md
        cvode_settings.self_queue_notice()
        self._s.maxstep = min(self._s.maxstep, least)
        return least

    # ---- running --------------------------------------------------------------------------
    def psolve(self, tstop):
        if registry.simulation_skipped("pc.psolve"):
            return 0.0
        play.refuse("pc.psolve")      # Vector.play/Random.play: the run system applies them
        corenrn = sys.modules.get("pnm.coreneuron")     # `from neuron import coreneuron`
        if corenrn is not None:
            corenrn.check_psolve()
        tstop = registry.simulation_stop("pc.psolve", tstop)
        s = self._s
        tstop = mpi.check_psolve_arguments(s.comm, tstop, STATE.t, STATE.dt, s.maxstep_arg)
        if self.nhost() > 1:
            # collective on every rank, every call: a rank whose model did not change must
            # still take part, and NetCons or delays changed since set_maxstep count too
            interval.derive_interval(s, s.maxstep_arg, "psolve")
        eng = compiled_engine("psolve")
        tstop = float(tstop)
        if self.nhost() == 1 and variable_step.active():
            self._variable_step_solve(eng, tstop)
            return 0.0
        with progress.bar(tstop, t0=eng.t, desc="psolve", rank=self.id()) as bar:
            if self.nhost() == 1:
                t0 = time.perf_counter()
                for t_until in bar.targets(tstop - STATE.dt / 2, STATE.dt):
                    s.events.count(eng, eng.advance(
                        t_until, should_stop=registry.stop_requested)[0])
                    bar.update(eng.t)
                    if eng.t < t_until:     # an event's action set h.stoprun
                        break
                s.step_time += time.perf_counter() - t0
                s.pending.clear()
            else:
                self._route_to(eng)

                def exchange_and_report(eng, ps, ts):
                    self._exchange(eng, ps, ts)
                    bar.update(eng.t)
                interval.run_intervals(s, eng, tstop, exchange_and_report)
        STATE.t = eng.t
        registry.simulation_done()
        return 0.0

    def _variable_step_solve(self, eng, tstop):
        """psolve on one rank under cvode.active(1): NetCvode::solve(tstop) (ncs2nrn_integrate),
        t and dt as the integrator leaves them."""
        s = self._s
        t0 = time.perf_counter()
        dt, spikes, stopped = variable_step.solve_to(eng, tstop, registry.stop_requested)
        s.step_time += time.perf_counter() - t0
        STATE.dt = dt
        eng.set_dt(dt)
        if stopped:
            registry.mark_stopped()
        s.events.count(eng, spikes[0])
        STATE.t = eng.t
        registry.simulation_done()

    def _route_to(self, eng):
        s = self._s                      # psolve's network check made s.decomposition
        router = s.router
        if router is None or router.engine is not eng or router.decomposition is not \
                s.decomposition:
            s.router = SpikeRouter(eng, s.gids, s.decomposition, self.id())

    def _exchange(self, eng, ps, ts):
        s = self._s
        s.events.count(eng, ps)
        if s.pending:
            ps = np.concatenate([p for p, _ in s.pending] + [ps])
            ts = np.concatenate([t for _, t in s.pending] + [ts])
            s.pending.clear()
        s.events.count(eng, s.router.exchange(s.exchange, ps, ts))

    # ---- hooks of the run system (registry.py): serial finitialize/fadvance/continuerun ---
    def engine_presyns(self):
        """The spike sources the engine must know because of gids (remote inputs too)."""
        return list(self._s.gids.presyn.values())

    def after_init(self, eng, spikes):
        s = self._s
        s.router = None
        s.pending.clear()
        s.exchange.reset_statistics()
        s.wait_time = 0.0
        s.step_time = 0.0
        s.vtransfer_time = 0.0
        s.events.restart(eng)
        s.events.count(eng, spikes[0])
        if len(spikes[0]) and self.nhost() > 1:
            s.pending.append(spikes)

    def after_steps(self, eng, spikes):
        self._s.events.count(eng, spikes[0])
        if self.nhost() > 1 and len(spikes[0]):
            self._s.pending.append(spikes)

    # ---- statistics -------------------------------------------------------------------------
    def time(self):
        """NEURON's pc.time(): the wall clock time in seconds (for timing a run)."""
        return time.time()

    def wait_time(self):
        return self._s.wait_time

    def step_time(self):
        return self._s.step_time

    def send_time(self):
        return 0.0

    def step_wait(self, on=None):
        """NEURON's barrier time before each spike exchange. pnm's exchange has no separate
        barrier (wait_time() holds all its waiting), so this is 0.0, NEURON's value after
        pc.step_wait(-1)."""
        return 0.0

    def integ_time(self):
        """Time integrating (seconds): pnm's steps, their event delivery included."""
        return self._s.step_time

    def event_time(self):
        """Time checking thresholds and delivering events apart from integration: pnm does
        both inside its compiled step (counted in integ_time()), so 0.0."""
        return 0.0

    def spike_statistics(self, nsend=None, nrecv=None, nrecv_useful=None):
        ex = self._s.exchange
        for ref, val in ((nsend, ex.nsend), (nrecv, ex.nrecv), (nrecv_useful, ex.nrecv_useful)):
            if ref is not None:
                ref[0] = float(val)
        return float(ex.nsendmax)

    def spike_compress(self, nspike=-1, gid_compress=1, xchng_meth=0):
        """pc.spike_compress(nspike, gid_compress, xchng_meth): NEURON's choice of spike
        exchange format (a byte per gid, nspike spikes per rank in the fixed buffer, multisend
        methods). pnm's exchange keeps its own format, and the spikes are the same either way;
        the return value is NEURON's (0 on one rank; else nspike, 0 after 0, the last value for
        -1) and so is the notice when gids cannot be compressed (more than 256 output gids on a
        rank)."""
        nspike = int(float(nspike))
        if nspike < -1 or float(gid_compress) not in (0.0, 1.0) or \
                not 0 <= int(float(xchng_meth)) <= 15:
            raise ValueError(f"pc.spike_compress({nspike}, {gid_compress}, {xchng_meth}): "
                             "nspike must be >= -1, gid_compress 0 or 1, xchng_meth 0 to 15")
        if self.nhost() < 2:
            return 0.0
        s = self._s
        if nspike == 0:
            s.compress_nspike = 0
        elif nspike > 0:
            if variable_step.active():
                if self.id() == 0:
                    print("pnm: ParallelContext.spike_compress cannot be used with cvode "
                          "active", file=sys.stderr)
                s.compress_nspike = 0
                return 0.0
            s.compress_nspike = nspike
            if float(gid_compress):
                outputs = len(s.gids.output_gids())
                if s.comm.allreduce(outputs, "max") > 256 and self.id() == 0:
                    print("Notice: gid compression did not succeed. Probably more than 255 "
                          "cells on one cpu.", flush=True)
        return float(s.compress_nspike)

    def max_histogram(self, vec=None):
        """pc.max_histogram(vec): from now on, at every spike exchange of a run on more than
        one rank, vec[k] += 1 where k is the most spikes any rank sent in it (the last element
        when k is beyond it); pc.max_histogram() stops counting."""
        if vec is not None and not isinstance(vec, Vector):
            raise TypeError(f"pc.max_histogram({vec!r}): give an h.Vector (its size is the "
                            "number of bins), or no argument to stop")
        self._s.exchange.max_histogram = vec
        return 0.0

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

    # ---- bulletin board (board.py has NEURON's methods) -----------------------------------
    def board(self):
        if self._s.bb is None:
            from .bulletin import BulletinBoard
            self._s.bb = BulletinBoard(self._s.comm)
        return self._s.bb

    # ---- threads, and gap junctions (model/transfer.py, parallel/transfer.py) ------------------
    def nthread(self, n=None, parallel=None):
        """pc.nthread() -> 1; pc.nthread(1[, 0 or 1]) accepted. pnm runs one thread per rank."""
        if n is not None and int(n) != 1:
            raise NotImplementedError(f"pc.nthread({n}): pnm runs one thread per rank; use "
                                      "more MPI ranks (mpiexec -n N) instead of threads")
        return 1          # an int, as NEURON's Python sees it

    def source_var(self, ref, sgid, sec=None):
        """Publish the variable ref (a variable of the accessed section, or of sec=) under
        sgid for gap junctions (model/transfer.py)."""
        transfer.source_var(ref, sgid, sec if sec is not None else secstack.cas())

    def target_var(self, *args):
        """pc.target_var([pp,] pp._ref_var, sgid): pp's variable takes sgid's value."""
        transfer.target_var(args)

    def setup_transfer(self):
        """After every source_var / target_var, on every rank, before finitialize."""
        gapcheck.setup_transfer(self._s.comm, self.id())

    def vtransfer_time(self, kind=0):
        """NEURON's transfer times: kind 1, the time steps' waits for the other pieces of
        split cells (splitcell, multisplit); kind 0 (gap junctions) and 2 (the reduced tree
        computation, part of the step here): 0."""
        return float(self._s.vtransfer_time) if int(kind) == 1 else 0.0

    # ---- split cells (splitcell.py) --------------------------------------------------------
    def splitcell_connect(self, host, sec=None):
        """The root of the accessed section's tree (or sec=) is joined to the root of the
        matching piece on rank host, which makes the matching call."""
        splitcell.splitcell_connect(self, host, sec if sec is not None else secstack.cas())

    def multisplit(self, *args, sec=None):
        """pc.multisplit(sec(x), sid[, backbone_style]) marks a split node; pc.multisplit()
        (every rank, after the marks) sets up the exchange (multisplit.py)."""
        multisplit.multisplit(self, args, sec)

    # ---- helpers ----------------------------------------------------------------------------
    def _gid(self, gid, what):
        try:
            g = int(gid)
        except (TypeError, ValueError):
            raise TypeError(f"pc.{what}({gid!r}, ...): a gid is a non-negative integer") from None
        if g != gid or g < 0:
            raise ValueError(f"pc.{what}({gid!r}, ...): a gid is a non-negative integer")
        if g > MAX_GID:
            raise ValueError(f"pc.{what}({gid!r}, ...): gid {g} is out of range; gids are "
                             f"integers from 0 to {MAX_GID} (NEURON's int range)")
        return g

    def _local_presyn(self, gid, what):
        gid = int(gid)
        ps = self._s.gids.presyn.get(gid)
        if ps is None or gid not in self._s.gids.owned:
            raise ValueError(f"pc.{what}({gid}): gid {gid} has no cell on rank {self.id()}")
        return ps

    def _object(self, gid, what):
        gid = int(gid)
        if gid not in self._s.gids.objects:
            raise ValueError(f"pc.{what}({gid}): gid {gid} has no cell on rank {self.id()} "
                             "(check pc.gid_exists(gid) first)")
        return self._s.gids.objects[gid]

    @staticmethod
    def _owner_of(ps):
        if ps.pp is not None:
            return ps.pp
        sec = getattr(ps.ref, "sec", None)
        if sec is not None and sec.cell() is not None:
            return sec.cell()
        return sec
