"""Bad use of point processes from .mod files under pnm; prints one line per case:
`case: ExceptionType: message`. argv: the build directory."""
import sys

from pnm import h

h.nrn_load_dll(sys.argv[1])
soma = h.Section(name="soma")
syn = h.MyExpSyn(soma(0.5))
stdp = h.STDPE2(0.5, sec=soma)
cell = h.MyIntFire1()
print("hname:", syn.hname(), stdp.hname(), cell.hname(), syn.get_segment(), syn.get_loc())
nc = h.NetCon(cell, stdp)
print("wcnt:", nc.wcnt(), len(nc.weight), h.NetCon(cell, syn).wcnt())
nc.weight[2] = 5.0
print("weight[2]:", nc.weight[2], nc.weight[-1])


def case(name, fn):
    try:
        fn()
    except Exception as err:        # noqa: BLE001 (the message is the result)
        print(f"{name}: {type(err).__name__}: {err}")
    else:
        print(f"{name}: no error")


case("index", lambda: nc.weight[3])
case("index_set", lambda: nc.weight.__setitem__(7, 1.0))
case("field", lambda: syn.nosuch)
h.delete_section(sec=soma)
case("deleted_get", lambda: syn.tau)
case("deleted_set", lambda: setattr(syn, "tau", 3))
nc2 = h.NetCon(cell, stdp)
case("deleted_run", lambda: h.finitialize(-65))
