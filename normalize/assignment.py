"""The optimal one-to-one assignment of rows to columns of a weight matrix.

A port of the shortest augmenting path algorithm that `scipy.optimize.linear_sum_assignment`
uses (Crouse, "On implementing 2D rectangular assignment algorithms", 2016), step for step and
with the same tie-breaking, so it returns exactly what scipy returns; tests/test_assignment.py
checks that against scipy itself. It exists because importing scipy.optimize took about 0.25 s,
nearly half the start-up of a whole regeneration, for one call on a 122 x 200 matrix.
"""

from __future__ import annotations

import numpy as np


def _augmenting_path(
    cost: np.ndarray, u: np.ndarray, v: np.ndarray, path: np.ndarray, row4col: np.ndarray, start: int
) -> tuple[int, float, np.ndarray, np.ndarray, np.ndarray]:
    """Dijkstra over the columns from row `start`: the free column reached at least reduced cost."""
    n_rows, n_cols = cost.shape
    remaining = np.arange(n_cols - 1, -1, -1)  # scipy scans the columns in this order
    n_remaining = n_cols
    shortest = np.full(n_cols, np.inf)
    visited_rows = np.zeros(n_rows, dtype=bool)
    visited_cols = np.zeros(n_cols, dtype=bool)
    min_val = 0.0
    i = start
    while True:
        visited_rows[i] = True
        cols = remaining[:n_remaining]
        reduced = min_val + cost[i, cols] - u[i] - v[cols]
        better = reduced < shortest[cols]
        path[cols[better]] = i
        shortest[cols[better]] = reduced[better]
        candidates = shortest[cols]
        lowest = candidates.min()
        if lowest == np.inf:
            raise ValueError("cost matrix is infeasible")
        ties = np.flatnonzero(candidates == lowest)
        free = ties[row4col[cols[ties]] == -1]
        # scipy keeps the first column at the lowest cost, or the last one that is still free
        index = int(free[-1]) if free.size else int(ties[0])
        min_val = float(lowest)
        j = int(remaining[index])
        visited_cols[j] = True
        n_remaining -= 1
        remaining[index] = remaining[n_remaining]
        if row4col[j] == -1:
            return j, min_val, shortest, visited_rows, visited_cols
        i = int(row4col[j])


def linear_sum_assignment(weights: np.ndarray, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the assignment with the least (or, with `maximize`, the greatest) total,
    every row assigned when there are no more rows than columns (else every column)."""
    cost = np.asarray(weights, dtype=float)
    if cost.ndim != 2:
        raise ValueError("expected a matrix")
    if cost.size == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    transposed = cost.shape[1] < cost.shape[0]
    if transposed:
        cost = cost.T
    if maximize:
        cost = -cost
    n_rows, n_cols = cost.shape
    u = np.zeros(n_rows)
    v = np.zeros(n_cols)
    path = np.full(n_cols, -1, dtype=int)
    col4row = np.full(n_rows, -1, dtype=int)
    row4col = np.full(n_cols, -1, dtype=int)
    for current in range(n_rows):
        sink, min_val, shortest, visited_rows, visited_cols = _augmenting_path(cost, u, v, path, row4col, current)
        u[current] += min_val
        others = visited_rows.copy()
        others[current] = False
        u[others] += min_val - shortest[col4row[others]]
        v[visited_cols] -= min_val - shortest[visited_cols]
        j = sink
        while True:
            i = int(path[j])
            row4col[j] = i
            col4row[i], j = j, int(col4row[i])
            if i == current:
                break
    if transposed:
        order = np.argsort(col4row, kind="stable")
        return col4row[order], order
    return np.arange(n_rows), col4row
