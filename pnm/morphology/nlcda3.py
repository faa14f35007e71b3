"""Import3d_Neurolucida3: a Neurolucida V3 text file (.asc) read as NEURON's read_nlcda3.hoc
reads it. A recursive descent parser (one method per production of NEURON's grammar) keeps
soma contours ("CellBody", "Cell Body", "Soma") and trees (Axon, Dendrite, Apical; others
type 0) and counts spines; markers, text, sets and properties are parsed and dropped. A
branch whose first point is not its parent's last point starts with that point, joined by a
wire (first = 1). Trees that start inside a soma contour's bounding box attach to its centre
at 0.5; others to the nearest soma centre, with a warning.
Not provided: the Import3d GUI's panels (b2spanel, mark, helptxt) and connect_axon_nearest
(a clear error), and the rxd contour record NEURON's Python keeps for soma sections."""

import os

import numpy as np

from ..model.vector import Vector
from . import hoccmp as hoc
from .i3dsection import Import3d_Section, Numbering
from .nlcda3_lex import (BAR, COMMA, EOF, LABEL, LEFTPAR, LEFTSP, NUMBER, RGB, RIGHTPAR,
                         RIGHTSP, SET, STRING, Lexer, TokenStream)
from .nlcda3_soma import SomaJoiner
from .swc import MorphologyError

TREE_TYPES = {"Axon": 2, "Dendrite": 3, "Apical": 4}
SOMA_NAMES = ("CellBody", "Cell Body", "Soma")

_NUMBERING = Numbering()


class Spine:
    """Import3d_Spine: base point and tip of a spine <( ... )> on a tree point."""

    def __init__(self, baseindex):
        self.class_type = 0
        self.class_label = ""
        self.color = ""
        self.generated = 0
        self.iline = 0
        self.fline = ""
        self.baseindex = baseindex
        self.x, self.y, self.z, self.d = [], [], [], []

    def append_point(self, x, y, z, d):
        for v, a in zip((self.x, self.y, self.z, self.d), (x, y, z, d)):
            v.append(a)


