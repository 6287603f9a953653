"""The one small-number rule for every count the product shows or exports about people.

A count of 1 or 2 referrals between two organisations, or 2 households that left in June, can point to a
person. Everything published or shared (statistics page and CSV, network referral layer, public figures)
goes through this module:

- `count(n)` — a single count: `n` itself, or a `Suppressed` marker ("fewer than 3" / "moins de 3") when
  0 < n < `DISCLOSURE_MIN_COUNT`. Zero is shown: it says nobody, which points to nobody.
- `suppress_table(cells)` — a table with row, column and grand totals. Small cells are hidden (primary
  suppression), then more cells are hidden (secondary suppression) until no hidden cell can be recomputed
  from its row or column and the totals: every line of the table (a row with its total, a column with its
  total, the totals with the grand total) hides either nothing, or at least two cells whose sum is at least
  the minimum.
- `suppress_list(counts)` — the same rule for a one-way breakdown and its total.
- `banded(n)` — a count rounded down to a multiple of the minimum, for series published at several dates
  (the network at several `as_of` dates): two published values then differ by 0 or by at least the
  minimum, so comparing them never reveals one or two events.

The threshold is one setting, `DISCLOSURE_MIN_COUNT` (default 3).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext

TOTAL = "__total__"  # the key of the totals row and column in a SuppressedTable


def min_count() -> int:
    return max(1, int(getattr(settings, "DISCLOSURE_MIN_COUNT", 3)))


class Suppressed:
    """A hidden count. Renders as "fewer than N" in the active language (templates, CSV cells), compares
    equal to other markers with the same threshold, and is never mistaken for a number."""

    suppressed = True
    __slots__ = ("minimum",)

    def __init__(self, minimum: int):
        self.minimum = minimum

    def __str__(self) -> str:
        return gettext("fewer than %(n)d") % {"n": self.minimum}

    def __html__(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Suppressed(<{self.minimum})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Suppressed) and other.minimum == self.minimum

    def __hash__(self) -> int:
        return hash(("Suppressed", self.minimum))

    def short(self) -> str:
        """A compact form for narrow table cells: "< 3"."""
        return gettext("< %(n)d") % {"n": self.minimum}


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def is_small(n: int, minimum: int | None = None) -> bool:
    minimum = min_count() if minimum is None else minimum
    return 0 < n < minimum


def count(n: int, *, minimum: int | None = None) -> int | Suppressed:
    """A single published count: the number, or a `Suppressed` marker when it is small but not zero."""
    minimum = min_count() if minimum is None else minimum
    return Suppressed(minimum) if is_small(n, minimum) else n


def banded(n: int, *, minimum: int | None = None) -> int:
    """`n` rounded down to a multiple of the minimum (0, 3, 6, …): for counts published at several dates,
    so that no two published values differ by less than the minimum."""
    minimum = min_count() if minimum is None else minimum
    return (n // minimum) * minimum


@dataclass
class SuppressedTable:
    """A two-way table after suppression. `value(row, column)` gives an int or a `Suppressed` marker; use
    `TOTAL` as the row or column key for the margins (`value(TOTAL, TOTAL)` is the grand total)."""

    rows: list
    columns: list
    minimum: int
    _values: dict = field(default_factory=dict)
    hidden: set = field(default_factory=set)

    def raw(self, row, column) -> int:
        return self._values.get((row, column), 0)

    def value(self, row, column) -> int | Suppressed:
        if (row, column) in self.hidden:
            return Suppressed(self.minimum)
        return self.raw(row, column)

    def row_total(self, row):
        return self.value(row, TOTAL)

    def column_total(self, column):
        return self.value(TOTAL, column)

    @property
    def grand_total(self):
        return self.value(TOTAL, TOTAL)

    def as_rows(self, *, with_totals: bool = True) -> list[tuple]:
        """(row key, [values…, row total]) for each row, then the totals row under the key `TOTAL`."""
        columns = [*self.columns, TOTAL] if with_totals else list(self.columns)
        rows = [*self.rows, TOTAL] if with_totals else list(self.rows)
        return [(row, [self.value(row, column) for column in columns]) for row in rows]


def _lines(rows: list, columns: list) -> list[list[tuple]]:
    """Every additive line of the table with its margins: each row with its total, each column with its
    total, and the totals row and column with the grand total."""
    all_rows, all_columns = [*rows, TOTAL], [*columns, TOTAL]
    lines = [[(row, column) for column in all_columns] for row in all_rows]
    lines += [[(row, column) for row in all_rows] for column in all_columns]
    return lines


def _suppress(values: dict, lines: list[list], minimum: int) -> set:
    """Primary then secondary suppression over additive `lines` (each a list of keys of `values` whose
    last key is the line's total). Returns the hidden keys."""
    hidden = {key for key, n in values.items() if is_small(n, minimum)}
    order = {key: index for index, key in enumerate(values)}

    def cost(key):
        # Smallest non-zero inner cells first; zero cells and totals only when nothing else is left.
        n = values[key]
        is_margin = key == TOTAL or (isinstance(key, tuple) and TOTAL in key)
        return (is_margin, n == 0, n, order[key])

    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_here = [key for key in line if key in hidden]
            if not hidden_here:
                continue
            if len(hidden_here) >= 2 and sum(values[key] for key in hidden_here) >= minimum:
                continue
            candidates = sorted((key for key in line if key not in hidden), key=cost)
            if candidates:  # else the whole line is hidden: nothing can be recomputed from it
                hidden.add(candidates[0])
                changed = True
        if not changed:
            extra = _bridge_breaker(values, lines, hidden, cost)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return hidden


def _bridge_breaker(values: dict, lines: list[list], hidden: set, cost):
    """In a two-way table, each hidden cell is an edge between its row line and its column line, and the
    line equations leave a hidden cell free exactly when it lies on a cycle of hidden cells. A hidden cell
    that is a bridge (say two blocks of hidden cells joined by one cell) can be recomputed even though its
    row and column each hide two cells. Returns the cheapest visible cell that closes a cycle through the
    first such bridge, or None."""
    lines_of = {}
    for index, line in enumerate(lines):
        for key in line:
            lines_of.setdefault(key, []).append(index)
    if any(len(found) != 2 for found in lines_of.values()):
        return None  # not a two-way table (a one-way list): the line rule is the whole rule
    adjacency = {}
    for key in hidden:
        a, b = lines_of[key]
        adjacency.setdefault(a, []).append((b, key))
        adjacency.setdefault(b, []).append((a, key))

    def reachable(start, without):
        seen, stack = {start}, [start]
        while stack:
            for neighbour, key in adjacency.get(stack.pop(), ()):
                if key != without and neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
        return seen

    for key in sorted(hidden, key=cost):
        a, b = lines_of[key]
        side = reachable(a, key)
        if b in side:
            continue  # on a cycle: free
        other_side = reachable(b, key)
        crossing = [other for other, (x, y) in lines_of.items()
                    if other not in hidden and ((x in side and y in other_side) or (y in side and x in other_side))]
        if crossing:
            return min(crossing, key=cost)
    return None


def suppress_table(cells: Mapping[tuple[Hashable, Hashable], int], *, rows: Iterable | None = None,
                   columns: Iterable | None = None, minimum: int | None = None) -> SuppressedTable:
    """Hide every small cell and enough others that none can be recomputed from the totals.

    `cells` maps (row key, column key) to a count; missing cells count 0. `rows` and `columns` give the
    order (default: the order keys first appear in `cells`). Secondary cells are chosen smallest first,
    inner cells before totals, so that as much as possible stays visible."""
    minimum = min_count() if minimum is None else minimum
    rows = list(dict.fromkeys(rows if rows is not None else (row for row, _ in cells)))
    columns = list(dict.fromkeys(columns if columns is not None else (column for _, column in cells)))
    values = {(row, column): int(cells.get((row, column), 0)) for row in rows for column in columns}
    for row in rows:
        values[(row, TOTAL)] = sum(values[(row, column)] for column in columns)
    for column in columns:
        values[(TOTAL, column)] = sum(values[(row, column)] for row in rows)
    values[(TOTAL, TOTAL)] = sum(values[(row, TOTAL)] for row in rows)

    hidden = _suppress(values, _lines(rows, columns), minimum)
    return SuppressedTable(rows=rows, columns=columns, minimum=minimum, _values=values, hidden=hidden)


def suppress_list(counts: Mapping[Hashable, int] | Iterable[tuple[Hashable, int]], *,
                  minimum: int | None = None) -> tuple[list[tuple[Hashable, int | Suppressed]], int | Suppressed]:
    """A one-way breakdown and its total, suppressed together: ([(key, value), …], total)."""
    minimum = min_count() if minimum is None else minimum
    items = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    values = {key: int(n) for key, n in items}
    values[TOTAL] = sum(values[key] for key, _ in items)
    hidden = _suppress(values, [[*(key for key, _ in items), TOTAL]], minimum)

    def shown(key):
        return Suppressed(minimum) if key in hidden else values[key]

    return [(key, shown(key)) for key, _ in items], shown(TOTAL)
