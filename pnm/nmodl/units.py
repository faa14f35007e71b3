"""NEURON's unit arithmetic as nocmodl does it: the nrnunits.lib table, prefixes, plural 's',
powers by a trailing digit, and the factor of `NAME = (u1) (u2)` in a UNITS block
(u1's magnitude over u2's: FARADAY = (faraday) (coulomb) is 96485.33212...)."""
from __future__ import annotations

import os
from functools import lru_cache

# nocmodl's prefix list, searched in this order (modlunit/units.cpp)
_PREFIXES = (("atto", 1e-18), ("femto", 1e-15), ("pico", 1e-12), ("nano", 1e-9),
             ("micro", 1e-6), ("milli", 1e-3), ("centi", 1e-2), ("deci", 1e-1),
             ("deka", 1e1), ("hecta", 1e2), ("hecto", 1e2), ("kilo", 1e3), ("mega", 1e6),
             ("meg", 1e6), ("giga", 1e9), ("tera", 1e12))
_SEPARATORS = set("123456789-/ \t\n")
NDIM = 10


class UnitsError(ValueError):
    pass


class Unit:
    """A magnitude and the exponents of the primitive units (m kg sec coul candela ...)."""
    __slots__ = ("factor", "dim")

    def __init__(self, factor=1.0, dim=None):
        self.factor = factor
        self.dim = list(dim) if dim else [0] * NDIM

    def __repr__(self):
        return f"Unit({self.factor!r}, {self.dim})"


class _Reader:
    def __init__(self, text):
        self.text, self.pos = text, 0

    def get(self):
        if self.pos >= len(self.text):
            return "\n"
        c = self.text[self.pos]
        self.pos += 1
        return c

    def unget(self):
        self.pos -= 1

    def number(self):
        """nocmodl's getflt: digits, a '+N'/'-N' exponent without 'e', '|' divides; NEURON 9
        rounds the decimal correctly (1.602176634-19 is the double nearest 1.602176634e-19)."""
        c = self.get()
        while c in " \t":
            c = self.get()
        mantissa = ""
        while c.isdigit() or c == ".":
            mantissa += c
            c = self.get()
        exponent = ""
        if c in "+-":
            exponent, c = c, self.get()
            while c.isdigit():
                exponent += c
                c = self.get()
        digits = mantissa.strip(".")
        d = float(f"{mantissa}e{exponent or 0}") if digits and exponent != "-" else 0.0
        if c == "|":
            return d / self.number()
        self.unget()
        return d


class UnitTable:
    """The nrnunits.lib table plus the definitions a mod file's UNITS block adds."""

    def __init__(self, entries):
        self.entries = dict(entries)

    def copy(self):
        return UnitTable(self.entries)

    def convert(self, text):
        """The Unit of a units string such as 'mA/cm2', '1/liter', 'k-mole'."""
        reader = _Reader(text.strip() + "\n")
        unit = Unit(reader.number())
        if unit.factor == 0.0:
            unit.factor = 1.0
        name, denominator = "", 0
        while True:
            c = reader.get() if reader.pos < len(reader.text) else "\n"
            if c in _SEPARATORS:
                if name:
                    self._apply(name, unit, denominator, c, text)
                    name = ""
                if c == "/":
                    denominator += 1
                if c == "\n":
                    return unit
                continue
            name += c

    def _apply(self, name, unit, denominator, c, whole):
        scale = 1.0
        while True:
            entry = self.entries.get(name)
            if entry is not None:
                repeats = 1 + (int(c) - 1 if c in "23456789" else 0)
                for _ in range(repeats):
                    if denominator:
                        unit.factor /= entry.factor * scale
                        unit.dim = [a - b for a, b in zip(unit.dim, entry.dim)]
                    else:
                        unit.factor *= entry.factor * scale
                        unit.dim = [a + b for a, b in zip(unit.dim, entry.dim)]
                return
            for prefix, factor in _PREFIXES:
                if name.startswith(prefix):  # a bare prefix leaves "", magnitude 1
                    scale *= factor
                    name = name[len(prefix):]
                    break
            else:
                if len(name) > 1 and name.endswith("s"):
                    name = name[:-1]
                    continue
                raise UnitsError(f"cannot recognize the units '{name}' in ({whole}); declare "
                                 f"them in the UNITS block: ({name}) = (...)")

    def define(self, name, definition):
        """(name) = (definition); an existing name keeps its value, as nocmodl does."""
        if name not in self.entries:
            self.entries[name] = self.convert(definition)

    def ratio(self, numerator, denominator):
        """The number nocmodl writes for NAME = (numerator) (denominator)."""
        return self.convert(numerator).factor / self.convert(denominator).factor


@lru_cache(maxsize=1)
def _base_table():
    path = os.path.join(os.path.dirname(__file__), "data", "nrnunits.lib")
    table = UnitTable({})
    for i, primitive in enumerate(("*a*", "*b*", "*c*", "*d*", "*e*", "*f*", "*g*", "*h*",
                                   "*i*", "*j*")):
        dim = [0] * NDIM
        dim[i] = 1
        table.entries[primitive] = Unit(1.0, dim)
    table.entries[""] = Unit(1.0)
    previous = None
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if not line or line.startswith("/"):
                continue
            parts = line.split(None, 1)
            name = parts[0]
            if len(parts) == 1 or line[len(name)] not in " \t":
                if name not in table.entries and previous is not None:
                    table.entries[name] = Unit(previous.factor, previous.dim)
                continue
            if name in table.entries:
                continue
            previous = table.convert(parts[1])
            table.entries[name] = previous
    return table


def unit_table():
    """A fresh table for one mod file (its UNITS definitions must not leak to the next)."""
    return _base_table().copy()
