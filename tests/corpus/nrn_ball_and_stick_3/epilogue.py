# Epilogue (ours, not part of the original): the test runner executes it after the script,
# in the script's namespace, to print what the script recorded.
for _name, _vec in [('t', t)]:
    print("vector", _name, len(_vec), " ".join(repr(float(_x)) for _x in _vec))
for _i, _cell in enumerate(ring.cells):
    print("spikes cell", _i, " ".join(repr(float(_x)) for _x in _cell.spike_times))
    print("vector soma_v", _i, len(_cell.soma_v), " ".join(repr(float(_x)) for _x in _cell.soma_v))
