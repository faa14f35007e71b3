"""Load balance, the neurodamus workflow in pnm's terms (issue 14): a dry run measures each
gid, allocation files place gids on ranks, `--lb-mode` honours them in round_robin, rebalance
moves an allocation to another rank count, and bad files stop every rank before any cell is
built. The network (tests/lb_scripts/hetero_net.py) has big cells on even gids and small ones
on odd gids, so that round robin on 2 ranks puts every big cell on rank 0.

Spikes are compared with NEURON's serial run of the same network. Balance is asserted on the
cost model's per-rank computation (the load report's cost_imbalance): the measured time on this
shared 2-core machine is too noisy for a test (benchmarks/bench_lb.py reports it)."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MPIEXEC, REPO, require_neuron

SCRIPT = REPO / "tests" / "lb_scripts" / "hetero_net.py"
TIMEOUT = 300


def _env(extra=None, serial=True):
    env = dict(os.environ)
    if serial:
        env = {k: v for k, v in env.items()
               if not k.startswith(("PMI_", "PMIX_", "HYDRA_", "OMPI_", "MPI_LOCAL"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PNM_PROGRESS"] = "0"
    env.update(extra or {})
    return env


def run(args, cwd, nprocs=None, env=None, timeout=TIMEOUT):
    """python [-m pnm ...] in cwd, under mpiexec -n nprocs when given; killed on timeout."""
    cmd = [sys.executable, *map(str, args)]
    if nprocs:
        if MPIEXEC is None:
            pytest.fail("mpiexec is required for this test", pytrace=False)
        cmd = [MPIEXEC, "-n", str(nprocs), *cmd]
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(env, serial=not nprocs), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"{' '.join(cmd)} timed out after {timeout} s", pytrace=False)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def ok(proc):
    assert proc.returncode == 0, (f"{' '.join(proc.args)}: exit {proc.returncode}\n"
                                  f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def pnm_run(folder, nprocs, *options, out, env=None):
    ok(run(["-m", "pnm", *options, "hetero_net.py"], folder, nprocs,
           env={"HETERO_OUT": out, **(env or {})}))
    with open(Path(folder) / out) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """A folder with the network, NEURON's serial spikes, and the dry-run files for 2 ranks."""
    folder = tmp_path_factory.mktemp("lb")
    shutil.copy(SCRIPT, folder / "hetero_net.py")
    require_neuron()
    ok(run(["hetero_net.py"], folder, env={"HETERO_BACKEND": "neuron",
                                          "HETERO_OUT": "neuron.json"}))
    with open(folder / "neuron.json") as f:
        reference = json.load(f)["spikes"]
    assert len(reference) > 50
    ok(run(["-m", "pnm", "--dry-run", "--num-target-ranks", "2", "hetero_net.py"], folder))
    return folder, reference


def imbalance(report, key):
    values = [r[key] for r in report]
    return max(values) / (sum(values) / len(values))


def test_dry_run_writes_cell_load_and_allocation_without_simulating(work):
    folder, _ = work
    load = json.loads((folder / "pnm_cell_load.json").read_text())
    alloc = json.loads((folder / "allocation_r2.json").read_text())
    assert load["format"] == "pnm-cell-load" and alloc["format"] == "pnm-allocation"
    assert [c["gid"] for c in load["cells"]] == list(range(24))
    big, small = load["cells"][0], load["cells"][1]      # 40 sections vs 1
    assert big["compartments"] == 1 + 39 * 3 + 1 - 1 + 1 and small["compartments"] == 2
    assert big["cost"] > 10 * small["cost"] and big["memory"] > 5 * small["memory"]
    assert alloc["nranks"] == 2 and set(alloc["modes"]) == {"complexity", "memory", "split"}
    assert alloc["modes"]["split"]["pieces"] == []       # whole cells balance: nothing cut
    proc = ok(run(["-m", "pnm", "--dry-run", "--num-target-ranks", "3", "hetero_net.py"],
                  folder, env={"HETERO_OUT": "dry.json"}))
    assert proc.stdout.count("skipped") == 1             # psolve said once
    assert json.loads((folder / "dry.json").read_text())["spikes"] == []
    assert (folder / "allocation_r3.json").exists()


