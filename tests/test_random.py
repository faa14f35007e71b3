"""h.Random against NEURON 9: every generator x every distribution, 10 000 draws each, the same
doubles bit for bit; seq/globalindex round trips, generator swaps under a distribution,
Vector.setrand, h.mcell_ran4; and the errors pnm gives for bad input.

The scenarios below are plain functions of `h`; NEURON runs them all in one subprocess
(`python tests/test_random.py OUT.npz`), pnm runs them here, and the arrays must match."""

import os
import subprocess
import sys

import numpy as np
import pytest

NDRAWS = 10_000

# generator name -> (Random constructor args, generator call or None, global settings)
GENERATORS = {
    "default": ((), None, {}),
    "seeded": ((12345, 20), None, {}),
    "negative_seed": ((-3,), None, {}),
    "Random123": ((), ("Random123", (1, 2, 3)), {}),
    "Random123_globalindex": ((), ("Random123", (4, 5, 6)), {"globalindex": 7}),
    "MCellRan4": ((), ("MCellRan4", (98765,)), {}),
    "MCellRan4_lowindex": ((), ("MCellRan4", (98765, 3)), {}),
    "MCellRan4_global_lowindex": ((), ("MCellRan4", (555,)), {"mcell_ran4_init": 11}),
}

DISTRIBUTIONS = {
    "uniform": (-2.0, 3.0),
    "discunif": (-5, 7),
    "normal": (1.5, 4.0),
    "lognormal": (2.0, 0.5),
    "negexp": (2.5,),
    "poisson": (3.2,),
    "binomial": (20, 0.3),
    "erlang": (4.0, 2.0),
    "geometric": (0.7,),
    "hypergeo": (2.0, 5.0),
    "weibull": (1.5, 2.0),
}

# calls at the edges of the distributions' domains (nan, inf, swapped bounds, truncation)
EDGE_CALLS = [
    ("poisson", (-1.0,)), ("normal", (0.0, -1.0)), ("negexp", (0.0,)), ("weibull", (0.0, 1.0)),
    ("discunif", (3, 1)), ("discunif", (1.9, 3.9)), ("uniform", (5.0, -5.0)),
    ("erlang", (1.0, 0.0)), ("hypergeo", (1.0, 1.0)), ("lognormal", (-1.0, 2.0)),
    ("binomial", (0, 0.5)), ("geometric", (0.0,)), ("geometric", (1e-300,)),
]


def make_random(h, gen_name):
    args, call, settings = GENERATORS[gen_name]
    r = h.Random(*args)
    if "globalindex" in settings:
        r.Random123_globalindex(settings["globalindex"])
    if "mcell_ran4_init" in settings:
        h.mcell_ran4_init(settings["mcell_ran4_init"])
    if call is not None:
        getattr(r, call[0])(*call[1])
    return r


def restore_globals(h, r):
    r.Random123_globalindex(0)
    h.mcell_ran4_init(0)


def scenario_streams(h, out):
    for gen_name in GENERATORS:
        for dist_name, args in DISTRIBUTIONS.items():
            r = make_random(h, gen_name)
            first = getattr(r, dist_name)(*args)
            out[f"{gen_name}/{dist_name}"] = [first] + [r.repick() for _ in range(NDRAWS - 1)]
            restore_globals(h, r)


def scenario_edges(h, out):
    for gen_name in ("Random123", "MCellRan4"):
        values = []
        for dist_name, args in EDGE_CALLS:
            r = make_random(h, gen_name)
            values.append(getattr(r, dist_name)(*args))
            values += [r.repick() for _ in range(20)]
            v = h.Vector(20)
            values += list(v.setrand(r))
        out[f"edges/{gen_name}"] = values


def scenario_positions(h, out):
    """seq() get/set, globalindex, ids truncation, swaps of the generator under a
    distribution (normal's cached second value survives the swap), reset by Random123()."""
    r = h.Random()
    r.Random123(7, 8, 9)
    values = [r.seq(), r.uniform(0, 1), r.seq()]
    values += [r.repick() for _ in range(5)] + [r.seq()]
    values += [r.seq(37), r.repick(), r.seq(), r.seq(5.5), r.seq(7.9), r.repick(), r.seq()]
    values += [r.seq(2 ** 34 - 1), r.repick(), r.repick(), r.seq()]     # counter carries into id3
    values += [r.Random123_globalindex(), r.Random123_globalindex(3), r.repick(), r.seq(0),
               r.repick(), r.Random123_globalindex(0), r.repick()]
    values += [r.Random123(1.7, 2.9, 3.99), r.repick(), r.seq()]
    values += [r.normal(0, 1), r.Random123(1, 2, 3), r.repick(), r.repick()]
    m = h.Random()
    values += [m.MCellRan4(3), m.seq(), m.negexp(1), m.seq(), m.seq(-5), m.repick(), m.seq()]
    values += [m.seq(2 ** 33 + 1), m.repick(), m.MCellRan4(4, 5), m.repick()]
    values += [m.normal(0, 1), m.MCellRan4(9), m.repick(), m.repick()]
    values += [m.Random123(11), m.repick()]
    out["positions"] = [float(v) for v in values]


