"""The corpus of public NEURON scripts (tests/corpus, see its README): each runs under
NEURON 9 and under pnm with only the import changed; spikes identical, voltages within
1e-6 mV, the same stdout and the same files. A case pnm cannot run yet is
xfail(strict=True) with the first missing feature as the reason (case.toml ``pnm_xfail``),
so the suite stays green and flips to a failure when the feature lands."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))

import compare  # noqa: E402
import get_sources  # noqa: E402
import runner  # noqa: E402

CASES = runner.all_cases()


class PnmDiffers(AssertionError):
    """pnm's run differs from NEURON's. Only this is expected by a case's xfail: NEURON
    itself failing, or a missing original, fails the test even for an xfail case."""


def _param(case):
    marks = []
    if case.xfail:
        marks.append(pytest.mark.xfail(strict=True, reason=case.xfail, raises=PnmDiffers))
    return pytest.param(case, id=case.name, marks=marks)


@pytest.fixture(scope="module")
def originals():
    """Fetch the third-party originals (local mirror or GitHub) once; a case whose original
    still is missing fails with the command to run (runner's message), never skips."""
    try:
        get_sources.main([])
    except Exception as exc:
        print(f"corpus originals not fetched: {exc}")


@pytest.fixture(scope="module")
def neuron_ready():
    ok, detail = runner.neuron_available()
    if not ok:
        pytest.fail(f"NEURON 9 is required as the reference for the corpus tests: {detail}")
    return detail


def test_corpus_has_at_least_fifteen_python_scripts():
    assert sum(case.kind == "python" for case in CASES) >= 15


def _reference(case, scratch):
    outcome = runner.run_case(case, "neuron", scratch)
    assert outcome.returncode == 0, (
        f"{case.name} fails under NEURON itself (exit {outcome.returncode}):\n"
        f"{outcome.stderr[-3000:]}"
    )
    missing = [n for n in case.spec.get("files_text", []) + case.spec.get("files_exist", [])
               if n not in outcome.files]
    assert not missing, f"{case.name}: NEURON did not write {missing} (case.toml contract)"
    return outcome


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_corpus_case(case, originals, neuron_ready, tmp_path):
    reference = _reference(case, str(tmp_path))
    candidate = runner.run_case(case, "pnm", str(tmp_path))
    problems = compare.differences(case, reference, candidate)
    if problems:
        raise PnmDiffers(f"{case.name} differs from NEURON:\n" + "\n".join(problems))
