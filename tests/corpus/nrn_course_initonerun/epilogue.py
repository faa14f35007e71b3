# Epilogue (ours, not part of the original): the test runner executes it after the script,
# in the script's namespace, to print what the script recorded.
for _i, _vec in enumerate(spvec if isinstance(spvec, list) else [spvec]):
    print("spikes", 'spvec', _i, " ".join(repr(float(_x)) for _x in _vec))
