"""Three hh cells with the same node tree cut into sections differently (one section of
nseg 3; a section of nseg 1 with a child of nseg 1; and a second copy of the first), each
driven by its own IClamp: pnm interleaves cells by node shape, and these must still be
numbered as NEURON numbers them."""
from neuron import n
from neuron.units import ms, mV, µm

n.load_file("stdrun.hoc")


def cell(name, split, amp):
    secs = []
    if split:
        a = n.Section(name=name + "_a")
        b = n.Section(name=name + "_b")
        b.connect(a(1))
        a.L = b.L = 20 * µm
        secs = [a, b]
    else:
        a = n.Section(name=name)
        a.nseg = 3
        a.L = 60 * µm
        secs = [a]
    for s in secs:
        s.diam = 10 * µm
        s.Ra = 120
        s.insert(n.hh)
    stim = n.IClamp(a(0.5))
    stim.delay, stim.dur, stim.amp = 2 * ms, 30 * ms, amp
    return secs, stim


one, stim1 = cell("one", False, 0.3)
two, stim2 = cell("two", True, 0.25)
three, stim3 = cell("three", False, 0.2)

v1 = n.Vector().record(one[0](0.5)._ref_v)
v2a = n.Vector().record(two[0](0.5)._ref_v)
v2b = n.Vector().record(two[1](0.5)._ref_v)
v2end = n.Vector().record(two[1](1)._ref_v)
v3 = n.Vector().record(three[0](0.9)._ref_v)

n.finitialize(-65 * mV)
n.continuerun(40 * ms)

RESULT = {"v1": v1, "v2a": v2a, "v2b": v2b, "v2end": v2end, "v3": v3}
TOLERANCE = {"v1": 1e-6, "v2a": 1e-6, "v2b": 1e-6, "v2end": 1e-6, "v3": 1e-6}
