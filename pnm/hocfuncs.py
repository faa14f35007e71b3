"""NEURON's top-level functions that programs call from hoc and Python alike: the stopwatch,
section queries (section_exists, issection, parent_connection, section_orientation,
disconnect), 3-D points (pt3dinsert, pt3dremove, pt3dconst, pt3dstyle), the ion equations
(nernst, ghk), the working directory and shell (getcwd, chdir, system) and the version
(nrnversion, neuronhome), reading numbers (ropen, fscan, getstr), nrnpython, execerror.
`h` resolves them here (namespace.py) and the hoc interpreter takes them as built-ins
(strdef arguments arrive as Boxes)."""

import itertools
import math
import os
import platform
import subprocess
import sys
import time
import weakref

import numpy as np

from .hoclang import programinput
from .hoclang.builtins import sscanf, text
from .hoclang.programinput import scan_number
from .hoclang.errors import HocError
from .hoclang.hocregex import fullmatch
from .model import secstack
from .model.sectionapi import HOC_SECTIONS, section_arg
from .model.shape import LOGICAL_CONNECTION
from .model.state import STATE
from .version import __version__

NEURON_VERSION = "9.0.2"         # the NEURON whose API and results pnm reproduces
_stopwatch = [time.perf_counter()]


def startsw():
    """Starts the stopwatch; returns the wall-clock time in seconds."""
    _stopwatch[0] = time.perf_counter()
    return _stopwatch[0]


def stopsw():
    """Seconds since the last startsw()."""
    return time.perf_counter() - _stopwatch[0]


# ---- sections --------------------------------------------------------------------------
def section_exists(name, *args):
    """section_exists("name"[, index][, obj]): 1 when that section exists (for an array name
    without an index: when any element does); obj looks in that object's sections. Only
    sections hoc created have such names."""
    name = text(name)
    index = next((int(a) for a in args if isinstance(a, (int, float))), None)
    owner = next((a for a in args if not isinstance(a, (int, float))), None)
    if index is not None:
        name = f"{name}[{index}]"
    if owner is not None:
        name = f"{owner}.{name}"
    for sec in STATE.live_sections():
        if sec not in HOC_SECTIONS:      # Python's sections are no hoc names (NEURON: 0)
            continue
        full = sec.name()
        if full == name or (index is None and "[" not in name and
                            full.startswith(name + "[") and full.endswith("]") and
                            "." not in full[len(name):]):
            return 1.0
    return 0.0


def issection(pattern, sec=None):
    """1 when the accessed section's whole name matches the hoc pattern (hocregex)."""
    return 1.0 if fullmatch(text(pattern), section_arg(sec, "issection").name()) else 0.0


def parent_connection(sec=None):
    """x on the parent where the accessed section attaches (0 for a root)."""
    sec = section_arg(sec, "parent_connection")
    return float(sec.parent_x) if sec.parentseg() is not None else 0.0


_handles = weakref.WeakValueDictionary()      # number -> section (this_section, parent_section)
_numbers = weakref.WeakKeyDictionary()       # section -> its number
_next_number = itertools.count(1)            # never reused, so a number names one section


def section_handle(sec):
    """The number hoc's this_section()/parent_section() return for sec (NEURON returns the
    section's address; push_section(number) takes it back); 0 for none."""
    if sec is None:
        return 0.0
    if sec not in _numbers:
        _numbers[sec] = next(_next_number)
        _handles[_numbers[sec]] = sec
    return float(_numbers[sec])


def section_of_handle(number):
    """push_section(number): the section this_section()/parent_section() numbered."""
    sec = _handles.get(int(number)) if float(number).is_integer() else None
    if sec is None:
        raise ValueError(f"push_section({number:g}): no section has this number; pass what "
                         "this_section() or parent_section() returned (or a Section, or a "
                         "section name)")
    return sec


def this_section(x=0.5, sec=None):
    """The accessed section as a number push_section() takes (NEURON: its address)."""
    return section_handle(section_arg(sec, "this_section"))


def parent_section(x=0.5, sec=None):
    """The accessed section's parent as a number push_section() takes; 0 for a root."""
    return section_handle(section_arg(sec, "parent_section").parent_section)


def section_orientation(sec=None):
    """The end (0 or 1) of the accessed section that attaches to its parent."""
    return float(section_arg(sec, "section_orientation").orientation())


def disconnect(sec=None):
    section_arg(sec, "disconnect").disconnect()
    return 0.0


def pt3dinsert(i, x, y, z, d, sec=None):
    section_arg(sec, "pt3dinsert").pt3dinsert(i, x, y, z, d)
    return 0.0


def pt3dremove(i, sec=None):
    section_arg(sec, "pt3dremove").pt3dremove(i)
    return 0.0


_pt3dstyle = LOGICAL_CONNECTION     # section -> (x, y, z) of its logical connection


