"""hoc's section syntax over pnm's Section objects: section references, section and range
variables of the currently accessed section, `create`, `connect`, `insert`, `forall`, ..."""

import math
import sys

from ..model import mechanisms as mechs
from ..model import secstack
from ..model.refs import NodeRef
from ..model.section import Section
from ..model.segment import Segment
from ..model.sectionapi import HOC_SECTIONS
from ..model.sectionapi import SectionList
from . import hocregex
from .errors import HocError
from .runtime import MISSING, Box, HocArray, index_of

SECTION_VARS = {"L", "Ra", "nseg", "rallbranch"}
_PLAIN_RANGE = {"diam", "cm", "v", "i_membrane_"}


# names declared so far by the template being compiled (objref v[1], double diam[2]): inside
# it they are the template's own variables, not the range variables of the same name, since
# hoc looks a name up in the template's symbol table first (NQS's `objref v[1]`)
_TEMPLATE_DECLARED = []


class template_scope:
    """with template_scope() as scope: compile a template's body, calling scope.declare(node)
    after each of its declaration statements."""

    def __enter__(self):
        self.names = set()
        _TEMPLATE_DECLARED.append(self.names)
        return self

    def __exit__(self, *exc):
        _TEMPLATE_DECLARED.pop()

    def declare(self, node):
        if node.data in ("objref", "double"):
            self.names.update(str(d.children[0]) for d in node.children)
        elif node.data == "strdef":
            self.names.update(str(c) for c in node.children)


def is_section_name(name):
    """Whether hoc reads name as a section/range variable of the accessed section."""
    if _TEMPLATE_DECLARED and name in _TEMPLATE_DECLARED[-1]:
        return False
    if name in SECTION_VARS or name in _PLAIN_RANGE:
        return True
    return mechs.suffix_lookup(name) is not None or mechs.ion_owner(name) is not None


cas = secstack.cas


def current_section():
    try:
        return cas()
    except RuntimeError as err:
        raise HocError(str(err)) from None


def get_secvar(sec, name):
    if name in SECTION_VARS:
        return float(getattr(sec, name))
    return float(getattr(sec(0.5), name))


def set_secvar(sec, name, value):
    section_setter(name)(sec, value)


def section_setter(name):
    """(sec, value) -> None for `name = value` on a whole section, chosen once per name: nseg
    (an integer); L, Ra, diam, cm, v: the Section's own property setter (what
    `setattr(sec, name, value)` reaches, without the dispatch); else the model's
    section-level assignment of a range variable (every segment in one write)."""
    if name == "nseg":
        return _set_nseg
    if name == "i_membrane_":
        return _refuse_i_membrane
    prop = getattr(Section, name, None)
    if isinstance(prop, property) and prop.fset is not None:
        return prop.fset
    return lambda sec, value: sec.set_range_all(name, value)


def _refuse_i_membrane(sec, value):
    raise HocError("i_membrane_ cannot be assigned a value")


def _set_nseg(sec, value, set_nseg=Section.nseg.fset):
    set_nseg(sec, int(value))


def range_getter(name):
    return lambda fr: get_secvar(current_section(), name)


def range_setter(name):
    setter = section_setter(name)

    def set_on_cas(fr, v):
        try:
            sec = cas()
        except RuntimeError as err:
            raise HocError(str(err)) from None
        setter(sec, v)
    return set_on_cas


def range_assign_stmt(name, value, const=None):
    """The statement `name = value` (a section or range variable of the accessed section),
    as one closure: value is a closure fr -> number; const its value when it is a number
    literal."""
    setter = section_setter(name)
    if const is not None:
        def assign_const_on_cas(fr):
            try:
                sec = cas()
            except RuntimeError as err:
                raise HocError(str(err)) from None
            setter(sec, const)
        return assign_const_on_cas

    def assign_on_cas(fr):
        try:
            sec = cas()
        except RuntimeError as err:
            raise HocError(str(err)) from None
        setter(sec, value(fr))
    return assign_on_cas


def range_call(name, args):
    """v(0.5), gnabar_hh(x): the range variable at x of the accessed section."""
    if name in SECTION_VARS or len(args) != 1:
        raise HocError(f"{name}(...): only range variables take a location (x)")
    x = args[0]
    return lambda fr: float(getattr(current_section()(x(fr)), name))


def range_call_setter(name, args):
    if len(args) != 1:
        raise HocError(f"{name}(x) = ...: one location expected")
    x = args[0]

    def set_at(fr, v):
        setattr(current_section()(x(fr)), name, v)
    return set_at


