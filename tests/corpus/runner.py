"""Run a corpus case under NEURON 9 or pnm and collect what it produced.

A case folder holds case.toml (sources and the outputs contract), SOURCE.md, an optional
epilogue (epilogue.py / epilogue.hoc, ours) and original/ (the third-party files, fetched by
get_sources.py, never committed). The first [[files]] entry is the script; the others are the
files it imports or loads.

The pnm run uses the same files with only the imports changed (``neuron`` -> ``pnm``, import
lines only); a hoc case runs as ``nrniv FILE.hoc epilogue.hoc`` under NEURON and as
``python -m pnm FILE.hoc epilogue.hoc`` under pnm (after ``-c 'load_file("F")'`` for each
file in the case's ``preload``, as the program's own run file loads them first)."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass

CORPUS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(CORPUS_DIR))
VENV_BIN = os.path.dirname(sys.executable)
MPI_LIB = os.path.join(os.path.dirname(VENV_BIN), "lib", "libmpi.so.12")
TIMEOUT_S = 300

_IMPORT_REWRITES = [
    (re.compile(r"^(\s*)from\s+neuron(\.\w+)?\s+import\b", re.M), r"\1from pnm\2 import"),
    (re.compile(r"^(\s*)import\s+neuron\s*$", re.M), r"\1import pnm as neuron"),
    (re.compile(r"^(\s*)import\s+neuron\s+as\s+", re.M), r"\1import pnm as "),
]


def rewrite_imports(source):
    """``source`` with its neuron import lines turned into pnm imports; nothing else."""
    for pattern, replacement in _IMPORT_REWRITES:
        source = pattern.sub(replacement, source)
    return source


@dataclass
class Case:
    name: str
    folder: str
    spec: dict

    @property
    def kind(self):
        return self.spec["kind"]

    @property
    def script(self):
        return self.spec["files"][0]["as"]

    @property
    def ranks(self):
        return int(self.spec.get("ranks", 1))

    @property
    def xfail(self):
        return self.spec.get("pnm_xfail", "")

    def epilogue(self):
        for candidate in ("epilogue.py", "epilogue.hoc"):
            path = os.path.join(self.folder, candidate)
            if os.path.exists(path):
                return path
        return None


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    files: dict  # name -> path of every file the run wrote


def all_cases():
    names = sorted(
        name for name in os.listdir(CORPUS_DIR)
        if os.path.isfile(os.path.join(CORPUS_DIR, name, "case.toml"))
    )
    return [load_case(name) for name in names]


def load_case(name):
    folder = os.path.join(CORPUS_DIR, name)
    with open(os.path.join(folder, "case.toml"), "rb") as f:
        return Case(name, folder, tomllib.load(f))


def _copy_originals(case, workdir, backend):
    original = os.path.join(case.folder, "original")
    missing = [e["as"] for e in case.spec["files"]
               if not os.path.isfile(os.path.join(original, e["as"]))]
    if missing:
        raise FileNotFoundError(
            f"corpus case {case.name}: {', '.join(missing)} missing in {original}; the "
            f"third-party originals are not committed: run "
            f"`python tests/corpus/get_sources.py {case.name}` (reads a git mirror or GitHub)"
        )
    shutil.copytree(original, workdir, dirs_exist_ok=True)
    if backend == "pnm":
        for entry in case.spec["files"]:
            if entry["as"].endswith(".py"):
                path = os.path.join(workdir, entry["as"])
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(rewrite_imports(text))


def _environment(backend, scratch):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "PYTHONPATH")}
    mplconfig = os.path.join(scratch, "mplconfig")
    os.makedirs(mplconfig, exist_ok=True)
    with open(os.path.join(mplconfig, "matplotlibrc"), "w") as f:
        f.write("backend: Agg\nsvg.hashsalt: pnm-corpus\n")
    paths = [os.path.join(CORPUS_DIR, "stubs")]
    if backend == "pnm":
        paths.append(REPO_ROOT)
    env.update(
        MPLBACKEND="Agg", MPLCONFIGDIR=mplconfig, SOURCE_DATE_EPOCH="0",
        PYTHONHASHSEED="0", PYTHONPATH=os.pathsep.join(paths), PYTHONDONTWRITEBYTECODE="1",
    )
    if backend == "neuron":
        env["MPI_LIB_NRN_PATH"] = MPI_LIB
    return env


def _command(case, backend, workdir):
    epilogue = case.epilogue()
    script = os.path.join(workdir, case.script)
    if case.kind == "hoc":
        preload = case.spec.get("preload", [])
        files = [arg for name in preload for arg in ("-c", f'load_file("{name}")')]
        files += [script] + ([epilogue] if epilogue else [])
        if backend == "neuron":
            command = [os.path.join(VENV_BIN, "nrniv"), "-nobanner", "-notatty", *files]
        else:
            command = [sys.executable, "-m", "pnm", *files]
    else:
        command = [sys.executable, os.path.join(CORPUS_DIR, "harness.py"), script]
        command += [epilogue] if epilogue else []
    if case.ranks > 1:
        mpiexec = os.path.join(VENV_BIN, "mpiexec")
        command = [mpiexec, "-n", str(case.ranks), *command]
    if case.kind == "hoc" and backend == "neuron" and case.ranks > 1:
        command.insert(command.index("-nobanner"), "-mpi")
    return command


def _listing(workdir):
    found = {}
    for root, dirs, names in os.walk(workdir):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = os.path.join(root, name)
            found[os.path.relpath(path, workdir)] = path
    return found


def run_case(case, backend, scratch):
    """Run ``case`` with ``backend`` ("neuron" or "pnm") in a fresh folder under scratch."""
    workdir = os.path.join(scratch, backend, "work")
    os.makedirs(workdir)
    _copy_originals(case, workdir, backend)
    before = set(_listing(workdir))
    env = _environment(backend, os.path.join(scratch, backend))
    done = subprocess.run(
        _command(case, backend, workdir), cwd=workdir, env=env, capture_output=True,
        text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL,
    )
    written = {k: v for k, v in _listing(workdir).items() if k not in before}
    return Outcome(done.returncode, done.stdout, done.stderr, written)


def neuron_available():
    probe = subprocess.run(
        [sys.executable, "-c", "import neuron; print(neuron.__version__)"],
        capture_output=True, text=True, env=_environment("neuron", _tmp_scratch()),
    )
    return probe.returncode == 0, (probe.stdout + probe.stderr).strip()


def _tmp_scratch():
    import tempfile
    return tempfile.mkdtemp(prefix="pnm-corpus-probe-")
