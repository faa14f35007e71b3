"""Import3d_GUI(reader, 0): the part of NEURON's import3d_gui.hoc that builds sections.
instantiate(None) creates them at top level (soma[], dend[], apic[], axon[], dend_<type>[]),
instantiate(hoc object) inside the object (filling its SectionLists all, somatic, axonal,
basal, apical), instantiate(Python object) as Python sections in lists on the object."""

import numpy as np

from .. import hocfuncs
from ..model import shape
from ..model.section import Section
from . import contour
from .i3dsection import Numbering
from .swc import MorphologyError

SUBSETS = {1: "somatic", 2: "axonal", 3: "basal", 4: "apical"}


def type_name(t):
    """Section array name of SWC type t (import3d_gui.hoc's type2name)."""
    t = int(t)
    names = {1: "soma", 2: "axon", 3: "dend", 4: "apic"}
    if t in names:
        return names[t]
    return f"minus_{-t}" if t < 0 else f"dend_{t}"


def subset_name(t):
    t = int(t)
    if t in SUBSETS:
        return SUBSETS[t]
    return f"minus_{-t}set" if t < 0 else f"dendritic_{t}"


def hoc_g(value, digits):
    """A number as hoc's sprint("%.<digits>g") writes it and the command reads it back."""
    return float(f"{value:.{digits}g}")


_NUMBERING = Numbering()


