"""fh.mod (ModelDB 3507: TABLE inf, tau of arrays inf[4], tau[4]) and B_A.mod (ModelDB 62266:
TABLE inf, fac of an ASSIGNED and a top-level LOCAL array, DEPEND dt) in two somas driven to
spike: spike times, states and voltages for comparison. argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])
h.load_file("stdrun.hoc")
h.celsius = 20
node, mn = h.Section(name="node"), h.Section(name="mn")
for sec in (node, mn):
    sec.L = sec.diam = 20
node.insert("fh")
node.nai, node.nao, node.ki, node.ko = 13.74, 114.5, 120, 2.5
mn.insert("hh")
mn.insert("B_A")
mn.gkbar_B_A = 0.01
stims, recs = [], []
for sec, amp in ((node, 10.0), (mn, 0.3)):
    stim = h.IClamp(sec(0.5))
    stim.delay, stim.dur, stim.amp = 1, 20, amp
    vec = h.Vector()
    nc = h.NetCon(sec(0.5)._ref_v, None, sec=sec)
    nc.threshold = -20
    nc.record(vec)
    stims.append((stim, nc))
    recs.append((vec, h.Vector().record(sec(0.5)._ref_v)))
h.finitialize(-70)
h.continuerun(25)
for name, (spikes, _) in zip(("node", "mn"), recs):
    print(name, list(spikes))
print("fh %.12f %.12f %.12f %.12f" % (node(0.5).m_fh, node(0.5).h_fh, node(0.5).n_fh,
                                      node(0.5).p_fh))
print("B_A %.12f %.12f" % (mn(0.5).n_B_A, mn(0.5).h_B_A))
for k in range(0, int(recs[0][1].size()), 100):
    print("%.10f %.10f" % (recs[0][1][k], recs[1][1][k]))
