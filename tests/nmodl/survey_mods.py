"""Developer survey (not a test): translate every .mod file under the given folders with pnm,
one file at a time, and with NEURON's nocmodl (translation only, no C compile), and print a
line per file that pnm refuses or handles differently from nocmodl, then the counts.

    python tests/nmodl/survey_mods.py FOLDER... [--json out.jsonl]

Folders are ModelDB models unpacked from their git mirrors
(git --git-dir=/work/.mirror/ModelDBRepository+<id>/repo archive HEAD | tar -x -C <id>).
Note: NEURON's vecevent.mod (VecStim) is replaced by pnm's built-in VecStim in `pnm
nrnivmodl`; translated alone here it reports the name clash."""
import collections
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

from pnm.nmodl.compile import translate
from pnm.nmodl.parse import NmodlError


def nocmodl():
    import neuron
    return os.path.join(os.path.dirname(neuron.__file__), ".data", "bin", "nocmodl")


def survey(path, scratch):
    rec = {"file": path}
    out = tempfile.mkdtemp(dir=scratch)
    try:
        compiled = translate([path], out)[0]
        rec["pnm"] = "ok"
        kernels = compiled.source_path[:-3] + "_kernels.py"
        for line in open(kernels) if os.path.exists(kernels) else ():
            if line.startswith("ODE_REFUSED = ") and line.strip() != "ODE_REFUSED = None":
                rec["cvode"] = line.split("=", 1)[1].strip()
    except NmodlError as exc:
        rec["pnm"], rec["msg"] = "error", str(exc).splitlines()[0]
    except Exception as exc:            # a crash of the translator: a bug to fix
        rec["pnm"], rec["msg"] = "crash", f"{type(exc).__name__}: {exc}"[:300]
    work = tempfile.mkdtemp(dir=scratch)
    for inc in glob.glob(os.path.join(os.path.dirname(path), "*.inc")):
        shutil.copy(inc, work)
    shutil.copy(path, work)
    done = subprocess.run([nocmodl(), os.path.basename(path)], cwd=work, capture_output=True,
                          text=True, timeout=120)
    rec["nrn"] = "ok" if done.returncode == 0 else "error"
    if done.returncode:
        rec["nrnmsg"] = (done.stderr or done.stdout).strip().splitlines()[-1:]
    return rec


def main(argv):
    out = None
    if "--json" in argv:
        k = argv.index("--json")
        out, argv = open(argv[k + 1], "w"), argv[:k] + argv[k + 2:]
    counts = collections.Counter()
    scratch = tempfile.mkdtemp()
    try:
        for root in argv:
            for path in sorted(glob.glob(os.path.join(root, "**", "*.mod"), recursive=True)):
                rec = survey(path, scratch)
                counts[(rec["pnm"], rec["nrn"])] += 1
                if out:
                    out.write(json.dumps(rec) + "\n")
                if rec["pnm"] != "ok" or rec["nrn"] != "ok":
                    print(f"{path}: pnm {rec['pnm']} nocmodl {rec['nrn']}: "
                          f"{rec.get('msg', '')[:200]} {rec.get('nrnmsg', '')}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for (pnm, nrn), n in sorted(counts.items()):
        print(f"pnm {pnm:5} nocmodl {nrn:5}: {n}")


if __name__ == "__main__":
    main(sys.argv[1:])
