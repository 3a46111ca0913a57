"""Targets, their TOML file, and red/amber/green against them."""

import math
from pathlib import Path

import pytest

from dashboard.metrics.targets import Targets, load_targets, rag, target_for


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    targets = Targets()
    assert (targets.uptake, targets.goal_completion, targets.satisfaction) == (0.40, 0.70, 4.0)
    assert targets.departments == {}


def test_targets_are_frozen():
    with pytest.raises(AttributeError):
        Targets().uptake = 0.5  # type: ignore[misc]


def test_target_for_uses_the_department_override():
    targets = Targets(departments={"Operations": {"uptake": 0.3}})
    assert target_for(targets, "uptake", "Operations") == 0.3
    # Operations sets no goal-completion target of its own; Finance has no overrides at all.
    assert target_for(targets, "goal_completion", "Operations") == 0.70
    assert target_for(targets, "uptake", "Finance") == 0.40
    assert target_for(targets, "uptake") == 0.40


def test_target_for_rejects_an_unknown_measure():
    with pytest.raises(ValueError, match="measure must be one of"):
        target_for(Targets(), "adherence")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.50, "green"),
        (0.40, "green"),  # at the target
        (0.38, "amber"),
        (0.36, "amber"),  # exactly 10 % short of 0.40
        (0.3599, "red"),
        (0.0, "red"),
    ],
)
def test_rag_uptake(value, expected):
    assert rag(value, 0.40) == expected


def test_rag_boundary_survives_float_rounding():
    # 10 % short of 0.33 is 0.297, but 0.33 - 0.033 is 0.29700000000000004 in floating point;
    # 297 of 1000 must still be amber. Likewise 4.2 - 0.42 is 3.7800000000000002.
    assert rag(297 / 1000, 0.33) == "amber"
    assert rag(3.78, 4.2) == "amber"
    # Lower is better: 0.15 + 0.015 is 0.16499999999999998, and 0.165 is still amber.
    assert rag(0.165, 0.15, higher_is_better=False) == "amber"


def test_rag_satisfaction():
    # 10 % of a 4.0 target is 0.4 points: down to 3.6 is amber, below it red.
    assert [rag(v, 4.0) for v in (4.2, 4.0, 3.6, 3.59)] == ["green", "green", "amber", "red"]


def test_rag_when_lower_is_better():
    # e.g. an early-ending rate with a ceiling of 0.20: amber up to 0.22.
    results = [rag(v, 0.20, higher_is_better=False) for v in (0.10, 0.20, 0.22, 0.2201)]
    assert results == ["green", "green", "amber", "red"]


def test_rag_custom_amber_band():
    assert rag(0.30, 0.40, amber_within=0.25) == "amber"  # 0.40 - 0.10 = 0.30
    assert rag(0.39, 0.40, amber_within=0) == "red"
    with pytest.raises(ValueError, match="amber_within"):
        rag(0.3, 0.4, amber_within=-0.1)


def test_rag_without_a_value():
    assert rag(None, 0.40) is None
    assert rag(math.nan, 4.0) is None  # a suppressed satisfaction mean


def test_load_targets(tmp_path):
    path = write(
        tmp_path,
        """
[targets]
uptake = 0.4
goal_completion = 0.75
satisfaction = 4.2

[targets.departments.Operations]
uptake = 0.3

[targets.departments."Customer Service"]
satisfaction = 4
""",
    )
    targets = load_targets(path)
    assert (targets.uptake, targets.goal_completion, targets.satisfaction) == (0.4, 0.75, 4.2)
    assert targets.departments == {
        "Operations": {"uptake": 0.3},
        "Customer Service": {"satisfaction": 4},
    }
    assert target_for(targets, "satisfaction", "Customer Service") == 4


def test_partial_file_keeps_other_defaults(tmp_path):
    targets = load_targets(write(tmp_path, "[targets]\nuptake = 0.5\n"))
    assert targets == Targets(uptake=0.5)


def test_missing_file_or_table_gives_defaults(tmp_path):
    assert load_targets(tmp_path / "absent.toml") == Targets()
    assert load_targets(write(tmp_path, "[other]\nx = 1\n")) == Targets()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[targets]\nuptake = "high"\n',
            "targets.uptake must be a number between 0 and 1, got 'high'",
        ),
        ("[targets]\nuptake = 40\n", "targets.uptake must be a number between 0 and 1, got 40"),
        (
            "[targets]\ngoal_completion = true\n",
            "targets.goal_completion must be a number between 0 and 1, got True",
        ),
        (
            "[targets]\nsatisfaction = 0\n",
            "targets.satisfaction must be a number between 1 and 5, got 0",
        ),
        (
            "[targets.departments.Operations]\nuptake = 1.5\n",
            "targets.departments.Operations.uptake must be a number between 0 and 1, got 1.5",
        ),
        (
            "[targets]\nuptak = 0.4\n",
            "targets.uptak is not a known target; use one of uptake, goal_completion, "
            "satisfaction, departments",
        ),
        (
            "[targets.departments.Operations]\nadherence = 0.9\n",
            "targets.departments.Operations.adherence is not a known target",
        ),
        (
            "[targets.departments]\nOperations = 0.3\n",
            "targets.departments.Operations must be a table of targets",
        ),
        ("[targets]\ndepartments = 3\n", "targets.departments must hold one table per department"),
        ("targets = 0.4\n", "targets must be a table"),
    ],
)
def test_bad_entries_are_named(tmp_path, text, message):
    with pytest.raises(ValueError) as error:
        load_targets(write(tmp_path, text))
    assert message in str(error.value)


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path, "[targets\nuptake = 0.4\n")
    with pytest.raises(ValueError, match="is not valid TOML"):
        load_targets(path)
