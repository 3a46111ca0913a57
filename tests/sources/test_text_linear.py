"""Text handling takes time in proportion to the text: no header or value, however long or
repetitive, may hold the app (every session shares one interpreter) for long."""

from __future__ import annotations

import contextlib
import re
import time
import unicodedata

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import coerce
from dashboard.errors import CsvUnreadable
from dashboard.sources import mapping
from dashboard.sources.csv_rows import read_csv_rows
from dashboard.sources.detect import sheet_data, table_by_name
from dashboard.sources.spreadsheet import Grid

# Repetitions of a short unit are what make backtracking patterns blow up ('AAAA…', '((((…').
REPEATED = st.builds(
    lambda unit, times: unit * times,
    st.text(alphabet="aA0 _-#([)]/:.,Zz\t", min_size=1, max_size=4),
    st.integers(5_000, 20_000),
)
LONG = st.one_of(REPEATED, st.text(min_size=5_000, max_size=20_000))
SECOND = 1.0
SLOW = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _timed(work) -> float:
    """CPU seconds of this process: the work done, whatever else the machine is running."""
    started = time.process_time()
    work()
    return time.process_time() - started


@SLOW
@given(LONG)
def test_header_handling_stays_under_a_second(text):
    def work():
        mapping.normalise_header(text)
        mapping._variants(text)
        mapping.known_header(text)
        mapping.match_columns("sessions", [text, text.upper(), "Meeting Date"])
        table_by_name(Grid("x.csv", text, pd.DataFrame(), only_sheet=False))

    assert _timed(work) < SECOND


@SLOW
@given(LONG)
def test_value_handling_stays_under_a_second(text):
    values = pd.Series([text, text.upper(), "2025-01-02"], dtype=object)

    def work():
        coerce.dates(values, dayfirst=True)
        coerce.date_order(values)
        coerce.enums(values, ("held", "cancelled"))
        coerce.obstacle_categories(values)
        coerce.integers(values)
        coerce.ids(values)
        coerce.booleans(values)
        coerce.excel_errors(values)
        coerce.why_not("date", text)

    assert _timed(work) < SECOND


@SLOW
@given(st.one_of(LONG, st.integers(1_000, 16_000).map(lambda n: "," * n)))
def test_a_long_or_wide_csv_header_stays_under_a_second(text):
    data = ("employee_id,department," + text.replace("\n", " ") + "\nE1,Sales,x\n").encode()

    def work():
        # Wider than a sheet can be is refused, which is as good as read.
        with contextlib.suppress(CsvUnreadable):
            sheet_data(_grid(data))

    assert _timed(work) < SECOND


def _grid(data: bytes) -> Grid:
    rows = read_csv_rows("x.csv", data).rows
    return Grid("x.csv", None, pd.DataFrame(rows, dtype=object))


def _quadratic_normalise(header: object) -> str:
    """The former normalisation, with its backtracking patterns: fine on short headers."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    return coerce.normalise_token(text.replace("#", " number "))


@settings(max_examples=500)
@given(st.text(alphabet="aAbBzZ09 _-#()éÉ", max_size=40))
def test_linear_normalisation_gives_the_same_names_as_before(header):
    assert mapping.normalise_header(header) == _quadratic_normalise(header)


def test_a_long_header_is_compared_by_its_start():
    assert mapping.normalise_header("Employee ID" + " notes" * 10_000) == mapping.normalise_header(
        ("Employee ID" + " notes" * 10_000)[: mapping.MAX_HEADER_CHARS]
    )
