"""Files pnm writes are replaced atomically: a failed write leaves the previous file."""
from mpiutil import describe, run_serial


def test_failed_figure_write_keeps_the_previous_png(tmp_path):
    proc = run_serial("atomic_figure.py", tmp_path, timeout=120)
    assert proc.returncode == 0, describe(proc)
    assert "write failed as arranged" in proc.stdout, describe(proc)
    assert "INTACT" in proc.stdout, describe(proc)


def test_atomic_write_replaces_only_on_success(tmp_path):
    from pnm.util import atomic_write
    target = tmp_path / "spikes.txt"
    with atomic_write(target, "w") as f:
        f.write("1 0\n")
    try:
        with atomic_write(target, "w") as f:
            f.write("2 1\n")
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert target.read_text() == "1 0\n"
    assert [p.name for p in tmp_path.iterdir()] == ["spikes.txt"]
