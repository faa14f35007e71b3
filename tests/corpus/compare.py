"""Compare what a corpus case produced under NEURON and under pnm.

Text is compared token by token: numbers within ``VOLTAGE_TOL`` (mV), except on lines that
start with ``spikes`` where numbers must be identical; every other token exactly."""

import gzip
import math
import re

VOLTAGE_TOL = 1e-6
EPILOGUE_MARK = "=== epilogue ==="
_TOKEN = re.compile(r"[^\s,\[\]\(\)\{\}:;=\"'<>]+|[\[\]\(\)\{\}:;=\"'<>,]")


def _number(token):
    try:
        value = float(token)
    except ValueError:
        return None
    return value if token.lower() not in ("nan", "inf", "-inf", "infinity") else value


def _tokens_equal(a, b, exact):
    if a == b:
        return True
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return False
    if math.isnan(x) and math.isnan(y):
        return True
    return not exact and abs(x - y) <= VOLTAGE_TOL


_ADDRESS = re.compile(r"(__nrnsec_)(0x)?[0-9a-f]+|0x[0-9a-f]+")


def _normalise(text):
    """Memory addresses (unnamed sections' names, object reprs) differ from run to run."""
    return _ADDRESS.sub(lambda m: (m.group(1) or "") + "<address>", text)


def text_differences(reference, candidate, what):
    """Return a list of human-readable differences (empty when they agree)."""
    ref_lines = _normalise(reference).splitlines()
    cand_lines = _normalise(candidate).splitlines()
    problems = []
    if len(ref_lines) != len(cand_lines):
        problems.append(f"{what}: {len(cand_lines)} lines under pnm, {len(ref_lines)} under NEURON")
    for number, (r, c) in enumerate(zip(ref_lines, cand_lines), start=1):
        exact = r.startswith("spikes")
        rt, ct = _TOKEN.findall(r), _TOKEN.findall(c)
        if len(rt) != len(ct) or not all(_tokens_equal(a, b, exact) for a, b in zip(rt, ct)):
            problems.append(f"{what} line {number}:\n  NEURON: {r[:300]}\n  pnm:    {c[:300]}")
        if len(problems) >= 5:
            break
    return problems


def select_stdout(stdout, mode, record=None):
    """The part of stdout a case compares. ``sorted``: the records (``record`` regex
    matches, default lines) in sorted order, for ranks writing concurrently."""
    if mode == "all":
        return stdout
    if mode == "epilogue":
        return stdout.split(EPILOGUE_MARK, 1)[-1] if EPILOGUE_MARK in stdout else ""
    if mode == "sorted":
        records = re.findall(record, stdout) if record else stdout.splitlines()
        return "\n".join(sorted(records))
    if mode == "none":
        return ""
    raise ValueError(f"unknown stdout mode {mode!r} in case.toml")


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith((".svgz", ".gz")):
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def differences(case, reference, candidate):
    """All differences between the NEURON (reference) and pnm (candidate) outcomes."""
    problems = []
    if candidate.returncode != reference.returncode:
        problems.append(
            f"exit status {candidate.returncode} under pnm, {reference.returncode} under "
            f"NEURON; pnm stderr (end):\n{candidate.stderr[-3000:]}"
        )
        return problems
    mode, record = case.spec.get("stdout", "all"), case.spec.get("stdout_record")
    problems += text_differences(
        select_stdout(reference.stdout, mode, record),
        select_stdout(candidate.stdout, mode, record), "stdout",
    )
    if set(candidate.files) != set(reference.files):
        problems.append(
            f"files written: {sorted(candidate.files)} under pnm, {sorted(reference.files)} "
            "under NEURON"
        )
    for name in case.spec.get("files_text", []):
        if name in reference.files and name in candidate.files:
            problems += text_differences(
                read_text(reference.files[name]), read_text(candidate.files[name]), name
            )
    return problems
