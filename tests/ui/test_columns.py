"""The column registry: every column a page shows has a title, shared columns keep the
registry's type, dates one format; and the table height rule."""

import json

import pytest
import streamlit as st
from apptest_helpers import open_page

from dashboard.ui.columns import COLUMNS, DATE_FORMAT, column_configs, table_height

PAGES = [
    "app_pages/overview.py",
    "app_pages/managers.py",
    "app_pages/participation.py",
    "app_pages/goals.py",
    "app_pages/obstacles.py",
    "app_pages/successes.py",
    "app_pages/data.py",
]
SHARED = ["participant", "coach", "department", "manager", "start_date", "end_date"]


def _shown(page: str) -> list[tuple[str, dict]]:
    """(column, its config) for every column a table on `page` shows."""
    shown = []
    for table in open_page(page).dataframe:
        configs = json.loads(table.proto.columns or "{}")
        order = list(table.proto.column_order) or list(table.value.columns)
        shown += [(name, configs.get(name, {})) for name in order]
    return shown


@pytest.mark.parametrize("page", PAGES)
def test_every_shown_column_has_a_title_and_shared_ones_their_type(demo_env, page):
    shown = _shown(page)
    assert shown
    for name, config in shown:
        assert config.get("label"), f"{name} is shown under its raw name"
        kind = config.get("type_config", {}).get("type")
        if name in COLUMNS:
            assert kind == COLUMNS[name]["type_config"]["type"], name
        if kind == "date":
            assert config["type_config"]["format"] == DATE_FORMAT, name


def test_shared_columns_are_registered_with_dates_in_one_format():
    assert set(SHARED) <= set(COLUMNS)
    dates = [c for c in COLUMNS.values() if c["type_config"]["type"] == "date"]
    assert dates
    assert {c["type_config"]["format"] for c in dates} == {DATE_FORMAT}


def test_a_bare_title_keeps_the_registered_type_and_format():
    configs = column_configs(["start_date"], {"start_date": "Starts"})
    assert configs["start_date"]["label"] == "Starts"
    assert configs["start_date"]["type_config"] == COLUMNS["start_date"]["type_config"]


def test_an_override_replaces_and_only_the_pinned_column_is_pinned():
    own = st.column_config.NumberColumn("Days early")
    configs = column_configs(["participant", "days_early"], {"days_early": own}, "participant")
    assert configs["days_early"] == own
    assert configs["participant"]["pinned"] is True
    assert not COLUMNS["participant"].get("pinned")
    assert not configs["days_early"].get("pinned")


def test_a_column_in_neither_registry_nor_overrides_is_left_to_streamlit():
    assert column_configs(["unheard_of"]) == {}


@pytest.mark.parametrize(
    ("rows", "max_height", "height"),
    [(0, 420, 71), (1, 420, 71), (3, 420, 141), (10, 420, 386), (11, 420, 420), (500, 360, 360)],
)
def test_height_fits_the_rows_up_to_the_cap(rows, max_height, height):
    assert table_height(rows, max_height) == height
