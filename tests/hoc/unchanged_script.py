"""A Python script as published: `from neuron import h, gui`, arguments in sys.argv. Run as
`python unchanged_script.py ARGS` (NEURON) and `python -m pnm unchanged_script.py ARGS`
(pnm, where `neuron` is pnm); prints its arguments and a spike count, then, on stderr, which
module `neuron` was."""
import sys

import neuron
from neuron import h, gui  # noqa: F401
from neuron.units import ms, mV

args = sys.argv[1:]
tstop = float(args[args.index("-tstop") + 1]) if "-tstop" in args else 20.0
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1 * ms, 100 * ms, 0.3
spikes = h.Vector()
nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
nc.record(spikes)
h.finitialize(-65 * mV)
h.continuerun(tstop * ms)
print("arguments", args)
print("spikes", len(spikes), " ".join(f"{x:.10g}" for x in spikes))
sys.stderr.write(f"neuron module: {neuron.__name__}\n")
