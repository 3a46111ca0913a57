"""is_in agrees with pandas' isin for id columns, missing values included."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.membership import is_in

ids = st.lists(st.one_of(st.none(), st.sampled_from(["E1", "E2", "E10", "R7", ""])), max_size=30)


@given(ids, ids)
def test_same_answer_as_pandas(column, pool):
    series = pd.Series(column, dtype="str")
    expected = series.isin([p for p in pool if p is not None]) & series.notna()
    got = is_in(series, pd.Series(pool, dtype="str"))
    assert got.tolist() == expected.tolist()
    assert got.index.equals(series.index)


def test_plain_python_pool_and_object_column():
    assert is_in(pd.Series(["a", "b"], index=[5, 6]), ("b",)).to_dict() == {5: False, 6: True}
    assert is_in(pd.Series(["a", None], dtype=object), {"a"}).tolist() == [True, False]
