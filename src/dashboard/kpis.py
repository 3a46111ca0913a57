"""Which headline KPIs the Overview shows, and how each value and change reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from dashboard.metrics.satisfaction import withheld_text
from dashboard.metrics.targets import DEFAULT_AMBER_WITHIN, Measure, Rag, Targets, rag, target_for

Format = Literal["rate", "count", "score"]
# Words as well as colours, so the status reads without colour vision.
RAG_BADGES: dict[str, str] = {
    "green": ":green-badge[on target]",
    "amber": ":orange-badge[near target]",
    "red": ":red-badge[below target]",
}


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    format: Format
    higher_is_better: bool
    definition: str
    target: Measure | None = None


CARDS: tuple[KpiCard, ...] = (
    KpiCard(
        "participation_rate",
        "Participation",
        "rate",
        True,
        "Eligible employees in a coaching or mentoring pairing during the period.",
        target="uptake",
    ),
    KpiCard(
        "active_participants",
        "Active participants",
        "count",
        True,
        "Participants with at least one session held in the period.",
    ),
    KpiCard(
        "session_adherence",
        "Session adherence",
        "rate",
        True,
        "Held sessions / (held + cancelled + no-show).",
    ),
    KpiCard(
        "goal_completion_rate",
        "Goal completion",
        "rate",
        True,
        "Completed / (completed + abandoned + overdue), goals due or closed in the period.",
        target="goal_completion",
    ),
    KpiCard(
        "goals_overdue",
        "Goals overdue",
        "count",
        False,
        "Open goals past their target date at the end of the period.",
    ),
    KpiCard(
        "on_time_rate",
        "Completed on time",
        "rate",
        True,
        "Goals completed on or before their target date / completed goals.",
    ),
    KpiCard(
        "satisfaction_mean",
        "Satisfaction",
        "score",
        True,
        "Mean 1–5 score of feedback in the whole calendar months of the period; hidden where "
        "the filters would single out fewer than k people.",
        target="satisfaction",
    ),
    KpiCard(
        "early_ending_rate",
        "Ended early",
        "rate",
        False,
        "Pairings that ended early / pairings that ended in the period.",
    ),
    KpiCard(
        "obstacles_open",
        "Open obstacles",
        "count",
        False,
        "Obstacles reported by the period end and not resolved by then.",
    ),
)


def format_value(value: Any, fmt: Format) -> str:
    if value is None:
        return "—"
    if fmt == "rate":
        return f"{value:.0%}" if value >= 0.1 or value == 0 else f"{value:.1%}"
    if fmt == "score":
        return f"{value:.1f} / 5"
    return f"{value:,}"


def format_change(current: Any, previous: Any, fmt: Format) -> str | None:
    """The change against the previous period: points for rates, plain difference otherwise."""
    if current is None or previous is None:
        return None
    diff = current - previous
    if fmt == "rate":
        return f"{100 * diff:+.1f} pts"
    if fmt == "score":
        return f"{diff:+.1f}"
    return f"{diff:+,}"


def card_target(
    card: KpiCard, kpis: dict[str, Any], targets: Targets, department: str | None = None
) -> tuple[float | None, Rag | None]:
    """The card's target (the department's own when one department is shown) and its status;
    (None, None) for a card without a target, status None when the value is absent or hidden."""
    if card.target is None:
        return None, None
    goal = target_for(targets, card.target, department)
    return goal, rag(kpis.get(card.key), goal, higher_is_better=card.higher_is_better)


def card_label(card: KpiCard, status: Rag | None) -> str:
    """The label, with a red/amber/green badge when the card has a status."""
    return card.label if status is None else f"{card.label} {RAG_BADGES[status]}"


def card_help(
    card: KpiCard,
    kpis: dict[str, Any],
    previous: dict[str, Any],
    k: int,
    target: float | None = None,
) -> str:
    """The tooltip: definition, numerator and denominator, target, and the previous period."""
    lines = [card.definition]
    num, den = kpis.get(f"{card.key}_numerator"), kpis.get(f"{card.key}_denominator")
    if num is not None and den is not None:
        lines.append(f"{num:,} of {den:,}.")
    if card.key == "satisfaction_mean":
        lines.extend(satisfaction_notes(kpis, k))
    if target is not None:
        lines.append(
            f"Target: {format_value(target, card.format)} (amber within "
            f"{DEFAULT_AMBER_WITHIN:.0%} of it, red beyond)."
        )
    lines.append(
        f"Previous period ({previous['period_start']} – {previous['period_end']}): "
        f"{format_value(previous.get(card.key), card.format)}."
    )
    return "  \n".join(lines)


def satisfaction_notes(kpis: dict[str, Any], k: int) -> list[str]:
    """What the satisfaction figure covers and, when hidden, why; never a small count."""
    first, last = kpis.get("satisfaction_from"), kpis.get("satisfaction_to")
    if first is None:
        return ["No whole calendar month lies inside this period."]
    lines = [f"Feedback from {first} to {last} (whole months)."]
    if kpis.get("satisfaction_few"):
        lines.append(f"Hidden: fewer than {k} people answered.")
    elif kpis.get("satisfaction_suppressed"):
        lines.append(f"Hidden: these filters would single out groups of fewer than {k} people.")
    elif kpis.get("satisfaction_favourable") is not None:
        lines.append(
            f"{kpis['satisfaction_favourable']:.0%} favourable (4–5), "
            f"{kpis['satisfaction_respondents']:,}+ respondents (rounded down to 5s)."
        )
    return lines


def card_value(card: KpiCard, kpis: dict[str, Any], k: int) -> str:
    if card.key == "satisfaction_mean" and kpis.get("satisfaction_suppressed"):
        return withheld_text(bool(kpis.get("satisfaction_few")), k)
    return format_value(kpis.get(card.key), card.format)
