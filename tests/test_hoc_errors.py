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
