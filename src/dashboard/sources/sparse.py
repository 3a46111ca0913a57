"""Cells found one by one -> a compact grid of only the rows and columns that hold something.

A sheet whose filled cells are few but far apart (A1 and XFD1048576) becomes a 2 × 2 grid
that remembers where each row and column was, instead of a block of seventeen billion blanks.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

from dashboard.errors import TooManyCells


@dataclass(frozen=True)
class Compact:
    """A compact grid: `rows[i][j]` is the cell at row `row_offsets[i]` and column
    `column_offsets[j]`, counted from `top` and `left` (0-based)."""

    rows: list[list[Any]]
    top: int
    left: int
    row_offsets: list[int]
    column_offsets: list[int]

    @property
    def area(self) -> int:
        return len(self.rows) * len(self.column_offsets)


class Cells:
    """Filled cells as they are found, never more than `limit` of them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.rows = array("q")
        self.columns = array("q")
        self.values: list[Any] = []

    def __len__(self) -> int:
        return len(self.values)

    def add(self, row: int, column: int, value: Any) -> None:
        if value is None or value == "":
            return
        if len(self.values) >= self.limit:
            raise TooManyCells
        self.rows.append(row)
        self.columns.append(column)
        self.values.append(value)

    def add_block(self, row: int, column: int, rows: int, columns: int, value: Any) -> None:
        """One value repeated over a block (ODS writes repeats as a count); counted first."""
        if value is None or value == "":
            return
        if len(self.values) + rows * columns > self.limit:
            raise TooManyCells
        for r in range(row, row + rows):
            for c in range(column, column + columns):
                self.add(r, c, value)

    def used(self) -> tuple[list[int], list[int]]:
        """The rows and the columns that hold at least one cell, in order."""
        return sorted(set(self.rows)), sorted(set(self.columns))

    def compact(self) -> Compact:
        """The grid of used rows × used columns; a later cell at the same place wins."""
        rows, columns = self.used()
        if not rows:
            return Compact([], 0, 0, [], [])
        top, left = rows[0], columns[0]
        row_at = {r: i for i, r in enumerate(rows)}
        column_at = {c: j for j, c in enumerate(columns)}
        grid: list[list[Any]] = [[None] * len(columns) for _ in rows]
        for r, c, value in zip(self.rows, self.columns, self.values, strict=True):
            grid[row_at[r]][column_at[c]] = value
        return Compact(grid, top, left, [r - top for r in rows], [c - left for c in columns])
