"""CVode.event(t[, action]) under the fixed-step method, as NEURON 9: actions run after the
step in which t is reached, with h.t at its end; events scheduled before finitialize (or in a
type-3 handler) are dropped; those due at 0 from type-0/1 handlers run inside finitialize; a t
on a whole number of steps is moved by dt/4 (the returned value); an event in the past is
dropped; actions change parameters mid-run, schedule further events, run hoc statements, and an
event without action (or an action setting stoprun) stops run()."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.insert("hh")
soma.L = soma.diam = 20
dend = h.Section(name="dend")
dend.connect(soma(1))
dend.insert("pas")
dend.nseg = 3
dend.L, dend.diam = 200, 2
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 100, 0.0
syn = h.ExpSyn(dend(0.5))
ns = h.NetStim()
ns.start, ns.interval, ns.number, ns.noise = 2, 3, 20, 0
nc = h.NetCon(ns, syn)
nc.delay, nc.weight[0] = 1, 0.0
log = []
spikes = h.Vector()
detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
detector.record(spikes)


def note(what):
    log.append("%s t=%.17g v=%.12f" % (what, h.t, soma(0.5).v))


def set_amp(amp):
    def cb():
        note("amp %g" % amp)
        stim.amp = amp
    return cb


def every_ms():                 # the periodic idiom: each action schedules the next
    note("tick")
    nc.weight[0] += 0.0005
    if h.t < 12:
        h.cvode.event(h.t + 1.0, every_ms)


def schedule():
    for te, amp in ((4.98, 0.3), (4.99, 0.6), (0.0, 0.01), (7.0125, 2.0), (10.0, 0.0)):
        log.append("returned %.17g" % h.cvode.event(te, set_amp(amp)))
    h.cvode.event(3.0, every_ms)
    h.cvode.event(6.5, "gnabar_hh = 0.1")
    h.cvode.event(8.25, lambda: setattr(soma(0.5).hh, "gkbar", 0.03))


kind = 1
fih = h.FInitializeHandler(kind, schedule)
h.cvode.event(3.0, lambda: note("scheduled before finitialize"))
h.dt = 0.025
h.finitialize(-65)
note("after finitialize")
h.cvode.event(2.0, lambda: note("after finitialize, 2.0"))
h.cvode.event(-1.0, lambda: note("in the past"))
vs = []
for i in range(700):
    h.fadvance()
    if i % 10 == 0:
        vs.append("%d %.17g %.12f %.12f" % (i, h.t, soma(0.5).v, dend(0.5).v))
for line in log:
    print(line)
for line in vs:
    print(line)
print("spikes", list(spikes))
# every handler type; an event without action stops run(); so does an action setting stoprun
del fih
log.clear()
for kind in (0, 2, 3):
    fih = h.FInitializeHandler(kind, lambda: h.cvode.event(0.0, lambda: note("at 0")))
    h.finitialize(-65)
    h.fadvance()
    print("type", kind, log)
    log.clear()
    del fih
h.tstop = 20
fih = h.FInitializeHandler(lambda: h.cvode.event(7.3))
h.run()
print("stopped at %.17g stoprun %g" % (h.t, h.stoprun))
h.continuerun(9)
print("continued to %.17g" % h.t)
del fih


def stop_here():
    note("stop")
    h.stoprun = 1


fih = h.FInitializeHandler(lambda: h.cvode.event(4.4, stop_here))
h.run()
print("stopped at %.17g v=%.12f" % (h.t, soma(0.5).v), log)
# under ParallelContext.psolve (its exchange intervals are split at the events)
pc = h.ParallelContext()
pc.set_gid2node(0, int(pc.id()))
pc.cell(0, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
tv, iv = h.Vector(), h.Vector()
pc.spike_record(-1, tv, iv)
log.clear()
fih = h.FInitializeHandler(lambda: [h.cvode.event(te, set_amp(a))
                                    for te, a in ((3.3, 0.5), (9.0, 0.0), (14.1, 1.0))])
pc.set_maxstep(10)
h.finitialize(-65)
pc.psolve(20)
print("psolve", log, list(tv), "%.12f" % soma(0.5).v)
h.stoprun = 0           # above, stoprun was still 1 from run(): psolve stopped after the action
log.clear()
tv.resize(0)
h.finitialize(-65)
pc.psolve(20)
print("psolve", log, list(tv), "%.12f" % soma(0.5).v)
