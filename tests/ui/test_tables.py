"""Tables as cached Arrow: built once per view and parameters, only the columns asked for."""

import pandas as pd
import pyarrow as pa
from fixtures import PERIOD, tiny_data

from dashboard.ui.tables import table_data, to_arrow
from dashboard.ui.view import View
from dashboard.validate import ValidationReport

BUILT: list[int] = []


def _rows(view: View, *, top: int) -> pd.DataFrame:
    BUILT.append(top)
    return pd.DataFrame({"name": ["a", "b", "c"], "n": [3, 2, 1], "hidden": [0, 0, 0]}).head(top)


def test_only_the_columns_asked_for_in_their_order_and_built_once():
    view = View(tiny_data(), PERIOD, ValidationReport(), 5)
    table = table_data(view, _rows, columns=["n", "name"], top=2)
    assert isinstance(table, pa.Table)
    assert table.column_names == ["n", "name"] and table.num_rows == 2
    assert table_data(view, _rows, columns=["n", "name"], top=2) is table
    table_data(view, _rows, top=3)
    assert BUILT == [2, 3]


def test_mixed_type_columns_are_sent_as_text_not_refused():
    table = to_arrow(pd.DataFrame({"value": [1, "two", None]}, dtype=object))
    assert table.column("value").to_pylist()[:2] == ["1", "two"]
