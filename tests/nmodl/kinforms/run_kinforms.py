"""ssinit.mod (SOLVE of a non-BREAKPOINT KINETIC block STEADYSTATE sparse in INITIAL, with
a sink `~ b -> (k)`) in an hh soma and Traub's alphasynkin.mod (ModelDB 82894: `~ g -> (1/tau)`)
driven by a NetStim: spikes, states and voltages under the fixed step, then under CVODE.
argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
soma.insert("ssinit")
syn = h.AlphaSynKin(soma(0.5))
syn.tau, syn.e = 2, 0
stim = h.NetStim()
stim.start, stim.interval, stim.number, stim.noise = 2, 7, 6, 0
nc = h.NetCon(stim, syn)
nc.weight[0], nc.delay = 0.004, 1
spikes = h.Vector()
det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.record(spikes)
cvode = h.CVode()
seg = soma(0.5)
for active in (0, 1):
    cvode.active(active)
    v = h.Vector().record(seg._ref_v)      # every step (CVODE's steps are NEURON's too)
    tv = h.Vector().record(h._ref_t)
    h.finitialize(-65)
    m = seg.ssinit
    print("init %d %.12f %.12f %.12f" % (active, m.c, m.o, m.b))
    h.continuerun(45)
    print("spikes %d" % active, [round(x, 6) for x in spikes])
    print("final %d %.9f %.9f %.9f %.9f %.9f" % (active, m.c, m.o, m.b, syn.a, syn.g))
    print("steps %d %d" % (active, v.size()))
    for k in range(0, int(v.size()), 10):
        print("%.9f %.9f" % (tv[k], v[k]))
