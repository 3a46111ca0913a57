"""Who may see signals drawn from one pairing's own feedback: a low latest score, a happy end.

A pairing's scores are one or two people's answers, far below any small-group threshold, so
such signals are shown only where `[privacy] individual_feedback` allows: `false` (nobody, the
default), a list of e-mail addresses (those signed-in users, e.g. the programme team), or
`true` (everyone, the command line included).
"""

from __future__ import annotations

from typing import Any


def individual_feedback_setting(config: dict[str, Any]) -> bool | frozenset[str]:
    """`[privacy] individual_feedback`: a bool, or the lower-cased e-mail addresses listed."""
    value = config.get("privacy", {}).get("individual_feedback", False)
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) and "@" in v for v in value):
        return frozenset(v.strip().lower() for v in value)
    raise ValueError(
        "privacy.individual_feedback must be true, false or a list of e-mail addresses "
        f'(e.g. ["programme.team@example.org"]), got {value!r}'
    )


def may_see_individual_feedback(config: dict[str, Any], email: str | None) -> bool:
    """Whether the signed-in user `email` (None: no sign-in, or the command line) may."""
    allowed = individual_feedback_setting(config)
    if isinstance(allowed, bool):
        return allowed
    return email is not None and email.strip().lower() in allowed
