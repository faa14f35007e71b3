"""hoc's built-in functions and variables from Python as h.<name>, as NEURON has them:
xopen and load_proc/load_func of a hoc file, printf (and its value), ismembrane with sec=,
erf, float_epsilon, execute, strcmp."""
import os
import sys
import tempfile

if sys.argv[1] == "neuron":
    from neuron import h
else:
    from pnm import h
os.chdir(tempfile.mkdtemp())
with open("lib.hoc", "w") as f:
    f.write('proc greet() { printf("hello %d\\n", $1) }\nfunc twice() { return 2*$1 }\n'
            'proc other() { printf("other %g\\n", $1) }\nfunc thrice() { return 3*$1 }\n')
h.xopen("lib.hoc")
h.greet(3)
sys.stdout.flush()
print("twice", h.twice(4))
soma = h.Section(name="soma")
dend = h.Section(name="dend")
soma.insert("hh")
print("ismembrane", h.ismembrane("hh", sec=soma), h.ismembrane("hh", sec=dend),
      h.ismembrane("na_ion", sec=soma), h.ismembrane("k_ion", sec=dend))
print("erf", repr(h.erf(0.3)), repr(h.erfc(1.5)))
print("float_epsilon", h.float_epsilon)
n = h.printf("x=%g y=%s z=%5.2f\n", 1.5, "abc", 2.0)
sys.stdout.flush()
print("printf returned", n)
h.execute("zz = 7")
print("zz", h.zz)
print("strcmp", h.strcmp("a", "b"), h.strcmp("b", "b"), h.strcmp("c", "b"))
print("name_declared", h.name_declared("zz"), h.name_declared("nosuchname"))
sys.stdout.flush()
print("psection returned", h.psection(sec=soma))
soma.push()
h.psection()
h.pop_section()
s = h.ref("")
print("sprint", h.sprint(s, "cell%d_%s %5.2f", 3, "soma", 2.5), s[0])
