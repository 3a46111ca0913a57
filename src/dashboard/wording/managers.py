"""The Managers page's sentences: what a funnel plot compares with, the statistics behind its
limits, and a manager's card in plain words."""

from __future__ import annotations

import pandas as pd

from dashboard.metrics.managers import MeasureFit
from dashboard.wording.markdown import escape


def benchmark_sentence(fit: MeasureFit, benchmark: str, part_of_organisation: bool) -> str:
    """What the dots are compared with, in words (the statistics are in the expander)."""
    if benchmark == "organisation":
        where = "the organisation's rate"
        if part_of_organisation:
            where += " (every department's managers, not only those you see)"
    else:
        where = "the selected managers' own rate"
    return (
        f"Each dot is a team; compared with {where}: {fit.target:.1%}. Dashed lines: 95 % "
        "limits; solid lines: 99.8 % limits. Below the solid lower line a team is "
        "under-performing, between the lower lines on watch; above the upper lines strong or "
        "over-performing. Click a dot to see the team."
    )


def fit_sentence(fit: MeasureFit, benchmark: str) -> str:
    """The benchmark and the over-dispersion behind a measure's limits; an excess over chance
    is claimed only when φ is above 1."""
    where = "the organisation" if benchmark == "organisation" else "the selected managers"
    head = f"Benchmark: {fit.target:.1%}, the pooled rate of {where} ({fit.units} managers)."
    if not fit.phi > 1:
        phi = "no estimate" if pd.isna(fit.phi) else f"φ = {fit.phi:.2f}, not above 1"
        return (
            f"{head} Managers vary no more than chance would explain ({phi}), so the limits "
            "are exact binomial ones, not widened."
        )
    if fit.adjusted:
        return (
            f"{head} Managers vary more than chance would explain (φ = {fit.phi:.2f}, above "
            f"1), so the limits are widened by τ² = {fit.tau2:.4f} on the arcsine scale."
        )
    return (
        f"{head} Managers vary more than chance would explain (φ = {fit.phi:.2f}, "
        f"τ² = {fit.tau2:.4f}) but widening is switched off: exact binomial limits."
    )


def _md(text: object) -> str:
    return "—" if text is None or pd.isna(text) else escape(text)


def manager_card(row: dict) -> str:
    """One manager as Markdown: who, why in a line per measure, and the responses."""
    head = f"**{_md(row['manager'])}** · {_md(row['department'])} · {row['status']}"
    why = "  \n".join(_md(line) for line in row["evidence"].split("\n"))
    todo = "\n".join(f"- {_md(r)}" for r in row["recommended_actions"].split("; "))
    return f"{head}\n\n{why}\n\n{todo}"


def how_judged(min_n: int) -> str:
    """How managers are judged, in Markdown; teams under `min_n` are listed, not judged."""
    return f"""
Each manager's team is their **eligible direct reports**. For each measure the team's rate
(x of n) is compared with the benchmark on a **funnel plot**: the limits show how far a team
of each size can stray from the benchmark by chance alone — 95 % of teams inside the dashed
lines, 99.8 % inside the solid ones.

- **Small teams are not penalised.** A rate on a few people is weak evidence, so the limits
  are wider for small n: against a 40 % benchmark with exact limits, 1 of 5 (20 %) is well
  inside them while 8 of 40 (also 20 %) is beyond the 95 % limit. Teams under
  **{min_n}** eligible direct reports are listed, not judged.
- Below the 99.8 % limit: **under-performing**; between the 95 % and 99.8 % limits:
  **watch**. Above them: **over-performing** and **strong**.
- **Over-dispersion.** Managers often differ by more than chance (different work, shifts,
  sites). φ measures that excess (1 = chance alone). When it is present the limits are
  widened by an additive random effect τ² on the arcsine scale (as in the NHS FunnelPlotR
  package and CQC monitoring), so only managers who stand out from that wider spread are
  flagged. With no excess the limits are exact binomial ones. Each tab says which was used.
- **Shrunken rates** (empirical Bayes, beta-binomial) pull each rate towards the benchmark,
  more so for small teams; they are a steadier guide for ranking and are **never used for
  the flags**.
- **Overall status**: any concern outranks any strength — under-performing, then watch,
  then over-performing, then strong, then as expected.
- **Responses.** The programme's methodology: under-performing → targeted coaching-skills
  training, a periodic review and a peer mentor; watch → a check-in conversation;
  over-performing or strong → recognition, an invitation to mentor, advanced development.
  Each manager's list is fitted to the measure that is weak and to the open obstacles of
  their team (or, where several are open, their department): low uptake where people report
  a lack of time calls for protected time, not training.
"""