def range_pointer(name, x):
    ref_name = "_ref_" + name

    def ref(fr):
        sec = current_section()
        return getattr(sec(0.5 if x is None else x(fr)), ref_name)

    def ref_v(fr):      # &v(x): sec(x)._ref_v without the segment, for x in [0, 1]
        sec = current_section()
        at = 0.5 if x is None else x(fr)
        if type(at) is float and 0.0 <= at <= 1.0 and type(sec) is Section:
            return NodeRef(sec, at)
        return getattr(sec(at), ref_name)
    return ref_v if name == "v" else ref


def range_assign(name, x0, x1, y0, y1):
    """diam(0:1) = a:b — linear in x over the segments whose centres lie in [x0, x1]."""
    def assign(fr):
        sec = current_section()
        a, b, ya, yb = x0(fr), x1(fr), y0(fr), y1(fr)
        for seg in sec:
            if a <= seg.x <= b:
                frac = 0.0 if b == a else (seg.x - a) / (b - a)
                setattr(seg, name, ya + frac * (yb - ya))
    return assign


def secvar_getter(secfn, name):
    return lambda fr: get_secvar(secfn(fr), name)


def secvar_setter(secfn, name):
    setter = section_setter(name)
    return lambda fr, v: setter(secfn(fr), v)


def secvar_at_getter(secfn, name, x):
    return lambda fr: float(getattr(secfn(fr)(x(fr)), name))


def secvar_at_setter(secfn, name, x):
    def set_at(fr, v):
        setattr(secfn(fr)(x(fr)), name, v)
    return set_at


def secvar_pointer(secfn, name, x):
    return lambda fr: getattr(secfn(fr)(x(fr)), "_ref_" + name)


def compile_secref(ec, node):
    """fr -> Section for `soma`, `dend[i]`, `cell.soma`, `cell.dend[i]`."""
    if node.data == "secname":
        name, idx = str(node.children[0]), [c for c in node.children[1:] if c is not None]
        raw = ec.raw_name(name)
    else:
        obj, name = ec.expr(node.children[0]), str(node.children[1])
        idx = [c for c in node.children[2:] if c is not None]
        interp = ec.interp

        def raw(fr):
            return interp.get_member(obj(fr), name, raw=True)
    if not idx:
        def whole(fr):
            sec = raw(fr)
            if type(sec) is HocArray:
                sec = sec.data[0]
            if not isinstance(sec, Section):
                raise HocError(f"{name} is not a section")
            return sec
        if node.data == "secname" and name not in ec.ctx.locals and \
                name not in ec.ctx.externals:
            def whole_here(fr):                  # the usual case: a plain section name
                sec = fr.ns.get(name)
                return sec if type(sec) is Section else whole(fr)
            return whole_here
        return whole
    if len(idx) == 1:
        fi = ec.expr(idx[0])

        def element(fr):
            arr = raw(fr)
            if type(arr) is not HocArray:
                raise HocError(f"{name}[...]: {name} is not a section array")
            return arr.data[arr.offset([index_of(fi(fr))])]
        return element
    fis = [ec.expr(i) for i in idx]

    def element_nd(fr):                          # create sec[2][3]: sec[i][j]
        arr = raw(fr)
        if type(arr) is not HocArray:
            raise HocError(f"{name}[...]: {name} is not a section array")
        return arr.data[arr.offset([index_of(fi(fr)) for fi in fis])]
    return element_nd


def section_stmt(secfn, body):
    def run(fr):
        secstack.push(secfn(fr))
        return _pushed_stmt(body, fr)
    return run


def object_stmt(obfn, body):
    """hoc's `object stmt` (`o.f()  stmt` on one line inside braces, src/oc/parse.ypp): the
    object is evaluated and dropped, the accessed section pushed again for the statement;
    a section (`sr.sec stmt`, SectionRef's sec) is pushed itself: the statement runs there."""
    def run(fr):
        ob = obfn(fr)
        if isinstance(ob, Section):
            secstack.push(ob)
        else:
            secstack.push_top()
        return _pushed_stmt(body, fr)
    return run


def _pushed_stmt(body, fr):
    """Run body with one entry pushed; a return/break/continue in it leaves the entry on the
    stack, as NEURON's does (hoc stops before the pop); restore_stack() finds it."""
    try:
        r = body(fr)
    except BaseException:
        secstack.pop()
        raise
    if r is None:
        secstack.pop()
    return r


def restore_stack(depth):
    """NEURON's nrn_secstack(depth) (src/nrnoc/cabcode.cpp), run by a call and by for, forall
    and forsec loops after a return/break/continue: entries a section statement left pushed
    are popped, and NEURON says so (stdout; the second part is a hoc warning, stderr)."""
    now = secstack.depth()
    if now <= depth or secstack.check_skipped():
        return
    top = secstack.top() or secstack.default_section()
    sys.stdout.write(f"The sectionstack index should be {depth} but it is {now}\n")
    sys.stderr.write("pnm: prior to version 5.3 the section stack would not have been properly "
                     "popped\nand the currently accessed section would have been  "
                     f"{top.name() if top is not None else ''}\n")
    secstack.unwind(depth)


