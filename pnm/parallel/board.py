"""ParallelContext's bulletin-board methods (NEURON's names), over parallel/bulletin.py."""

import numpy as np

from ..model.vector import Vector


def fill_outputs(values, outs):
    """take(key, ref1, vec2, ...) as in hoc: fill refs and Vectors with the values."""
    for out, val in zip(outs, values):
        if isinstance(out, Vector):
            out.from_python(np.asarray(val, dtype=float))
        elif hasattr(out, "__setitem__"):
            out[0] = val


class BulletinBoardMethods:
    """Mixed into ParallelContext; board() gives the process's BulletinBoard."""

    def board(self):
        raise NotImplementedError

    def runworker(self):
        return self.board().runworker()

    def submit(self, func, *args):
        return self.board().submit(func, *args)

    def working(self):
        return self.board().working()

    def pyret(self):
        return self.board().pyret()

    def retval(self):
        return self.board().retval()

    def userid(self):
        return self.board().userid()

    def context(self, func, *args):
        return self.board().context(func, *args)

    def post(self, key, *values):
        return self.board().post(key, *values)

    def take(self, key, *outs):
        values = self.board().take(key)
        fill_outputs(values, outs)
        return values

    def look(self, key, *outs):
        found = self.board().look(key)
        return 1.0 if found else 0.0

    def look_take(self, key, *outs):
        found = self.board().look_take(key)
        return 1.0 if found else 0.0

    def pack(self, *values):
        return self.board().pack(*values)

    def upkscalar(self):
        return self.board().upkscalar()

    def upkstr(self):
        return self.board().upkstr()

    def upkvec(self, vec=None):
        return self.board().upkvec(vec)

    def upkpyobj(self):
        return self.board().upkpyobj()