def test_round_robin_puts_the_big_cells_on_one_rank(work):
    folder, reference = work
    res = pnm_run(folder, 2, "--lb-mode", "roundrobin", out="rr.json")
    assert imbalance(res["report"], "cost") >= 1.5
    assert res["spikes"] == reference


def test_complexity_mode_balances_computation_with_identical_spikes(work):
    folder, reference = work
    res = pnm_run(folder, 2, "--lb-mode", "complexity", out="cx.json")
    assert imbalance(res["report"], "cost") <= 1.05
    assert res["spikes"] == reference
    # the load report reads the network's Decomposition: the allocation's placement
    alloc = json.loads((folder / "allocation_r2.json").read_text())
    assert [list(r["gids"]) for r in res["report"]] == alloc["modes"]["complexity"]["ranks"]


def test_memory_mode_puts_memory_within_5_percent_of_the_mean(work):
    folder, reference = work
    res = pnm_run(folder, 2, "--lb-mode", "memory", out="mem.json")
    mem = [r["memory"] for r in res["report"]]
    mean = sum(mem) / len(mem)
    assert all(abs(m - mean) <= 0.05 * mean for m in mem), mem
    assert res["spikes"] == reference


def test_rebalance_4_to_2_and_2_to_3_keeps_the_spikes(work):
    folder, reference = work
    ok(run(["-m", "pnm", "--dry-run", "--num-target-ranks", "4", "hetero_net.py"], folder))
    ok(run(["-m", "pnm", "rebalance", "allocation_r4.json", "2", "--output", "re_r2.json"],
           folder))
    res = pnm_run(folder, 2, "--lb-mode", "complexity", "--allocation", "re_r2.json",
                  out="re2.json")
    assert res["spikes"] == reference
    assert imbalance(res["report"], "cost") <= 1.05
    ok(run(["-m", "pnm", "rebalance", "re_r2.json", "3", "--output", "re_r3.json"], folder))
    res = pnm_run(folder, 3, "--lb-mode", "complexity", "--allocation", "re_r3.json",
                  out="re3.json")
    assert res["spikes"] == reference
    assert len(res["report"]) == 3 and all(r["cells"] > 0 for r in res["report"])


def test_rebalance_stats_prints_totals_and_draws_the_figure(work):
    folder, _ = work
    proc = ok(run(["-m", "pnm", "rebalance-stats", "allocation_r2.json", "--plot",
                   "stats.png"], folder))
    assert "complexity: imbalance cost 1.00" in proc.stdout
    assert "roundrobin: imbalance cost" in proc.stdout
    assert (folder / "stats.png").stat().st_size > 5000


def write_variant(folder, name, edit):
    data = json.loads((folder / "allocation_r2.json").read_text())
    edit(data)
    (folder / name).write_text(json.dumps(data))
    return name


def drop_gid(data):
    data["modes"]["complexity"]["ranks"][0].pop()


def duplicate_gid(data):
    ranks = data["modes"]["complexity"]["ranks"]
    ranks[1].append(ranks[0][0])


