"""The ball-and-stick cell of NEURON's tutorial as a NetworkReadyCell: hh soma, passive
dendrite, one ExpSyn at the dendrite's middle (synlist[0])."""

from ..model.section import Section
from .base import NetworkReadyCell


class BallAndStick(NetworkReadyCell):
    def __init__(self, gid=None, x=0.0, y=0.0, z=0.0, dend_nseg=1, syn_tau=2.0):
        super().__init__(gid, x, y, z)
        self.soma = Section(name="soma", cell=self)
        self.dend = Section(name="dend", cell=self)
        self.dend.connect(self.soma)
        self.soma.L = self.soma.diam = 12.6157
        self.dend.L = 200.0
        self.dend.diam = 1.0
        self.dend.nseg = dend_nseg
        for sec in (self.soma, self.dend):
            sec.Ra = 100.0
            sec.cm = 1.0
        self.soma.insert("hh")
        for seg in self.soma:
            seg.hh.gnabar = 0.12
            seg.hh.gkbar = 0.036
            seg.hh.gl = 0.0003
            seg.hh.el = -54.3
        self.dend.insert("pas")
        for seg in self.dend:
            seg.pas.g = 0.001
            seg.pas.e = -65.0
        from ..model.userpoint import point_class
        self.syn = point_class("ExpSyn")(self.dend(0.5))
        self.syn.tau = syn_tau
        self.synlist.append(self.syn)
