"""FUNCTIONs and PROCEDUREs of a density mechanism (kdfunc.mod) called as NEURON allows:
h.<name>_kdf(...) (no setdata needed when the function reads no per-instance variable, "No
data" otherwise), after h.setdata_kdf(seg) / setdata_kdf(x, sec=), seg.kdf.<name>(...) on
that segment's instance, the same from hoc, a PROCEDURE's value 1, GLOBALs it assigns, and
dir() of the mechanism. argv: neuron|pnm, the built folder."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
    h.nrn_load_dll(sys.argv[2] + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(sys.argv[2])


def attempt(call):
    try:
        return repr(call())
    except Exception as err:
        return f"error {type(err).__name__}"


print(attempt(lambda: h.plain_kdf(3)), attempt(lambda: h.rates_kdf(-20)))
print(h.ninf_kdf, h.ntau_kdf)
soma = h.Section(name="soma")
soma.nseg = 3
soma.insert("kdf")
for i, seg in enumerate(soma):
    seg.kdf.gbar = 0.01 * (i + 1)
h.finitialize(-60)
print("without setdata", attempt(lambda: h.gk_at_kdf(2)))
h.setdata_kdf(soma(0.5))
print(h.gk_at_kdf(2))
h.setdata_kdf(0.9, sec=soma)
print(h.gk_at_kdf(2))
print(soma(0.1).kdf.gk_at(2), soma(0.1).kdf.plain(1), soma(0.5).kdf.rates(10), h.ninf_kdf)
print(sorted(n for n in dir(soma(0.5).kdf) if not n.startswith("_")))
h("create dend")
h("dend { nseg = 3  insert kdf  gbar_kdf(0:1) = 0.01:0.03 }")
h("finitialize(-60)")
h("dend setdata_kdf(0.1)")
h("print gk_at_kdf(4), rates_kdf(-35), ninf_kdf")
h("access dend")
h("setdata_kdf(0.9)")
h("print gk_at_kdf(1), ntau_kdf")
