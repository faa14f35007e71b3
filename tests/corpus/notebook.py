"""Notebook -> script conversion for the corpus: code cells concatenated, IPython magics,
shell escapes and help queries removed (and reported), nothing else changed."""

import re

_HELP_QUERY = re.compile(r"^\s*(\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")


def _is_removed(line):
    stripped = line.lstrip()
    return (
        stripped.startswith("%")
        or stripped.startswith("!")
        or bool(_HELP_QUERY.match(line))
    )


def _source(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _is_writefile(cell):
    return _source(cell).lstrip().startswith("%%writefile")


def to_script(cells):
    """Return (script text, removed lines) for the code cells of a notebook; %%writefile
    cells are files the notebook writes, not its code, and are left out."""
    chunks, removed = [], []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        if _is_writefile(cell):
            removed.append(f"cell {index}: whole %%writefile cell")
            continue
        kept = []
        for line in _source(cell).splitlines():
            if _is_removed(line):
                removed.append(f"cell {index}: {line}")
            else:
                kept.append(line)
        chunks.append("\n".join(kept))
    return "\n\n".join(chunks) + "\n", removed


def writefile_cell(cells, index):
    """Return (file text, removed lines) for the %%writefile cell at ``index``."""
    cell = cells[index]
    if cell["cell_type"] != "code" or not _is_writefile(cell):
        raise ValueError(f"notebook cell {index} is not a %%writefile cell")
    lines = _source(cell).splitlines()
    return "\n".join(lines[1:]) + "\n", [f"cell {index}: {lines[0]}"]
