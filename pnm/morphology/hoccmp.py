"""hoc's comparison operators, which NEURON's import3d code uses: two numbers within
float_epsilon (1e-9) of each other are equal (oc/code.cpp), so 'a <= b' is a <= b + 1e-9.
The ported hoc rules compare through these to take the same branches."""

EPSILON = 1e-9


def lt(a, b):
    return a < b - EPSILON


def le(a, b):
    return a <= b + EPSILON


def gt(a, b):
    return a > b + EPSILON


def ge(a, b):
    return a >= b - EPSILON


def eq(a, b):
    return b - EPSILON <= a <= b + EPSILON


def ne(a, b):
    return not eq(a, b)
