"""Continuous Vector.play(ref, tvec, 1) and play(ref, tvec, discon_indices) under the
fixed-step method, as NEURON 9: the value interpolated at t+dt/2 and t+dt inside each step
(recorded values, states, spikes), equal times (a jump), points off the step grid, a first
time after 0, the end of tvec, discontinuity indices, replaying after a change of the Vectors,
and play_remove."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

soma = h.Section(name="soma")
soma.insert("hh")
soma.L = soma.diam = 20
dend = h.Section(name="dend")
dend.connect(soma(1))
dend.insert("pas")
dend.L, dend.diam, dend.nseg = 300, 2, 5
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur = 0, 1e9
syn = h.IClamp(dend(0.7))
syn.delay, syn.dur = 0, 1e9

# a ramp with a jump (two equal times) and points between steps
ramp_t = h.Vector([0, 2.01, 4.0, 4.0, 7.3333, 9.0, 15.0])
ramp_y = h.Vector([0, 0.05, 0.1, 0.6, 0.2, 0.45, 0.0])
ramp_y.play(stim._ref_amp, ramp_t, 1)
# a first time after 0 (the value before it is the value set here), ending before tstop
g_t = h.Vector([3.0, 5.5, 6.0, 11.1])
g_y = h.Vector([0.12, 0.05, 0.2, 0.12])
soma.gnabar_hh = 0.08
g_y.play(soma(0.5)._ref_gnabar_hh, g_t, 1)
# discontinuity indices: events only at t[2] and t[4]
d_t = h.Vector([0, 1, 2, 3, 5, 8, 13])
d_y = h.Vector([0, 0.02, -0.03, 0.05, 0.1, -0.1, 0.0])
d_i = h.Vector([2, 4])
d_y.play(syn._ref_amp, d_t, d_i)

vs = {name: h.Vector() for name in ("v", "amp", "i", "gna", "gnabar", "samp", "dv")}
vs["v"].record(soma(0.5)._ref_v)
vs["amp"].record(stim._ref_amp)
vs["i"].record(stim._ref_i)
vs["gna"].record(soma(0.5)._ref_gna_hh)
vs["gnabar"].record(soma(0.5)._ref_gnabar_hh)
vs["samp"].record(syn._ref_amp)
vs["dv"].record(dend(0.7)._ref_v)
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(spikes)


def run(tstop):
    h.dt = 0.025
    h.finitialize(-65)
    while h.t < tstop - h.dt / 2:
        h.fadvance()
    print("spikes", list(spikes))
    for name, vec in vs.items():
        print(name, vec.size(), ["%.12g" % vec[k] for k in range(0, int(vec.size()), 37)])
        print(name, "last", "%.12g" % vec[int(vec.size()) - 1])
    print("after", "%.12g %.12g %.12g" % (stim.amp, soma(0.5).gnabar_hh, syn.amp))


run(20)
ramp_y.x[5] = 0.9             # changed in place: seen at the next finitialize
ramp_t.append(17.0)           # resized too
ramp_y.append(0.3)
run(20)
ramp_y.play_remove()
stim.amp = 0.05
run(6)
