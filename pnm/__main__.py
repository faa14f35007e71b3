"""`python -m pnm` (and the `pnm` command): run hoc and Python programs as `nrniv` does.

    python -m pnm FILE.hoc [FILE.py ...] [-c STATEMENT ...]
    python -m pnm SCRIPT.py [ARGUMENTS ...]

Files and -c statements run in the order given, on every rank under mpiexec; in a Python
file `import neuron` (neuron.gui, neuron.units, ...) is pnm, and the arguments after it are
its sys.argv when they are not all program files (nrniv's rule) — `python script.py args`. A hoc error
prints file:line:column with the line and a caret, and ends the job with exit status 1 (all
ranks). Other subcommands register in COMMANDS: `python -m pnm NAME args...`."""

import gc
import os
import runpy
import sys

from . import neuronalias
from .parallel import lbcli

# name -> function(argv) -> exit status; other tools (nrnivmodl, rebalance, ...) add theirs
def nrnivmodl(argv):
    from .nmodl.cli import main
    return main(argv)


COMMANDS = {"nrnivmodl": nrnivmodl}
COMMANDS.update(lbcli.COMMANDS)     # rebalance, rebalance-stats

# nrniv flags that change nothing for pnm
_IGNORED_FLAGS = {"-nobanner", "-mpi", "-nogui", "-notatty", "-isatty", "-music"}


_PROGRAM_SUFFIXES = (".hoc", ".py", ".oc", ".ses")


def _script_arguments(rest):
    """Whether the arguments after a .py file are its own (sys.argv[1:], as `python script.py
    args`): when any is neither a program file that exists, -c with its statement, nor an
    nrniv flag; otherwise they run after it, as nrniv runs its files in order."""
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "-c" and i + 1 < len(rest):
            i += 2
            continue
        if arg in _IGNORED_FLAGS or (arg.endswith(_PROGRAM_SUFFIXES) and os.path.isfile(arg)):
            i += 1
            continue
        return True
    return False


def _programs(argv):
    """[(kind, text[, args])]: ("file", path), ("py", path, its argv) or ("stmt", hoc code), in
    command-line order."""
    items, i = [], 0
    while i < len(argv):
        arg = argv[i]
        if arg.endswith(".py") and not arg.startswith("-"):
            rest = argv[i + 1:]
            if _script_arguments(rest):
                items.append(("py", arg, rest))
                break
            items.append(("py", arg, []))
            i += 1
            continue
        if arg == "-c":
            if i + 1 >= len(argv):
                raise SystemExit("pnm: -c needs a hoc statement")
            items.append(("stmt", argv[i + 1]))
            i += 2
            continue
        if arg in _IGNORED_FLAGS:
            i += 1
            continue
        if arg in ("-NSTACK", "-NFRAME"):
            i += 2
            continue
        if arg.startswith("-"):
            raise SystemExit(f"pnm: unknown option {arg!r} (pnm runs: FILE.hoc FILE.py -c stmt)")
        items.append(("file", arg))
        i += 1
    return items


def run_programs(argv):
    from .hoclang import HocError, get_interpreter
    from .parallel import mpi
    if mpi.under_mpiexec():
        mpi.world()                    # installs the fault handler when there are peers
    if "-mpi" in argv:
        _print_numprocs()
    interp = get_interpreter()
    _freeze_start_up()
    neuronalias.install()           # `import neuron` in the programs is pnm
    try:
        for kind, what, *args in _programs(argv):
            if kind == "stmt":
                interp.execute(what, "-c")
            elif kind == "py":
                sys.argv = [what, *args[0]]
                sys.path.insert(0, os.path.dirname(os.path.abspath(what)))
                runpy.run_path(what, run_name="__main__")
            else:
                if not os.path.isfile(what):
                    raise HocError(f"cannot open {what}: no such file")
                interp.loaded.add(os.path.abspath(what))
                interp.run_file(what)
    except HocError as err:
        sys.stdout.flush()
        sys.stderr.write(f"pnm: {err}\n")
        sys.stderr.flush()
        if mpi.under_mpiexec() and mpi.world().size > 1:
            # here, not in the caller's sys.exit(main()): that sys.exit was looked up before
            # main() installed the fault handler that ends every rank
            sys.exit(1)
        return 1
    finally:
        sys.stdout.flush()
    return 0


def _freeze_start_up():
    """The objects of pnm's own start-up (its modules, numpy's, lark's and the hoc parser it
    builds: ~41 000 the cyclic GC tracks) go to the GC's permanent generation (gc.freeze)
    before the program runs. A full collection, which Python runs once ~25 % more objects
    than it last saw have survived (once or twice in a 1000-cell build), then walks only the
    program's objects: ~20 ms less CPU in the benchmark's build (bench_hoc_build.py). Only
    objects that exist now are frozen: the program's own (cells, sections, NetCons) are
    collected as usual once unreferenced (tests/hoc/lang_deleted_cell.hoc). `import pnm` in
    a user's Python process does not do this: there the objects are the user's too."""
    from .hoclang import parser
    parser.load()
    gc.freeze()


def _print_numprocs():
    """`nrniv -mpi` prints numprocs=N on rank 0's stdout before running anything."""
    from .parallel.context import ParallelContext
    pc = ParallelContext()
    if int(pc.id()) == 0:
        sys.stdout.write("numprocs=%d\n" % int(pc.nhost()))
        sys.stdout.flush()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    lb_options, argv = lbcli.take_options(argv)   # --dry-run, --lb-mode, ...
    if lb_options is not None:
        return lbcli.run(lb_options, argv, _programs, run_programs)
    return run_programs(argv)


if __name__ == "__main__":
    status = main()
    sys.exit(status)          # looked up after main(): pnm's MPI fault handler is in place
