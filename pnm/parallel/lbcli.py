"""Command line of the load-balance workflow (neurodamus's, in pnm's terms):

    python -m pnm --dry-run [--num-target-ranks N] [--memory-per-rank-gb G] [--dry-run-ms T]
                  SCRIPT
    mpiexec -n N python -m pnm --lb-mode {complexity,memory,split,roundrobin} [--allocation F] SCRIPT
    python -m pnm rebalance allocation_rN.json M [--output allocation_rM.json] [--partition P]
    python -m pnm rebalance-stats allocation.json [--plot file.png]

A bad allocation (missing, corrupted, another model or rank count, gids missing or placed
twice) stops every rank with the file's name and the problem, before the script runs."""

import argparse
import sys

from . import lbmode

VALUE_OPTIONS = ("--num-target-ranks", "--memory-per-rank-gb", "--lb-mode", "--allocation",
                 "--partition", "--event-rate-hz", "--dry-run-ms")
FLAG_OPTIONS = ("--dry-run",)


class Options:
    dry_run = False
    num_target_ranks = None
    memory_per_rank_gb = 1.0
    lb_mode = None
    allocation = None
    partition = "lpt"
    event_rate = 10.0
    dry_run_ms = 0.0          # > 0: the dry run simulates that long and counts events


def _convert(name, value, kind):
    try:
        return kind(value)
    except ValueError:
        raise SystemExit(f"pnm: {name} {value!r}: expected a {kind.__name__}") from None


def take_options(argv):
    """(Options or None, the rest of argv): the load-balance options removed."""
    opts, rest, i, found = Options(), [], 0, False
    while i < len(argv):
        arg, value = argv[i], None
        name = arg.split("=", 1)[0]
        if name in VALUE_OPTIONS:
            if "=" in arg:
                value = arg.split("=", 1)[1]
            elif i + 1 < len(argv):
                i += 1
                value = argv[i]
            else:
                raise SystemExit(f"pnm: {name} needs a value")
            _set(opts, name, value)
            found = True
        elif arg in FLAG_OPTIONS:
            opts.dry_run = found = True
        else:
            rest.append(arg)
        i += 1
    if opts.dry_run and opts.lb_mode:
        raise SystemExit("pnm: --dry-run measures the model; --lb-mode runs it: give one")
    return (opts if found else None), rest


def _set(opts, name, value):
    if name == "--num-target-ranks":
        opts.num_target_ranks = _convert(name, value, int)
        if opts.num_target_ranks < 1:
            raise SystemExit(f"pnm: {name} {value}: give 1 or more ranks")
    elif name == "--memory-per-rank-gb":
        opts.memory_per_rank_gb = _convert(name, value, float)
    elif name == "--event-rate-hz":
        opts.event_rate = _convert(name, value, float)
    elif name == "--dry-run-ms":
        opts.dry_run_ms = _convert(name, value, float)
        if not opts.dry_run_ms >= 0:
            raise SystemExit(f"pnm: {name} {value}: give 0 (no simulation) or more ms")
    elif name == "--lb-mode":
        if value not in ("complexity", "memory", "split", "roundrobin"):
            raise SystemExit(f"pnm: --lb-mode {value!r}: use complexity, memory, split or "
                             "roundrobin")
        opts.lb_mode = value
    elif name == "--allocation":
        opts.allocation = value
    elif name == "--partition":
        if value not in ("lpt", "graph"):
            raise SystemExit(f"pnm: --partition {value!r}: use lpt or graph")
        opts.partition = value


def run(opts, argv, programs_of, run_programs):
    """Run the script (argv) with the load-balance options."""
    from . import allocation, mpi
    from .lbenv import load_plan
    comm = mpi.world()
    programs = programs_of(argv)
    if load_plan(comm, opts.lb_mode, opts.allocation, programs):
        return 1
    if opts.dry_run:
        from .dryrun import finish
        digest = allocation.fingerprint(programs)
        lbmode.start_dry_run(comm.rank, opts.dry_run_ms,
                             lambda: finish(opts, programs, digest))
    status = run_programs(argv)
    if status == 0:
        lbmode.model_built()       # a script that never simulates: measured at its end
    return status


# ---- rebalance and rebalance-stats ----------------------------------------------------------
def rebalance_main(argv):
    from . import allocation
    p = argparse.ArgumentParser(prog="python -m pnm rebalance",
                                description="an allocation for another number of ranks")
    p.add_argument("allocation")
    p.add_argument("nranks", type=int)
    p.add_argument("--output", help="default: allocation_r<nranks>.json")
    p.add_argument("--partition", choices=["lpt", "graph"],
                   help="default: the input file's")
    a = p.parse_args(argv)
    try:
        new = allocation.rebalance(a.allocation, a.nranks, a.partition)
    except allocation.AllocationError as err:
        sys.stderr.write(f"pnm rebalance: {err}\n")
        return 2
    out = a.output or allocation.allocation_name(a.nranks)
    allocation.write(out, new)
    for mode, part in new["modes"].items():
        print(f"{mode}: imbalance {part['imbalance']:.3f} on {a.nranks} ranks")
    print(f"-> {out}")
    return 0


def stats_main(argv):
    from . import allocation
    from .lbstats import allocation_stats
    p = argparse.ArgumentParser(prog="python -m pnm rebalance-stats",
                                description="per-rank totals and imbalance of an allocation")
    p.add_argument("allocation")
    p.add_argument("--plot", help="write a figure (png, svg, pdf)")
    a = p.parse_args(argv)
    try:
        data, _ = allocation.load_allocation(a.allocation)
    except allocation.AllocationError as err:
        sys.stderr.write(f"pnm rebalance-stats: {err}\n")
        return 2
    stats = allocation_stats(data)
    print(stats.table())
    if a.plot:
        stats.figure(a.plot)
        print(f"figure -> {a.plot}")
    return 0


COMMANDS = {"rebalance": rebalance_main, "rebalance-stats": stats_main}