def pt3dconst(*mode):
    """pt3dconst([mode]) -> the previous mode. 0 (NEURON's default): a change of L or diam
    rescales or re-diameters the 3-D points. 1: the 3-D points are authoritative: L
    assignments are ignored, diam assignments last until the geometry is next computed from
    the points, and define_shape leaves sections with points where they are."""
    old = float(STATE.pt3dconst)
    if mode:
        if not 0 <= float(mode[0]) <= 1:
            raise HocError(f"pt3dconst({mode[0]:g}): the mode must be 0 or 1")
        STATE.pt3dconst = int(mode[0])
    return old


def pt3dstyle(*args, sec=None):
    """pt3dstyle([0 or 1, x, y, z]) -> the style (0 or 1) after the call; 1 sets the logical
    connection point Shape drawings use (no effect on the simulation, in NEURON neither)."""
    sec = section_arg(sec, "pt3dstyle")
    if args and int(args[0]) == 0:
        _pt3dstyle.pop(sec, None)
    elif args and len(args) == 4:
        _pt3dstyle[sec] = np.array([a[0] if hasattr(a, "__getitem__") else float(a) for a in
                                    args[1:]], dtype=np.float32)
    elif args and len(args) != 1:
        raise TypeError("pt3dstyle(): give no argument, 0, or 1, x, y, z")
    return 1.0 if sec in _pt3dstyle else 0.0      # the style now in force


# ---- ions ------------------------------------------------------------------------------
def _ktf():
    from .nmodl.runtime import FARADAY, GAS_CONSTANT    # numba's module: loaded when used
    return 1000.0 * GAS_CONSTANT * (STATE.celsius + 273.15) / FARADAY


def nernst(ci, co=None, z=None, x=0.5):
    """nernst(ci, co, z): the reversal potential (mV) at celsius; nernst("ena"[, x]) from
    the accessed section's concentrations at x, nernst("nai"[, x]) the concentration that
    the section's reversal potential implies (as NEURON)."""
    if z is None:
        return _nernst_of_section(text(ci), 0.5 if co is None else float(co))
    from .nmodl.runtime import nernst_
    return nernst_(STATE.celsius, float(ci), float(co), float(z))


def _nernst_of_section(name, x):
    from .model import mechanisms as mechs
    for ion in list(mechs.ION_FIELDS):
        e, ci, co = f"e{ion}", f"{ion}i", f"{ion}o"
        if name not in (e, ci, co):
            continue
        seg = secstack.cas()(x)
        z = mechs.ion_valence(ion)
        try:
            ev, civ, cov = (getattr(seg, f) for f in (e, ci, co))
        except (AttributeError, LookupError, ValueError):
            break
        if name == e:
            return nernst(civ, cov, z)
        if name == ci:
            return cov * math.exp(-z * ev / _ktf())
        return civ * math.exp(z * ev / _ktf())
    raise HocError(f"nernst(\"{name}\"): {name} is not a reversal potential or concentration "
                   f"of an ion in {secstack.cas().name()} (NEURON's error too)")


def _efun(x):
    return 1.0 - x / 2.0 if abs(x) < 1e-4 else x / (math.exp(x) - 1.0)


def ghk(v, ci, co, z):
    """The GHK current-equation flux term (mA/cm2 per permeability), as NEURON's ghk()."""
    v, ci, co, z = float(v), float(ci), float(co), float(z)
    from .nmodl.runtime import FARADAY
    arg = z * v / _ktf()
    return 0.001 * z * FARADAY * (ci * _efun(-arg) - co * _efun(arg))


# ---- files, shell, version ---------------------------------------------------------------
def getcwd():
    return os.getcwd().rstrip("/") + "/"


def chdir(path):
    """0 on success, -1 when the directory cannot be entered (as NEURON)."""
    try:
        os.chdir(text(path))
        return 0.0
    except OSError:
        return -1.0


def system(command, output=None):
    """system("cmd"[, strdef]): runs the shell command; returns its wait status as C's
    system() does (exit code * 256); with a strdef, its standard output goes there."""
    sys.stdout.flush()
    if output is None:
        done = subprocess.run(text(command), shell=True)
    else:
        done = subprocess.run(text(command), shell=True, stdout=subprocess.PIPE, text=True)
        output.v = done.stdout
    code = done.returncode
    return float(code * 256 if code >= 0 else -code)


_read_file = [None]        # the file ropen() opened for fscan() and getstr()


def ropen(name=None):
    """ropen("file"): fscan() and getstr() read it from now on (1; 0 if it cannot be opened);
    ropen() closes it (they read standard input again)."""
    if _read_file[0] is not None:
        _read_file[0].close()
        _read_file[0] = None
    if name is None or not text(name):
        return 1.0
    try:
        _read_file[0] = open(text(name))
        return 1.0
    except OSError:
        return 0.0


