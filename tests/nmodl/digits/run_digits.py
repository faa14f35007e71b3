"""digits.mod and ModelDB 112685's Golgi_KA.mod and Golgi_hcn1.mod (Solinas et al. 2007
Golgi cell, PARAMETERs such as Kalpha_a = -23.32708) in a soma with an IClamp: the parameter
values NEURON runs with, states and voltages.
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
for name in ("pas", "digits", "Golgi_KA", "Golgi_hcn1"):
    soma.insert(name)
soma.g_pas, soma.e_pas = 1e-4, -65
h.celsius = 23
seg = soma(0.5)
print("values %.17g %.17g %.17g %.17g" % (seg.gbar_digits, seg.e_digits, h.k_digits,
                                          h.rate_digits))
print("golgi %.17g %.17g" % (h.Kalpha_a_Golgi_KA, h.V0beta_b_Golgi_KA))
stim = h.IClamp(seg)
stim.delay, stim.dur, stim.amp = 2, 20, 0.08
v = h.Vector().record(seg._ref_v)
h.finitialize(-65)
print("x0 %.17g" % seg.x_digits)
h.continuerun(30)
print("states %.12f %.12f %.12f" % (seg.x_digits, seg.a_Golgi_KA, seg.b_Golgi_KA))
for k in range(0, int(v.size()), 25):
    print("%.10f" % v[k])
