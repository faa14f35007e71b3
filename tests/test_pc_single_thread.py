"""ParallelContext calls every script makes on a plain single-threaded rank answer as NEURON 9
answers there (nthread, vtransfer_time), and gids outside NEURON's int range are refused with
a message saying what was given and what is allowed."""

import pytest

from conftest import checked, require_neuron, run_python

SCRIPT = """
import sys
exec(f"from {sys.argv[1]} import h")
pc = h.ParallelContext()
print(pc.nthread(), pc.nthread(1), pc.nthread(1, 1), pc.nthread(), pc.vtransfer_time())
"""


def test_single_thread_answers_equal_neurons(tmp_path):
    require_neuron()
    script = tmp_path / "threads.py"
    script.write_text(SCRIPT)
    want = checked(run_python(script, "neuron")).stdout.split()
    got = checked(run_python(script, "pnm")).stdout.split()
    assert [float(x) for x in got] == [float(x) for x in want]


def test_more_threads_is_a_clear_error():
    from pnm import h
    with pytest.raises(NotImplementedError) as info:
        h.ParallelContext().nthread(4)
    message = str(info.value)
    assert "pc.nthread(4)" in message and "one thread per rank" in message
    assert "mpiexec -n N" in message


@pytest.mark.parametrize("gid", [2**31, 2**53 + 1])
def test_gid_beyond_neurons_int_range_is_refused(gid):
    from pnm import h
    with pytest.raises(ValueError) as info:
        h.ParallelContext().set_gid2node(gid, 0)
    message = str(info.value)
    assert f"pc.set_gid2node({gid!r}, ...)" in message
    assert f"gid {gid} is out of range" in message and "0 to 2147483647" in message
