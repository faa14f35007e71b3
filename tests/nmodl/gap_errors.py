"""The errors of ParallelContext.source_var / target_var / setup_transfer, one case a run, under
NEURON or pnm (tests/test_gap_junctions.py checks that both refuse, and pnm's message).

argv: backend (neuron|pnm), build directory (gap_mods built), case.
Prints "raised: <message>" for the first error, or "no error"; exits 0 either way. Hoc
errors also print their message, with the hoc line, on stderr."""
import os
import sys

backend, build, case = sys.argv[1], sys.argv[2], sys.argv[3]
if backend == "neuron":
    from neuron import h
    h.nrnmpi_init()
    h.nrn_load_dll(build + "/x86_64/libnrnmech.so")
else:
    from pnm import h
    h.nrn_load_dll(build)
pc = h.ParallelContext()
rank = int(pc.id())
soma, dend = h.Section(name="soma"), h.Section(name="dend")
dend.connect(soma(1))
soma.insert("hh")
gap = h.GapA(soma(0.5))


def run():
    if case == "duplicate_source":
        pc.source_var(soma(0.5)._ref_v, 5, sec=soma)
        pc.source_var(dend(0.5)._ref_v, 5, sec=dend)
    elif case == "duplicate_source_across_ranks":     # every rank publishes sgid 3
        pc.source_var(soma(0.5)._ref_v, 3, sec=soma)
        pc.target_var(gap, gap._ref_vgap, 3)
        pc.setup_transfer()
    elif case == "no_source":
        pc.source_var(soma(0.5)._ref_v, 1, sec=soma)
        pc.target_var(gap, gap._ref_vgap, 7)
        pc.setup_transfer()
        h.finitialize(-65)
    elif case == "negative_sgid":
        pc.source_var(soma(0.5)._ref_v, -2, sec=soma)
    elif case == "source_not_in_section":
        pc.source_var(dend(0.5)._ref_v, 1, sec=soma)
    elif case == "target_not_in_point_process":
        pc.source_var(soma(0.5)._ref_v, 1, sec=soma)
        pc.target_var(gap, dend(0.5)._ref_v, 1)
    elif case == "target_pointer_unset":
        gp = h.GapP(dend(0.5))
        pc.target_var(gp, gp._ref_vgap, 1)
    elif case == "no_setup_transfer":
        pc.source_var(dend(0.5)._ref_v, 1, sec=dend)
        pc.target_var(gap, gap._ref_vgap, 1)
        h.finitialize(-65)
    elif case == "declared_after_setup":
        pc.source_var(dend(0.5)._ref_v, 1, sec=dend)
        pc.setup_transfer()
        pc.target_var(gap, gap._ref_vgap, 1)
        h.finitialize(-65)
    elif case == "hoc_source_not_in_section":
        h("create hsoma, hdend")
        h("objref pc_")
        h.pc_ = pc
        if not h("hsoma pc_.source_var(&hdend.v(0.5), 4)"):    # h(): 0 after a hoc error
            raise RuntimeError("the hoc statement failed (its message is on stderr)")
    elif case == "impedance_with_gaps":              # pnm only: NEURON includes the gaps
        pc.source_var(dend(0.5)._ref_v, 1, sec=dend)
        pc.target_var(gap, gap._ref_vgap, 1)
        pc.setup_transfer()
        h.finitialize(-65)
        imp = h.Impedance()
        imp.loc(0.5, sec=soma)
        imp.compute(10)
    else:
        raise SystemExit(f"unknown case {case}")


sys.stdout.flush()
try:
    run()
    result = "no error\n"
except Exception as exc:       # noqa: BLE001 (the message is the result)
    result = "raised: " + str(exc).replace("\n", " ") + "\n"
sys.stdout.flush()
os.write(1, result.encode())    # one write(2): ranks' lines never interleave in mpiexec's pipe
