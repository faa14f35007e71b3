"""Load diagnostics: imbalance = max/mean computation, the verdict names the slow rank or the
exchange, the table has a row per rank, the figure draws."""

import matplotlib
matplotlib.use("Agg")

from pnm.parallel.loadbalance import LoadReport, RankLoad


def rank(r, comp, wait, cells=10):
    return RankLoad(rank=r, cells=cells, compartments=cells * 13, netcons=cells * 20,
                    computation=comp, wait=wait, spikes_sent=5, spikes_received=20)


def test_imbalance_is_max_over_mean_computation():
    rep = LoadReport([rank(0, 1.0, 0.5), rank(1, 3.0, 0.1)])
    assert rep.imbalance == 3.0 / 2.0
    assert rep.slowest == 1


def test_verdict_names_the_slow_rank_when_load_is_uneven():
    rep = LoadReport([rank(0, 1.0, 0.9), rank(1, 2.0, 0.0)])
    assert "load imbalance" in rep.verdict() and "rank 1" in rep.verdict()


def test_verdict_says_exchange_bound_when_waiting_dominates():
    rep = LoadReport([rank(0, 1.0, 2.0), rank(1, 1.0, 2.1)])
    assert rep.verdict().startswith("exchange-bound")
    assert abs(rep.exchange_fraction - 4.1 / 6.1) < 1e-12


def test_table_has_one_row_per_rank_in_rank_order():
    rep = LoadReport([rank(2, 1, 0), rank(0, 1, 0), rank(1, 1, 0)])
    rows = rep.table().splitlines()[1:4]
    assert [int(r.split()[0]) for r in rows] == [0, 1, 2]


def test_figure_draws_bars_per_rank(tmp_path):
    rep = LoadReport([rank(0, 1.0, 0.2), rank(1, 1.5, 0.1)])
    fig = rep.figure(tmp_path / "load.png")
    assert (tmp_path / "load.png").stat().st_size > 1000
    assert len(fig.axes[0].patches) == 4      # computation + wait bars for 2 ranks
