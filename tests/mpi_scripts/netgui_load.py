"""pnm.netgui.load on however many ranks run this: build a NetGUI export distributed, record
every gid, psolve, print the gathered spikes on rank 0 as "spike t gid" (as the serial
drivers in tests/netgui print them).

    python netgui_load.py EXPORT.hoc TSTOP [GID DEL DUR AMP]   (optional IClamp at soma(0.5))
"""

import sys

from pnm import h
import pnm.hoclang
import pnm.netgui

path, tstop = sys.argv[1], float(sys.argv[2])
h.load_file("stdrun.hoc")
net = pnm.netgui.load(path)
clamp = None
if len(sys.argv) > 3:
    gid, delay, dur, amp = (float(a) for a in sys.argv[3:7])
    if net.gid_exists(int(gid)):
        cell = net.pc.gid2cell(int(gid))
        clamp = h.IClamp(cell.soma(0.5))
        clamp.delay, clamp.dur, clamp.amp = delay, dur, amp
net.want_all_spikes()
net.set_maxstep(10)
h.stdinit()
net.psolve(tstop)
parts = net.pc.py_gather(list(zip(net.spikevec.to_python(), net.idvec.to_python())), 0)
built = {name: t.count for name, t in pnm.hoclang.get_interpreter().templates.items()}
owned = [gid for gid in range(net.ncell) if net.gid_exists(gid)]
sys.stderr.write("rank %d owns %s built %s\n" % (net.myid, owned, built))
# the export's hoc `cells` List: index gid holds this rank's cell, NULLobject for the others
cells = h.cells
held = [gid for gid in range(int(cells.count())) if cells.object(gid) is not None]
sys.stderr.write("rank %d cells count %d holds %s\n" % (net.myid, cells.count(), held))
if net.myid == 0:
    for t, gid in sorted(x for part in parts for x in part):
        print("spike %.17g %d" % (t, gid))
