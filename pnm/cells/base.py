"""Cell conventions of NEURON's NetGUI / ParallelNetManager, checked with clear errors.

A NetworkReadyCell has `synlist` (its synapses, indexed by nc_append's synapse id) and
`connect2target(target, nc=None)` returning a NetCon from the cell's spike source to target.
An ArtificialCell wraps a point process artificial cell in `pp`."""

from ..model.netcon import NetCon
from ..model.pointprocess import PointProcess


class NetworkReadyCell:
    """Base class: subclasses build sections and fill self.synlist, and give the spike
    source by overriding `spike_source()` (default: soma(0.5)._ref_v with sec=soma)."""

    is_art = False
    threshold = 10.0

    def __init__(self, gid=None, x=0.0, y=0.0, z=0.0):
        self.gid = gid
        self.synlist = []
        self.x, self.y, self.z = x, y, z

    def spike_source(self):
        soma = getattr(self, "soma", None)
        if soma is None:
            raise TypeError(f"{type(self).__name__}: NetworkReadyCell needs a `soma` section "
                            "or an override of spike_source()")
        return soma(0.5)._ref_v, soma

    def connect2target(self, target, nc=None):
        src, sec = self.spike_source()
        nc = NetCon(src, target, sec=sec)
        nc.threshold = self.threshold
        return nc

    def position(self, x, y, z):
        self.x, self.y, self.z = x, y, z

    def __repr__(self):
        return f"{type(self).__name__}[{self.gid}]"


class ArtificialCell:
    """Wraps an artificial cell: self.pp is the point process (e.g. h.IntFire1())."""

    is_art = True

    def __init__(self, pp, gid=None):
        if not isinstance(pp, PointProcess) or not pp.is_artificial:
            raise TypeError(f"ArtificialCell({pp!r}): pp must be an artificial cell such as "
                            "h.IntFire1() or h.NetStim()")
        self.pp = pp
        self.gid = gid

    def connect2target(self, target, nc=None):
        return NetCon(self.pp, target)

    def __repr__(self):
        return f"{type(self).__name__}[{self.gid}]({self.pp})"


def is_artificial(obj):
    """NEURON's is_artificial: a bare artificial-cell point process."""
    return isinstance(obj, PointProcess) and obj.is_artificial


def check_cell(where, obj):
    """The ParallelNetManager convention, with an error naming the class and the member."""
    if is_artificial(obj):
        return "art"
    cls = type(obj).__name__
    if not callable(getattr(obj, "connect2target", None)):
        raise TypeError(f"{where}: {cls} has no connect2target; NetworkReadyCell subclasses "
                        "must define connect2target(target, nc) returning a NetCon from the "
                        "cell's spike source (or wrap an artificial cell with ArtificialCell)")
    if getattr(obj, "pp", None) is not None:
        return "wrapped"
    if not hasattr(obj, "synlist"):
        raise TypeError(f"{where}: {cls} has no synlist; NetworkReadyCell subclasses must "
                        "keep their synapses in a list self.synlist (nc_append's synapse id "
                        "indexes it)")
    return "real"
