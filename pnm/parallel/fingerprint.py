"""The model fingerprint of the load-balance files: what defines the model an allocation was
made for, so that a run with another model stops with a clear error instead of a silently
unbalanced (or wrong) placement.

Parts: "programs" (the files and -c statements on the command line, or a legacy script's
__main__ file), "files" (every user .py module imported and every hoc file loaded, each with
a hash of its content; the standard library, site-packages and pnm itself are left out),
"mechanisms" (the density mechanisms and point-process types the model instantiates, on any
rank) and "gids" (the number and a hash of the sorted gid set). The programs part is checked
before the script runs; the rest once the model is built (the first set_maxstep/psolve),
collectively, so every rank reports the same difference."""

import hashlib
import os
import sys

import numpy as np

from ..model.state import STATE
from . import lbmode

# callables returning paths of other loaded files (pnm/__init__ adds the hoc interpreter's)
FILE_SOURCES = []
_PNM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FingerprintError(ValueError):
    pass


def _sha(data):
    return hashlib.sha256(data).hexdigest()[:16]


def program_digest(programs):
    """Hash of [(kind, text)] as `python -m pnm` takes them: file contents for files, the
    statement text for -c."""
    digest = hashlib.sha256()
    for kind, what, *_args in programs:
        kind = "file" if kind == "py" else kind     # a Python file: its contents, as any file
        digest.update(kind.encode() + b"\0")
        if kind == "file":
            try:
                with open(what, "rb") as f:
                    digest.update(f.read())
            except OSError as err:
                raise FingerprintError(f"{what}: cannot read the script ({err.strerror})") \
                    from None
        else:
            digest.update(what.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


# pnm's own generated code (the built-in mechanisms' translations: stdmechs.py), which is
# pnm's, not the user's model: predicates on a path
GENERATED = []


def _is_user_file(path):
    if not path or not os.path.isfile(path):
        return False
    path = os.path.abspath(path)
    if any(is_generated(path) for is_generated in GENERATED):
        return False
    system = {os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    if any(path.startswith(p + os.sep) for p in system) or path.startswith(_PNM_DIR + os.sep):
        return False
    return "site-packages" not in path and "dist-packages" not in path


def _shown(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def loaded_files():
    """{path: content hash} of the user's .py modules imported and hoc files loaded (the
    running __main__ script is the programs part)."""
    paths = set()
    main = sys.modules.get("__main__")
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if module is not main and path and path.endswith(".py") and _is_user_file(path):
            paths.add(os.path.abspath(path))
    for source in FILE_SOURCES:
        paths.update(os.path.abspath(p) for p in source() if _is_user_file(p))
    out = {}
    for path in sorted(paths):
        with open(path, "rb") as f:
            out[_shown(path)] = _sha(f.read())
    return out


def mechanism_names():
    """This rank's instantiated density mechanisms and point-process types."""
    names = set()
    for sec in STATE.live_sections():
        names.update(sec.mechanism_names)
    names.update(pp.mech_name for pp in STATE.live_point_processes())
    return names


def gid_part(gids):
    gids = np.array(sorted(int(g) for g in gids), dtype=np.int64)
    return {"count": int(len(gids)), "digest": _sha(gids.tobytes())}


def model_fingerprint(allgather, gids, programs_digest):
    """Collective (allgather: a py_allgather-like function): the fingerprint dict of the
    model as built; gids: every gid of the model."""
    files, mechs = {}, set()
    for part_files, part_mechs in allgather((loaded_files(), sorted(mechanism_names()))):
        files.update(part_files)
        mechs.update(part_mechs)
    out = {"programs": programs_digest, "files": files, "mechanisms": sorted(mechs),
           "gids": gid_part(gids)}
    out["digest"] = _sha(repr(sorted(out.items())).encode())
    return out


def differences(expected, actual):
    """What differs between the dry run's fingerprint and this run's, in words ([] if
    none). Files the dry run loaded that this run has not (yet) loaded do not count."""
    out = []
    for path, digest in actual["files"].items():
        if path not in expected["files"]:
            out.append(f"{path} is loaded now but was not in the dry run")
        elif expected["files"][path] != digest:
            out.append(f"{path} changed since the dry run")
    if expected["mechanisms"] != actual["mechanisms"]:
        gone = sorted(set(expected["mechanisms"]) - set(actual["mechanisms"]))
        new = sorted(set(actual["mechanisms"]) - set(expected["mechanisms"]))
        out.append("the mechanisms differ (" + "; ".join(
            filter(None, [f"now also {new}" if new else "", f"no longer {gone}" if gone else ""]))
            + ")")
    if expected["gids"] != actual["gids"]:
        e, a = expected["gids"]["count"], actual["gids"]["count"]
        out.append(f"the gid set differs ({e} gids in the dry run, {a} now"
                   + (", same count, other gids" if e == a else "") + ")")
    return out


def check_planned_model(comm, decomposition, plan):
    """Collective, at the first network check of a run that follows an allocation: the model
    as built must be the one of the dry run; otherwise the same FingerprintError on every
    rank, naming what differs."""
    allocation = lbmode.model_check_due()
    if allocation is None:
        return
    expected = allocation["model"]
    actual = model_fingerprint(comm.allgather_obj, decomposition.gids, expected["programs"])
    diffs = differences(expected, actual)
    if diffs:
        raise FingerprintError(
            f"{plan.source}: made for another model: " + "; ".join(diffs) + ". Run "
            "`python -m pnm --dry-run [--num-target-ranks N] SCRIPT` again for this model")
