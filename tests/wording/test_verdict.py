"""The verdict's Markdown on a hand-made verdict and actions."""

from dashboard.metrics.verdict import Action, Link, Verdict
from dashboard.wording.verdict import action_line, headline


def test_headline_puts_the_badge_before_the_sentence():
    result = Verdict("attention", "Uptake is below target.", ())
    assert headline(result) == (
        ":orange-badge[:material/error: Needs attention] Uptake is below target."
    )
    assert headline(Verdict("on_track", "All well.", ())) == (
        ":green-badge[:material/check_circle: On track] All well."
    )


def test_an_action_line_gives_its_severity_as_a_mark_and_in_words():
    red = Action("uptake", "Raise uptake in Ops", "31% against 50%", Link("participation"), "red")
    assert action_line(2, red) == (
        "2. :red[●] **Raise uptake in Ops** :gray[(high priority)] — 31% against 50%"
    )
    amber = Action("goals", "Close goals", "12 overdue", Link("goals"), "amber")
    assert action_line(1, amber) == (
        "1. :orange[◐] **Close goals** :gray[(medium priority)] — 12 overdue"
    )
