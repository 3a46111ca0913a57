"""The reporting period: the default (12 months to the latest activity) and presets."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.model import ProgrammeData
from dashboard.schema import ACTIVITY_DATES

PRESETS = ("Last 12 months", "Last 6 months", "Last 3 months", "This year", "Custom")


def _activity_bounds(data: ProgrammeData) -> list[pd.Timestamp]:
    """Each activity date column's earliest and latest: never a target or a scheduled session."""
    bounds: list[pd.Timestamp] = []
    for name, columns in ACTIVITY_DATES.items():
        frame = data.table(name)
        if frame is None:
            continue
        if name == "sessions":
            frame = frame[frame["status"] != "scheduled"]
        for c in columns:
            if frame[c].notna().any():
                bounds.extend((frame[c].min(), frame[c].max()))
    return bounds


def latest_activity(data: ProgrammeData) -> dt.date:
    """The latest date on which something happened: never a target or a scheduled session."""
    bounds = _activity_bounds(data)
    return max(bounds).date() if bounds else dt.date.today()


def activity_span(data: ProgrammeData) -> tuple[dt.date, dt.date]:
    """The earliest and latest dates on which something happened."""
    bounds = _activity_bounds(data)
    if not bounds:
        return dt.date.today(), dt.date.today()
    return min(bounds).date(), max(bounds).date()


def months_back(end: dt.date, months: int) -> dt.date:
    """The first day of a period of `months` months that ends on `end`: whole calendar months
    when `end` is a month's last day, else the day after the same date `months` earlier."""
    following = end + dt.timedelta(days=1)
    if following.day == 1:
        return (pd.Timestamp(following) - pd.DateOffset(months=months)).date()
    return (pd.Timestamp(end) - pd.DateOffset(months=months) + pd.Timedelta(days=1)).date()


def preset_period(preset: str, latest: dt.date) -> tuple[dt.date, dt.date]:
    """The (start, end) of a named preset, ending on the latest activity date."""
    if preset == "This year":
        return dt.date(latest.year, 1, 1), latest
    months = {"Last 12 months": 12, "Last 6 months": 6, "Last 3 months": 3}[preset]
    return months_back(latest, months), latest


def default_period(data: ProgrammeData) -> tuple[dt.date, dt.date]:
    """The 12 months ending on the latest activity date in the data."""
    return preset_period("Last 12 months", latest_activity(data))
