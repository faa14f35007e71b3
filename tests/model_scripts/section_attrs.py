"""A section's attributes from Python, as NEURON: range variables read (the middle segment's)
and assigned (every segment) as sec.<name>, hasattr before and after insert, an ion's
variables, a loaded name of a mechanism not inserted, and a name that is nothing (Python's
AttributeError, "'nrn.Section' object has no attribute" in NEURON: printed without the
type's name)."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h


def attempt(what, f):
    try:
        print(what, f())
    except AttributeError as err:
        text = str(err)
        print(what, "AttributeError", text[text.index("object"):] if "object has" in text else "")


s = h.Section(name="s")
s.nseg = 3
print("hasattr", hasattr(s, "gnabar_hh"), hasattr(s, "g_pas"), hasattr(s, "nothing_at_all"))
attempt("read unknown", lambda: s.nothing_at_all)
attempt("read not inserted", lambda: s.gnabar_hh)


def assign(name, value):
    setattr(s, name, value)
    return getattr(s, name)


attempt("assign unknown", lambda: assign("nothing_at_all", 1.0))
attempt("assign not inserted", lambda: assign("gnabar_hh", 1.0))
s.insert("hh")
s.insert("pas")
print("hasattr", hasattr(s, "gnabar_hh"), hasattr(s, "g_pas"), hasattr(s, "ena"))
s.gnabar_hh = 0.2
s.e_pas = -70
s.ena = 55
print("values", s.gnabar_hh, s.e_pas, s.ena, s.ek, s.L, s.nseg)
print("segments", [seg.gnabar_hh for seg in s], [seg.e_pas for seg in s], [seg.ena for seg in s])
attempt("read unknown after insert", lambda: s.gnabar_hhh)
attempt("assign unknown after insert", lambda: assign("gnabar_hhh", 0.3))

