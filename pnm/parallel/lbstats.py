"""`python -m pnm rebalance-stats`: per-rank totals of an allocation (cells, computation
cost, memory) for each balance mode, the imbalance (max / mean), and a figure."""

import numpy as np


class AllocationStats:
    def __init__(self, data):
        self.nranks = int(data["nranks"])
        self.cells = {int(g): (float(c), float(m)) for g, c, m in data["cells"]}
        self.modes = {}
        for mode, part in data["modes"].items():
            ranks = part["ranks"]
            stats = {
                "cells": np.array([len(r) for r in ranks]),
                "cost": np.array([sum(self.cells[g][0] for g in r) for r in ranks]),
                "memory": np.array([sum(self.cells[g][1] for g in r) for r in ranks]),
                "cross": part.get("cross_rank_netcons"),
                "min_delay": part.get("min_cross_rank_delay"),
            }
            self.add_pieces(stats, part)
            self.modes[mode] = stats
        gids = sorted(self.cells)     # round robin, for comparison
        rr = [[g for g in gids if g % self.nranks == r] for r in range(self.nranks)]
        self.modes["roundrobin"] = {
            "cells": np.array([len(r) for r in rr]),
            "cost": np.array([sum(self.cells[g][0] for g in r) for r in rr]),
            "memory": np.array([sum(self.cells[g][1] for g in r) for r in rr]),
            "cross": None, "min_delay": None}

    def add_pieces(self, stats, part):
        """Pieces of split cells: each rank gets its pieces' planned cost, a cell (counted
        once, where its root piece is) and memory in proportion to the cost."""
        stats["cost"] = stats["cost"].astype(float)
        stats["memory"] = stats["memory"].astype(float)
        for gid, cut in part.get("cuts", {}).items():
            cost, memory = self.cells[int(gid)]
            hosts = [r for g, _, r in sorted(part["pieces"]) if g == int(gid)]
            for rank, load in zip(hosts, cut["loads"]):
                stats["cost"][rank] += load
                stats["memory"][rank] += memory * load / cost if cost > 0 else 0.0
            stats["cells"][hosts[0]] += 1

    @staticmethod
    def imbalance(values):
        return float(values.max() / values.mean()) if values.mean() > 0 else 1.0

    def table(self):
        lines = [f"{self.nranks} ranks, {len(self.cells)} gids"]
        for mode, m in self.modes.items():
            lines.append(f"\n{mode}: imbalance cost {self.imbalance(m['cost']):.3f}, memory "
                         f"{self.imbalance(m['memory']):.3f}"
                         + ("" if m["cross"] is None else
                            f"; {m['cross']} cross-rank NetCons, min delay {m['min_delay']}"))
            lines.append("%5s %7s %14s %12s" % ("rank", "cells", "cost(ms/ms)", "memory(kB)"))
            for r in range(self.nranks):
                lines.append("%5d %7d %14.4f %12.1f" % (r, m["cells"][r], m["cost"][r] * 1e3,
                                                         m["memory"][r] / 1e3))
        return "\n".join(lines)

    def figure(self, path=None):
        import matplotlib
        if path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
        ranks = np.arange(self.nranks)
        width = 0.8 / len(self.modes)
        for k, (mode, m) in enumerate(self.modes.items()):
            for ax, key, scale in ((axes[0], "cost", 1e3), (axes[1], "memory", 1e-3)):
                vals = m[key] * scale
                ax.bar(ranks + (k - (len(self.modes) - 1) / 2) * width, vals, width,
                       label=f"{mode} ({self.imbalance(m[key]):.2f})")
        axes[0].set_ylabel("computation (ms per ms simulated)")
        axes[1].set_ylabel("memory (kB of engine arrays)")
        for ax, title in zip(axes, ("cost model", "memory")):
            ax.set_xlabel("rank")
            ax.set_xticks(ranks)
            ax.set_title(f"{title} per rank (max/mean in legend)", fontsize=9)
            ax.legend(fontsize=7)
        fig.tight_layout()
        if path is not None:
            fig.savefig(path, dpi=110)
        return fig


def allocation_stats(data):
    return AllocationStats(data)