def scenario_setrand(h, out):
    for gen_name in ("Random123", "MCellRan4"):
        for dist_name in DISTRIBUTIONS:
            r = make_random(h, gen_name)
            getattr(r, dist_name)(*DISTRIBUTIONS[dist_name])
            v = h.Vector(NDRAWS)
            v.setrand(r)
            v.setrand(r, 10, 20)
            v.setrand(r, NDRAWS - 1, NDRAWS - 1)
            repicks = [r.repick() for _ in range(3)]     # normal's cached value carries over
            v.setrand(r, 5, 7)
            out[f"setrand/{gen_name}/{dist_name}"] = list(v) + repicks + [r.seq()]


def scenario_mcell_ran4(h, out):
    values = []
    for low in (0, 3, 4294967295):
        values.append(h.mcell_ran4_init(low))
        idx = h.ref(1)
        for _ in range(100):
            values.append(h.mcell_ran4(idx))
        values.append(idx[0])
    idx = h.ref(4294967295)
    values += [h.mcell_ran4(idx), idx[0], h.mcell_ran4_init(0), h.mcell_ran4_init()]
    out["mcell_ran4"] = values


def scenario_auto_seed(h, out):
    """MCellRan4() with seed 0: seeds from a count of MCellRan4 generators in the process, so
    this must be the first use of MCellRan4 in a fresh process."""
    r = h.Random()
    seeds = [r.MCellRan4(), r.MCellRan4(), r.MCellRan4(0, 7), r.MCellRan4(5), r.MCellRan4()]
    out["auto_seed"] = seeds + [r.repick(), r.seq()]


def run_all(h, auto_seed=True):
    out = {}
    if auto_seed:
        scenario_auto_seed(h, out)
    for scenario in (scenario_streams, scenario_edges, scenario_positions, scenario_setrand,
                     scenario_mcell_ran4):
        scenario(h, out)
    return {key: np.array(values, dtype=float) for key, values in out.items()}


def run_in_subprocess(backend, tmp_path):
    out_file = tmp_path / f"{backend}.npz"
    env = dict(os.environ, NEURON_MODULE_OPTIONS="-nogui")
    proc = subprocess.run([sys.executable, __file__, backend, str(out_file)], env=env,
                          capture_output=True, text=True, timeout=900)
    if backend == "neuron" and "No module named 'neuron'" in proc.stderr:
        pytest.fail("these tests compare with NEURON 9: `import neuron` failed in a subprocess "
                    "(pip install neuron==9.0.2)")
    assert proc.returncode == 0, f"{backend} scenarios failed:\n{proc.stderr[-3000:]}"
    with np.load(out_file) as data:
        return {key: data[key] for key in data.files}


@pytest.fixture(scope="module")
def neuron_results(tmp_path_factory):
    return run_in_subprocess("neuron", tmp_path_factory.mktemp("random_neuron"))


@pytest.fixture(scope="module")
def pnm_results():
    from pnm import h
    return run_all(h, auto_seed=False)


def assert_bit_identical(name, got, expected):
    assert got.shape == expected.shape, f"{name}: {got.shape} draws, NEURON {expected.shape}"
    same = (got.view(np.uint64) == expected.view(np.uint64)) | (np.isnan(got) & np.isnan(expected))
    if not same.all():
        i = int(np.argmin(same))
        pytest.fail(f"{name}: draw {i} is {got[i]!r}, NEURON gives {expected[i]!r} "
                    f"({int((~same).sum())} of {len(got)} differ)")


@pytest.mark.parametrize("gen_name", list(GENERATORS))
@pytest.mark.parametrize("dist_name", list(DISTRIBUTIONS))
def test_stream_of_10000_draws_is_neurons(gen_name, dist_name, neuron_results, pnm_results):
    key = f"{gen_name}/{dist_name}"
    assert len(neuron_results[key]) == NDRAWS
    assert_bit_identical(key, pnm_results[key], neuron_results[key])


