"""Materialise the third-party mod files the NMODL tests read (ModelDB models into
tests/nmodl/modeldb/<id>/, NEURON's own IntFire sources into tests/nmodl/builtin/).

They are third-party public files (ModelDBRepository/<id> on GitHub), so they are not
committed: modeldb_manifest.txt names accession, commit and path of each, and this script
reads them from the local git mirror or GitHub (the corpus's reader, tests/corpus/get_sources.py).

    python tests/nmodl/get_modeldb.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "corpus"))

from get_sources import read_blob  # noqa: E402

TARGET = os.path.join(HERE, "modeldb")


def manifest():
    with open(os.path.join(HERE, "modeldb_manifest.txt")) as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def materialise():
    for repo, commit, path, folder in manifest():
        dest = os.path.join(HERE, folder, os.path.basename(path))
        if os.path.exists(dest):
            continue
        data = read_blob(repo, commit, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        tmp = f"{dest}.{os.getpid()}.part"     # one per process: two test processes may fetch at once
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, dest)
    return TARGET


if __name__ == "__main__":
    print(materialise())
