"""The NEURON tutorial "Ball and stick 3" serial ring of 5 BallAndStick cells:
all spike (time, gid) pairs and cell 0's soma voltage."""
from neuron import n
from neuron.units import ms, mV, µm

n.load_file("stdrun.hoc")


class Cell:
    def __init__(self, gid, x, y, z, theta):
        self._gid = gid
        self._setup_morphology()
        self.all = self.soma.wholetree()
        self._setup_biophysics()
        self.x = self.y = self.z = 0
        n.define_shape()
        self._rotate_z(theta)
        self._set_position(x, y, z)

        self._spike_detector = n.NetCon(self.soma(0.5)._ref_v, None, sec=self.soma)
        self.spike_times = n.Vector()
        self._spike_detector.record(self.spike_times)

        self._ncs = []

        self.soma_v = n.Vector().record(self.soma(0.5)._ref_v)

    def __repr__(self):
        return "{}[{}]".format(self.name, self._gid)

    def _set_position(self, x, y, z):
        for sec in self.all:
            for i in range(sec.n3d()):
                sec.pt3dchange(
                    i,
                    x - self.x + sec.x3d(i),
                    y - self.y + sec.y3d(i),
                    z - self.z + sec.z3d(i),
                    sec.diam3d(i),
                )
        self.x, self.y, self.z = x, y, z

    def _rotate_z(self, theta):
        """Rotate the cell about the Z axis."""
        for sec in self.all:
            for i in range(sec.n3d()):
                x = sec.x3d(i)
                y = sec.y3d(i)
                c = n.cos(theta)
                s = n.sin(theta)
                xprime = x * c - y * s
                yprime = x * s + y * c
                sec.pt3dchange(i, xprime, yprime, sec.z3d(i), sec.diam3d(i))


class BallAndStick(Cell):
    name = "BallAndStick"

    def _setup_morphology(self):
        self.soma = n.Section(name="soma", cell=self)
        self.dend = n.Section(name="dend", cell=self)
        self.dend.connect(self.soma)
        self.soma.L = self.soma.diam = 12.6157 * µm
        self.dend.L = 200 * µm
        self.dend.diam = 1 * µm

    def _setup_biophysics(self):
        for sec in self.all:
            sec.Ra = 100  # Axial resistance in Ohm * cm
            sec.cm = 1  # Membrane capacitance in micro Farads / cm^2
        self.soma.insert(n.hh)
        for seg in self.soma:
            seg.hh.gnabar = 0.12  # Sodium conductance in S/cm2
            seg.hh.gkbar = 0.036  # Potassium conductance in S/cm2
            seg.hh.gl = 0.0003  # Leak conductance in S/cm2
            seg.hh.el = -54.3 * mV  # Reversal potential
        # Insert passive current in the dendrite
        self.dend.insert(n.pas)
        for seg in self.dend:
            seg.pas.g = 0.001  # Passive conductance in S/cm2
            seg.pas.e = -65 * mV  # Leak reversal potential

        self.syn = n.ExpSyn(self.dend(0.5))
        self.syn.tau = 2 * ms


class Ring:
    """A network of *N* ball-and-stick cells where cell n makes an
    excitatory synapse onto cell n + 1 and the last, Nth cell in the
    network projects to the first cell.
    """

    def __init__(
        self, N=5, stim_w=0.04, stim_t=9, stim_delay=1, syn_w=0.01, syn_delay=5, r=50
    ):
        self._syn_w = syn_w
        self._syn_delay = syn_delay
        self._create_cells(N, r)
        self._connect_cells()
        # add stimulus
        self._netstim = n.NetStim()
        self._netstim.number = 1
        self._netstim.start = stim_t
        self._nc = n.NetCon(self._netstim, self.cells[0].syn)
        self._nc.delay = stim_delay
        self._nc.weight[0] = stim_w

    def _create_cells(self, N, r):
        self.cells = []
        for i in range(N):
            theta = i * 2 * n.PI / N
            self.cells.append(
                BallAndStick(i, n.cos(theta) * r, n.sin(theta) * r, 0, theta)
            )

    def _connect_cells(self):
        for source, target in zip(self.cells, self.cells[1:] + [self.cells[0]]):
            nc = n.NetCon(source.soma(0.5)._ref_v, target.syn, sec=source.soma)
            nc.weight[0] = self._syn_w
            nc.delay = self._syn_delay
            source._ncs.append(nc)


ring = Ring()

n.finitialize(-65 * mV)
n.continuerun(100 * ms)

spikes = sorted((t, cell._gid) for cell in ring.cells for t in cell.spike_times)

RESULT = {
    "spike_t": [t for t, gid in spikes],
    "spike_gid": [gid for t, gid in spikes],
    "soma_v0": ring.cells[0].soma_v,
}
TOLERANCE = {"spike_t": 0.0, "spike_gid": 0.0, "soma_v0": 1e-6}