def _reader():
    return _read_file[0] if _read_file[0] is not None else sys.stdin


def fscan():
    """The next number of the ropen() file, else of the program being run (the text after
    the statement: programinput.py), else of standard input; words that are not numbers are
    skipped, as NEURON's hoc_scan."""
    if _read_file[0] is None and programinput.current() is not None:
        return scan_number(programinput.current().word)
    f = _reader()
    return scan_number(lambda: _file_word(f))


def _file_word(f):
    word, c = "", f.read(1)
    while c and c.isspace():
        c = f.read(1)
    while c and not c.isspace():       # (the blank after the word is read too)
        word += c
        c = f.read(1)
    return word or None


def getstr(box):
    """getstr(strdef): the rest of the current line of the ropen() file (or standard input),
    blanks before it skipped, the newline kept; returns its length."""
    if _read_file[0] is None and programinput.current() is not None:
        line = programinput.current().line()
        box.v = line
        return float(len(line))
    f = _reader()
    c = f.read(1)
    while c in (" ", "\t"):
        c = f.read(1)
    line = c + f.readline() if c and c != "\n" else c
    box.v = line
    return float(len(line))


def machine_name(box):
    box.v = platform.node()
    return 0.0


def nrnpython(code):
    """Runs Python code in __main__'s namespace: 1, or 0 after printing the error."""
    import traceback
    main = sys.modules["__main__"].__dict__
    try:
        exec(text(code), main)
        return 1.0
    except Exception:
        traceback.print_exc()
        return 0.0


def execerror(message="", detail=""):
    raise HocError(f"{text(message)} {text(detail)}".strip())


def nrnversion(which=None):
    """NEURON's version strings, for the NEURON pnm reproduces (9.0.2); pnm's own version
    appears where NEURON names its build (nrnversion(), nrnversion(1..4))."""
    build = f"pnm {__version__}"
    parts = {0: NEURON_VERSION, 1: f"NEURON -- VERSION {NEURON_VERSION} ({build})",
             2: f"VERSION {NEURON_VERSION} ({build})", 3: build, 4: "", 5: NEURON_VERSION,
             6: "", 7: " ".join(sys.argv),
             8: f"{platform.machine()}-{platform.system()}", 9: "1"}
    return parts[1] if which is None else parts.get(int(which), "")


def use_mcell_ran4(on=None):
    """use_mcell_ran4([on]): whether NMODL's scop_random (exprand, normrand) draws from
    mcell_ran4 instead of its linear congruential generator; returns the previous state (0:
    pnm's draws are NEURON's default). Turning it on is not provided."""
    if on is not None and float(on) != 0.0:
        raise NotImplementedError(
            "use_mcell_ran4(1): pnm's NMODL scop_random/exprand/normrand use NEURON's default "
            "generator only (use_mcell_ran4(0)); draw with h.Random (MCellRan4) instead")
    return 0.0


def unix_mac_pc():
    """1 on unix, 4 on macOS, 3 on Windows (NEURON's numbers)."""
    return {"darwin": 4.0, "win32": 3.0}.get(sys.platform, 1.0)


def neuronhome():
    """Where NEURON keeps its lib/hoc files; pnm provides those names itself, so this is
    pnm's package folder (load_file of a standard file name works from anywhere)."""
    return os.path.dirname(os.path.abspath(__file__))


def fstim(*args):
    """NEURON's fstim(n) / fstim(i, loc, delay, duration, amp): current pulses (model/fstim.py)."""
    from . import stdmechs
    from .model import fstim as stimuli
    stdmechs.ensure_loaded()                 # the pulses are IClamps
    return stimuli.fstim(*args)


def fstimi(i):
    """fstimi(i): stimulus i's current (nA) at t."""
    from .model import fstim as stimuli
    return stimuli.fstimi(i)


NAMES = {"startsw": startsw, "stopsw": stopsw, "section_exists": section_exists,
         "issection": issection, "parent_connection": parent_connection,
         "section_orientation": section_orientation, "disconnect": disconnect,
         "nernst": nernst, "ghk": ghk, "getcwd": getcwd, "chdir": chdir, "system": system,
         "nrnversion": nrnversion, "neuronhome": neuronhome, "pt3dinsert": pt3dinsert,
         "pt3dremove": pt3dremove, "pt3dconst": pt3dconst, "pt3dstyle": pt3dstyle,
         "ropen": ropen, "fscan": fscan, "getstr": getstr, "machine_name": machine_name,
         "nrnpython": nrnpython, "execerror": execerror, "this_section": this_section,
         "parent_section": parent_section, "sscanf": sscanf, "unix_mac_pc": unix_mac_pc,
         "use_mcell_ran4": use_mcell_ran4, "fstim": fstim, "fstimi": fstimi}
