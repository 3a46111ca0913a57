"""People on screen: names where the data has them, ids otherwise, never two alike."""

import pandas as pd

from dashboard.people import display_names, manager_labels, unique_labels

EMPLOYEES = pd.DataFrame(
    {
        "employee_id": ["E1", "E2", "E3", "E4"],
        "name": ["Ann Lee", "Bo Chan", "Ann Lee", None],
    }
)


def test_display_names_fall_back_to_the_id():
    ids = pd.Series(["E1", "E4", "X9", None])
    out = display_names(ids, EMPLOYEES)
    assert out.iloc[:3].tolist() == ["Ann Lee", "E4", "X9"]
    assert pd.isna(out.iloc[3])


def test_unique_labels_add_the_id_only_where_names_clash():
    ids = pd.Series(["E1", "E2", "E3", "E4", "E1"])
    assert unique_labels(ids, EMPLOYEES).tolist() == [
        "Ann Lee (E1)",
        "Bo Chan",
        "Ann Lee (E3)",
        "E4",
        "Ann Lee (E1)",
    ]


def test_unique_labels_keep_a_name_shared_with_nobody_else_in_the_list():
    assert unique_labels(pd.Series(["E1", "E2"]), EMPLOYEES).tolist() == ["Ann Lee", "Bo Chan"]


def test_manager_labels_are_unique_across_the_organisation():
    employees = EMPLOYEES.assign(manager_id=[None, "E1", "E1", "E3"])
    # E1 and E3 manage someone and share a name; E2 manages nobody.
    assert manager_labels(employees).to_dict() == {"E1": "Ann Lee (E1)", "E3": "Ann Lee (E3)"}
