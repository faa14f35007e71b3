"""NEURON's spikes for examples/notebook/ring_cells.py: prints JSON {"ring": ..., "trials": ...}."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
namespace = {"__name__": "ring_cells"}
with open(os.path.join(here, "..", "..", "examples", "notebook", "ring_cells.py")) as f:
    exec(compile(f.read(), f.name, "exec"), namespace)
weights = namespace["WEIGHTS"]
ring = namespace["ring"](weights, simulator="neuron")
trials = [namespace["trial"](w, simulator="neuron") for w in weights]
sys.stdout.flush()
print("RESULT " + json.dumps({"ring": ring, "trials": trials}))
