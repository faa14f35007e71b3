# Epilogue (ours, not part of the original): the test runner executes it after the script,
# in the script's namespace, to print what the script recorded.
for _name, _vec in [('t', t), ('soma_v', soma_v), ('dend_v', dend_v), ('syn_i', syn_i)]:
    print("vector", _name, len(_vec), " ".join(repr(float(_x)) for _x in _vec))
for _i, _vec in enumerate(spike_times if isinstance(spike_times, list) else [spike_times]):
    print("spikes", 'spike_times', _i, " ".join(repr(float(_x)) for _x in _vec))
