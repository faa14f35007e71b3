"""Import3d_SWC_read: an SWC file read as NEURON's read_swc.hoc reads it. Points are split
into sections at branch points and where the point type changes; a soma made of contiguous
type-1 points stays one section; neuromorpho.org's 3-point soma is read as a sphere; the
parent's point becomes each child's first point (marked as a wire where NEURON does)."""

import ctypes
import ctypes.util
import os

import numpy as np

from ..model.vector import Vector
from .i3dsection import Import3d_Section, Numbering


class MorphologyError(ValueError):
    """A morphology file pnm (like NEURON) cannot read; the message names file and line."""


def _strtof():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.strtof
    except (OSError, AttributeError):
        return None
    fn.restype = ctypes.c_float
    fn.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p)]
    return fn


_STRTOF = _strtof()


def scan_floats(line, count):
    """sscanf(line, "%f %f ...") with `count` conversions: the values read (C floats, as
    hoc's sscanf reads %f), stopping at the first text that is not a number."""
    raw = line.encode("latin-1", "replace")
    buf = ctypes.create_string_buffer(raw)
    base = ctypes.addressof(buf)
    end = ctypes.c_char_p()
    values, pos = [], 0
    while len(values) < count:
        while pos < len(raw) and raw[pos:pos + 1] in b" \t\n\r\v\f":
            pos += 1
        if pos >= len(raw):
            break
        if _STRTOF is None:     # no C library: Python's parser, then rounded to float
            token = raw[pos:].split()[0]
            try:
                values.append(float(np.float32(float(token))))
            except ValueError:
                break
            pos += len(token)
            continue
        start = ctypes.c_char_p(base + pos)
        value = _STRTOF(start, ctypes.byref(end))
        consumed = ctypes.cast(end, ctypes.c_void_p).value - (base + pos)
        if consumed <= 0:
            break
        values.append(float(np.float32(value)))
        pos += consumed
    return values


_NUMBERING = Numbering()


