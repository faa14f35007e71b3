"""Mechanisms with VERBATIM C (tests/nmodl/verbatim/): Destexhe's Gfluct.mod (POINT_PROCESS Gfluct2; printf of its seed),
LcaMig (cai = _ion_cai), flushf (fflush) and csubset (the rest of the C subset), in a soma
driven to spike; the printed lines, spike times and voltages for comparison.
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
soma.insert("csub")
soma.insert("lca")
soma.glcabar_lca = 0.0002
soma.cai = 1e-4
noise = h.Gfluct2(soma(0.5))
noise.new_seed(7)
noise.g_i0 = 0.01
print("python after new_seed")
h.flushf()
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 20, 0.3
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(spikes)
v = h.Vector().record(soma(0.5)._ref_v)
h.finitialize(-65)
h("print \"hoc\"")
h.continuerun(25)
print("spikes", list(spikes))
print("cai %.12g ilca %.12g peak %.10f count %g" % (soma(0.5).cai, soma(0.5).ilca_lca,
                                                    soma(0.5).peak_csub, soma(0.5).count_csub))
for k in range(0, int(v.size()), 100):
    print("%.10f" % v[k])
