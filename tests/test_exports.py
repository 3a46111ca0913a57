"""Exports: formula injection is neutralised; file names say what is inside."""

import datetime as dt
import io
from dataclasses import replace

import pandas as pd
from fixtures import PERIOD
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from dashboard.exports import file_stem, neutralise, to_csv, to_xlsx

RISKY = pd.DataFrame(
    {
        "name": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain", None],
        "count": [1, -2, 3, 4, 5, 6],
    }
)


def test_text_cells_starting_with_formula_characters_are_quoted():
    out = neutralise(RISKY)
    assert out["name"].tolist()[:5] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "plain",
    ]
    assert pd.isna(out["name"].iloc[5])
    assert out["count"].tolist() == [1, -2, 3, 4, 5, 6]  # numbers are not formulas


def test_csv_and_xlsx_are_safe():
    csv = to_csv(RISKY).decode()
    assert "\n=" not in csv and ",=" not in csv
    book = CalamineWorkbook.from_filelike(io.BytesIO(to_xlsx(RISKY, "data")))
    cells = [row[0] for row in book.get_sheet_by_name("data").to_python()[1:]]
    assert all(not str(c).startswith(("=", "+", "-", "@")) for c in cells)


@given(st.lists(st.text(max_size=8), min_size=1, max_size=20))
def test_no_cell_of_any_text_starts_a_formula(texts):
    out = neutralise(pd.DataFrame({"t": texts}))
    assert not out["t"].str.startswith(("=", "+", "-", "@", "\t", "\r")).any()


def test_file_stem_names_filters_and_date():
    f = replace(PERIOD, departments=("Operations", "R&D"), kinds=("coaching",))
    stem = file_stem("departments", f, dt.date(2026, 11, 23))
    assert stem == "departments_20250101-20251231_Operations+R-D_coaching_made20261123"
