"""VecStim's Vector between runs (NEURON's vecevent.mod under NEURON, pnm's built-in under pnm):
the Vector changed in place, play(other) re-binding, play() unbinding, two VecStims sharing a
Vector; prints each run's event times. argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
a, b = h.VecStim(), h.VecStim()
times = h.Vector([1, 2.5, 4])
other = h.Vector([0.5, 6, 6])
recs = [h.Vector(), h.Vector()]
ncs = [h.NetCon(vs, None) for vs in (a, b)]
for nc, rec in zip(ncs, recs):
    nc.record(rec)


def run(label):
    h.finitialize(-65)
    h.continuerun(10)
    print(label, " ".join("%.17g" % t for t in recs[0]), "|",
          " ".join("%.17g" % t for t in recs[1]))


a.play(times)
run("bound")
times.x[1] = 3.0
times.append(7.5)
run("changed in place")
b.play(times)
run("shared")
a.play(other)
run("re-bound")
a.play()
run("unbound")
times.resize(0)
run("emptied")