def create(interp, fr, name, dims):
    """create name[dims]: new sections (named as NEURON names them) replace old ones. Inside
    an object they know it (sec.cell(), NetCon.precell()/postcell()), and Section(name, cell)
    names them "<object>.<name>"."""
    cell = fr.obj
    prefix = ""
    if not dims:
        sec = Section(name=name, cell=cell)
        HOC_SECTIONS.add(sec)
        fr.ns[name] = sec
        return
    arr = HocArray(name, dims, None)
    for i in range(len(arr.data)):
        subscripts, rest = "", i               # a[1][2] of create a[2][3], as NEURON names it
        for d in reversed(dims):
            subscripts, rest = f"[{rest % d}]" + subscripts, rest // d
        arr.data[i] = Section(name=f"{prefix}{name}{subscripts}", cell=cell)
        HOC_SECTIONS.add(arr.data[i])
    fr.ns[name] = arr


def connect(child, childx, parent_or_x):
    """connect child(cx), parent(px) — or connect child(cx), px (parent: the accessed one)."""
    if type(parent_or_x) is Segment:       # parent(px), made and checked already
        child.connect(parent_or_x, childx)
        return
    if isinstance(parent_or_x, (int, float)):
        parent, px = current_section(), float(parent_or_x)
    else:
        parent, px = parent_or_x.sec, parent_or_x.x
    child.connect(parent(px), childx)


def connect_to_section_at(fc, fx, fp, raw, fpx):
    """connect child(cx), parent(px) with parent a name that may be a section (raw gives
    it): the parent's segment is not made when it is a section (the call's value, fp,
    otherwise)."""
    def run(fr):
        child, x = fc(fr), fx(fr)
        p = raw(fr)
        if type(p) is not Section:
            return connect(child, x, fp(fr))
        px = fpx(fr)
        if type(px) is float and 0.0 <= px <= 1.0:
            child.connect(p, px, x)
        else:
            connect(child, x, p(px))
    return run


def setpointer(var, target):
    """The statement setpointer var, target (closures giving the two references)."""
    def run(fr):
        from ..model.pointers import set_pointer
        try:
            set_pointer(var(fr), target(fr))
        except (TypeError, ValueError, AttributeError) as err:
            raise HocError(f"setpointer: {err}") from None
    return run


def member_section(interp, obj, name):
    """A closure giving the Section `ob.name` holds (a SectionRef's sec, parent, root, or a
    template's public section), obj a closure giving ob: connect and access take one."""
    get_member = interp.get_member

    def section(fr):
        sec = get_member(obj(fr), name)
        if not isinstance(sec, Section):
            raise HocError(f"{name}: not a section (connect and access take a section, "
                           "e.g. sref.sec)")
        return sec
    return section


def connect_to_segment(fc, fx, fsec, fpx):
    """The statement connect child(cx), sec(px) (sec a declared section: fsec, fpx give sec
    and px): Section.connect(sec, px, cx) when px is in [0, 1], without making sec(px)'s
    Segment (which the parent expression's closure, x_segment, makes; else as it)."""
    def connect_to_segment(fr):
        child, x = fc(fr), fx(fr)
        p, px = fsec(fr), fpx(fr)
        if type(p) is Section and type(px) is float and 0.0 <= px <= 1.0:
            child.connect(p, px, x)
        else:
            connect(child, x, p(px))
    return connect_to_segment


def all_sections():
    from ..model.state import STATE
    return list(STATE.live_sections())


def sections_in_scope(fr):
    """forall's sections: inside an object (a template's procedure, execute(cmd, obj)) only
    the object's own sections, as NEURON's forall_section; at top level all of them."""
    if fr.obj is None or not hasattr(fr.obj, "hoc_template"):
        return all_sections()
    return [s for s in all_sections() if s.cell() is fr.obj]


def forall(body):
    def run(fr):
        depth = secstack.depth()
        for sec in sections_in_scope(fr):
            secstack.push(sec)
            try:
                r = body(fr)
            finally:
                secstack.pop()
            if r is not None:
                restore_stack(depth)
                if r == 1:        # break
                    break
                if r != 2:
                    return r
    return run


