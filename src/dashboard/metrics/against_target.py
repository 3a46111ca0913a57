"""Which target applies to a selection or a breakdown, and red/amber/green against it; defined
in docs/METRICS.md#targets-changes-and-the-verdict."""

from __future__ import annotations

import pandas as pd

from dashboard.metrics.targets import Measure, Targets, rag, target_for
from dashboard.model import Filters


def scope_department(filters: Filters) -> str | None:
    """The one department a selection is cut to, whose own targets then apply; else None."""
    return filters.departments[0] if len(filters.departments) == 1 else None


def with_targets(
    frame: pd.DataFrame,
    targets: Targets,
    measure: Measure,
    *,
    department: str | None = None,
    value: str = "rate",
) -> pd.DataFrame:
    """The frame with `target` and `rag` columns.

    Rows of a by-department frame get their own department's target; any other frame (e.g.
    managers' teams inside a department) gets the target of `department`, or the
    organisation's.
    """
    if "department" in frame and department is None:
        target = frame["department"].map(lambda d: target_for(targets, measure, d))
    else:
        target = pd.Series(target_for(targets, measure, department), index=frame.index)
    status = [
        rag(None if pd.isna(v) else float(v), t) for v, t in zip(frame[value], target, strict=True)
    ]
    return frame.assign(
        target=target.astype("float64"), rag=pd.Series(status, index=frame.index, dtype="object")
    )


# Status as a word and a symbol, so it reads without colour (and in black-and-white print).
STATUS_TEXT = {"red": "○ Below target", "amber": "◐ Near target", "green": "● On target"}
NO_TARGET = "No target"
_WORST = {"red": 0, "amber": 1, "green": 2}


def worst_first(frame: pd.DataFrame, *, value: str = "rate", label: str = "label") -> pd.DataFrame:
    """A `with_targets` frame ordered below target, near, on, then without one, lowest `value`
    first within each, with its status in words (`status`); groups without a value come last."""
    order = frame["rag"].map(_WORST).fillna(len(_WORST))
    ranked = frame.assign(
        status=frame["rag"].map(STATUS_TEXT).fillna(NO_TARGET).astype("str"),
        _order=order.where(frame[value].notna(), len(_WORST) + 1),
    )
    return ranked.sort_values(["_order", value, label], kind="stable").drop(columns="_order")