@pytest.mark.parametrize("key", ["edges/Random123", "edges/MCellRan4"])
def test_edges_of_the_domains_give_neurons_values(key, neuron_results, pnm_results):
    assert_bit_identical(key, pnm_results[key], neuron_results[key])


def test_seq_globalindex_and_generator_swaps_are_neurons(neuron_results, pnm_results):
    assert_bit_identical("positions", pnm_results["positions"], neuron_results["positions"])


@pytest.mark.parametrize("gen_name", ["Random123", "MCellRan4"])
@pytest.mark.parametrize("dist_name", list(DISTRIBUTIONS))
def test_vector_setrand_is_neurons(gen_name, dist_name, neuron_results, pnm_results):
    key = f"setrand/{gen_name}/{dist_name}"
    assert_bit_identical(key, pnm_results[key], neuron_results[key])


def test_mcell_ran4_and_its_low_index_are_neurons(neuron_results, pnm_results):
    assert_bit_identical("mcell_ran4", pnm_results["mcell_ran4"], neuron_results["mcell_ran4"])


def test_mcellran4_seeds_itself_as_neuron_in_a_fresh_process(neuron_results, tmp_path):
    fresh = run_in_subprocess("pnm", tmp_path)
    assert_bit_identical("auto_seed", fresh["auto_seed"], neuron_results["auto_seed"])


def test_default_random_is_random123_seed_55_0_normal():
    """NEURON 9: Random(seed) is Random123(seed, 55, 0) drawing normal(0, 1) (closed form of
    the constructor in src/gnu/Rand.cpp)."""
    from pnm import h
    a, b = h.Random(4), h.Random()
    b.Random123(4, 55, 0)
    first = b.normal(0, 1)
    assert [a.repick() for _ in range(50)] == [first] + [b.repick() for _ in range(49)]


def test_random123_block_counts_four_draws_per_sequence_number():
    from pnm import h
    r = h.Random()
    r.Random123(1)
    r.uniform(0, 1)
    assert r.seq() == 1
    for _ in range(3):
        r.repick()
    assert r.seq() == 4


ERRORS = [
    (lambda h, r: r.seq(-3), ValueError, "seq(position): position = -3 is out of range"),
    (lambda h, r: h.Random(1, 3), ValueError, "size = 3 is out of range; allowed: 7 <= size"),
    (lambda h, r: r.binomial(-1, 0.5), ValueError, "binomial(n, p): n = -1 is out of range"),
    (lambda h, r: r.binomial(10, 1.5), ValueError, "binomial(n, p): p = 1.5 is out of range"),
    (lambda h, r: r.geometric(1.5), ValueError, "geometric(mean): mean = 1.5 is out of range"),
    (lambda h, r: r.Random123(-1), ValueError, "Random123(id1, id2, id3): id1 = -1"),
    (lambda h, r: r.Random123(1, 2 ** 32), ValueError, "id2 = 4294967296 is out of range"),
    (lambda h, r: r.MCellRan4(-1), ValueError, "MCellRan4(seed, lowindex): seed = -1"),
    (lambda h, r: r.Random123_globalindex(-1), ValueError, "gix = -1 is out of range"),
    (lambda h, r: r.uniform(1, "a"), TypeError, "uniform(low, high): high must be a number"),
    (lambda h, r: r.negexp(None), TypeError, "negexp(mean): mean must be a number"),
    (lambda h, r: h.mcell_ran4(1), TypeError, "h.mcell_ran4(1): give a reference"),
    (lambda h, r: h.mcell_ran4_init(-2), ValueError, "h.mcell_ran4_init(low): low = -2"),
    (lambda h, r: h.Vector(5).setrand(r, 3, 9), ValueError, "setrand(r, start, end): end = 9"),
    (lambda h, r: h.Vector(5).setrand(r, 3, 1), ValueError, "end = 1 is out of range"),
    (lambda h, r: h.Vector(5).setrand(r, -1, 1), ValueError, "start = -1 is out of range"),
    (lambda h, r: h.Vector(5).setrand(r, 1), TypeError, "give both start and end"),
    (lambda h, r: h.Vector(5).setrand(h.Vector(2)), TypeError, "r must be an h.Random"),
    (lambda h, r: r.ACG(1), AttributeError, "NEURON 9 removed Random.ACG"),
    (lambda h, r: r.MLCG(1), AttributeError, "NEURON 9 removed Random.MLCG"),
    (lambda h, r: r.ids(), AttributeError, "Random has no 'ids'; its methods are Random123"),
    # Random.play itself is checked against NEURON in tests/model_scripts/play.py
    (lambda h, r: r.play(h.ref(0)), TypeError, "give a variable reference"),
]


