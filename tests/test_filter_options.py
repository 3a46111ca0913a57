"""What the sidebar filters offer, on the hand-worked organisation."""

import pandas as pd
from fixtures import tiny_data

from dashboard.filter_options import filter_options
from dashboard.period import latest_activity


def test_departments_and_managers_labelled_with_their_department():
    data = tiny_data()
    options = filter_options(data)
    assert options.latest == latest_activity(data)
    assert options.departments == ["Alpha", "Beta"]
    assert options.manager_labels == {"M1": "Mara (Alpha)", "M2": "Milo (Beta)"}
    assert options.programmes == {}


def test_labels_in_departments():
    options = filter_options(tiny_data())
    assert options.labels_in(["Beta"]).to_dict() == {"M2": "Milo (Beta)"}
    assert options.labels_in([]).to_dict() == {"M1": "Mara (Alpha)", "M2": "Milo (Beta)"}
    assert options.labels_in(["Gamma"]).empty


def test_programmes_by_id_with_their_names():
    programmes = pd.DataFrame(
        {"programme_id": ["P1", "P2"], "programme_name": ["Lead", "Grow"]}, dtype=object
    )
    options = filter_options(tiny_data(programmes=programmes))
    assert options.programmes == {"P1": "Lead", "P2": "Grow"}
