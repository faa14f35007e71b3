"""How read_nlcda3.hoc joins an .asc file's trees to its somas (connect2soma): soma contours
go to the front of the section list, contours whose x-y bounding boxes overlap the previous
one form a stack (one soma), each tree whose first point lies in a soma's bounding box (0.5
um margin for a single contour) hangs from that soma's centre at 0.5 by a wire, and any
other tree from the nearest soma centre, with a warning."""

import numpy as np

from ..model.vector import Vector
from . import contour, eigen3
from . import hoccmp as hoc


def _bounding_box(sec):
    raw = sec.raw.as_numpy()
    return [raw[0].min(), raw[1].min(), raw[2].min(), raw[0].max(), raw[1].max(),
            raw[2].max()]


def _xy_intersect(b1, b2):
    for i in (0, 1):
        if hoc.gt(b1[i], b2[3 + i]) or hoc.gt(b2[i], b1[3 + i]):
            return False
    return True


def _inside(x, y, xmin, ymin, xmax, ymax):
    """GUIMath.inside, whose coordinates are C floats."""
    x, y, xmin, ymin, xmax, ymax = (np.float32(v) for v in (x, y, xmin, ymin, xmax, ymax))
    return xmin <= x <= xmax and ymin <= y <= ymax


def stack_raws(soma):
    """The raw points of a soma contour and of the contours stacked on it."""
    raws = [soma.raw.as_numpy()]
    if soma.contour_list is not None:
        raws += [c.raw.as_numpy() for c in soma.contour_list]
    return raws