class Import3d_GUI:
    """h.Import3d_GUI(reader, 0): no window (pnm has no GUI), instantiate(obj) builds."""

    def __init__(self, reader=None, show=None):
        if show is None or float(show) != 0:
            raise NotImplementedError(
                "Import3d_GUI(reader): the interactive Import3d tool needs NEURON's GUI; "
                "use Import3d_GUI(reader, 0) and its instantiate(obj)")
        self._index = _NUMBERING.take(self)
        self.swc = reader
        self.commands = []
        self._keep = False

    def hname(self):
        return f"Import3d_GUI[{self._index}]"

    __repr__ = __str__ = hname

    # ---- checks on the reader's sections ---------------------------------------------------
    def chk_valid(self):
        """One-point branches, and two-point branches of zero length, are removed; their
        children take their place (NEURON prints what it removed, so does pnm)."""
        sections = self.swc.sections
        for i in range(int(sections.count()) - 1, -1, -1):
            sec = sections.object(i)
            if sec.parentsec is None:
                continue
            raw = sec.raw.as_numpy()
            ncol = raw.shape[1]
            line = self._line_of(sec)
            if ncol - sec.first <= 1:
                print(f"One point section {sec} ending at line {line} has been removed")
                self._rm0len(i, sec)
            elif ncol - sec.first <= 2 and \
                    np.all(np.abs(raw[:, sec.first] - raw[:, sec.first + 1]) <= 1e-9):
                print(f"Two point section ending at line {line} with 0 length has been "
                      "removed")
                self._rm0len(i, sec)

    def _line_of(self, sec):
        iline = getattr(self.swc, "iline", None)
        if iline is None:
            return 0
        return int(iline.as_numpy()[int(self.swc.id2line(sec.id))])

    def _rm0len(self, i, sec):
        sections = self.swc.sections
        sections.remove(i)
        for j in range(i, int(sections.count())):
            child = sections.object(j)
            if child.parentsec is sec:
                child.parentsec = sec.parentsec
                child.parentx = sec.parentx
                print(f"\tand child {child} reattached")

    def _set_nameindex(self):
        """Each section's index in its type's array; (lowest type, counts per type)."""
        types = self.swc.type.as_numpy()
        if len(types) == 0:       # nothing read (an .asc file of markers only): NEURON
            return 0, np.zeros(1, dtype=np.int64)     # creates nothing either
        low = int(types.min())
        counts = np.zeros(int(types.max()) - low + 1, dtype=np.int64)
        for sec in self._sections():
            k = int(sec.type) - low
            sec.nameindex = int(counts[k])
            counts[k] += 1
        return low, counts

    def _sections(self):
        sections = self.swc.sections
        return [s for s in (sections.object(i) for i in range(int(sections.count())))
                if not s.is_subsidiary]

    def section_name(self, sec):
        name = type_name(sec.type)
        return f"{name}[{sec.nameindex}]" if sec.nameindex > 0 else name

    # ---- building --------------------------------------------------------------------------
    def instantiate(self, obj=None, keep_commands=0):
        """Create, connect and shape the sections. keep_commands = 1 keeps in `commands`
        (a Python list of str) the hoc commands NEURON's instantiate runs."""
        self.commands = []
        self._keep = bool(keep_commands)
        self.chk_valid()
        low, counts = self._set_nameindex()
        if obj is not None and not hasattr(obj, "hoc_template"):
            arrays = self._create_in_python(obj, low, counts)
        else:
            arrays = self._create_in_hoc(obj, low, counts)
        python = obj is not None and not hasattr(obj, "hoc_template")
        for i, sec in enumerate(self._sections()):
            name = self.section_name(sec)
            target = arrays[int(sec.type)][sec.nameindex]
            if i == 0 and obj is None:
                self._hoc(f"access {name}", None, f"access {name}")
            if sec.parentsec is not None:
                parent = arrays[int(sec.parentsec.type)][sec.parentsec.nameindex]
                px = float(sec.parentx) if python else hoc_g(sec.parentx, 6)
                if self._keep and not python:
                    self.commands.append(f"{self.section_name(sec.parentsec)} connect "
                                         f"{name}(0), {px:g}\n")
                target.connect(parent(px), 0.0)
            raw = sec.raw.as_numpy()
            if sec.first == 1:
                x0, y0, z0 = (float(v) if python else hoc_g(v, 8) for v in raw[:, 0])
                hocfuncs.pt3dstyle(1, x0, y0, z0, sec=target)
                if self._keep and not python:
                    self.commands.append(f"{name} {{ pt3dstyle(1, {raw[0, 0]:.8g}, "
                                         f"{raw[1, 0]:.8g}, {raw[2, 0]:.8g}) }}\n")
            xx, yy, zz, dd = self.centroid(sec)
            if len(dd) == 1:
                xx, yy, zz, dd = sphere_rep(xx, yy, zz, dd)
            rows = np.column_stack([xx, yy, zz, dd])
            if not python:
                if self._keep:
                    self.commands += [f"{name} {{ pt3dadd({a:.8g}, {b:.8g}, {c:.8g}, {e:.8g}) }}\n"
                                      for a, b, c, e in rows]
                rows = [[hoc_g(v, 8) for v in row] for row in rows]
            shape.pt3dadd_many(target, rows)
        return 0.0

    def centroid(self, sec):
        """(x, y, z, diam) of the points instantiate adds for sec."""
        if not sec.iscontour_:
            return sec.points()
        if sec.contour_list is not None:
            raws = [sec.raw.as_numpy()] + [c.raw.as_numpy() for c in sec.contour_list]
            print(f"stk_triang_area = {contour.stack_triangle_area(raws):g}")
            return contour.stack_centroid(raws)
        x, y, z = sec.raw.as_numpy()
        return contour.contour2centroid(x, y, z, f"{self}.instantiate: {sec}")

    def _hoc(self, command, obj, recorded):
        """Run a hoc command at top level (obj None) or in the hoc object; `recorded` is
        how NEURON's instantiate writes it in `commands`."""
        from ..hoclang import get_interpreter
        if self._keep:
            self.commands.append(recorded)
        get_interpreter().builtins["execute"](command, obj)

    def _create_in_hoc(self, obj, low, counts):
        """create <name>[n] at top level or in the hoc object, then its subsets."""
        from ..hoclang import get_interpreter
        arrays = {}
        for k, n in enumerate(counts):
            t = k + low
            name = type_name(t)
            if n > 0:
                if obj is not None and name not in obj.hoc_ns:
                    raise MorphologyError(
                        f"{self}.instantiate({obj}): the morphology has {n} section(s) of "
                        f"type {t}, named {name}[], but template {obj.hoc_template.name} "
                        f"does not declare {name} (NEURON: 'First time declaration of "
                        f"Section {name} in {obj} must happen at command level'); add "
                        f"`create {name}[1]` and `public {name}` to the template")
                self._hoc(f"create {name}[{n}]", obj, f"~create {name}[{n}]\n")
                ns = get_interpreter().top if obj is None else obj.hoc_ns
                arrays[t] = list(ns[name].data)
            if obj is not None:
                self._need(obj, subset_name(t), f"forsec \"{name}\" {subset_name(t)}.append",
                           low, counts)
                command = f"forsec \"{name}\" {subset_name(t)}.append"
                self._hoc(command, obj, command + "\n")
        if obj is not None:
            self._need(obj, "all", "forall all.append", low, counts)
            self._hoc("forall all.append", obj, "forall all.append\n")
        return arrays

    def _need(self, obj, name, command, low, counts):
        """NEURON runs `command` in the object for every type from the lowest to the highest
        in the file (present or not) and stops with a syntax error where the template lacks
        the SectionList; pnm says which."""
        if name not in obj.hoc_ns:
            raise MorphologyError(
                f"{self}.instantiate({obj}): template {obj.hoc_template.name} has no "
                f"SectionList {name}: instantiate runs `{command}` in the object for each "
                f"point type from {low} to {low + len(counts) - 1} (NEURON stops with a "
                f"syntax error there); declare `objref {name}` and set it to a new "
                "SectionList() before instantiate")

    def _create_in_python(self, obj, low, counts):
        """NEURON's Python-object form: obj.all = [], obj.<name> = [Section(name="name[i]",
        cell=obj), ...] for each type present, all of them appended to obj.all."""
        arrays = {}
        obj.all = []
        for k, n in enumerate(counts):
            if n > 0:
                name = type_name(k + low)
                secs = [Section(name=f"{name}[{i}]", cell=obj) for i in range(int(n))]
                setattr(obj, name, secs)
                obj.all.extend(secs)
                arrays[k + low] = secs
        return arrays


def sphere_rep(x, y, z, d):
    """A one-point (spherical) section as a 3-point cylinder with L = diam along x."""
    x0, y0, z0, d0 = float(x[0]), float(y[0]), float(z[0]), float(d[0])
    return (np.array([x0 - d0 / 2, x0, x0 + d0 / 2]), np.full(3, y0), np.full(3, z0),
            np.full(3, d0))
