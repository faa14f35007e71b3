"""The function the executor tests map: nontrivial, deterministic, numpy-based."""
import numpy as np


def work(x):
    """Sum of squares of 1000 normal numbers drawn with seed x (with the seed, to check order)."""
    values = np.random.default_rng(int(x)).standard_normal(1000)
    return int(x), float(np.dot(values, values))
