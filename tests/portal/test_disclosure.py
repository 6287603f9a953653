"""The small-number rule: single counts, tables with totals, series over time."""

import itertools
import random

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import disclosure
from portal.disclosure import TOTAL, Suppressed


def test_single_count_below_the_minimum_is_a_marker_zero_and_larger_counts_are_shown(settings):
    settings.DISCLOSURE_MIN_COUNT = 3
    assert disclosure.count(0) == 0
    assert disclosure.count(1) == Suppressed(3)
    assert disclosure.count(2) == Suppressed(3)
    assert disclosure.count(3) == 3
    settings.DISCLOSURE_MIN_COUNT = 5
    assert disclosure.count(4) == Suppressed(5)


def test_marker_renders_in_both_languages():
    marker = Suppressed(3)
    with translation.override("fr"):
        assert str(marker) == "moins de 3"
        assert Template("{% load disclosure_tags %}{{ n|disclosed }}").render(Context({"n": 2})) == "moins de 3"
    with translation.override("en"):
        assert str(marker) == "fewer than 3"
        assert Template("{% load disclosure_tags %}{{ n|disclosed }}").render(Context({"n": 2})) == "fewer than 3"
        assert Template("{% load disclosure_tags %}{{ n|disclosed }}").render(Context({"n": 7})) == "7"


def test_banded_counts_never_differ_by_less_than_the_minimum():
    published = {disclosure.banded(n, minimum=3) for n in range(0, 40)}
    for a, b in itertools.combinations(published, 2):
        assert abs(a - b) >= 3


def test_list_with_total_hides_a_second_cell_when_one_is_small():
    values, total = disclosure.suppress_list([("a", 10), ("b", 1), ("c", 7)], minimum=3)
    shown = dict(values)
    assert shown["b"] == Suppressed(3)
    # Otherwise b = total - a - c.
    assert shown["c"] == Suppressed(3)
    assert shown["a"] == 10
    assert total == 18


def test_list_whose_total_is_small_hides_everything():
    values, total = disclosure.suppress_list({"a": 1, "b": 0}, minimum=3)
    assert dict(values)["a"] == Suppressed(3)
    assert total == Suppressed(3)


def test_list_without_small_cells_is_untouched():
    values, total = disclosure.suppress_list({"a": 4, "b": 0, "c": 3}, minimum=3)
    assert values == [("a", 4), ("b", 0), ("c", 3)]
    assert total == 7


def _recomputable(table) -> list:
    """Hidden cells of the table that the visible cells and margins pin down: solve the line equations
    exactly (small tables: Gaussian elimination over fractions) and report every hidden cell whose value is
    fixed in every solution."""
    from fractions import Fraction

    rows, columns = [*table.rows, TOTAL], [*table.columns, TOTAL]
    hidden = sorted(table.hidden, key=repr)
    index = {key: i for i, key in enumerate(hidden)}
    equations = []  # rows of coefficients for hidden cells = constant from visible cells

    def line_equation(keys):
        coefficients = [Fraction(0)] * len(hidden)
        constant = Fraction(0)
        *parts, total = keys
        for key, sign in [*((k, 1) for k in parts), (total, -1)]:
            if key in index:
                coefficients[index[key]] += sign
            else:
                constant -= sign * table.raw(*key)
        return coefficients + [constant]

    for row in rows:
        equations.append(line_equation([(row, column) for column in columns]))
    for column in columns:
        equations.append(line_equation([(row, column) for row in rows]))
    # Row-reduce; a variable is determined iff its unit vector lies in the row space.
    matrix = [eq[:] for eq in equations]
    pivots = []
    r = 0
    for c in range(len(hidden)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        matrix[r] = [x / matrix[r][c] for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [x - factor * y for x, y in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    determined = []
    for i, c in enumerate(pivots):
        if all(matrix[i][k] == 0 for k in range(len(hidden)) if k != c):
            determined.append(hidden[c])
    return determined


def test_table_with_totals_small_cell_cannot_be_recomputed():
    cells = {("cisss", "school"): 1, ("cisss", "food"): 8, ("aibsl", "school"): 6, ("aibsl", "food"): 9}
    table = disclosure.suppress_table(cells, minimum=3)
    assert table.value("cisss", "school") == Suppressed(3)
    assert _recomputable(table) == []
    # Every line hides none, or at least two cells.
    for row in [*table.rows, TOTAL]:
        assert sum(1 for column in [*table.columns, TOTAL] if (row, column) in table.hidden) != 1
    for column in [*table.columns, TOTAL]:
        assert sum(1 for row in [*table.rows, TOTAL] if (row, column) in table.hidden) != 1


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_leave_a_hidden_cell_recomputable(seed):
    rng = random.Random(seed)
    rows = [f"r{i}" for i in range(rng.randint(1, 5))]
    columns = [f"c{j}" for j in range(rng.randint(1, 5))]
    cells = {(r, c): rng.choice([0, 0, 1, 2, 3, 4, 5, 9, 15]) for r in rows for c in columns}
    table = disclosure.suppress_table(cells, rows=rows, columns=columns, minimum=3)
    for key, n in cells.items():
        if 0 < n < 3:
            assert table.value(*key) == Suppressed(3)
        elif key not in table.hidden:
            assert table.value(*key) == n
    assert _recomputable(table) == []


def test_bridge_between_two_blocks_of_hidden_cells_is_hidden_again():
    # Two 2x2 blocks of small cells joined by one small cell: each line hides two cells, yet the joining
    # cell could be recomputed without a cycle through it.
    cells = {}
    for r, c in [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("c", "z"), ("c", "w"), ("d", "z"), ("d", "w")]:
        cells[(r, c)] = 2
    cells[("b", "z")] = 1
    rows, columns = ["a", "b", "c", "d", "e"], ["x", "y", "z", "w", "v"]
    for r in rows:
        for c in columns:
            cells.setdefault((r, c), 10)
    table = disclosure.suppress_table(cells, rows=rows, columns=columns, minimum=3)
    assert _recomputable(table) == []


def test_as_rows_gives_cells_then_totals():
    table = disclosure.suppress_table({("a", "x"): 5, ("a", "y"): 4, ("b", "x"): 3, ("b", "y"): 6}, minimum=3)
    assert table.as_rows() == [("a", [5, 4, 9]), ("b", [3, 6, 9]), (TOTAL, [8, 10, 18])]
    assert table.grand_total == 18
