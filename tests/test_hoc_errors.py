"""Bad hoc input: a message with file:line:column and the line, and a non-zero exit."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOC = os.path.join(HERE, "hoc")


def run_pnm(*args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "pnm", *args], cwd=HOC, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name, line, words", [
    ("err_syntax.hoc", 2, "syntax error"),
    ("err_undefined.hoc", 2, "undefined_name undefined variable"),
    ("err_argtype.hoc", 1, "is not a number"),
    ("err_missing_file.hoc", 1, "file not found"),
])
def test_error_names_file_line_and_exits_nonzero(name, line, words):
    got = run_pnm(name)
    assert got.returncode != 0
    assert f"{name}:{line}:" in got.stderr, got.stderr
    assert words in got.stderr, got.stderr
    assert "^" in got.stderr


def test_missing_program_file_exits_nonzero():
    got = run_pnm("no_such_program.hoc")
    assert got.returncode != 0 and "no_such_program.hoc" in got.stderr


# Run-time errors inside procedures (compiled to one generated Python function each): the
# message names the statement that failed, inside loops, section statements, forsec bodies
# and called functions. Each case: hoc source, the text of the failing statement (its line
# and column are where it stands in the source), words of the message.
IN_PROC_CASES = [
    ("create soma\nproc a() { local i\n  while (i < 3) {\n    soma { i = i + 1  if (i == 2) L = -1 }\n  }\n}\na()\n",
     "L = -1", "must be a positive number"),
    ("create s1, s2\nobjref sl\nsl = new SectionList()\ns1 sl.append()\ns2 sl.append()\n"
     "proc b() {\n  forsec sl { L = 10  diam = $o1 }\n}\nb(sl)\n",
     "diam = $o1", "must be a number"),
    ("func f() {\n  return 1 / $1\n}\nproc g() { x = f(0) }\ng()\n",
     "return 1 / $1", "division by zero"),
    ("proc c() { local i\n  for (i = 0; i < undefined_limit; i = i + 1) { }\n}\nc()\n",
     "for (i = 0", "undefined_limit undefined variable"),
    ("objref o\nproc d() { local k\n  for k = 1, 3 {\n    if (k == 3) { o.nothing() }\n  }\n}\nd()\n",
     "o.nothing()", "NULLobject"),
]

IN_PROC_SCRIPT = r"""
import json, sys
from pnm import h
from pnm.hoclang import HocError
for src in json.loads(sys.argv[1]):
    try:
        h(src)
        print(json.dumps(None))
    except HocError as err:
        print(json.dumps([err.line, err.column, err.message]))
"""


def test_errors_inside_procedures_name_the_failing_statement():
    import json
    sources = [src for src, _, _ in IN_PROC_CASES]
    env = dict(os.environ, PYTHONPATH=ROOT)
    got = subprocess.run([sys.executable, "-c", IN_PROC_SCRIPT, json.dumps(sources)], cwd=HOC,
                         env=env, capture_output=True, text=True, timeout=120)
    assert got.returncode == 0, got.stderr
    results = [json.loads(line) for line in got.stdout.splitlines() if line.strip()]
    assert len(results) == len(IN_PROC_CASES), got.stdout
    for (src, stmt, words), result in zip(IN_PROC_CASES, results):
        assert result is not None, f"no error from:\n{src}"
        line = next(i for i, text in enumerate(src.split("\n"), 1) if stmt in text)
        column = src.split("\n")[line - 1].index(stmt) + 1
        assert result[:2] == [line, column], (src, result)
        assert words in result[2], (src, result)


# A Vector has Python's arithmetic operators (as in NEURON 9's Python), but hoc's arithmetic is
# on numbers only: in NEURON `x = -a` or `x = a + 1` with a Vector a is an error, so pnm's hoc
# must not quietly compute a Vector (top level: the closure compiler; in a procedure: the
# generated code).
VECTOR_ARITH_CASES = [f"objref va\nva = new Vector(2, 1)\n{stmt}\n" for stmt in (
    "x = va + 1", "x = 2 * va", "x = va - va", "x = -va", "x = 1 / va", "x = va / 2",
    "x = 0\nx += va", "proc p1() { x = va + 1 }\np1()", "proc p2() { x = -va }\np2()",
    "proc p3() { local y\n y = $o1 * $o1 }\np3(va)", "proc p4() { x = 3 / va }\np4()")]

VECTOR_ARITH_SCRIPT = r"""
import json, sys
from pnm import h
from pnm.hoclang import HocError
for src in json.loads(sys.argv[1]):
    try:
        h(src)
        print(json.dumps(None))
    except HocError as err:
        print(json.dumps(err.message))
"""


def test_hoc_arithmetic_on_a_vector_is_an_error():
    import json
    env = dict(os.environ, PYTHONPATH=ROOT)
    got = subprocess.run([sys.executable, "-c", VECTOR_ARITH_SCRIPT,
                          json.dumps(VECTOR_ARITH_CASES)], cwd=HOC, env=env,
                         capture_output=True, text=True, timeout=120)
    assert got.returncode == 0, got.stderr
    results = [json.loads(line) for line in got.stdout.splitlines() if line.strip()]
    assert len(results) == len(VECTOR_ARITH_CASES), got.stdout
    for src, message in zip(VECTOR_ARITH_CASES, results):
        assert message is not None and "operands must be numbers" in message, (src, message)
