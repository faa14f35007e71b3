"""NetCon.record(callable) and NetCon.record("hoc statement") as NEURON 9: run at each spike of
the source, when the threshold crossing is found at the start of a step, with h.t the spike
time and the model as the step found it; an action that changes the model changes the rest of
the run; record("") removes it; a tvec recorder on the same source goes on; an artificial
cell's spikes; under fadvance, continuerun and pc.psolve. A source whose only NetCon recorded
into Vectors and was then deleted goes on recording (NEURON keeps its PreSyn: the
spikerecord() of ModelDB 96444's ran3ser.hoc records through a localobj NetCon)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.insert("hh")
soma.L = soma.diam = 20
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 100, 0.3
log = []


def on_spike():
    log.append("spike t=%.17g v=%.12f m=%.12f amp=%g" % (h.t, soma(0.5).v, soma(0.5).m_hh,
                                                         stim.amp))
    if sum(line.startswith("spike") for line in log) == 2:
        stim.amp = 0.6          # the rest of the run goes faster


tvec = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(on_spike)
nc2 = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc2.record(tvec)
ns = h.NetStim()
ns.start, ns.interval, ns.number, ns.noise = 3, 7.5, 4, 0
ncs = h.NetCon(ns, None)
ncs.record(lambda: log.append("netstim t=%.17g" % h.t))
h.tstop = 60
h.run()
print("\n".join(log))
print("tvec", list(tvec))
log.clear()
h('nspk = 0')
nc.record('printf("hoc spike %.15g\\n", t)  nspk = nspk + 1')
h.dt = 0.025
h.finitialize(-65)
for i in range(800):
    h.fadvance()
print("after", log, list(tvec), "%.12f" % soma(0.5).v, h.nspk)
nc.record("")
stim.amp = 0.3
nc2.record(on_spike)
pc = h.ParallelContext()
pc.set_maxstep(10)
h.finitialize(-65)
pc.psolve(40)
print("\n".join(log))
print("psolve", list(tvec), "%.12f" % soma(0.5).v)

soma2 = h.Section(name="soma2")
soma2.insert("hh")
soma2.L = soma2.diam = 20
stim2 = h.IClamp(soma2(0.5))
stim2.delay, stim2.dur, stim2.amp = 2, 100, 0.2
tv3, idv3 = h.Vector(), h.Vector()
nc3 = h.NetCon(soma2(0.5)._ref_v, None, sec=soma2)
nc3.record(tv3, idv3, 5)
del nc3
h.tstop = 40
h.run()
print("after its NetCon is gone", list(tv3), list(idv3))