def sections_of(what, fr=None):
    """forsec/ifsec target: a regular expression string or an iterable of sections. Inside an
    object a pattern sees the object's sections only and matches the whole name against
    `<object>.*<pattern>.*` (NEURON's forall_section)."""
    if isinstance(what, str):
        if fr is not None and fr.obj is not None and hasattr(fr.obj, "hoc_template"):
            pattern = hocregex.compile_pattern(f"{fr.obj}.*{what}.*")
            return [s for s in sections_in_scope(fr) if pattern.fullmatch(s.name())]
        pattern = hocregex.compile_pattern(what)
        return [s for s in all_sections() if pattern.search(s.name())]
    if type(what) is SectionList:
        return what.live()          # a new list of its live sections
    try:
        return list(what)
    except TypeError:
        raise HocError(f"forsec {what!r}: give a string (regular expression) or a "
                       "SectionList") from None


def forsec(what, body, only_if=False):
    def run(fr):
        target = what(fr)
        depth = secstack.depth()
        for sec in sections_of(target, fr):
            secstack.push(sec)
            try:
                r = body(fr)
            finally:
                secstack.pop()
            if r is not None:
                restore_stack(depth)
                if r == 1:
                    break
                if r != 2:
                    return r
    if only_if:
        def run_if(fr):
            target = what(fr)
            sec = current_section()
            if isinstance(target, str):
                if hocregex.search(target, sec.name()):
                    return body(fr)
            elif any(s is sec for s in target):
                return body(fr)
        return run_if
    return run


def segment_xs(sec, with_ends):
    xs = [seg.x for seg in sec]
    return [0.0] + xs + [1.0] if with_ends else xs


def insert(name):
    if name not in mechs.DENSITY:
        raise HocError(f"insert {name}: {name} is not a mechanism pnm provides "
                       f"({', '.join(sorted(mechs.DENSITY))})")
    def run(fr):
        current_section().insert(name)
    return run


def uninsert(name):
    def run(fr):
        current_section().uninsert(name)
    return run


__all__ = ["is_section_name", "MISSING"]


# ---- functions of the currently accessed section (hoc's pt3d family, stdlib's lambda_f) -------
# what NEURON's pt3d functions return when they only act (hoc echoes it at top level)
_PT3D_RESULTS = {"pt3dadd": lambda args: 1.0, "pt3dchange": lambda args: 0.0,
                 "pt3dclear": lambda args: float(args[0]) if args else 0.0}


def _pt3d_functions():
    def on_cas(method):
        result = _PT3D_RESULTS.get(method)
        if result is None:
            return lambda *args: _number(getattr(current_section(), method)(*args))

        def act(*args):
            getattr(current_section(), method)(*args)
            return result(args)
        return act
    names = ("n3d", "x3d", "y3d", "z3d", "diam3d", "arc3d", "pt3dadd", "pt3dclear",
             "pt3dchange")
    return {name: on_cas(name) for name in names}


def _number(r):
    return 0.0 if r is None else float(r)


def lambda_f(freq):
    """stdlib.hoc's lambda_f(freq) of the accessed section: its length in units of the AC
    length constant at freq Hz, from the 3-D points when there are at least two."""
    sec = current_section()
    cm = sec(0.5).cm
    if cm == 0:
        return 1e10
    n = sec.n3d()
    if n < 2:
        return 1e5 * math.sqrt(sec(0.5).diam / (4 * math.pi * freq * sec.Ra * cm))
    x1, d1, lam = sec.arc3d(0), sec.diam3d(0), 0.0
    for i in range(1, n):
        if d1 == 0:
            raise HocError(f"lambda_f error: 0 diameter for 3d point {i - 1} of {sec.name()}.")
        x2, d2 = sec.arc3d(i), sec.diam3d(i)
        lam += (x2 - x1) / math.sqrt(d1 + d2)
        x1, d1 = x2, d2
    lam *= math.sqrt(2) * 1e-5 * math.sqrt(4 * math.pi * freq * sec.Ra * cm)
    return sec.L / lam


def ismembrane(name):
    """ismembrane("hh"), ismembrane("na_ion"): 1 when the accessed section has it."""
    name = name.v if type(name) is Box else name
    inserted = current_section().mechanism_names
    if name in inserted:
        return 1.0
    if name.endswith("_ion"):
        ion = name[:-4]
        uses = {f"e{ion}", f"i{ion}", f"{ion}i", f"{ion}o"}
        return 1.0 if any(uses.intersection(mechs.DENSITY[m].ions) for m in inserted
                           if m in mechs.DENSITY) else 0.0
    return 1.0 if name in inserted else 0.0


def sectionname(box):
    """sectionname(strdef): the accessed section's name into the strdef."""
    if type(box) is not Box:
        raise HocError("sectionname(strdef): the argument must be a strdef")
    box.v = current_section().name()
    return 1.0


SECTION_FUNCTIONS = dict(_pt3d_functions(), lambda_f=lambda_f, ismembrane=ismembrane,
                         sectionname=sectionname,
                         ion_style=lambda name, *style: mechs.ion_style(
                             current_section(), str(name), *style))
