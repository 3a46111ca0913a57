"""Settings the pages read from dashboard.toml: targets, coach capacity, the idle-pairing days.

A mistake in the file is shown once as a warning naming it, and the default is used, so a typo
in a target never takes a page down.
"""

from __future__ import annotations

import streamlit as st

from dashboard.config import config_path, read_config
from dashboard.metrics.capacity import DEFAULT_MAX_PARTICIPANTS, max_participants_per_coach
from dashboard.metrics.risks import DEFAULT_IDLE_DAYS, idle_days_setting
from dashboard.metrics.targets import Targets, load_targets


def _warn(exc: ValueError, fallback: str) -> None:
    st.warning(
        f"**{config_path()} has a mistake:** {exc}. {fallback}", icon=":material/settings_alert:"
    )


def targets() -> Targets:
    """The [targets] of the settings file, or the documented defaults."""
    try:
        return load_targets(config_path())
    except ValueError as exc:
        _warn(exc, "The default targets are used until it is fixed (see docs/TARGETS.md).")
        return Targets()


def coach_limit() -> int:
    """`[capacity] max_participants_per_coach`, or the default."""
    try:
        return max_participants_per_coach(read_config())
    except ValueError as exc:
        _warn(exc, f"A limit of {DEFAULT_MAX_PARTICIPANTS} participants per coach is used.")
        return DEFAULT_MAX_PARTICIPANTS


def idle_days() -> int:
    """`[risks] idle_days`: days without a held session before a pairing is at risk."""
    try:
        return idle_days_setting(read_config())
    except ValueError as exc:
        _warn(exc, f"{DEFAULT_IDLE_DAYS} days are used until it is fixed.")
        return DEFAULT_IDLE_DAYS
