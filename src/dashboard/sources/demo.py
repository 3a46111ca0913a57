"""A deterministic synthetic organisation for the embedded demo (docs/PRODUCT.md, "Sources").

`generate(employees, seed)` returns one frame per canonical table covering the two years that
end on `DEMO_END`; the same arguments always give the same frames. Stories planted for users
to find:

1. Operations has about half the organisation's uptake, and reports far more obstacles than
   any other department, mostly resistance to change and lack of time (the biggest
   department x category cells), which also take longest to resolve.
2. Four under-performing operational managers (teams of 20-24 eligible direct reports, one or
   two of them taking part, under a third of their sessions held, no goal completed) and four
   over-performing ones (teams of 14-18, everyone taking part, over 90% of sessions held, goals
   completed on time), in different departments; `planted_managers` names them. Sales has one
   of each, so an under-performer can be paired with a same-department peer mentor.
3. A company-wide restructuring in March 2026 (`RESTRUCTURING_MONTH`): sessions held halve,
   cancellations spike, and managers report perceived loss of control.
4. Seasonality: fewer sessions in August and in the last days of December.
5. Retention: participants leave about half as often as non-participants.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.schema import TABLES

DEMO_END = pd.Timestamp("2026-10-31")
DEMO_START = pd.Timestamp("2024-11-01")
RESTRUCTURING_MONTH = pd.Period("2026-03", freq="M")
MIN_EMPLOYEES = 500

_DAY0 = np.datetime64("2024-11-01", "D")
_END = (DEMO_END - DEMO_START).days
_FOREVER = 10**6

# Department name, division, share of the staff outside the executive office.
_DEPARTMENTS = (
    ("Operations", "Operations & Technology", 0.26),
    ("Sales", "Commercial", 0.15),
    ("Customer Service", "Commercial", 0.14),
    ("IT", "Operations & Technology", 0.12),
    ("R&D", "Operations & Technology", 0.10),
    ("Marketing", "Commercial", 0.08),
    ("Finance", "Corporate Services", 0.08),
    ("HR", "Corporate Services", 0.07),
)
_EXECUTIVE_OFFICE = ("Executive Office", "Corporate Services")
_OPERATIONS = 0
_HR = 7

_LEVELS = np.array(
    ["Executive", "Director", "Senior Manager", "Manager", "Senior", "Associate", "Graduate"]
)
EXECUTIVE, DIRECTOR, SENIOR_MANAGER, MANAGER, SENIOR, ASSOCIATE, GRADUATE = range(7)

# Departments of the planted managers, and the range of their team sizes (high exclusive).
_PLANTED = {
    "under": (("Sales", "IT", "Customer Service", "Finance"), (20, 25)),
    "over": (("Sales", "R&D", "HR", "Marketing"), (14, 19)),
}
# Planted teams are numbered: under-performers' from 0, over-performers' from _OVER_SLOT.
_OVER_SLOT = len(_PLANTED["under"][0])

_PROGRAMMES = (
    # id, name, start, end, kind
    ("P01", "Leadership Coaching 2024/25", "2024-11-01", "2025-12-31", "coaching"),
    ("P02", "Cross-Department Mentoring", "2025-01-06", None, "mentoring"),
    ("P03", "Leadership Coaching 2025/26", "2025-11-01", "2027-04-30", "coaching"),
)
_COACHING_COHORT_2 = (pd.Timestamp("2025-11-01") - DEMO_START).days
_MENTORING_START = (pd.Timestamp("2025-01-06") - DEMO_START).days

_FORMATS = np.array(["formal", "informal", "peer", "reverse", "group", "external"])
_COACHING_FORMATS = np.array([0.72, 0.04, 0.0, 0.0, 0.08, 0.16])
_MENTORING_FORMATS = np.array([0.62, 0.12, 0.19, 0.0, 0.07, 0.0])
_END_REASONS = np.array(["mismatch", "workload", "role change", "coach unavailable", "personal"])
_LEFT = "left the organisation"

_GOAL_CATEGORIES = np.array(["leadership", "communication", "career", "wellbeing", "technical"])
_GOAL_TEXTS = np.array(
    [
        [
            "Delegate more of the weekly planning to the team",
            "Lead the quarterly review without support",
            "Build a development plan for each direct report",
        ],
        [
            "Give clearer feedback in one-to-ones",
            "Present the team's results to senior leaders",
            "Run shorter, better-prepared meetings",
        ],
        [
            "Prepare for a move into a management role",
            "Map the skills needed for the next grade",
            "Find a stretch project outside the team",
        ],
        [
            "Protect two focus mornings a week",
            "Stop answering email after 7pm",
            "Take all annual leave this year",
        ],
        [
            "Complete the data analysis certificate",
            "Learn the new planning system in depth",
            "Automate the monthly reporting pack",
        ],
    ],
    dtype=object,
)

_COMMENTS = np.array(
    [
        ["Sessions keep being moved", "We are not a good fit", "Hard to see the point so far"],
        ["Useful at times, often rushed", "Could be more structured", "Mixed so far"],
        ["Helpful conversations", "Good progress on my goals", "Worth the time"],
        ["Really valuable sessions", "Changed how I lead my team", "Excellent support"],
    ],
    dtype=object,
)

_OBSTACLES = np.array(
    [
        "resistance_to_change",
        "lack_of_time",
        "lack_of_resources",
        "lack_of_leadership_support",
        "perceived_loss_of_control",
        "inadequate_coach_training",
        "coach_availability",
        "mismatch",
        "confidentiality",
        "power_imbalance",
        "other",
    ]
)
_OPERATIONS_OBSTACLE_MIX = np.array(
    [0.33, 0.31, 0.06, 0.05, 0.04, 0.04, 0.05, 0.04, 0.03, 0.03, 0.02]
)
_OTHER_OBSTACLE_MIX = np.array([0.10, 0.15, 0.12, 0.10, 0.06, 0.09, 0.11, 0.09, 0.08, 0.06, 0.04])
_OBSTACLE_TEXTS = np.array(
    [
        "Team sees coaching as another initiative that will pass",
        "Shift rota leaves no time for sessions",
        "No budget for external coaches this year",
        "Senior leaders do not ask about the programme",
        "Staff worry the restructure decides their role for them",
        "Internal coaches asked for more training",
        "Not enough coaches for the waiting list",
        "Pairs matched across incompatible schedules",
        "Participants worry notes reach their manager",
        "Mentees reluctant to be open with senior mentors",
        "Booking system not available on shop-floor devices",
    ],
    dtype=object,
)
_OTHER_TEXTS = np.array(
    ["Shift patterns", "Booking system access", "Language barriers", "Site travel"], dtype=object
)

# fmt: off
_FIRST_NAMES = np.array([
    "Aisha", "Ben", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hannah", "Ian", "Jade", "Kofi",
    "Laura", "Marek", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Samuel", "Tara", "Umar",
    "Valentina", "William", "Xin", "Yusuf", "Zoe", "Amir", "Bethany", "Carlos", "Deepa", "Ewan",
    "Fatima", "George", "Helena", "Imran", "Julia", "Kai", "Leila", "Mohammed", "Niamh",
])
_SURNAMES = np.array([
    "Adams", "Baker", "Chen", "Davies", "Evans", "Fischer", "Garcia", "Hughes", "Iqbal", "Jones",
    "Khan", "Lewis", "Morgan", "Novak", "Okafor", "Patel", "Quinn", "Robinson", "Singh", "Taylor",
    "Usman", "Vasquez", "Walker", "Xu", "Young", "Zielinski", "Ahmed", "Brown", "Clarke",
    "Dubois", "Edwards", "Fraser", "Green", "Hall", "Ito", "Johnson", "Kowalski", "Lopez",
    "Murphy", "Nguyen",
])
# fmt: on


@dataclass(frozen=True)
class _Org:
    """The hierarchy, by position: index 0 is the CEO."""

    dept: np.ndarray
    level: np.ndarray
    manager: np.ndarray  # position of the line manager, -1 for the CEO
    team: np.ndarray  # planted slot of the employee's manager (see _OVER_SLOT), else -1
    planted: dict[str, np.ndarray]  # positions of the planted managers
    ids: np.ndarray


@dataclass(frozen=True)
class _People:
    eligible: np.ndarray
    hire: np.ndarray  # day relative to DEMO_START
    leave: np.ndarray  # day, or _FOREVER
    participant: np.ndarray  # bool, general (non-planted) participants


@dataclass(frozen=True)
class _Rels:
    """Relationships sorted by start, with the facts later tables derive from."""

    person: np.ndarray
    coach: np.ndarray  # position, -1 for an external coach
    kind: np.ndarray  # 0 coaching, 1 mentoring
    fmt: np.ndarray
    programme: np.ndarray
    start: np.ndarray
    end: np.ndarray  # day the pairing ended, or _FOREVER while it runs
    status: np.ndarray
    reason: np.ndarray
    pause: np.ndarray  # day sessions stopped for paused pairings, else _FOREVER
    slot: np.ndarray  # planted slot of the participant's manager, else -1
    ids: np.ndarray


def generate(employees: int = 1500, seed: int = 42) -> dict[str, pd.DataFrame]:
    """One frame per canonical table for a synthetic organisation of `employees` people."""
    rng = np.random.default_rng(seed)
    org = _organisation(rng, employees)
    people = _people(rng, org)
    rels = _relationships(rng, org, people)
    frames = {
        "departments": _departments_frame(),
        "employees": _employees_frame(rng, org, people),
        "programmes": _programmes_frame(org),
        "enrolments": _enrolments(rng, org, people, rels),
        "relationships": _relationships_frame(org, rels),
        "sessions": _sessions(rng, rels),
        "goals": _goals(rng, rels),
        "feedback": _feedback(rng, rels),
        "obstacles": _obstacles(rng, org),
    }
    return {name: frames[name][TABLES[name].column_names] for name in TABLES}


def planted_managers(employees: int = 1500, seed: int = 42) -> dict[str, list[str]]:
    """Employee ids of the planted under- and over-performing managers, by "under"/"over"."""
    org = _organisation(np.random.default_rng(seed), employees)
    return {kind: org.ids[pos].tolist() for kind, pos in org.planted.items()}


# --- organisation -------------------------------------------------------------------------


def _organisation(rng: np.random.Generator, n: int) -> _Org:
    if n < MIN_EMPLOYEES:
        raise ValueError(f"the demo needs at least {MIN_EMPLOYEES} employees, got {n}")
    shares = np.array([d[2] for d in _DEPARTMENTS])
    staff = n - 4
    sizes = np.floor(shares * staff).astype(int)
    sizes[_OPERATIONS] += staff - sizes.sum()
    # The executive office: the CEO, a chief of staff and two assistants.
    dept = [np.full(4, len(_DEPARTMENTS))]
    level = [np.array([EXECUTIVE, SENIOR_MANAGER, ASSOCIATE, ASSOCIATE])]
    manager = [np.array([-1, 0, 0, 0])]
    planted: dict[str, list[int]] = {"under": [], "over": []}
    offset = 4
    for d, (name, _, _) in enumerate(_DEPARTMENTS):
        fixed = []
        for kind, (departments, (low, high)) in _PLANTED.items():
            if name in departments:
                fixed.append((kind, int(rng.integers(low, high))))
        lv, mg = _department(rng, int(sizes[d]), [size for _, size in fixed])
        dept.append(np.full(len(lv), d))
        level.append(lv)
        manager.append(np.where(mg < 0, 0, mg + offset))
        front_line = np.flatnonzero(lv == MANAGER)
        for k, (kind, _) in enumerate(fixed):
            planted[kind].append(offset + int(front_line[k]))
        offset += len(lv)
    manager_all = np.concatenate(manager)
    team = np.full(n, -1)
    for slot, position in enumerate(planted["under"] + planted["over"]):
        team[manager_all == position] = slot
    return _Org(
        dept=np.concatenate(dept),
        level=np.concatenate(level),
        manager=manager_all,
        team=team,
        planted={k: np.array(v) for k, v in planted.items()},
        ids=_ids("E", rng.permutation(n) + 1, 5),
    )


def _department(
    rng: np.random.Generator, size: int, fixed: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Levels and local line-manager positions (-1: reports to the CEO) of one department.

    The head is position 0, then the management layers top-down, then everyone else; the
    first `len(fixed)` front-line managers get teams of exactly the `fixed` sizes.
    """
    below_head = size - 1
    front_line = max(len(fixed) + 1, round(below_head / 11))
    layers = [front_line]
    while layers[-1] > 8:
        layers.append(-(-layers[-1] // 6))
    layers.reverse()
    staff = below_head - sum(layers)
    free = front_line - len(fixed)
    spare = staff - sum(fixed) - free
    if spare < 0:
        raise ValueError("department too small for its planted teams")
    weights = np.minimum(rng.gamma(3.0, size=free), 6.5)
    weights[rng.random(free) < 0.08] = 0.05  # a few tiny teams of one or two
    team_sizes = np.concatenate(
        [np.array(fixed, int), 1 + rng.multinomial(spare, weights / weights.sum())]
    )

    level = [np.array([DIRECTOR])]
    manager = [np.array([-1])]
    parents = np.array([0])
    position = 1
    for depth, count in enumerate(layers):
        parent_of = np.concatenate(
            [np.arange(len(parents)), rng.integers(0, len(parents), count - len(parents))]
        )
        manager.append(parents[rng.permutation(parent_of)])
        above_front = len(layers) - 1 - depth
        level.append(np.full(count, [MANAGER, SENIOR_MANAGER, DIRECTOR][min(above_front, 2)]))
        parents = np.arange(position, position + count)
        position += count
    manager.append(np.repeat(parents, team_sizes))
    level.append(rng.choice([SENIOR, ASSOCIATE, GRADUATE], size=staff, p=[0.3, 0.58, 0.12]))
    return np.concatenate(level), np.concatenate(manager)


def _people(rng: np.random.Generator, org: _Org) -> _People:
    n = len(org.level)
    staff = org.level >= SENIOR
    planted_team = org.team >= 0
    free_staff = staff & ~planted_team
    eligible = ~(free_staff & (rng.random(n) < 0.057))

    tenure = np.where(
        org.level <= MANAGER,
        365 + np.minimum(rng.exponential(3000, n), 12000),
        30 + np.minimum(rng.exponential(2000, n), 14000),
    )
    new_hire = free_staff & (rng.random(n) < 0.17)
    hire = np.where(new_hire, rng.integers(0, _END - 30, n), -tenure.astype(int))

    base = np.where(org.dept == _OPERATIONS, 0.19, 0.46)
    level_factor = np.array([0.5, 0.7, 0.9, 1.1, 1.0, 1.0, 1.15])[org.level]
    manager_effect = np.exp(rng.normal(0.0, 0.2, n))[np.maximum(org.manager, 0)]
    p = np.minimum(base * level_factor * manager_effect, 0.9)
    participant = eligible & ~planted_team & (rng.random(n) < p) & (hire < _END - 120)

    # Participants leave about half as often: the retention story.
    leaves = free_staff & (rng.random(n) < np.where(participant, 0.09, 0.2))
    earliest = np.maximum(hire, 0) + np.where(participant, 150, 90)
    leaves &= earliest < _END
    leave_day = earliest + (rng.random(n) * (_END - earliest)).astype(int)
    leave = np.where(leaves, leave_day, _FOREVER)
    return _People(eligible=eligible, hire=hire, leave=leave, participant=participant)


# --- relationships ------------------------------------------------------------------------


def _relationships(rng: np.random.Generator, org: _Org, people: _People) -> _Rels:
    general = np.flatnonzero(people.participant)
    # Some take both kinds, e.g. coaching and then a mentor.
    again = rng.random(len(general)) < 0.13
    senior = org.level <= MANAGER
    first_kind = (rng.random(len(general)) >= np.where(senior[general], 0.7, 0.55)).astype(int)
    person = np.concatenate([general, general[again]])
    kind = np.concatenate([first_kind, 1 - first_kind[again]])

    mentoring_start = np.where(kind == 1, _MENTORING_START, 0)
    low = np.maximum(people.hire[person] + 14, mentoring_start)
    high = np.minimum(_END - 21, people.leave[person] - 45)
    keep = low <= high
    person, kind, low, high = person[keep], kind[keep], low[keep], high[keep]
    # More pairings began in the launch year, so early ones had time to run their course.
    start = low + (rng.random(len(person)) ** 1.4 * (high - low + 1)).astype(int)
    length = np.where(
        kind == 0, rng.integers(300, 560, len(person)), rng.integers(360, 720, len(person))
    )
    fmt = _pick_formats(rng, kind, org.level[person])

    under, over = _planted_relationships(rng, org)
    person = np.concatenate([person, under, over])
    planted_start = np.concatenate(
        [_END - rng.integers(240, 320, len(under)), _END - rng.integers(150, 330, len(over))]
    )
    start = np.concatenate([start, planted_start])
    kind = np.concatenate([kind, np.zeros(len(under), int), rng.integers(0, 2, len(over))])
    length = np.concatenate([length, np.full(len(under), 365), rng.integers(150, 240, len(over))])
    fmt = np.concatenate([fmt, np.zeros(len(under) + len(over), int)])

    order = np.lexsort((person, start))
    person, start, kind, length, fmt = (a[order] for a in (person, start, kind, length, fmt))
    count = len(person)
    slot = org.team[person]

    early = (slot < 0) & (rng.random(count) < 0.15)
    end = start + np.where(early, (length * rng.uniform(0.15, 0.7, count)).astype(int), length)
    reason = np.where(early, rng.choice(_END_REASONS, count, p=[0.35, 0.25, 0.15, 0.15, 0.1]), "")
    left = people.leave[person] < end
    end = np.where(left, people.leave[person], end)
    early |= left
    reason = np.where(left, _LEFT, reason)
    ended = end <= _END
    paused = ~ended & (slot < 0) & (rng.random(count) < 0.06)
    status = np.select(
        [ended & early, ended, paused], ["ended_early", "completed", "paused"], "active"
    )
    reason = np.where(ended & early, reason, "")
    pause = np.where(paused, _END - rng.integers(20, 90, count), _FOREVER)
    pause = np.maximum(pause, start + 14)

    programme = np.where(kind == 1, 1, np.where(start >= _COACHING_COHORT_2, 2, 0))
    coach = _pick_coaches(rng, org, people, person, fmt)
    return _Rels(
        person=person,
        coach=coach,
        kind=kind,
        fmt=fmt,
        programme=programme,
        start=start,
        end=np.where(ended, end, _FOREVER),
        status=status,
        reason=reason,
        pause=pause,
        slot=slot,
        ids=_ids("R", np.arange(1, count + 1), 5),
    )


def _planted_relationships(rng: np.random.Generator, org: _Org) -> tuple[np.ndarray, np.ndarray]:
    """Participants in the planted teams: one or two per under-performer, everyone for the rest."""
    under = []
    for slot in range(len(org.planted["under"])):
        members = np.flatnonzero(org.team == slot)
        under.append(rng.choice(members, 1 if len(members) < 22 else 2, replace=False))
    over = np.flatnonzero(org.team >= len(org.planted["under"]))
    return np.concatenate(under), over


def _pick_formats(rng: np.random.Generator, kind: np.ndarray, level: np.ndarray) -> np.ndarray:
    cumulative = np.where(
        kind[:, None] == 0, np.cumsum(_COACHING_FORMATS), np.cumsum(_MENTORING_FORMATS)
    )
    fmt = (rng.random(len(kind))[:, None] > cumulative).sum(axis=1)
    fmt = np.minimum(fmt, len(_FORMATS) - 1)
    # Reverse mentoring pairs a junior mentor with a senior mentee.
    reverse = (kind == 1) & (level <= MANAGER) & (rng.random(len(kind)) < 0.3)
    return np.where(reverse, np.flatnonzero(_FORMATS == "reverse")[0], fmt)


def _pick_coaches(
    rng: np.random.Generator, org: _Org, people: _People, person: np.ndarray, fmt: np.ndarray
) -> np.ndarray:
    n = len(org.level)
    stays = (people.leave == _FOREVER) & (people.hire < 0) & people.eligible
    trained = rng.random(n)
    pools = {
        "senior": np.flatnonzero(
            stays
            & (
                ((org.level >= DIRECTOR) & (org.level <= MANAGER) & (trained < 0.35))
                | ((org.level == SENIOR) & (trained < 0.04))
            )
        ),
        "peer": np.flatnonzero(stays & (org.level == SENIOR) & (trained > 0.9)),
        "junior": np.flatnonzero(stays & (org.level >= ASSOCIATE) & (trained > 0.95)),
    }
    pool_of = np.full(len(person), "senior", dtype=object)
    pool_of[_FORMATS[fmt] == "peer"] = "peer"
    pool_of[_FORMATS[fmt] == "reverse"] = "junior"
    coach = np.full(len(person), -1)
    draws = rng.random(len(person))
    for name, pool in pools.items():
        rows = np.flatnonzero(pool_of == name)
        pick = (draws[rows] * len(pool)).astype(int)
        chosen = pool[pick]
        # Nobody coaches themselves: take the next person in the pool instead.
        chosen = np.where(chosen == person[rows], pool[(pick + 1) % len(pool)], chosen)
        coach[rows] = chosen
    return np.where(_FORMATS[fmt] == "external", -1, coach)


# --- activity -----------------------------------------------------------------------------


def _sessions(rng: np.random.Generator, rels: _Rels) -> pd.DataFrame:
    count = len(rels.start)
    cadence = rng.choice([14, 21, 28], count, p=[0.8, 0.08, 0.12])
    cadence = np.where(rels.slot >= 0, 14, cadence)  # planted teams meet often enough to judge
    first = rels.start + rng.integers(0, 7, count)
    # Active pairings have the next few weeks booked.
    last = np.minimum(np.minimum(rels.end, rels.pause), _END + 42)
    per_rel = np.maximum((last - first) // cadence + 1, 1)
    rel = np.repeat(np.arange(count), per_rel)
    nth = np.arange(len(rel)) - np.repeat(np.cumsum(per_rel) - per_rel, per_rel)
    day = first[rel] + nth * cadence[rel] + rng.integers(-3, 4, len(rel))
    day = np.clip(day, rels.start[rel], np.maximum(last[rel], rels.start[rel]))

    month = _months(day)
    day_of_month = _days_of_month(day)
    skipped = np.select([month == 8, (month == 12) & (day_of_month >= 20)], [0.35, 0.65], 0.0)
    keep = rng.random(len(rel)) >= skipped
    rel, day = rel[keep], day[keep]

    held = _adherence(rng, rels)[rel]
    restructuring = _in_restructuring(day)
    held = np.where(restructuring, held * 0.45, held)
    cancel_share = np.where(restructuring, 0.85, 0.65)
    u = rng.random(len(rel))
    status = np.select(
        [day > _END, u < held, u < held + (1 - held) * cancel_share],
        ["scheduled", "held", "cancelled"],
        "no_show",
    )
    usual = rng.choice([30, 45, 60, 90], count, p=[0.15, 0.25, 0.5, 0.1])
    duration = np.where(rng.random(len(rel)) < 0.1, 30, usual[rel])
    order = np.lexsort((day, rel))
    return pd.DataFrame(
        {
            "session_id": _ids("S", np.arange(1, len(rel) + 1), 7),
            "relationship_id": _text(rels.ids[rel[order]]),
            "session_date": _dates(day[order]),
            "status": _text(status[order]),
            "duration_minutes": duration[order].astype("int64"),
        }
    )


def _adherence(rng: np.random.Generator, rels: _Rels) -> np.ndarray:
    """Each pairing's chance that a booked session is held."""
    count = len(rels.start)
    usual = np.clip(rng.normal(0.87, 0.05, count), 0.6, 0.99)
    usual = np.where(rels.status == "ended_early", usual - 0.2, usual)
    under = (rels.slot >= 0) & (rels.slot < _OVER_SLOT)
    return np.select([under, rels.slot >= _OVER_SLOT], [0.3, 0.98], usual)


def _goals(rng: np.random.Generator, rels: _Rels) -> pd.DataFrame:
    count = len(rels.start)
    per_rel = rng.choice([1, 2, 3, 4], count, p=[0.05, 0.15, 0.35, 0.45])
    rel = np.repeat(np.arange(count), per_rel)
    size = len(rel)
    close = rels.end[rel]  # the pairing's end, or _FOREVER
    last = np.minimum(close, _END)
    set_day = np.minimum(rels.start[rel] + rng.integers(0, 45, size), last)
    over = rels.slot[rel] >= _OVER_SLOT
    under = (rels.slot[rel] >= 0) & ~over
    span = np.where(over, rng.integers(60, 150, size), rng.integers(60, 240, size))
    target = set_day + span

    mismatch = rels.reason[rel] == "mismatch"
    early = rels.status[rel] == "ended_early"
    propensity = np.select([under, over, mismatch, early], [0.0, 0.97, 0.1, 0.3], 0.78)
    finishes = rng.random(size) < propensity
    pace = np.where(over, rng.uniform(0.5, 0.95, size), rng.uniform(0.55, 1.25, size))
    done_day = set_day + np.maximum((span * pace).astype(int), 7)
    completed = finishes & (done_day <= last)

    gives_up = ~finishes & (rng.random(size) < 0.35)
    drop_day = set_day + 14 + (rng.random(size) * np.maximum(last - set_day - 14, 0)).astype(int)
    dropped = ~completed & ((close <= _END) | (gives_up & (drop_day <= last)))
    drop_day = np.where(close <= _END, close, drop_day)

    fresh = (_END - set_day < 30) | (rng.random(size) < 0.08)
    status = np.select(
        [completed, dropped, fresh], ["completed", "abandoned", "not_started"], "in_progress"
    )
    closed_day = np.select([completed, dropped], [done_day, drop_day], -1)
    category = _goal_categories(rng, rels.kind[rel])
    text = _GOAL_TEXTS[category, rng.integers(0, _GOAL_TEXTS.shape[1], size)]
    return pd.DataFrame(
        {
            "goal_id": _ids("G", np.arange(1, size + 1), 6),
            "relationship_id": _text(rels.ids[rel]),
            "set_date": _dates(set_day),
            "status": _text(status),
            "target_date": _dates(target),
            "completed_date": _dates(closed_day, closed_day >= 0),
            "category": _text(_GOAL_CATEGORIES[category]),
            "goal_text": _text(text),
        }
    )


def _goal_categories(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    coaching = np.cumsum([0.32, 0.28, 0.12, 0.16, 0.12])
    mentoring = np.cumsum([0.14, 0.14, 0.36, 0.1, 0.26])
    cumulative = np.where(kind[:, None] == 0, coaching, mentoring)
    return np.minimum((rng.random(len(kind))[:, None] > cumulative).sum(axis=1), 4)


def _feedback(rng: np.random.Generator, rels: _Rels) -> pd.DataFrame:
    count = len(rels.start)
    last = np.minimum(rels.end, _END)
    # A pulse survey every quarter, and one more when a pairing ends.
    waves = np.maximum((last - rels.start) // 90, 0) + (rels.end <= _END)
    rel = np.repeat(np.arange(count), waves)
    nth = np.arange(len(rel)) - np.repeat(np.cumsum(waves) - waves, waves)
    day = np.minimum(rels.start[rel] + 90 * (nth + 1), last[rel])
    rel = np.concatenate([rel, rel])
    day = np.concatenate([day, day]) + rng.integers(0, 10, len(rel))
    day = np.minimum(day, last[rel])
    coach_side = np.arange(len(rel)) >= len(rel) // 2
    answers = rng.random(len(rel)) < np.where(coach_side, 0.6, 0.72)
    answers &= ~coach_side | (rels.coach[rel] >= 0)
    rel, day, coach_side = rel[answers], day[answers], coach_side[answers]

    slot = rels.slot[rel]
    mood = np.select(
        [
            rels.reason[rel] == "mismatch",
            rels.status[rel] == "ended_early",
            (slot >= 0) & (slot < _OVER_SLOT),
            slot >= _OVER_SLOT,
        ],
        [2.1, 3.2, 2.6, 4.6],
        4.05,
    )
    score = np.clip(np.rint(mood + 0.1 * coach_side + rng.normal(0, 0.75, len(rel))), 1, 5)
    score = score.astype("int64")
    band = np.clip(score - 2, 0, 3)
    comment = _COMMENTS[band, rng.integers(0, _COMMENTS.shape[1], len(rel))]
    order = np.lexsort((coach_side, day, rel))
    return pd.DataFrame(
        {
            "feedback_id": _ids("F", np.arange(1, len(rel) + 1), 6),
            "relationship_id": _text(rels.ids[rel[order]]),
            "submitted_date": _dates(day[order]),
            "satisfaction": score[order],
            "respondent": _text(np.where(coach_side, "coach", "participant")[order]),
            "comment": _text(comment[order]),
        }
    )


def _obstacles(rng: np.random.Generator, org: _Org) -> pd.DataFrame:
    is_manager = np.zeros(len(org.level), bool)
    is_manager[org.manager[org.manager >= 0]] = True
    department, reporter, category, day = [], [], [], []
    restructuring_start = (pd.Timestamp("2026-03-02") - DEMO_START).days
    for d in range(len(_DEPARTMENTS)):
        managers = np.flatnonzero(is_manager & (org.dept == d))
        headcount = int((org.dept == d).sum())
        operations = d == _OPERATIONS
        # Restructuring worries arrive on top of the usual flow, in March and April 2026.
        usual = rng.poisson(headcount * (0.4 if operations else 0.13))
        extra = rng.poisson(headcount * 0.012)
        mix = _OPERATIONS_OBSTACLE_MIX if operations else _OTHER_OBSTACLE_MIX
        category.append(rng.choice(len(_OBSTACLES), usual, p=mix))
        category.append(
            np.full(extra, np.flatnonzero(_OBSTACLES == "perceived_loss_of_control")[0])
        )
        day.append(rng.integers(0, _END + 1, usual))
        day.append(restructuring_start + rng.integers(0, 50, extra))
        reporter.append(managers[rng.integers(0, len(managers), usual + extra)])
        department.append(np.full(usual + extra, d))
    department, reporter, category, day = (
        np.concatenate(a) for a in (department, reporter, category, day)
    )
    size = len(day)
    order = np.lexsort((department, day))
    department, reporter, category, day = (a[order] for a in (department, reporter, category, day))

    stubborn = (department == _OPERATIONS) & (category <= 1)
    severity = np.where(
        stubborn,
        _choice(rng, ["low", "medium", "high"], size, [0.2, 0.45, 0.35]),
        _choice(rng, ["low", "medium", "high"], size, [0.35, 0.45, 0.2]),
    )
    resolves = rng.random(size) < np.where(stubborn, 0.6, 0.85)
    resolved_day = day + 1 + rng.exponential(np.where(stubborn, 120, 45), size).astype(int)
    resolved = resolves & (resolved_day <= _END)
    working = ~resolved & (_END - day > 21) & (rng.random(size) < 0.6)
    status = np.select([resolved, working], ["resolved", "in_progress"], "open")
    other = _OBSTACLES[category] == "other"
    other_text = _OTHER_TEXTS[rng.integers(0, len(_OTHER_TEXTS), size)]
    names = np.array([d[0] for d in _DEPARTMENTS], dtype=object)
    return pd.DataFrame(
        {
            "obstacle_id": _ids("O", np.arange(1, size + 1), 5),
            "department": _text(names[department]),
            "reported_date": _dates(day),
            "category": _text(_OBSTACLES[category]),
            "category_text": _text(np.where(other, other_text, None)),
            "severity": _text(severity),
            "status": _text(status),
            "resolved_date": _dates(resolved_day, resolved),
            "manager_id": _text(org.ids[reporter]),
            "description": _text(_OBSTACLE_TEXTS[category]),
        }
    )


# --- reference tables ---------------------------------------------------------------------


def _departments_frame() -> pd.DataFrame:
    rows = [(name, division) for name, division, _ in _DEPARTMENTS] + [_EXECUTIVE_OFFICE]
    return pd.DataFrame(
        {
            "department_id": _text([f"D{i:02d}" for i in range(1, len(rows) + 1)]),
            "department_name": _text([name for name, _ in rows]),
            "division": _text([division for _, division in rows]),
        }
    )


def _employees_frame(rng: np.random.Generator, org: _Org, people: _People) -> pd.DataFrame:
    n = len(org.level)
    names = np.array([d[0] for d in _DEPARTMENTS] + [_EXECUTIVE_OFFICE[0]], dtype=object)
    first = _FIRST_NAMES[rng.integers(0, len(_FIRST_NAMES), n)]
    last = _SURNAMES[rng.integers(0, len(_SURNAMES), n)]
    left = people.leave != _FOREVER
    # Namesakes are common in 1,500 people: the id keeps every address unique.
    handle = np.strings.add(np.strings.add(first.astype(str), "."), last.astype(str))
    email = np.strings.add(np.strings.add(handle, "."), org.ids.astype(str))
    frame = pd.DataFrame(
        {
            "employee_id": _text(org.ids),
            "department": _text(names[org.dept]),
            "manager_id": _text(np.where(org.manager >= 0, org.ids[org.manager], None)),
            "name": _text(np.strings.add(np.strings.add(first, " "), last)),
            "email": _text(np.strings.add(np.strings.lower(email), "@example.com")),
            "job_level": _text(_LEVELS[org.level]),
            "hire_date": _dates(people.hire),
            "leave_date": _dates(people.leave, left),
            "employment_status": _text(np.where(left, "left", "active")),
            "eligible": people.eligible.astype(bool),
        }
    )
    return frame.sort_values("employee_id", ignore_index=True)


def _programmes_frame(org: _Org) -> pd.DataFrame:
    hr_head = np.flatnonzero((org.manager == 0) & (org.level == DIRECTOR) & (org.dept == _HR))[0]
    sponsors = [org.ids[hr_head], org.ids[0], org.ids[hr_head]]
    return pd.DataFrame(
        {
            "programme_id": _text([p[0] for p in _PROGRAMMES]),
            "programme_name": _text([p[1] for p in _PROGRAMMES]),
            "sponsor_id": _text(sponsors),
            "start_date": pd.to_datetime([p[2] for p in _PROGRAMMES]).astype("datetime64[ns]"),
            "end_date": pd.to_datetime([p[3] for p in _PROGRAMMES]).astype("datetime64[ns]"),
        }
    )


def _enrolments(rng: np.random.Generator, org: _Org, people: _People, rels: _Rels) -> pd.DataFrame:
    programme_start = np.array([(pd.Timestamp(p[2]) - DEMO_START).days for p in _PROGRAMMES])
    # Participants registered a few weeks before their pairing started.
    matched = pd.DataFrame(
        {"person": rels.person, "programme": rels.programme, "start": rels.start}
    ).drop_duplicates(["person", "programme"])
    registered = matched["start"].to_numpy() - rng.integers(7, 45, len(matched))
    registered = np.maximum(registered, people.hire[matched["person"].to_numpy()])

    internal = rels.coach >= 0
    coaches = (
        pd.DataFrame(
            {
                "person": rels.coach[internal],
                "programme": rels.programme[internal],
                "start": rels.start[internal],
            }
        )
        .groupby(["person", "programme"], as_index=False)["start"]
        .min()
    )
    coach_registered = coaches["start"].to_numpy() - rng.integers(14, 60, len(coaches))
    coach_registered = np.maximum(coach_registered, people.hire[coaches["person"].to_numpy()])

    # Some eligible people are invited but never matched; the under-performers' teams most.
    in_pairing = np.zeros(len(org.level), bool)
    in_pairing[rels.person] = True
    under_team = (org.team >= 0) & (org.team < _OVER_SLOT)
    invited = (
        people.eligible
        & ~in_pairing
        & (rng.random(len(org.level)) < np.where(under_team, 0.6, 0.15))
    )
    person = np.flatnonzero(invited)
    programme = rng.integers(0, len(_PROGRAMMES), len(person))
    low = np.maximum(people.hire[person], programme_start[programme])
    high = np.minimum(_END, people.leave[person])
    person, programme, low, high = (a[low <= high] for a in (person, programme, low, high))
    stage = _choice(rng, ["invited", "registered", "withdrawn"], len(person), [0.45, 0.35, 0.2])
    day = low + (rng.random(len(person)) * (high - low + 1)).astype(int)

    frame = pd.DataFrame(
        {
            "employee_id": _text(
                org.ids[np.concatenate([matched["person"], coaches["person"], person])]
            ),
            "role": _text(
                np.repeat(
                    ["participant", "coach", "participant"],
                    [len(matched), len(coaches), len(person)],
                )
            ),
            "status": _text(
                np.concatenate([np.full(len(matched) + len(coaches), "matched"), stage])
            ),
            "programme_id": _text(
                np.array([p[0] for p in _PROGRAMMES])[
                    np.concatenate([matched["programme"], coaches["programme"], programme])
                ]
            ),
            "registered_date": _dates(
                np.concatenate([registered, coach_registered, day]),
                np.concatenate([np.ones(len(matched) + len(coaches), bool), stage != "invited"]),
            ),
        }
    )
    return frame.sort_values(["programme_id", "employee_id", "role"], ignore_index=True)


def _relationships_frame(org: _Org, rels: _Rels) -> pd.DataFrame:
    kinds = np.array(["coaching", "mentoring"])
    return pd.DataFrame(
        {
            "relationship_id": _text(rels.ids),
            "participant_id": _text(org.ids[rels.person]),
            "kind": _text(kinds[rels.kind]),
            "start_date": _dates(rels.start),
            "coach_id": _text(np.where(rels.coach >= 0, org.ids[rels.coach], None)),
            "programme_id": _text(np.array([p[0] for p in _PROGRAMMES])[rels.programme]),
            "format": _text(_FORMATS[rels.fmt]),
            "end_date": _dates(rels.end, rels.end != _FOREVER),
            "status": _text(rels.status),
            "end_reason": _text(np.where(rels.reason == "", None, rels.reason)),
        }
    )


# --- helpers ------------------------------------------------------------------------------


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    width = max(width, len(str(int(numbers.max()))) if len(numbers) else width)
    return np.strings.add(prefix, np.strings.zfill(numbers.astype(str), width))


def _text(values: object) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def _dates(days: np.ndarray, present: np.ndarray | None = None) -> pd.Series:
    """Day offsets from DEMO_START as dates; where `present` is False, NaT."""
    days = np.asarray(days, dtype="int64")
    if present is not None:
        days = np.where(present, days, 0)  # keeps placeholders like _FOREVER in range
    out = (_DAY0 + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    if present is not None:
        out[~present] = np.datetime64("NaT")
    return pd.Series(out)


def _months(days: np.ndarray) -> np.ndarray:
    dates = _DAY0 + days.astype("timedelta64[D]")
    return dates.astype("datetime64[M]").astype(int) % 12 + 1


def _days_of_month(days: np.ndarray) -> np.ndarray:
    dates = _DAY0 + days.astype("timedelta64[D]")
    return (dates - dates.astype("datetime64[M]")).astype(int) + 1


def _in_restructuring(days: np.ndarray) -> np.ndarray:
    dates = _DAY0 + days.astype("timedelta64[D]")
    return dates.astype("datetime64[M]") == np.datetime64(str(RESTRUCTURING_MONTH), "M")


def _choice(rng: np.random.Generator, values: list[str], size: int, p: list[float]) -> np.ndarray:
    return np.array(values, dtype=object)[rng.choice(len(values), size, p=p)]