@pytest.mark.parametrize("call, error, message", ERRORS)
def test_bad_input_raises_an_error_naming_the_method(call, error, message):
    from pnm import h
    r = h.Random()
    with pytest.raises(error) as info:
        call(h, r)
    assert message in str(info.value)


def test_neuron_9_has_no_acg_mlcg_or_ids(neuron_results):
    assert neuron_results["neuron_lacks"].tolist() == [1.0, 1.0, 1.0]


NETSTIMS = [  # (start, interval, number, noise, how its stream is chosen)
    (10.0, 5.0, 20, 1.0, None), (10.0, 5.0, 20, 0.5, None), (0.0, 2.0, 40, 0.3, None),
    (10.0, 5.0, 20, 1.0, ("noiseFromRandom123", (5, 6, 7))),
    (10.0, 5.0, 20, 0.5, ("noiseFromRandom", (8, 9, 10))),
]


def scenario_netstims(h, out):
    """Noisy NetStims under NEURON: the first ones created get their default streams."""
    h.load_file("stdrun.hoc")
    keep = []
    for k, (start, interval, number, noise, how) in enumerate(NETSTIMS):
        stim = h.NetStim()
        stim.start, stim.interval, stim.number, stim.noise = start, interval, number, noise
        if how and how[0] == "noiseFromRandom123":
            stim.noiseFromRandom123(*how[1])
        elif how:
            r = h.Random()
            r.Random123(*how[1])
            r.uniform(0, 1)
            r.seq(41)                      # INITIAL's seed(0) resets the sequence anyway
            stim.noiseFromRandom(r)
            keep.append(r)
        vec = h.Vector()
        nc = h.NetCon(stim, None)
        nc.record(vec)
        keep += [stim, vec, nc]
        out[f"netstim/{k}"] = vec
    h.finitialize(-65)
    h.continuerun(300)
    for k in range(len(NETSTIMS)):
        out[f"netstim/{k}"] = np.array(out[f"netstim/{k}"], dtype=float)


def netstim_train_from_kernels(ids, start, interval, number, noise, tstop):
    """netstim.mod's spike times computed with pnm.model.random123's kernels: INITIAL does
    seed(0) (setseq 0, 0) and draws the first interval; each spike draws the next one
    (erand() = nrnran123_negexp)."""
    from pnm.model import random123 as r123
    stream = r123.new_stream(*ids)
    gix = np.uint32(r123.globalindex())
    r123.stream_setseq(stream, 0, 0, gix)

    def invl(mean):
        return (1. - noise) * mean + noise * mean * r123.stream_negexp(stream, gix)

    t = max(start + invl(interval) - interval * (1. - noise), 0.0)
    spikes = []
    while t <= tstop:
        spikes.append(t)
        event = invl(interval)
        if len(spikes) >= number:
            break
        t = t + event
    return np.array(spikes)


@pytest.mark.parametrize("k", range(len(NETSTIMS)))
def test_netstim_noise_is_a_random123_negexp_stream_per_instance(k, neuron_results):
    """What the engine must reproduce: NetStim k's default stream has ids (1, rank, k + 1)
    (NMODL RANDOM streams are numbered in creation order, process-wide);
    noiseFromRandom123(a, b, c) gives ids (a, b, c); noiseFromRandom(r) copies r's ids."""
    start, interval, number, noise, how = NETSTIMS[k]
    ids = how[1] if how else (1, 0, k + 1)
    got = netstim_train_from_kernels(ids, start, interval, number, noise, 300.0)
    assert_bit_identical(f"netstim/{k}", got, neuron_results[f"netstim/{k}"])


def _main(backend, out_file):
    if backend == "neuron":
        from neuron import h
        results = run_all(h)
        netstims = {}
        scenario_netstims(h, netstims)
        results.update(netstims)
        r = h.Random()
        results["neuron_lacks"] = np.array([not hasattr(r, name) for name in
                                            ("ACG", "MLCG", "ids")], dtype=float)
    else:
        from pnm import h
        results = {"auto_seed": _auto_seed_only(h)}
    np.savez(out_file, **results)


def _auto_seed_only(h):
    out = {}
    scenario_auto_seed(h, out)
    return np.array(out["auto_seed"], dtype=float)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
