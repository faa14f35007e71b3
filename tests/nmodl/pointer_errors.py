"""Bad uses of POINTERs and FUNCTION_TABLEs under pnm, each caught and reported (one process for
all): argv build directory, output json {case: "ExceptionType: message" or "no error"}.

NEURON crashes (segfault) on a run with an unset POINTER and reads an invalid data handle
when one is read from Python; pnm must say which instance and which pointer instead."""
import json
import sys

from pnm import h

build, out = sys.argv[1], sys.argv[2]
h.nrn_load_dll(build)
result = {}


def attempt(case, fn):
    try:
        fn()
        result[case] = "no error"
    except Exception as err:       # noqa: BLE001  (the test reads type and message)
        result[case] = f"{type(err).__name__}: {err}"


soma = h.Section(name="soma")
soma.insert("hh")
other = h.Section(name="other")
gap = h.Gap(soma(0.5))
attempt("read_unset", lambda: gap.vgap)
attempt("run_unset_point", lambda: h.finitialize(-65))
gap._ref_vgap = other(0.5)._ref_v
attempt("run_set_point", lambda: h.finitialize(-65))
attempt("read_set", lambda: result.__setitem__("vgap_value", gap.vgap))

dend = h.Section(name="dend")
dend.nseg = 3
dend.insert("ptrd")
for seg in dend:
    h.setpointer(other(0.5)._ref_v, "pv", seg.ptrd)
    seg.ptrd._ref_pw = seg.ptrd._ref_seen
attempt("run_set_density", lambda: h.finitialize(-65))
dend.nseg = 5          # NEURON reallocates the mechanism: its pointers are unset again
attempt("run_after_nseg", lambda: h.finitialize(-65))
for seg in dend:
    h.setpointer(other(0.5)._ref_v, "pv", seg.ptrd)
    h.setpointer(seg.ptrd._ref_seen, "pw", seg.ptrd)
attempt("wrong_name", lambda: h.setpointer(other(0.5)._ref_v, "nope", gap))
attempt("not_a_pointer", lambda: h.setpointer(other(0.5)._ref_v, "r", gap))
h("x_hoc = 3")
h("objref gap_")
h.gap_ = gap
attempt("hoc_variable", lambda: h("setpointer gap_.vgap, x_hoc"))
h("create hsec")
attempt("hoc_ok", lambda: h("setpointer gap_.vgap, hsec.v(0.5)"))
h.delete_section(sec=other)     # dend's pv and gap's vgap pointed into it
h.setpointer(soma(0.5)._ref_v, "vgap", gap)
attempt("run_deleted_target", lambda: h.finitialize(-65))
for seg in dend:
    h.setpointer(soma(0.5)._ref_v, "pv", seg.ptrd)
attempt("run_repaired", lambda: h.finitialize(-65))

soma.insert("ftab")             # FUNCTION_TABLEs not given yet
attempt("run_without_table", lambda: h.finitialize(-65))
attempt("vectors_for_2d", lambda: h.table_mtau_ftab(h.Vector([1, 2]), h.Vector([0, 1])))
attempt("sizes_differ", lambda: h.table_minf_ftab(h.Vector([1, 2]), h.Vector([0, 1, 2])))
attempt("too_few_values", lambda: h.table_mtau_ftab(h.Vector([1, 2, 3]), 2, 0, 1, 2, 0, 1))
attempt("min_above_max", lambda: h.table_minf_ftab(h.Vector([1, 2]), 2, 5, 1))
with open(out, "w") as f:
    json.dump(result, f, indent=1)
