"""A ring of one-compartment hh cells (ExpSyn, NetCon delay 5 ms, a NetStim kicks gid 0), as
a notebook would define it. tests/test_notebook.py puts this text into a notebook cell, so the
functions live in the kernel's __main__ and travel to the children by value; the NEURON
reference runs the same text with simulator="neuron"."""

NCELL, TSTOP = 6, 60.0
WEIGHTS = [0.004, 0.006, 0.01, 0.02]


def make_cell(h, gid):
    soma = h.Section(name=f"soma{gid}")
    soma.L = soma.diam = 20
    soma.insert(h.hh)
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    return soma, syn


def ring(weights, tstop=TSTOP, simulator="pnm"):
    """One network over every rank of the job (round-robin gids), one run per weight of the
    ring's NetCons. Rank 0 returns the sorted (t, gid) spikes of each run, the others None."""
    h = __import__(simulator).h
    pc = h.ParallelContext()
    rank, nhost = int(pc.id()), int(pc.nhost())
    cells, ncs = {}, []
    for gid in range(rank, NCELL, nhost):
        pc.set_gid2node(gid, rank)
        soma, syn = make_cell(h, gid)
        cells[gid] = (soma, syn)
        pc.cell(gid, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
    print(f"rank {rank} of {nhost}: gids {sorted(cells)}", flush=True)
    for gid, (soma, syn) in cells.items():
        nc = pc.gid_connect((gid - 1) % NCELL, syn)
        nc.delay = 5
        ncs.append(nc)
    if 0 in cells:
        stim = h.NetStim()
        stim.number, stim.start = 1, 5
        stim_nc = h.NetCon(stim, cells[0][1])
        stim_nc.weight[0], stim_nc.delay = 0.05, 1
    tv, iv = h.Vector(), h.Vector()
    pc.spike_record(-1, tv, iv)
    pc.set_maxstep(10)
    runs = []
    for w in weights:
        for nc in ncs:
            nc.weight[0] = w
        h.finitialize(-65)
        pc.psolve(tstop)
        parts = pc.py_gather(list(zip(tv.to_python(), iv.to_python())), 0)
        runs.append(sorted((t, int(g)) for p in parts for t, g in p) if rank == 0 else None)
    return runs if rank == 0 else None


def trial(weight, tstop=TSTOP, simulator="pnm"):
    """The same ring in one process without ParallelContext: one trial, its sorted spikes."""
    h = __import__(simulator).h
    h.load_file("stdrun.hoc")
    cells = [make_cell(h, gid) for gid in range(NCELL)]
    tv, iv, ncs = h.Vector(), h.Vector(), []
    for gid, (soma, syn) in enumerate(cells):
        det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
        det.record(tv, iv, gid)
        pre = cells[(gid - 1) % NCELL][0]
        nc = h.NetCon(pre(0.5)._ref_v, syn, sec=pre)
        nc.weight[0], nc.delay = weight, 5
        ncs += [det, nc]
    stim = h.NetStim()
    stim.number, stim.start = 1, 5
    stim_nc = h.NetCon(stim, cells[0][1])
    stim_nc.weight[0], stim_nc.delay = 0.05, 1
    print(f"trial with weight={weight}", flush=True)
    h.finitialize(-65)
    h.continuerun(tstop)
    return sorted(zip(tv.to_python(), map(int, iv.to_python())))