class Import3d_Neurolucida3:
    """h.Import3d_Neurolucida3(): input(path) reads the file into sections (a List of
    Import3d_Section) for Import3d_GUI(reader, 0).instantiate(obj)."""

    def __init__(self):
        self._index = _NUMBERING.take(self)
        self.quiet = 0
        self.filetype = "Neurolucida V3"
        self.err = 0
        self.sections = None
        self.spines = []
        self.lines = []
        self.type = Vector(0)
        self.filename = ""

    def hname(self):
        return f"Import3d_Neurolucida3[{self._index}]"

    __repr__ = __str__ = hname

    # ---- reading ---------------------------------------------------------------------------
    def input(self, path):
        path = str(path)
        self.filename = path
        self.err = 0
        self.nspine = 0
        self.spines = []
        self.b2serr = []
        self.sections = _section_list()
        self.types = []
        self.xs, self.ys, self.zs, self.ds, self.ilines, self.lines = [], [], [], [], [], []
        self.plist = []
        self.parentsec = None
        self.sectype = 0
        if not os.path.isfile(path):
            raise MorphologyError(f"{self}.input(\"{path}\"): could not open {path} (no such "
                                  "file; give the .asc file's path, relative to the working "
                                  f"directory {os.getcwd()})")
        with open(path, encoding="latin-1", newline="") as f:
            text_lines = _file_lines(f.read())
        if not self.quiet:
            print()
        self.lexer = Lexer(text_lines, self.quiet)
        self.tok = TokenStream(self.lexer)
        self.tok.start()
        self.objects()
        self.x, self.y, self.z, self.d = (Vector(np.array(v, dtype=float)) for v in
                                          (self.xs, self.ys, self.zs, self.ds))
        self.iline = Vector(np.array(self.ilines, dtype=float))
        self.type = Vector(np.array(self.types, dtype=float))
        self.firstpoints = [self.sections.object(i).id for i in range(int(self.sections.count()))]
        SomaJoiner(self).connect2soma()
        if self.nspine > 0 and not self.quiet:
            print(f"{self.nspine} spines")
        if self.err and not self.quiet:
            print(f"\n{path} problems\n")
            for message in self.b2serr:
                print(message)
        return 0.0

    # ---- the grammar -----------------------------------------------------------------------
    @property
    def cur(self):
        return self.tok.current

    def p_err(self):
        lx = self.lexer
        raise MorphologyError(
            f"{self.filename}:{lx.iline_}: parse error at {self.cur.describe()}; the line is "
            f"'{lx.fline}'. NEURON's Import3d_Neurolucida3 stops at the same place; fix the "
            "file there")

    def chk(self, kind):
        if self.cur.token != kind:
            self.p_err()

    def demand(self, kind):
        self.tok.next()
        self.chk(kind)

    def optionalcomma(self):
        if self.cur.token == COMMA:
            self.tok.next()

    def objects(self):
        self.object()
        while True:
            self.optionalcomma()
            if self.cur.token != LEFTPAR:
                break
            self.object()

    def object(self):
        itok = self.cur.itok
        if self.cur.token != LEFTPAR:
            self.p_err()
        ahead = self.tok.look_ahead.token
        if ahead == STRING:
            self.contour()
        elif ahead == LABEL:
            self.marker_or_property()
        elif ahead == LEFTPAR:
            self.tree_or_text()
        elif ahead == SET:
            self.p_set()
        else:
            self.p_err()
        if itok == self.cur.itok:
            raise MorphologyError(f"{self.filename}:{self.lexer.iline_}: internal error: "
                                  "object consumed no tokens")

    def marker_or_property(self):
        if self.tok.look_ahead2.token == LEFTPAR:
            self.marker()
        else:
            self.property()

    def tree_or_text(self):
        """A tree and a text both start ( properties point; try text, else roll back."""
        if not self.tok.save_for_rollback():
            self.p_err()
        if self.text():
            self.tok.clear_rollback()
        else:
            self.tok.use_rollback()
            self.tree()

    def properties(self):
        self.plist = []
        tok = self.tok
        if self.cur.token == LEFTPAR and tok.look_ahead.token in (LABEL, SET):
            self.property_or_set()
            while True:
                self.optionalcomma()
                if self.cur.token != LEFTPAR or tok.look_ahead.token not in (LABEL, SET):
                    break
                self.property_or_set()

    def property_or_set(self):
        if self.tok.look_ahead.token == LABEL:
            self.property()
        else:
            self.p_set()

    def property(self):
        self.chk(LEFTPAR)
        self.demand(LABEL)
        prop = [self.cur.clone()]
        self.plist.append(prop)
        self.tok.next()
        if self.cur.token in (NUMBER, STRING, LABEL, RGB):
            self.value(prop)
            while self.cur.token in (NUMBER, STRING, LABEL, RGB):
                self.value(prop)
        self.chk(RIGHTPAR)
        self.tok.next()

    def value(self, prop):
        kind = self.cur.token
        if kind in (NUMBER, STRING, LABEL):
            prop.append(self.cur.clone())
        elif kind == RGB:
            self.demand(LEFTPAR)
            self.demand(NUMBER)
            self.tok.next()
            self.optionalcomma()
            self.chk(NUMBER)
            self.tok.next()
            self.optionalcomma()
            self.chk(NUMBER)
            self.demand(RIGHTPAR)
        else:
            self.p_err()
        self.tok.next()

    def p_set(self):
        self.chk(LEFTPAR)
        self.demand(SET)
        self.demand(STRING)
        self.tok.next()
        if self.cur.token != RIGHTPAR:
            self.objects()
        self.chk(RIGHTPAR)
        self.tok.next()

    def contour(self):
        self.chk(LEFTPAR)
        begin = len(self.xs)
        self.demand(STRING)
        keep = self.cur.s in SOMA_NAMES
        line = self.cur.iline
        self.tok.next()
        self.properties()
        self.points()
        if keep:
            end = len(self.xs)
            if end - begin > 2:
                self.sectype = 1
                self.newsec(begin, end)
                self.cursec.iscontour_ = 1
            else:
                self.b2serr.append(f"CellBody contour has less than three points at line "
                                   f"{line}. Ignoring.")
        self.chk(RIGHTPAR)
        self.tok.next()

    def markerlist(self):
        self.chk(LEFTPAR)
        depth = 1
        while depth != 0:
            self.tok.next()
            if self.cur.token == RIGHTPAR:
                depth -= 1
            elif self.cur.token == LEFTPAR:
                depth += 1
            elif self.cur.token == EOF:
                self.p_err()
        self.tok.next()

    def tree(self):
        self.parentsec = None
        self.chk(LEFTPAR)
        self.tok.next()
        self.properties()
        self.sectype = 0
        if self.plist:
            self.sectype = TREE_TYPES.get(self.plist[-1][0].s, 0)
        self.branch()
        self.chk(RIGHTPAR)
        self.tok.next()
        self.parentsec = None

    def branch(self):
        saved = self.parentsec
        begin = len(self.xs)
        self.treepoints()
        self.newsec(begin, len(self.xs))
        self.cursec.parentsec = self.parentsec
        self.parentsec = self.cursec
        self.branchend()
        self.parentsec = saved

    def treepoints(self):
        self.treepoint()
        while True:
            self.optionalcomma()
            if self.cur.token != LEFTPAR or self.tok.look_ahead.token != NUMBER:
                break
            self.treepoint()

    def treepoint(self):
        if self.tok.look_ahead.token == LABEL:
            self.marker_or_property()
        else:
            self.point()
            if self.cur.token == LEFTSP:
                self.spine()
                while self.cur.token == LEFTSP:
                    self.spine()

    def spine(self):
        self.chk(LEFTSP)
        self.tok.next()
        self.nspine += 1
        base = len(self.xs) - 1
        spine = Spine(base)
        spine.append_point(self.xs[base], self.ys[base], self.zs[base], self.ds[base])
        self.properties()
        if self.plist and self.plist[0][0].s == "Class":
            if len(self.plist[0]) < 3:
                raise MorphologyError(f"{self.filename}:{self.lexer.iline_}: a spine's (Class "
                                      "...) property needs a number and a label, as in "
                                      "(Class 4 \"thin\") (NEURON stops with an index error)")
            spine.class_type = self.plist[0][1].x
            spine.class_label = self.plist[0][2].s
        self.point(spine)
        self.spines.append(spine)
        self.chk(RIGHTSP)
        self.tok.next()

    def branchend(self):
        self.optionalcomma()
        if self.cur.token == LEFTPAR:
            while self.tok.look_ahead.token == LABEL:
                self.markerlist()
        self.optionalcomma()
        if self.cur.token == LEFTPAR:
            self.tok.next()
            self.branch()
            while self.cur.token == BAR:
                self.tok.next()
                self.branch()
            self.chk(RIGHTPAR)
            self.tok.next()
        elif self.cur.token == LABEL:
            self.tok.next()

    def marker(self):
        self.chk(LEFTPAR)
        self.demand(LABEL)
        self.tok.next()
        self.properties()
        self.points()
        self.chk(RIGHTPAR)
        self.tok.next()

    def text(self):
        self.chk(LEFTPAR)
        self.tok.next()
        self.properties()
        self.point()
        if self.cur.token != STRING:
            return False
        self.tok.next()
        if self.cur.token != RIGHTPAR:
            return False
        self.tok.next()
        return True

    def points(self):
        self.point()
        while True:
            self.optionalcomma()
            if self.cur.token != LEFTPAR:
                break
            self.point()

    def point(self, spine=None):
        """( x y [z [d [label] [(bezier)]]] ); a spine's point goes to the spine."""
        self.chk(LEFTPAR)
        self.demand(NUMBER)
        xval = self.cur.x
        if spine is None:
            self.ilines.append(self.lexer.iline_)
            self.lines.append(self.lexer.fline)
        else:
            spine.iline, spine.fline = self.lexer.iline_, self.lexer.fline
        self.tok.next()
        self.optionalcomma()
        self.chk(NUMBER)
        yval = self.cur.x
        zval = dval = 0.0
        self.tok.next()
        self.optionalcomma()
        if self.cur.token == NUMBER:
            zval = self.cur.x
            self.tok.next()
            self.optionalcomma()
            if self.cur.token == NUMBER:
                dval = self.cur.x
                self.tok.next()
                self.optionalcomma()
                if self.cur.token == LABEL:
                    self.tok.next()
                self.optbezier()
        if spine is None:
            self.xs.append(xval)
            self.ys.append(yval)
            self.zs.append(zval)
            self.ds.append(dval)
        self.chk(RIGHTPAR)
        self.tok.next()
        if spine is not None:
            spine.append_point(xval, yval, zval, dval)

    def optbezier(self):
        self.optionalcomma()
        if self.cur.token == LEFTPAR:
            self.demand(NUMBER)
            self.tok.next()
            for _ in range(2):
                self.optionalcomma()
                self.chk(NUMBER)
                self.tok.next()
            self.optionalcomma()
            self.chk(NUMBER)
            self.demand(RIGHTPAR)
            self.tok.next()

    # ---- sections --------------------------------------------------------------------------
    def newsec(self, begin, end):
        """The section of points begin ... end - 1, after its parent's last point when that
        is not its own first point (a wire)."""
        n = end - begin
        if begin >= len(self.xs):
            raise MorphologyError(f"{self.filename}:{self.lexer.iline_}: a branch without "
                                  "points (NEURON stops with an index error here)")
        first = 0
        parent = self.parentsec
        if parent is not None and not all(
                hoc.eq(a, b) for a, b in zip(parent.raw.as_numpy()[:, -1],
                                              (self.xs[begin], self.ys[begin], self.zs[begin]))):
            sec = Import3d_Section(begin, n + 1)
            first = 1
            sec.fid = 1
            px, py, pz = parent.raw.as_numpy()[:, -1]
            sec.set_pt(0, px, py, pz, self.ds[begin])
        else:
            sec = Import3d_Section(begin, n)
        sec.type = float(self.sectype)
        self.types.append(self.sectype)
        self.sections.append(sec)
        raw = sec.raw.as_numpy()
        raw[0, first:] = self.xs[begin:end]
        raw[1, first:] = self.ys[begin:end]
        raw[2, first:] = self.zs[begin:end]
        sec.d.as_numpy()[first:] = self.ds[begin:end]
        self.cursec = sec

    # ---- queries the GUI and users make ----------------------------------------------------
    def id2pt(self, i):
        ilines = self.iline.as_numpy()
        hits = np.nonzero(ilines >= float(i))[0]
        return float(hits[0]) if len(hits) else float(len(ilines) - 1)

    def id2line(self, i):
        return float(i)

    def pt2id(self, i):
        ilines = self.iline.as_numpy()
        i = min(int(i), len(ilines) - 1)
        return float(ilines[i])

    def pt2sec(self, i):
        """(section, index of point i in it)."""
        later = [k for k, f in enumerate(self.firstpoints) if f > int(i)]
        k = later[0] if later else len(self.firstpoints)
        sec = self.sections.object(k - 1)
        return sec, int(i) - sec.id + sec.fid

    def sec2pt(self, isec, j):
        sec = self.sections.object(int(isec))
        return float(sec.id + int(j) - sec.fid)

    def label(self, i):
        i = int(i)
        return f"Line {int(self.iline.as_numpy()[i])}: {self.lines[i]}"

    def connect_axon_nearest(self):
        raise NotImplementedError(
            f"{self}.connect_axon_nearest: pnm does not make the Import3d GUI's 'physically "
            "connect to closest parent' change; the axon stays joined to the soma centre")


def _file_lines(text):
    """The lines hoc's File.gets reads: each up to and with its '\\n' (a '\\r' stays in)."""
    lines = [line + "\n" for line in text.split("\n")]
    if lines[-1] == "\n":
        lines.pop()
    else:
        lines[-1] = lines[-1][:-1]
    return lines


def _section_list():
    from ..hoclang.builtins import List
    return List()
