"""People named by e-mail or name are found among the employees; namesakes are not guessed."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.people_resolution import directory, name_key, namesakes, resolve

STAFF = pd.DataFrame(
    {
        "employee_id": ["E1", "E2", "E3", "E4"],
        "name": ["Ann Lée", "Bob Ray", "Alex Kim", "Alex Kim"],
        "email": ["Ann.Lee@Example.com", "bob@example.com", None, "alex.kim@example.com"],
    },
    dtype="str",
)


@pytest.mark.parametrize(
    "name,key",
    [
        ("Ann Lée", "ann lee"),
        ("  ANN   LEE ", "ann lee"),
        ("Lee, Ann", "ann lee"),
        ("O'Brien-Smith, Seán", "sean o'brien smith"),
    ],
)
def test_name_keys_ignore_case_accents_spacing_and_last_first_order(name, key):
    assert name_key(name) == key


def test_ids_e_mails_and_names_resolve_and_namesakes_are_ambiguous():
    people = directory(STAFF)
    values = pd.Series(
        [
            "E2",
            "ann.lee@example.com",
            "Lee, Ann",
            "Bob Ray (E2)",
            "Alex Kim",
            "alex.kim@example.com",
            "nobody@example.com",
            "Zoe Park",
            None,
        ],
        dtype="str",
    )
    found = resolve(values, people)
    assert found.ids.tolist()[:6] == ["E2", "E1", "E1", "E2", "Alex Kim", "E4"]
    assert found.how.tolist()[:8] == [
        "id",
        "email",
        "name",
        "id",
        "ambiguous",
        "email",
        "unknown",
        "unknown",
    ]
    assert pd.isna(found.how.iloc[8])
    assert namesakes("Alex Kim", people) == ("E3", "E4")


def test_without_e_mail_or_name_columns_only_ids_resolve():
    people = directory(STAFF[["employee_id"]])
    found = resolve(pd.Series(["E1", "bob@example.com", "Bob Ray"], dtype="str"), people)
    assert found.how.tolist() == ["id", "unknown", "unknown"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=20)), max_size=20))
def test_any_reference_resolves_to_an_employee_or_stays_as_written(values):
    series = pd.Series(values, dtype="str")
    found = resolve(series, directory(STAFF))
    resolved = found.how.isin(["id", "email", "name"])
    assert set(found.ids[resolved]) <= set(STAFF["employee_id"])
    assert found.ids[~resolved & series.notna()].equals(series[~resolved & series.notna()])
