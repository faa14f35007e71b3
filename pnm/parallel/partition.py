"""Partitioning gids over ranks by weight: greedy LPT (largest first onto the least loaded
rank), and a graph partition that first keeps short-delay NetCons inside a rank (so the
min cross-rank delay, hence the exchange interval, is as long as balance allows), then moves
single gids to the rank holding most of their neighbours while balance stays within bounds."""

import heapq
from collections import defaultdict

import numpy as np


def lpt(weights, nranks):
    """weights: {key: weight} (key a gid, or a tuple of gids for a cluster).
    Returns [[keys] per rank]. Deterministic: ties broken by key."""
    order = sorted(weights, key=lambda k: (-weights[k], k))
    heap = [(0.0, r) for r in range(nranks)]
    ranks = [[] for _ in range(nranks)]
    for key in order:
        load, r = heapq.heappop(heap)
        ranks[r].append(key)
        heapq.heappush(heap, (load + weights[key], r))
    return ranks


def imbalance_of(ranks, weight):
    totals = np.array([sum(weight[g] for g in gids) for gids in ranks], dtype=float)
    return float(totals.max() / totals.mean()) if totals.mean() > 0 else 1.0


def _clusters(gids, edges, below):
    """Union-find: gids joined by an edge with delay < below."""
    parent = {g: g for g in gids}

    def find(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g
    for src, tgt, delay in edges:
        if delay < below and src in parent and tgt in parent:
            a, b = find(src), find(tgt)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups = defaultdict(list)
    for g in gids:
        groups[find(g)].append(g)
    return [tuple(sorted(c)) for c in groups.values()]


def _pack(weights, edges, nranks, below):
    clusters = _clusters(sorted(weights), edges, below)
    cw = {c: sum(weights[g] for g in c) for c in clusters}
    return [sorted(g for c in part for g in c) for part in lpt(cw, nranks)]


def graph_partition(weights, edges, nranks, tolerance=0.05):
    """[[gids] per rank]: balanced within 1 + tolerance of the mean where LPT can be, the
    largest min cross-rank delay found for that, then fewer cross-rank NetCons."""
    delays = sorted(set(float(d) for _, _, d in edges))
    candidates = delays + [float("inf")]
    best = _pack(weights, edges, nranks, candidates[0])
    limit = max(1.0 + tolerance, imbalance_of(best, weights))
    lo, hi, best_below = 0, len(candidates) - 1, candidates[0]
    while lo < hi:                      # the largest threshold that still balances
        mid = (lo + hi + 1) // 2
        ranks = _pack(weights, edges, nranks, candidates[mid])
        if imbalance_of(ranks, weights) <= limit:
            best, best_below, lo = ranks, candidates[mid], mid
        else:
            hi = mid - 1
    return refine(best, weights, edges, limit, best_below)


def refine(ranks, weights, edges, limit, keep_below, passes=3):
    """Move single gids to the rank with most of their neighbours when that cuts cross-rank
    NetCons, keeps every rank under limit * mean, and keeps NetCons with delay < keep_below
    inside a rank."""
    rank_of = {g: r for r, gids in enumerate(ranks) for g in gids}
    neighbours = defaultdict(list)
    for src, tgt, delay in edges:
        if src in rank_of and tgt in rank_of and src != tgt:
            neighbours[src].append((tgt, delay))
            neighbours[tgt].append((src, delay))
    totals = [sum(weights[g] for g in gids) for gids in ranks]
    cap = limit * sum(totals) / len(ranks)
    for _ in range(passes):
        moved = 0
        for g in sorted(rank_of):
            here = rank_of[g]
            if any(d < keep_below for _, d in neighbours[g]):
                continue            # bound to its short-delay cluster
            count = defaultdict(int)
            for other, _ in neighbours[g]:
                count[rank_of[other]] += 1
            if not count:
                continue
            dest = max(sorted(count), key=lambda r: count[r])
            if dest == here or count[dest] <= count[here] or totals[dest] + weights[g] > cap:
                continue
            rank_of[g] = dest
            totals[here] -= weights[g]
            totals[dest] += weights[g]
            moved += 1
        if not moved:
            break
    out = [[] for _ in ranks]
    for g, r in rank_of.items():
        out[r].append(g)
    return [sorted(gids) for gids in out]


def cross_rank(ranks, edges):
    """(number of cross-rank gid NetCons, their min delay or None)."""
    rank_of = {g: r for r, gids in enumerate(ranks) for g in gids}
    cross = [d for s, t, d in edges if s in rank_of and t in rank_of and rank_of[s] != rank_of[t]]
    return len(cross), (min(cross) if cross else None)
