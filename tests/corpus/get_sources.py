"""Materialise the corpus originals into tests/corpus/<case>/original/.

The corpus scripts are third-party public files; they are not committed here. Each case's
case.toml names the repository, commit and path of every file it needs (and its sha256).
This script reads them from a local git mirror (``$PNM_CORPUS_MIRRORS``, default
/work/.mirror, layout ``<owner>+<name>/repo``) or, failing that, from
raw.githubusercontent.com, checks the sha256, and converts notebooks to scripts.

    python tests/corpus/get_sources.py            # all cases
    python tests/corpus/get_sources.py CASE ...   # some cases

Notebook conversion (the only change made to any file, see notebook.py): the code cells are
concatenated; IPython magics (``%...``, ``%%...``), shell escapes (``!...``) and help
queries (``?x``, ``x?``) are removed.  A ``%%writefile NAME`` cell is not code of the
notebook: it is a file the notebook writes, and a case may take such a cell as its script
or as a support file (``cell = N``), minus the ``%%writefile`` line.
"""

import hashlib
import json
import os
import subprocess
import sys
import tomllib
import urllib.request

CORPUS_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, CORPUS_DIR)

import notebook  # noqa: E402

MIRRORS = os.environ.get("PNM_CORPUS_MIRRORS", "/work/.mirror")


def case_names():
    return sorted(
        name for name in os.listdir(CORPUS_DIR)
        if os.path.isfile(os.path.join(CORPUS_DIR, name, "case.toml"))
    )


def load_case(name):
    with open(os.path.join(CORPUS_DIR, name, "case.toml"), "rb") as f:
        return tomllib.load(f)


def read_blob(repo, commit, path):
    """Bytes of repo:path at commit, from the local mirror or GitHub."""
    mirror = os.path.join(MIRRORS, repo.replace("/", "+"), "repo")
    if os.path.isdir(mirror):
        done = subprocess.run(
            ["git", "-C", mirror, "show", f"{commit}:{path}"], capture_output=True
        )
        if done.returncode == 0:
            return done.stdout
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except OSError as exc:
        raise SystemExit(
            f"cannot obtain {repo}@{commit}:{path}: no mirror at {mirror} and {url} failed "
            f"({exc})"
        )


def materialise_file(entry):
    """Return (file name, text, removed lines) for one [[files]] entry of a case."""
    blob = read_blob(entry["repo"], entry["commit"], entry["path"])
    digest = hashlib.sha256(blob).hexdigest()
    if digest != entry["sha256"]:
        raise SystemExit(
            f"{entry['repo']}@{entry['commit']}:{entry['path']}: sha256 {digest} is not the "
            f"recorded {entry['sha256']}"
        )
    if entry["path"].endswith(".ipynb"):
        cells = json.loads(blob.decode("utf-8"))["cells"]
        if "cell" in entry:
            text, removed = notebook.writefile_cell(cells, entry["cell"])
        else:
            text, removed = notebook.to_script(cells)
        return entry["as"], text, removed
    return entry["as"], blob.decode("utf-8"), []


def materialise(name):
    case = load_case(name)
    out_dir = os.path.join(CORPUS_DIR, name, "original")
    os.makedirs(out_dir, exist_ok=True)
    for entry in case["files"]:
        file_name, text, _ = materialise_file(entry)
        target = os.path.join(out_dir, file_name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
    return out_dir


def main(argv):
    names = argv or case_names()
    for name in names:
        print(f"{name}: {materialise(name)}")


if __name__ == "__main__":
    main(sys.argv[1:])
