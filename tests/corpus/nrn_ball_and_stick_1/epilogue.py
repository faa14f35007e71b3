# Epilogue (ours, not part of the original): the test runner executes it after the script,
# in the script's namespace, to print what the script recorded.
for _name, _vec in [('t', t), ('soma_v', soma_v), ('dend_v', dend_v)]:
    print("vector", _name, len(_vec), " ".join(repr(float(_x)) for _x in _vec))
