"""Targets for uptake, goal completion and satisfaction, and red/amber/green against them; defined
in docs/METRICS.md#targets-changes-and-the-verdict (rules: docs/TARGETS.md)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dashboard.config import read_config

Measure = Literal["uptake", "goal_completion", "satisfaction"]
Rag = Literal["green", "amber", "red"]

TARGETED_MEASURES: tuple[Measure, ...] = ("uptake", "goal_completion", "satisfaction")
# Uptake and goal completion are proportions; satisfaction is a mean of 1–5 scores.
BOUNDS: dict[str, tuple[float, float]] = {
    "uptake": (0.0, 1.0),
    "goal_completion": (0.0, 1.0),
    "satisfaction": (1.0, 5.0),
}
DEFAULT_AMBER_WITHIN = 0.1


def _check(name: str, value: object, measure: str) -> None:
    low, high = BOUNDS[measure]
    # bool is an int to Python, but `uptake = true` is a mistake, not 100 %.
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{name} must be a number between {low:g} and {high:g}, got {value!r}")


def _check_known(name: str, keys: Iterable[str], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(keys) - set(allowed))
    if unknown:
        raise ValueError(
            f"{name}.{unknown[0]} is not a known target; use one of {', '.join(allowed)}"
        )


@dataclass(frozen=True)
class Targets:
    """Organisation-wide targets, and per-department overrides as {department: {measure: value}}.

    Defaults: uptake 0.40 (40 % of eligible employees), goal completion 0.70, satisfaction 4.0.
    """

    uptake: float = 0.40
    goal_completion: float = 0.70
    satisfaction: float = 4.0
    departments: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for measure in TARGETED_MEASURES:
            _check(f"targets.{measure}", getattr(self, measure), measure)
        for department, overrides in self.departments.items():
            name = f"targets.departments.{department}"
            if not isinstance(overrides, Mapping):
                raise ValueError(
                    f"{name} must be a table of targets, e.g. [{name}] with uptake = 0.3, "
                    f"got {overrides!r}"
                )
            _check_known(name, overrides, TARGETED_MEASURES)
            for measure, value in overrides.items():
                _check(f"{name}.{measure}", value, measure)


def target_for(targets: Targets, measure: Measure, department: str | None = None) -> float:
    """The department's override for the measure if it has one, else the organisation's."""
    if measure not in TARGETED_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(TARGETED_MEASURES)}, not {measure!r}")
    override = targets.departments.get(department, {}) if department is not None else {}
    return override.get(measure, getattr(targets, measure))


def _at_least(value: float, bound: float) -> bool:
    # 0.33 - 0.1 * 0.33 is 0.29700000000000004: a rate of 297/1000 must still meet that bound.
    return value >= bound or math.isclose(value, bound, rel_tol=1e-9, abs_tol=1e-12)


def rag(
    value: float | None,
    target: float,
    *,
    amber_within: float = DEFAULT_AMBER_WITHIN,
    higher_is_better: bool = True,
) -> Rag | None:
    """green on or past the target; amber short of it by at most `amber_within` of the target
    (10 % by default); red beyond; None when there is no value (absent or suppressed)."""
    if amber_within < 0:
        raise ValueError(f"amber_within must not be negative, got {amber_within!r}")
    if value is None or math.isnan(value):
        return None
    margin = amber_within * abs(target)
    if higher_is_better:
        meets, near = _at_least(value, target), _at_least(value, target - margin)
    else:
        meets, near = _at_least(-value, -target), _at_least(-value, -(target + margin))
    return "green" if meets else "amber" if near else "red"


def load_targets(path: str | Path) -> Targets:
    """Targets from the [targets] table of a TOML file; the defaults when the file or table is
    absent. A bad entry raises ValueError naming it."""
    table = read_config(Path(path)).get("targets", {})
    if not isinstance(table, dict):
        raise ValueError(f"targets must be a table ([targets]), got {table!r}")
    _check_known("targets", table, (*TARGETED_MEASURES, "departments"))
    departments = table.get("departments", {})
    if not isinstance(departments, dict):
        raise ValueError(
            "targets.departments must hold one table per department, e.g. "
            f"[targets.departments.Operations], got {departments!r}"
        )
    return Targets(
        **{m: table[m] for m in TARGETED_MEASURES if m in table}, departments=departments
    )
