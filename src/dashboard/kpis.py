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
        "Uptake",
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
        "Goals completed / goals closed or overdue: a goal counts in the period it was "
        "completed or abandoned in, or when it is open past its target date at the period end. "
        "Abandoned goals (closed without being achieved) count as not completed.",
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
        "Goals completed on or before their target date / goals completed in the period that "
        "have a target date.",
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


def _decimals(value: float, fmt: Format) -> int:
    if fmt == "rate":
        # Judged on the shown value, so 9.99 % reads 10%, as 10 % does, never "10.0%".
        return 0 if value == 0 or round(100 * value, 1) >= 10 else 1
    # Satisfaction is published to one decimal (docs/ACCESS.md, "Small groups").
    return 1 if fmt == "score" else 0


def _text(value: Any, fmt: Format, decimals: int) -> str:
    if fmt == "rate":
        return f"{100 * value:.{decimals}f}%"
    if fmt == "score":
        return f"{value:.{decimals}f} / 5"
    return f"{value:,}"


def format_value(value: Any, fmt: Format) -> str:
    if value is None:
        return "—"
    return _text(value, fmt, _decimals(value, fmt))


def format_against(value: Any, target: float | None, fmt: Format) -> str:
    """The value, with as many more decimals as it takes not to read as its target when it
    falls short of it (39.96 % against 40 % reads 39.96%, never 40% "near target")."""
    if value is None or target is None or value >= target or fmt == "count":
        return format_value(value, fmt)
    base = _decimals(value, fmt)
    shown = _text(target, fmt, _decimals(target, fmt))
    scale = 100 if fmt == "rate" else 1
    for decimals in range(base, base + 5):
        if (
            round(scale * value, decimals) < round(scale * target, decimals)
            and _text(value, fmt, decimals) != shown
        ):
            return _text(value, fmt, decimals)
    return f"just under {shown}"


def format_change(current: Any, previous: Any, fmt: Format) -> str | None:
    """The change against the previous period: points for rates, plain difference otherwise;
    a change that rounds to nothing reads ±0, with no sign to colour it."""
    if current is None or previous is None:
        return None
    diff = current - previous
    if fmt == "rate":
        text = f"{100 * diff:+.1f} pts"
    elif fmt == "score":
        text = f"{diff:+.1f}"
    else:
        text = f"{diff:+,}"
    return "±" + text[1:] if _is_zero(text) else text


def _is_zero(text: str) -> bool:
    return not any(c in "123456789" for c in text)


def delta_style(text: str | None, colour: str = "normal") -> dict[str, str | None]:
    """st.metric's delta arguments for a change written as text: one that rounds to nothing
    reads ±0, grey and without an arrow (Streamlit colours any "+0" or "-0.0" string)."""
    if text is not None and _is_zero(text):
        return {"delta": "±" + text.lstrip("+-±"), "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text, "delta_color": colour}


@dataclass(frozen=True)
class Change:
    """How a card's change against the previous period reads: the delta text, its colour
    (st.metric's delta_color), whether an arrow shows, and a note beside it."""

    text: str | None
    color: str
    arrow: str
    note: str | None
    reason: str | None = None


def card_change(card: KpiCard, kpis: dict[str, Any]) -> Change:
    """The change, "not comparable" with the reason when the periods do not compare, and grey
    when it rounds to nothing (a "+0" is never red)."""
    comparison = kpis.get("comparison", {}).get(card.key, {"comparable": True})
    current, previous = kpis.get(card.key), kpis["previous"].get(card.key)
    if current is not None and previous is not None and not comparison["comparable"]:
        note = comparison.get("short") or comparison["reason"]
        return Change("not comparable", "off", "off", note, comparison["reason"])
    text = format_change(current, previous, card.format)
    if text is None or text.startswith("±"):
        return Change(text, "off", "off", "vs previous period" if text else None)
    colour = "normal" if card.higher_is_better else "inverse"
    return Change(text, colour, "auto", "vs previous period")


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
        lines.extend(_gap(card, kpis.get(card.key), target))
    lines.append(
        f"Previous period ({previous['period_start']} – {previous['period_end']}): "
        f"{format_value(previous.get(card.key), card.format)}."
    )
    reason = card_change(card, {**kpis, "previous": previous}).reason
    if reason:
        lines.append(f"The change is not shown: {reason}.")
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


def _gap(card: KpiCard, value: Any, target: float) -> list[str]:
    """How far short of the target an unrounded value falls, when it does."""
    if value is None or value >= target:
        return []
    shown = format_against(value, target, card.format)
    if card.format == "rate":
        short = f"{100 * (target - value):.2f} points"
    else:
        short = f"{target - value:.3f}"
    return [f"{shown} is {short} short of it."]


def card_value(card: KpiCard, kpis: dict[str, Any], k: int, target: float | None = None) -> str:
    """The value as the card shows it; against a target, precise enough not to read as met."""
    if card.key == "satisfaction_mean" and kpis.get("satisfaction_suppressed"):
        return withheld_text(bool(kpis.get("satisfaction_few")), k)
    return format_against(kpis.get(card.key), target, card.format)
