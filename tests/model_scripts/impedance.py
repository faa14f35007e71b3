"""h.Impedance as NEURON 9 (compute(freq) with the states held): input, transfer, ratio and
their phases at several places and frequencies, a branched cell with hh, pas and an IClamp,
at rest and in mid-run, and the hoc form (`soma imp.loc(0.5)`)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
dends = []
for k, (L, diam, nseg) in enumerate(((400, 1, 9), (250, 2, 5), (120, 0.7, 3))):
    d = h.Section(name="dend%d" % k)
    d.L, d.diam, d.nseg = L, diam, nseg
    d.insert("pas")
    d.g_pas, d.e_pas = 1e-4 * (k + 1), -65
    dends.append(d)
dends[0].connect(soma(1))
dends[1].connect(soma(0))
dends[2].connect(dends[0](0.6))
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 5, 0.1
h.finitialize(-65)
imp = h.Impedance()
places = [(soma, 0.5), (soma, 0), (soma, 1), (dends[0], 0.1), (dends[0], 0.9), (dends[0], 1),
          (dends[1], 0.5), (dends[2], 1)]


def show(label):
    for freq in (0, 10, 100, 1000):
        imp.compute(freq)
        for sec, x in places:
            print(label, freq, sec.name(), x, "%.12g %.12g %.12g %.12g %.12g" % (
                imp.input(x, sec=sec), imp.transfer(x, sec=sec), imp.ratio(x, sec=sec),
                imp.input_phase(x, sec=sec), imp.transfer_phase(x, sec=sec)))


imp.loc(0.5, sec=soma)
show("soma")
imp.loc(0.8, sec=dends[2])
show("dend2")
h.dt = 0.025
while h.t < 3:
    h.fadvance()
imp.loc(0.5, sec=soma)
show("running")
h("create hsoma")
h("hsoma { L = 30  diam = 30  insert pas }")
h("objref himp")
h("himp = new Impedance()")
h("hsoma himp.loc(0.5)")
h.finitialize(-65)
h("himp.compute(50)")
h("hsoma printf(\"%.10g %.10g\\n\", himp.input(0.5), himp.transfer(0.2))")
print(h.deltafac if hasattr(h, "deltafac") else "", imp.deltafac())
