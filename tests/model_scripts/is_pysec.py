"""sec.is_pysec(): True for sections made in Python (named or not, in a cell), False for
hoc's `create` (top level and in a template), as NEURON."""
import sys
if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h


class Cell:
    def __init__(self):
        self.soma = h.Section(name="soma", cell=self)


s = h.Section(name="s")
anon = h.Section()
h("create hs, harr[2]")
h("begintemplate T\npublic a\ncreate a\nendtemplate T")
t = h.T()
print("python", s.is_pysec(), anon.is_pysec(), Cell().soma.is_pysec())
print("hoc", h.hs.is_pysec(), h.harr[1].is_pysec(), t.a.is_pysec())
