"""NetGUI exports (the hoc file NEURON's NetGUI "Create hoc code" writes) on any number of ranks.

Serially an export runs as it is (`python -m pnm net.hoc`, or `h.load_file("net.hoc")`).
`load(path)` builds the same network distributed: the export's templates and preamble run on
every rank; each `cell_append(new T(), x, y, z)` becomes gid = its NetGUI cell index, built
only on the rank that owns the gid; each `nc_append(src, tar, syn, w, d)` goes through
ParallelNetManager.nc_append, which connects by gid across ranks."""

import re

_CELL_APPEND = re.compile(r"^[ \t]*(?:/\*.*?\*/[ \t]*)*cell_append[ \t]*\(", re.M)


def count_cells(text):
    """The number of `cell_append(...)` statements of an export: the network's ncell."""
    return len(_CELL_APPEND.findall(text))


def load(path, manager=None):
    """Build the NetGUI export at path on this job's ranks; returns the ParallelNetManager.

    Without a manager: ParallelNetManager(ncell) with cells placed round-robin. With one:
    its own placement (set_gid2node / round_robin called before load) decides which rank
    builds each cell. Cells of other ranks are never constructed: the hoc `cells` List holds
    NULLobject in their place, so cells.object(gid) is this rank's cell or NULLobject and
    cells.count is the network's. Then want_all_spikes() / psolve(tstop) work as usual."""
    from ..hoclang import HocError, get_interpreter
    from ..manager import ParallelNetManager
    with open(path) as f:
        text = f.read()
    ncell = count_cells(text)
    if ncell == 0:
        raise HocError(f"pnm.netgui.load({path!r}): no cell_append(...) statements; this is "
                       "not a NetGUI export (its 'Network instantiation' part is missing)")
    if manager is None:
        manager = ParallelNetManager(ncell)
        manager.round_robin()
    elif manager.ncell == 0:
        manager.ncell = ncell
    elif manager.ncell < ncell:
        raise ValueError(f"pnm.netgui.load({path!r}): the export has {ncell} cells but the "
                         f"manager was made for {manager.ncell}; use ParallelNetManager({ncell})")
    interp = get_interpreter()
    builder = _Builder(interp, manager, path)
    interp.run_file(path, on_statement=builder.statement)
    _check_placed(manager, ncell, path)
    return manager


class _Builder:
    """Takes over the export's cell_append / nc_append statements."""

    def __init__(self, interp, manager, path):
        self.interp, self.manager, self.path = interp, manager, path
        self.next_gid = 0

    def statement(self, st):
        if st.call_name == "cell_append":
            self.cell_append(st)
            return True
        if st.call_name == "nc_append":
            self.nc_append(st)
            return True
        return False

    def cell_append(self, st):
        gid = self.next_gid
        self.next_gid += 1
        if st.nargs != 4 or st.new_class_name(0) is None:
            self.fail(st, "cell_append(new Template(), x, y, z) expected")
        if not self.manager.gid_exists(gid):    # another rank's cell: `new` is never evaluated
            self.hold_place()
            return
        cell = st.arg(0)
        x, y, z = (st.arg(i) for i in (1, 2, 3))
        hoc_append = self.interp.lookup_global("cell_append")
        if callable(hoc_append):
            hoc_append(cell, x, y, z)    # the export's own: cells.append + position
        self.manager.register_cell(gid, cell)

    def hold_place(self):
        """The export's `cells` List gets NULLobject for a cell of another rank, so that
        cells.object(gid) is the cell on its rank (NULLobject elsewhere) and cells.count is
        the network's, as serially; hoc code that reaches another rank's cell then gets a
        NULLobject error instead of a different cell."""
        from ..hoclang.builtins import List
        cells = self.interp.lookup_global("cells")
        if isinstance(cells, List):
            cells.append(None)

    def nc_append(self, st):
        if st.nargs == 5:                # srcindex, tarcelindex, synindex, weight, delay
            src, tar, syn, weight, delay = (st.arg(i) for i in range(5))
        elif st.nargs == 4:              # artificial-cell exports: srcindex, tarcelindex, w, d
            src, tar, weight, delay = (st.arg(i) for i in range(4))
            syn = -1
        else:
            self.fail(st, "nc_append(srcindex, tarcelindex, synindex, weight, delay) expected")
        for what, gid in (("source", src), ("target", tar)):
            if not 0 <= gid < self.next_gid:
                self.fail(st, f"nc_append: {what} cell index {gid:g} is not a cell appended "
                              f"before this line (0..{self.next_gid - 1})")
        self.manager.nc_append(int(src), int(tar), int(syn), weight, delay)

    def fail(self, st, message):
        from ..hoclang import HocError
        raise HocError(f"pnm.netgui.load: {message}", self.path, st.line, 1)


def _check_placed(manager, ncell, path):
    """Every gid on exactly one rank (a manager given without placement builds nothing)."""
    here = sum(1 for gid in range(ncell) if manager.gid_exists(gid))
    total = here if manager.nhost == 1 else int(manager.pc.allreduce(here, 1))
    if total != ncell:
        raise ValueError(f"pnm.netgui.load({path!r}): {total} of the export's {ncell} cells "
                         "were placed on a rank; call manager.round_robin() or "
                         "manager.set_gid2node(gid, rank) for every gid before load()")


__all__ = ["load", "count_cells"]