def bad_files(folder):
    text = (folder / "allocation_r2.json").read_text()
    (folder / "corrupt.json").write_text(text.replace('"nranks"', '"nranks" 2'))
    (folder / "truncated.json").write_text(text[:len(text) // 2])
    other = text.replace(json.loads(text)["model"]["programs"], "0123456789abcdef")
    (folder / "other_model.json").write_text(other)
    return [
        ("corrupt.json", "not valid JSON"),
        ("truncated.json", "corrupted or truncated"),
        ("other_model.json", "made for another model"),
        (write_variant(folder, "missing.json", drop_gid), "missing from the rank lists"),
        (write_variant(folder, "dup.json", duplicate_gid), "is placed twice"),
        ("no_such_file.json", "no such file"),
    ]


@pytest.mark.parametrize("index", range(6))
def test_bad_allocation_stops_every_rank_before_any_cell_is_built(work, index):
    folder, _ = work
    name, problem = bad_files(folder)[index]
    proc = run(["-m", "pnm", "--lb-mode", "complexity", "--allocation", name,
                "hetero_net.py"], folder, 2)
    assert proc.returncode != 0
    for rank in (0, 1):
        line = next((ln for ln in proc.stderr.splitlines() if f"rank {rank}:" in ln), "")
        assert name in line and problem in line, proc.stderr
    assert "builds its cells" not in proc.stdout


def test_allocation_for_another_rank_count_is_refused(work):
    folder, _ = work
    proc = run(["-m", "pnm", "--lb-mode", "memory", "--allocation", "allocation_r2.json",
                "hetero_net.py"], folder, 3)
    assert proc.returncode != 0
    for rank in (0, 1, 2):
        assert f"rank {rank}: allocation_r2.json: made for 2 ranks, this run has 3" \
            in proc.stderr
    assert "python -m pnm rebalance allocation_r2.json 3" in proc.stderr
    assert "builds its cells" not in proc.stdout


def test_model_with_other_gids_is_refused_by_round_robin_before_cells(work):
    folder, _ = work
    proc = run(["-m", "pnm", "--lb-mode", "complexity", "hetero_net.py"], folder, 2,
               env={"HETERO_NCELL": "26"})
    assert proc.returncode != 0
    assert "allocation_r2.json (mode complexity) does not match the model" in proc.stderr
    assert "gids [24, 25] of the model are missing from it" in proc.stderr
    assert "builds its cells" not in proc.stdout


# ---- events per gid, measured (a dry run that simulates its first --dry-run-ms ms) ---------
def netstim_firings(gid, until):
    """NetStim firings of gid's stimulus before `until` (hetero_net: start, interval, no
    noise): start + k * interval < until."""
    start, interval = 2 + 0.5 * (gid % 7), 15 + gid % 5
    return len([k for k in range(100) if start + k * interval < until])


def test_dry_run_counts_the_events_each_gid_receives(work):
    """On 2 ranks (events of other ranks' gids arrive through the spike exchange), 45 ms
    simulated: events sent to gid = its NetStim's firings + the spikes of its 3 source gids,
    the spikes taken from NEURON's run."""
    folder, reference = work
    sub = folder / "events"
    sub.mkdir()
    shutil.copy(folder / "hetero_net.py", sub / "hetero_net.py")
    proc = ok(run(["-m", "pnm", "--dry-run", "--dry-run-ms", "45", "--num-target-ranks", "2",
                   "hetero_net.py"], sub, 2))
    assert "pc.psolve simulates only the first 45 ms (--dry-run-ms" in proc.stdout
    load = json.loads((sub / "pnm_cell_load.json").read_text())
    assert load["events"].startswith("measured")
    spikes = {}
    for t, gid in reference:
        if t < 45:
            spikes[gid] = spikes.get(gid, 0) + 1
    src = lambda gid: [(gid + k) % 24 for k in (1, 5, 11)]    # hetero_net.sources
    for cell in load["cells"]:
        gid = cell["gid"]
        expected = netstim_firings(gid, 45) + sum(spikes.get(s, 0) for s in src(gid))
        assert cell["events_measured"]
        assert cell["events_per_ms"] * 45 == pytest.approx(expected, rel=1e-9), gid


# ---- a legacy script: `mpiexec -n 2 python script.py` with PNM_LB_MODE ----------------------
def test_legacy_script_follows_PNM_LB_MODE(work):
    folder, reference = work
    proc = ok(run(["hetero_net.py"], folder, 2,
                  env={"PNM_LB_MODE": "complexity", "HETERO_OUT": "legacy.json"}))
    res = json.loads((folder / "legacy.json").read_text())
    assert imbalance(res["report"], "cost") <= 1.05
    assert res["spikes"] == reference
    assert "rank 0 builds" in proc.stdout and "rank 1 builds" in proc.stdout


def test_PNM_LB_MODE_with_a_missing_allocation_stops_every_rank(work):
    folder, _ = work
    proc = run(["hetero_net.py"], folder, 2,
               env={"PNM_LB_MODE": "memory", "PNM_ALLOCATION": "nope_r2.json"})
    assert proc.returncode != 0
    for rank in (0, 1):
        assert f"pnm: rank {rank}: nope_r2.json: no such file" in proc.stderr, proc.stderr
    assert "builds its cells" not in proc.stdout


# ---- the model fingerprint: loaded files and mechanisms, not only the command line ----------
def test_a_model_with_other_mechanisms_is_refused_at_the_first_psolve(work):
    folder, _ = work
    proc = run(["-m", "pnm", "--lb-mode", "complexity", "hetero_net.py"], folder, 2,
               env={"HETERO_DEND_MECH": "hh", "HETERO_OUT": "mech.json"})
    assert proc.returncode != 0
    assert ("allocation_r2.json (mode complexity): made for another model: the mechanisms "
            "differ (no longer ['pas'])") in proc.stderr, proc.stderr[-3000:]
    assert not (folder / "mech.json").exists()


def test_a_changed_imported_file_is_refused(work):
    folder, _ = work
    sub = folder / "imports"
    sub.mkdir()
    shutil.copy(folder / "hetero_net.py", sub / "hetero_net.py")
    (sub / "hetero_extra.py").write_text("TAU = 2\n")
    env = {"HETERO_IMPORT": "hetero_extra"}
    ok(run(["-m", "pnm", "--dry-run", "--num-target-ranks", "2", "hetero_net.py"], sub,
           env=env))
    model = json.loads((sub / "allocation_r2.json").read_text())["model"]
    assert list(model["files"]) == ["hetero_extra.py"]
    (sub / "hetero_extra.py").write_text("TAU = 3\n")
    proc = run(["-m", "pnm", "--lb-mode", "complexity", "hetero_net.py"], sub, 2, env=env)
    assert proc.returncode != 0
    assert "made for another model: hetero_extra.py changed since the dry run" in proc.stderr, \
        proc.stderr[-3000:]


LOCAL_MODEL = '''
from pnm import h

def main():
    pc = h.ParallelContext()
    keep = []
    for gid in range(4):
        if pc.balanced_gid2node(gid):
            soma = h.Section(name=f"soma{gid}")
            soma.insert("hh")
            syn = h.ExpSyn(soma(0.5))
            stim = h.NetStim()
            stim.start, stim.interval, stim.number = 1, 5, 100
            nc = h.NetCon(stim, syn)
            nc.weight[0] = 0.01
            pc.cell(gid, h.NetCon(soma(0.5)._ref_v, None, sec=soma))
            keep += [soma, syn, stim, nc]
    pc.set_maxstep(10)
    h.finitialize(-65)
    pc.psolve(50)

main()        # returns: its NetStims, synapses and NetCons are freed before the script ends
'''


def test_dry_run_measures_the_model_before_the_script_frees_it(tmp_path):
    (tmp_path / "local_model.py").write_text(LOCAL_MODEL)
    ok(run(["-m", "pnm", "--dry-run", "--dry-run-ms", "20", "--num-target-ranks", "2",
            "local_model.py"], tmp_path))
    load = json.loads((tmp_path / "pnm_cell_load.json").read_text())
    assert load["model"]["mechanisms"] == ["ExpSyn", "NetStim", "hh", "k_ion", "na_ion"]
    for cell in load["cells"]:
        # NetStim at 1, 6, 11, 16 ms before 20 ms: 4 events over 20 ms
        assert cell["events_per_ms"] * 20 == pytest.approx(4), cell
