"""Bad splitcell set-ups, argv[1] names the case. Every rank catches its error and prints
"rank R error: MESSAGE" (so the test sees that each rank failed, none hung), then exits 0.

  root        - splitcell at a root section
  not_adjacent - hostparent = hostcas (and, on 3 ranks, hostcas + 2)
  out_of_range - a host id >= nhost
  twice       - a second splitcell of a cell already split
  midpoint    - the accessed section connects at 0.5 of its parent
  connect_self - pc.splitcell_connect(pc.id())
  ms_three_sids - pc.multisplit marks three sids on one tree of rank 1
  ms_loop     - two pieces both with sids 1 and 2 (the sids and pieces form a loop)
  ms_no_setup - multisplit(sec(x), sid) on rank 0 without pc.multisplit(), then a run (the
                job ends with rank 0's error, not a hang)
  one_sided   - rank 0 joins its cell to rank 1, which makes no matching call; the run must
                fail on rank 0 when rank 1 sends nothing (run with a short PNM_TIMEOUT),
                not hang (this case does not catch the error: the job ends with it)
"""
import sys

from pnm import h

h.load_file("netparmpi.hoc")
case = sys.argv[1]
manager = h.ParallelNetManager(1)
pc = manager.pc
rank, nhost = int(pc.id()), int(pc.nhost())
cab = [h.Section(name=f"cab[{i}]") for i in range(6)]
for i, sec in enumerate(cab[1:], 1):
    sec.connect(cab[i - 1](0.5 if case == "midpoint" and i == 3 else 1), 0)

try:
    if case == "root":
        manager.splitcell(0, 1, sec=cab[0])
    elif case == "not_adjacent":
        manager.splitcell(0, 0 if nhost == 2 else 2, sec=cab[3])
    elif case == "out_of_range":
        manager.splitcell(nhost - 1, nhost, sec=cab[3])
    elif case == "twice":
        manager.splitcell(0, 1, sec=cab[3])
        manager.splitcell(0, 1, sec=cab[4] if rank == 0 else cab[1])
    elif case == "midpoint":
        cab[3].push()
        manager.splitcell(0, 1)
    elif case == "connect_self":
        pc.splitcell_connect(rank, sec=cab[0])
    elif case == "ms_three_sids":
        if rank == 1:
            for sid, x in ((1, 0), (2, 0.5), (3, 1)):
                pc.multisplit(cab[2](x), sid)
        pc.multisplit()
    elif case == "ms_loop":
        cab[3].disconnect()
        pc.multisplit(cab[0](0) if rank == 0 else cab[3](0), 1)
        pc.multisplit(cab[2](1) if rank == 0 else cab[5](1), 2)
        pc.multisplit()
    elif case == "ms_no_setup":
        for sec in cab:
            sec.insert("hh")
        if rank == 0:
            pc.multisplit(cab[0](0), 1)
        pc.set_maxstep(10)
        h.stdinit()
        pc.psolve(5)
    elif case == "one_sided":
        for sec in cab:
            sec.insert("hh")
        if rank == 0:
            pc.splitcell_connect(1, sec=cab[0])
        pc.set_maxstep(10)
        h.stdinit()
        pc.psolve(5)
    else:
        raise SystemExit(f"unknown case {case}")
    print(f"rank {rank} no error", flush=True)
except (ValueError, TypeError) as exc:
    print(f"rank {rank} error: {exc}", flush=True)
pc.barrier()
pc.done()
