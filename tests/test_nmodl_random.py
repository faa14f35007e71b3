"""NMODL RANDOM variables (NEURON 9's Random123 streams in .mod files) against NEURON 9 with the
same file built by nrnivmodl: tests/nmodl/random_cells.py runs RndCell
(tests/nmodl/random_mods/rndcell.mod: random_uniform/negexp/normal in every argument form,
random_setseq, random_setids, a FUNCTION and a PROCEDURE called from Python, NEURON's
NMODLRandom API `cell.r1.set_ids/get_ids/set_seq/get_seq/uniform`) and prints spikes, draws
and the streams' ids and positions; pnm's output must equal NEURON's line by line. New ids
take effect with the stream's next block of four words, as in NEURON (cell 1 and 2 draw from
their old block first). NetStim's ranvar is covered by test_netstim_random123.py."""

import pytest

from conftest import REPO, checked, nrnivmodl_both, require_neuron, run_python

HERE = REPO / "tests" / "nmodl"
MODEL = str(HERE / "random_cells.py")
pytestmark = pytest.mark.timeout(1800)


@pytest.fixture(scope="module")
def build():
    """tests/nmodl/build_random (not committed), kept between sessions (numba's cache)."""
    require_neuron()
    root = HERE / "build_random"
    root.mkdir(exist_ok=True)
    source = HERE / "random_mods" / "rndcell.mod"
    target = root / source.name
    if not target.exists() or target.read_bytes() != source.read_bytes():
        target.write_bytes(source.read_bytes())
    return nrnivmodl_both(root, timeout=900)


def output(backend, build):
    proc = checked(run_python(MODEL, backend, build, timeout=900))
    return [line for line in proc.stdout.splitlines() if not line.startswith("pnm:")]


def test_random_streams_draw_neurons_numbers(build):
    expected = output("neuron", build)
    got = output("pnm", build)
    assert len(expected) > 300
    for k, (e, g) in enumerate(zip(expected, got)):
        assert e == g, f"line {k + 1}: NEURON {e!r}, pnm {g!r}"
    assert len(got) == len(expected)
