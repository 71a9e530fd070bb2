"""normalize.assignment returns exactly what scipy's linear_sum_assignment returns (scipy is a
test-only dependency: the oracle)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment as scipy_assignment

from tipmatrix.normalize.assignment import linear_sum_assignment

# Small integer weights make many ties, where the choice among equal optima is the tie-breaking's.
WEIGHTS = st.integers(1, 9).flatmap(
    lambda n: st.integers(1, 9).flatmap(
        lambda m: arrays(np.float64, (n, m), elements=st.sampled_from([0.0, 1.0, 2.0, 0.5, 3.25, 7.0]))
    )
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(WEIGHTS, st.booleans())
def test_same_assignment_as_scipy(weights, maximize):
    ours = linear_sum_assignment(weights, maximize=maximize)
    theirs = scipy_assignment(weights, maximize=maximize)
    assert ours[0].tolist() == theirs[0].tolist()
    assert ours[1].tolist() == theirs[1].tolist()


def test_a_small_case_by_hand():
    weights = np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]])
    rows, cols = linear_sum_assignment(weights)
    assert (rows.tolist(), cols.tolist()) == ([0, 1, 2], [1, 0, 2])
    assert weights[rows, cols].sum() == 5.0
    rows, cols = linear_sum_assignment(weights, maximize=True)
    assert weights[rows, cols].sum() == 11.0  # 4 + 5 + 2


def test_more_rows_than_columns_assigns_every_column():
    weights = np.array([[1.0, 9.0], [5.0, 2.0], [0.0, 4.0]])
    rows, cols = linear_sum_assignment(weights)
    assert (rows.tolist(), cols.tolist()) == ([1, 2], [1, 0])


def test_an_infeasible_matrix_is_refused():
    with pytest.raises(ValueError):
        linear_sum_assignment(np.full((2, 2), np.inf))