class SomaJoiner:
    def __init__(self, reader):
        self.reader = reader
        self.sections = reader.sections
        self.somas = []
        self.centers = []
        reader.b2sinfo = []

    def _all(self):
        return [self.sections.object(i) for i in range(int(self.sections.count()))]

    def connect2soma(self):
        sections = self.sections
        j = 0
        for i, sec in enumerate(self._all()):
            if sec.iscontour_:
                if i > j:
                    sections.remove(i)
                    sections.insrt(j, sec)
                self.somas.append(sec)
                j += 1
        self.soma_contour_stack()
        roots = [s for s in self._all() if not s.iscontour_ and s.parentsec is None]
        if not self.somas:
            return
        for soma in self.somas:
            self.connect2soma_2(soma, roots)
        reader = self.reader
        for sec in roots:
            start = sec.raw.as_numpy()[:, 0].copy()
            dmin, imin = 1e9, 0
            for k, centre in enumerate(self.centers):
                dist = float(np.sqrt(np.sum((start - centre) ** 2)))
                if hoc.lt(dist, dmin):
                    imin, dmin = k, dist
            reader.err = 1
            reader.b2serr.append(f"\nMain branch starting at line {int(reader.pt2id(sec.id))} is "
                                 "outside the soma bounding boxes")
            reader.b2serr.append("  Making a logical connection to center of nearest soma")
            self._hang(sec, self.somas[imin], self.centers[imin])
            self.opt_connect(sec, imin, dmin)

    @staticmethod
    def _hang(sec, soma, centre):
        sec.parentsec = soma
        sec.parentx = .5
        sec.insrt(0, centre[0], centre[1], centre[2], .01)
        sec.first = 1
        sec.fid = 1

    def soma_contour_stack(self):
        somas = self.somas
        if not somas:
            return
        first = somas[0]
        bb1 = _bounding_box(first)
        j = 0
        for _ in range(1, len(somas)):
            j += 1
            nxt = somas[j]
            bb2 = _bounding_box(nxt)
            if _xy_intersect(bb1, bb2):
                if first.contour_list is None:
                    first.contour_list = _hoc_list()
                first.contour_list.append(nxt)
                nxt.is_subsidiary = 1
                del somas[j]
                j -= 1
            else:
                first = nxt
            bb1 = bb2
        for soma in somas:
            self.somastack_makes_sense(soma)
            self.somastack_process(soma)

    def somastack_makes_sense(self, soma):
        if soma.contour_list is None:
            return
        msgs = self.reader.b2serr
        raw = soma.raw.as_numpy()
        z = raw[2, 0]
        if any(hoc.ne(v, z) for v in raw[2, 1:]):
            msgs.append(f"Soma stack contour {soma} does not have constant z value.")
            msgs.append("    Soma area calculation may be serious in error.")
            return
        dz = 0
        for j, sec in enumerate(soma.contour_list):
            r = sec.raw.as_numpy()
            z2 = r[2, 0]
            if hoc.eq(z2 - z, 0):
                msgs.append(f"Adjacent contour {j} of soma stack {soma} has same z coordinate "
                            "and previous.")
                return
            dz2 = 1 if hoc.gt(z2 - z, 0) else -1
            if dz == 0:
                dz = dz2
            elif dz != dz2:
                msgs.append(f"Contour {j} of the Soma stack {soma} is not monotonic in z.")
                msgs.append("    Manually edit the neurolucida file and reorder or eliminate "
                            "some contours.")
                msgs.append("    Presently the soma surface is nonsense.")
                return
            z = z2
            if any(hoc.ne(v, z) for v in r[2, 1:]):
                msgs.append(f"contour {j} of the Soma stack {soma} does not have constant z "
                            "value.")
                msgs.append("    Soma area calculation may be serious in error.")
                return

    def somastack_process(self, soma):
        """NEURON prints the stack's principal values and axes (of the first three points of
        each contour: read_nlcda3.hoc counts rows where it meant columns); nothing is kept.
        Known difference: an axis may print with the opposite sign (eigen3 follows NEURON's
        solver step by step but does not match it bit for bit on every matrix)."""
        if soma.contour_list is None:
            return
        print(f"somastack_process {len(soma.contour_list) + 1}")
        pts = np.concatenate([r[:, :3] for r in stack_raws(soma)], axis=1)
        center = pts.mean(axis=1)
        print("center")
        Vector(center).printf()
        pts = pts - center[:, None]
        m = np.array([[contour.dot(pts[i], pts[j]) for j in range(3)] for i in range(3)])
        values, axes = eigen3.symmeig(m)
        print("Principle values")
        Vector(values).printf()
        print("Principle axes")
        for row in axes:
            print("".join(f" {v:<8.3g}" for v in row))

    def connect2soma_2(self, soma, roots):
        if soma.contour_list is not None:
            raws = stack_raws(soma)
            centre = contour.stack_center(raws)
            xmin = min(r[0].min() for r in raws)
            xmax = max(r[0].max() for r in raws)
            ymin = min(r[1].min() for r in raws)
            ymax = max(r[1].max() for r in raws)
        else:
            raw = soma.raw.as_numpy()
            xmin, xmax = raw[0].min() - .5, raw[0].max() + .5
            ymin, ymax = raw[1].min() - .5, raw[1].max() + .5
            centre = contour.contourcenter(raw[0], raw[1], raw[2])[0]
        self.centers.append(centre)
        for i in range(len(roots) - 1, -1, -1):
            sec = roots[i]
            raw = sec.raw.as_numpy()
            if _inside(raw[0, 0], raw[1, 0], xmin, ymin, xmax, ymax):
                self._hang(sec, soma, centre)
                del roots[i]

    def opt_connect(self, sec, isoma, dsoma):
        """The nearest point of another section (in x-y; in 3-D for an axon), kept for the
        GUI's 'connect to closest parent' choice when nearer than the soma centre."""
        xx = sec.raw.as_numpy()[:, 1]
        best = (1e9, None, 0)
        for psec in self._all():
            if psec is sec:
                continue
            diff = psec.raw.as_numpy() - xx[:, None]
            if sec.type != 2:
                diff[2] = 0
            dist = np.sqrt(np.sum(diff * diff, axis=0))
            for j, dj in enumerate(dist):
                if hoc.lt(dj, best[0]):
                    best = (float(dj), psec, j)
        if best[1] is not None and hoc.lt(best[0], dsoma):
            self.reader.b2sinfo.append({"sec": sec, "pbranch": best[1], "sindex": isoma,
                                        "d2p": best[0], "d2s": dsoma, "ipoint": best[2]})


def _hoc_list():
    from ..hoclang.builtins import List
    return List()