class Import3d_SWC_read:
    """h.Import3d_SWC_read(): input(path) reads the file; sections (a list of
    Import3d_Section) is what Import3d_GUI(reader, 0).instantiate(obj) builds."""

    def __init__(self):
        self._index = _NUMBERING.take(self)
        self.quiet = 0
        self.filetype = "SWC"
        self.err = 0
        self.header = []
        self.lines = []
        self.sections = None
        self.soma3geom = 0
        self.filename = ""

    def hname(self):
        return f"Import3d_SWC_read[{self._index}]"

    __repr__ = __str__ = hname

    # ---- reading ---------------------------------------------------------------------------
    def input(self, path):
        path = str(path)
        self.err = 0
        self.filename = path
        self._read(path)
        self._check_pid()
        self._sectionify()
        self._mksections()
        return 0.0

    def _read(self, path):
        if not os.path.isfile(path):
            raise MorphologyError(f"{self}.input(\"{path}\"): could not open {path} (no such "
                                  "file; give the SWC file's path, relative to the working "
                                  f"directory {os.getcwd()})")
        rows, ilines = [], []
        self.header, self.lines = [], []
        with open(path, encoding="latin-1") as f:
            for number, line in enumerate(f, 1):
                values = scan_floats(line, 7)
                if len(values) == 7:
                    values[5] *= 2           # radius to diameter
                    rows.append(values)
                    ilines.append(number)
                    self.lines.append(line[:-1] if line.endswith("\n") else line)
                elif line.lstrip(" \t").startswith("#"):
                    self.header.append(line)
                elif line.strip(" \t\n\r\v\f") == "":
                    # NEURON 9 reports a blank line too (its blank-line test never
                    # matches) and goes on; so does pnm
                    self.err = 1
                    print(f"error {path} line {number}: could not parse: {line.rstrip(chr(10))}")
                else:
                    raise MorphologyError(
                        f"{path}:{number}: could not parse {line.rstrip()!r} (an SWC point "
                        "is 7 numbers: id type x y z radius parent_id; comments start with "
                        "#). NEURON prints 'could not parse' and leaves the line out; fix or "
                        "remove the line")
        if not rows:       # (NEURON 9 crashes on such a file)
            raise MorphologyError(f"{self}.input(\"{path}\"): {path} has no SWC points (lines "
                                  "of 7 numbers: id type x y z radius parent_id)")
        data = np.array(rows, dtype=np.float64).reshape(-1, 7)
        self.id, self.type, self.x, self.y, self.z, self.d, self.pid = \
            (Vector(data[:, k].copy()) for k in range(7))
        self.iline = Vector(np.array(ilines, dtype=np.float64))

    def _check_pid(self):
        ids, pids, ilines = self.id.as_numpy(), self.pid.as_numpy(), self.iline.as_numpy()
        name = self.filename
        for i in range(len(ids)):
            if pids[i] >= ids[i]:
                raise MorphologyError(
                    f"{name}:{int(ilines[i])}: point {ids[i]:g} has parent {pids[i]:g}, not "
                    "less than its id (SWC lists a parent before its children; NEURON "
                    "reports 'pid is not less than id'); fix the file")
            if i > 0 and ids[i] == ids[i - 1]:
                raise MorphologyError(f"{name}:{int(ilines[i])}: duplicate id {ids[i]:g} (also "
                                      f"at line {int(ilines[i - 1])}); ids must be unique")
            if i > 0 and ids[i] < ids[i - 1]:
                raise MorphologyError(
                    f"{name}:{int(ilines[i])}: id {ids[i]:g} after id {ids[i - 1]:g}: the ids "
                    "are not in increasing order. NEURON 9's Import3d_SWC_read fails on such "
                    "a file (its sort step stops with 'Section access unspecified'); sort "
                    "the points by id")
        roots = np.nonzero(pids < 0)[0]
        if len(roots) > 1:
            self.err = 1
            if not self.quiet:
                print(f"warning {name}: more than one tree:")
                for i in roots:
                    print(f"  root at line {int(ilines[i])}")
        size = int(ids.max()) + 1 if len(ids) else 0
        self.id2index_ = np.full(size, -1, dtype=np.int64)
        self.id2index_[ids.astype(np.int64)] = np.arange(len(ids))

    def pix2ix(self, i):
        """The index of point i's parent point, -1 for a root."""
        p = self.pid.as_numpy()[int(i)]
        if p < 0:
            return -1
        return int(self.id2index_[int(p)])

    def id2index(self, i):
        return float(self.id2index_[int(i)])

    # ---- sections --------------------------------------------------------------------------
    def _sectionify(self):
        """point2sec (the section of each point) and sec2point (each section's last point)."""
        n = len(self.id.as_numpy())
        self.soma3geom = 0
        if n < 1:
            self.sec2point = Vector(0)
            self.point2sec = Vector(0)
            return
        types = self.type.as_numpy()
        nchild = self._mark_branch()
        # soma children of each soma point
        nchild_soma = np.zeros(n)
        nsoma_pts = int(types[0] == 1)
        for i in range(1, n):
            if types[i] == 1:
                nsoma_pts += 1
                pix = self.pix2ix(i)
                if pix >= 0 and types[pix] == 1:
                    nchild_soma[pix] += 1
        self.nchild_soma = nchild_soma
        if nsoma_pts == 3:
            self._neuromorph_3point_soma(nchild)
        # contiguous soma points do not end a section unless a soma point has two soma
        # children
        for i in range(n - 1):
            if types[i] == 1 and types[i + 1] == 1 and self.pix2ix(i + 1) == i:
                if not (i != 0 and nchild_soma[i] > 1):
                    nchild[i] = 1
        sec2point = np.nonzero(nchild != 1)[0]
        point2sec = np.zeros(n)
        si = 0
        for i in range(1, n):
            if i > sec2point[si]:
                si += 1
            point2sec[i] = si
        self.sec2point = Vector(sec2point.astype(np.float64))
        self.point2sec = Vector(point2sec)

    def _mark_branch(self):
        """Per point: 1 for one contiguous child (inside a section); anything else ends a
        section: 0 for a leaf, more than 1 for a branch, a non-contiguous child, or a child
        of another type. connect2prox marks children to connect at their parent section's
        0 end (a branch off the first point of a dendrite joined to the soma by a wire)."""
        n = len(self.id.as_numpy())
        types = self.type.as_numpy()
        nchild = np.zeros(n)
        self.connect2prox = np.zeros(n)
        if n > 1 and types[0] != types[1]:
            self.err = 1
        for i in range(n):
            p = self.pix2ix(i)
            if p < 0:
                continue
            nchild[p] += 1
            if p != i - 1:
                nchild[p] += .01
                if p > 1:
                    pp = self.pix2ix(p)
                    if types[p] != 1 and types[pp if pp != -1 else 0] == 1:
                        self.connect2prox[i] = 1
                        nchild[p] = 1
                        self.err = 1
                elif p == 0 and types[p] != 1:
                    self.connect2prox[i] = 1
                    nchild[p] = 1
            if types[p] != types[i]:
                nchild[p] += .01
        return nchild

    def _neuromorph_3point_soma(self, nchild):
        """neuromorpho.org's 3-point soma (middle point the root, the two others its
        childless children, one diameter, total length the diameter): a sphere."""
        x, y, z, d = (v.as_numpy() for v in (self.x, self.y, self.z, self.d))
        if self.pix2ix(1) == 0 and self.pix2ix(2) == 0 and nchild[1] == 0 and nchild[2] == 0 \
                and abs(d[1] - d[0]) < 1e-9 and abs(d[2] - d[0]) < 1e-9:
            length = 0.0
            for i in (1, 2):
                length += np.sqrt((x[i] - x[0]) ** 2 + (y[i] - y[0]) ** 2 + (z[i] - z[0]) ** 2)
            if abs(length / d[0] - 1) < .01:
                self.soma3geom = 1
                self.pid.as_numpy()[2] = self.id.as_numpy()[1]

    def _mksections(self):
        self.sections = _section_list()
        point2sec = self.point2sec.as_numpy()
        isec, first = 0, 0
        n = len(point2sec)
        for i in range(n):
            if point2sec[i] > isec:
                self._mksection(isec, first, i)
                isec += 1
                first = i
        if n:
            self._mksection(isec, first, n)

    def _mksection(self, isec, first, i):
        x, y, z, d = self.x, self.y, self.z, self.d
        types = self.type.as_numpy()
        if isec == 0:             # the root: no parent point
            if self.soma3geom:
                i = 1
            sec = Import3d_Section(first, i - first)
            sec.append(0, first, i - first, x, y, z, d)
        else:                     # a branch: the parent's point first
            sec = Import3d_Section(first, i - first + 1)
            parent_point = self.pix2ix(first)
            sec.parentsec = self.sections.object(
                int(self.point2sec.as_numpy()[parent_point if parent_point != -1 else 0]))
            self._place_on_parent(sec, first, i, parent_point)
            sec.append(0, parent_point, 1, x, y, z, d)
            sec.append(1, first, i - first, x, y, z, d)
        sec.type = float(types[first])
        self.sections.append(sec)
        if sec.parentsec is not None and sec.parentsec.type == 1 and sec.type != 1:
            sec.d.as_numpy()[0] = sec.d.as_numpy()[1]
        if self.connect2prox[first]:
            sec.pid = sec.parentsec.id
            sec.parentx = 0.0

    def _place_on_parent(self, sec, first, i, parent_point):
        """parentx and the wire flag (first = 1) of a branch, read_swc.hoc's rules: a
        dendrite on a one-point soma joins its centre by a wire; a branch off the root's
        first point joins its 0 end; a dendrite off an interior soma point joins the soma's
        middle (by a wire when it has more than one point)."""
        types = self.type.as_numpy()
        psec = sec.parentsec
        den_con_soma = psec.type == 1 and types[first] != 1
        con_soma = psec.type == 1
        pp = parent_point if parent_point != -1 else 0
        nchild_soma = self.nchild_soma
        if psec is self.sections.object(0):
            if den_con_soma and psec.d.size() == 1:
                sec.parentx = 0.5
                if i - first > 1:
                    sec.first = 1
                return
            if parent_point == psec.id:
                sec.parentx = 0.0
                if types[first] != 1 and nchild_soma[pp] > 1:
                    sec.first = 1
                return
        if con_soma:
            offset = -1 if psec.id == 0 else -2
            if parent_point < psec.id + psec.d.size() + offset:
                sec.parentx = 0.5
                if den_con_soma and i - first > 1:
                    sec.first = 1
            elif i - first > 1 and nchild_soma[pp] > 1 and types[first] != 1:
                sec.first = 1

    # ---- queries the GUI and users make ----------------------------------------------------
    def pt2sec(self, i):
        """(section, index of point i in it)."""
        i = int(i)
        si = int(self.point2sec.as_numpy()[i])
        sec = self.sections.object(si)
        return sec, i - sec.id + (1 if si > 0 else 0)

    def sec2pt(self, isec, j):
        i = self.sections.object(int(isec)).id + int(j)
        return float(i - 1 if isec > 0 else i)

    def pt2id(self, i):
        return float(self.id.as_numpy()[int(i)])

    def id2line(self, i):
        return float(i)

    def label(self, i):
        i = int(i)
        return f"Line {int(self.iline.as_numpy()[i])}: {self.lines[i]}"

    def pheader(self):
        for line in self.header:
            print(line, end="")


def _section_list():
    from ..hoclang.builtins import List
    return List()
