"""The bulletin board: serial behaviour in this process, parallel behaviour through mpiexec."""
import json
import time

import numpy as np
import pytest

from pnm.parallel import mpi
from pnm.parallel.bulletin import BulletinBoard

from conftest import check_message, describe, requires_mpiexec, run_mpi, run_serial


def result_of(proc):
    """The JSON after 'RESULT ' that a script's master printed."""
    assert proc.returncode == 0, describe(proc)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert len(lines) == 1, describe(proc)
    return json.loads(lines[0][len("RESULT "):])


# ------------------------------------------------------------ in this process

def square(x):
    return x * x


def post_from_task(key, value):
    board.post(key, value)
    return key


board = None


@pytest.fixture
def bb():
    global board
    assert not mpi.under_mpiexec(), "the in-process tests must run without mpiexec"
    board = BulletinBoard()
    assert board.nhost == 1 and board.is_master
    board.runworker()              # returns at once on the master
    yield board
    board.done()


def test_serial_submit_working_runs_tasks_in_master(bb):
    ids = {bb.submit(square, x): x for x in range(20)}
    assert sorted(ids) == list(range(1, 21))
    seen = []
    while (uid := bb.working()) != 0:
        assert bb.userid() == uid and bb.pyret() == ids[uid] ** 2
        seen.append(uid)
    assert sorted(seen) == sorted(ids)
    assert bb.working() == 0


def test_serial_post_take_look_and_unpack(bb):
    bb.post("k", 1, 2.5, "s", np.arange(3.0), {"a": [1]})
    assert bb.look("k") and bb.upkscalar() == 1.0
    values = bb.take("k")
    assert values[:3] == (1, 2.5, "s") and values[4] == {"a": [1]}
    assert bb.upkscalar() == 1 and bb.upkscalar() == 2.5 and bb.upkstr() == "s"
    assert np.array_equal(bb.upkvec(), np.arange(3.0)) and bb.upkpyobj() == {"a": [1]}
    with pytest.raises(IndexError) as ei:
        bb.upkpyobj()
    check_message(ei, "BulletinBoard.upkpyobj(): the message under key 'k' has 5 values and "
                  "all were unpacked", "(unpack after take/look, in the order the values were "
                  "posted)")
    assert not bb.look("k") and not bb.look_take("k")
    arr = np.zeros(2)
    bb.post(7, arr)
    arr[:] = 5                     # posting copies
    assert bb.look_take(7.0) and bb.upkvec().tolist() == [0, 0]
    bb.post("t", "text")
    bb.take("t")
    with pytest.raises(TypeError) as ei:
        bb.upkscalar()
    check_message(ei, "BulletinBoard.upkscalar(): value 1 of the message under key 't' is a "
                  "str; use upkstr/upkvec/upkpyobj")


def test_serial_take_runs_queued_tasks_then_fails_fast(bb):
    """Failing fast is the one-process error below, raised before any deadline: a take that
    waited for its deadline would end with "timed out after ... s" instead."""
    bb.submit(post_from_task, "from-task", 3)
    assert bb.take("from-task") == (3,)      # the queued task posted it
    assert bb.working() != 0 and bb.pyret() == "from-task"
    with pytest.raises(mpi.MPITimeoutError) as ei:
        bb.take("nobody-posts")
    msg = check_message(ei, "pnm: take('nobody-posts') on rank 0 of 1 would wait forever",
                        "no message under key 'nobody-posts' is on the board, no task is "
                        "queued, and with one process nobody else can post it")
    assert "timed out" not in msg


def test_serial_context_done_and_errors(bb):
    bb.context(square, 3)          # no workers: nothing runs, nothing waits
    with pytest.raises(TypeError) as ei:
        bb.post(["list"], 1)
    check_message(ei, "BulletinBoard.post: key must be a string or a number, got list ['list']")
    with pytest.raises(TypeError) as ei:
        bb.submit(lambda x: x, 1)
    check_message(ei, "pnm: cannot send task ", "<lambda>(1,) (submit) to other ranks because "
                  "it cannot be pickled", "Send numbers, strings, numpy arrays or objects whose "
                  "classes and functions are defined at module level (not lambdas, closures or "
                  "open files).")
    bb.done()
    bb.done()                      # idempotent
    with pytest.raises(RuntimeError) as ei:
        bb.submit(square, 1)
    check_message(ei, "BulletinBoard.submit() after done(): the workers have exited; create "
                  "the board's work before calling done()")


def test_serial_script_without_mpiexec():
    proc = run_serial("bb_tasks.py", 30)
    res = result_of(proc)
    assert res["nhost"] == 1 and sorted(res["seen"]) == list(range(1, 31))


# ------------------------------------------------------------ under mpiexec

@requires_mpiexec
@pytest.mark.parametrize("nprocs", [1, 2, 3, 4])
def test_submit_working_100_tasks_exactly_once(nprocs):
    res = result_of(run_mpi("bb_tasks.py", nprocs, 100))
    assert res["nhost"] == nprocs
    assert res["ids"] == list(range(1, 101))
    assert sorted(res["seen"]) == res["ids"]           # every result, exactly once
    # with workers, the master only distributes
    assert res["ranks"] == ([0] if nprocs == 1 else list(range(1, nprocs)))


@requires_mpiexec
@pytest.mark.parametrize("nprocs", [1, 2, 3, 4])
def test_post_take_look_round_trips(nprocs):
    res = result_of(run_mpi("bb_postlook.py", nprocs))
    assert res["nhost"] == nprocs and res["checks"] == 1 + 3 * (nprocs - 1)


@requires_mpiexec
@pytest.mark.parametrize("nprocs", [2, 3, 4])
def test_context_reaches_every_worker_in_order_and_prun(nprocs):
    res = result_of(run_mpi("bb_context.py", nprocs))
    assert res["contexts"] == {str(r): [1, 2, 3] for r in range(1, nprocs)}


@requires_mpiexec
@pytest.mark.parametrize("who,nprocs", [("master", 2), ("master", 3), ("worker", 3)])
def test_take_of_unposted_key_fails_as_a_deadlock(who, nprocs):
    # nobody computes, so nobody can ever post the key: the master says so after a short
    # grace, without waiting for the silence limit (the subprocess timeout is shorter)
    proc = run_mpi("bb_take_timeout.py", nprocs, who, env={"PNM_TIMEOUT": "30"}, timeout=25)
    assert proc.returncode != 0, describe(proc)
    assert "UNREACHABLE" not in proc.stdout
    assert "DeadlockError" in proc.stderr and "no worker is computing" in proc.stderr, \
        describe(proc)
    if who == "master":
        assert "take('nobody-posts-this') on the master" in proc.stderr
        assert "rank 1 was last in runworker() (idle worker 1)" in proc.stderr
    else:
        assert "rank 1 was last in context worker_take() on worker 1" in proc.stderr
        assert "waiting in take('worker-waits-for-nothing') on worker 1" in proc.stderr
