"""The canonical data model: tables, columns, kinds and enumerations (docs/DATA-MODEL.md).

Loaders, the validator, the template, the SQL writer and the docs all read this module,
so a column is added or renamed here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["id", "text", "date", "int", "bool", "enum"]

OBSTACLE_CATEGORIES: dict[str, str] = {
    "resistance_to_change": "Resistance to change",
    "lack_of_time": "Lack of time",
    "lack_of_resources": "Lack of resources",
    "lack_of_leadership_support": "Lack of leadership support",
    "perceived_loss_of_control": "Perceived loss of control",
    "inadequate_coach_training": "Inadequate coach training",
    "coach_availability": "Coach availability",
    "mismatch": "Mismatched pairs",
    "confidentiality": "Confidentiality worries",
    "power_imbalance": "Power imbalance",
    "other": "Other",
}

RELATIONSHIP_KINDS = ("coaching", "mentoring")
RELATIONSHIP_FORMATS = ("formal", "informal", "peer", "reverse", "group", "external")
RELATIONSHIP_STATUSES = ("active", "completed", "ended_early", "paused")
SESSION_STATUSES = ("held", "cancelled", "no_show", "scheduled")
GOAL_STATUSES = ("not_started", "in_progress", "completed", "abandoned")
OBSTACLE_STATUSES = ("open", "in_progress", "resolved")
SEVERITIES = ("low", "medium", "high")
EMPLOYMENT_STATUSES = ("active", "left")
ENROLMENT_ROLES = ("participant", "coach")
ENROLMENT_STATUSES = ("invited", "registered", "matched", "withdrawn")
RESPONDENTS = ("participant", "coach")


@dataclass(frozen=True)
class Column:
    """One canonical column: its kind, whether it is required, and what it holds."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    references: str | None = None
    free_text: bool = False
    default: object = None


@dataclass(frozen=True)
class Table:
    """One canonical table; `key` names the primary-key columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: Kind, description: str, **kw: object) -> Column:
    return Column(name, kind, description, **kw)  # type: ignore[arg-type]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "departments",
            "Optional list of departments; without it, names come from employees.department.",
            (
                _c("department_id", "id", "Department identifier.", required=True),
                _c("department_name", "text", "Name shown in the dashboard.", required=True),
                _c("division", "text", "Division the department belongs to."),
            ),
            key=("department_id",),
        ),
        Table(
            "employees",
            "Everyone in the organisation, participants or not; the headcount denominator.",
            (
                _c("employee_id", "id", "Employee identifier.", required=True),
                _c("department", "text", "Department id or name.", required=True),
                _c(
                    "manager_id",
                    "id",
                    "Line manager's employee_id; anyone who is a line manager is an "
                    "operational manager.",
                    references="employees.employee_id",
                ),
                _c("name", "text", "Display name (hidden from analysts unless allowed)."),
                _c(
                    "email",
                    "text",
                    "Work e-mail; lets files that name people by e-mail find them.",
                ),
                _c("job_level", "text", "Grade or level, e.g. 'Director'."),
                _c("hire_date", "date", "Date joined; blank means before any period."),
                _c("leave_date", "date", "Date left; blank means still employed."),
                _c(
                    "employment_status",
                    "enum",
                    "active or left; someone who has left but has no leave date is not "
                    "counted as eligible in any period.",
                    enum=EMPLOYMENT_STATUSES,
                ),
                _c(
                    "eligible",
                    "bool",
                    "Whether the employee may take part (yes/no); blank means yes.",
                    default=True,
                ),
            ),
            key=("employee_id",),
            required=True,
        ),
        Table(
            "programmes",
            "Optional list of programmes (cohorts, schemes).",
            (
                _c("programme_id", "id", "Programme identifier.", required=True),
                _c("programme_name", "text", "Name shown in the dashboard.", required=True),
                _c(
                    "sponsor_id",
                    "id",
                    "Executive sponsor's employee_id.",
                    references="employees.employee_id",
                ),
                _c("start_date", "date", "Programme start."),
                _c("end_date", "date", "Programme end."),
            ),
            key=("programme_id",),
        ),
        Table(
            "enrolments",
            "Optional sign-ups; gives the uptake funnel its invited and registered stages.",
            (
                _c(
                    "employee_id",
                    "id",
                    "Who enrolled.",
                    required=True,
                    references="employees.employee_id",
                ),
                _c("role", "enum", "participant or coach.", required=True, enum=ENROLMENT_ROLES),
                _c(
                    "status",
                    "enum",
                    "invited, registered, matched or withdrawn.",
                    required=True,
                    enum=ENROLMENT_STATUSES,
                ),
                _c(
                    "programme_id",
                    "id",
                    "Programme enrolled in.",
                    references="programmes.programme_id",
                ),
                _c("registered_date", "date", "Date of registration."),
            ),
            key=("employee_id", "role", "programme_id"),
        ),
        Table(
            "relationships",
            "One coaching or mentoring pairing.",
            (
                _c("relationship_id", "id", "Relationship identifier.", required=True),
                _c(
                    "participant_id",
                    "id",
                    "The coachee or mentee (employee_id).",
                    required=True,
                    references="employees.employee_id",
                ),
                _c(
                    "kind", "enum", "coaching or mentoring.", required=True, enum=RELATIONSHIP_KINDS
                ),
                _c("start_date", "date", "Date the pairing started.", required=True),
                _c(
                    "coach_id",
                    "id",
                    "The coach or mentor (employee_id; blank for external coaches).",
                    references="employees.employee_id",
                ),
                _c(
                    "programme_id",
                    "id",
                    "Programme the pairing belongs to.",
                    references="programmes.programme_id",
                ),
                _c("format", "enum", "How the pairing works.", enum=RELATIONSHIP_FORMATS),
                _c("end_date", "date", "Date the pairing ended; blank while it runs."),
                _c(
                    "status",
                    "enum",
                    "active, completed, ended_early or paused; blank means active, or "
                    "completed when an end date is given.",
                    enum=RELATIONSHIP_STATUSES,
                ),
                _c("end_reason", "text", "Why it ended, e.g. 'mismatch'."),
            ),
            key=("relationship_id",),
            required=True,
        ),
        Table(
            "sessions",
            "Meetings of a pairing.",
            (
                _c("session_id", "id", "Session identifier.", required=True),
                _c(
                    "relationship_id",
                    "id",
                    "The pairing that met.",
                    required=True,
                    references="relationships.relationship_id",
                ),
                _c("session_date", "date", "Date of the meeting.", required=True),
                _c(
                    "status",
                    "enum",
                    "held, cancelled, no_show or scheduled; blank means held.",
                    enum=SESSION_STATUSES,
                    default="held",
                ),
                _c("duration_minutes", "int", "Length of the meeting in minutes."),
            ),
            key=("session_id",),
        ),
        Table(
            "goals",
            "Goals set within a pairing. Goal text is never shown.",
            (
                _c("goal_id", "id", "Goal identifier.", required=True),
                _c(
                    "relationship_id",
                    "id",
                    "The pairing the goal belongs to.",
                    required=True,
                    references="relationships.relationship_id",
                ),
                _c("set_date", "date", "Date the goal was set.", required=True),
                _c(
                    "status",
                    "enum",
                    "not_started, in_progress, completed or abandoned.",
                    required=True,
                    enum=GOAL_STATUSES,
                ),
                _c("target_date", "date", "Date the goal should be reached by."),
                _c(
                    "completed_date",
                    "date",
                    "Date the goal was closed (completed, or abandoned).",
                ),
                _c("category", "text", "Kind of goal, e.g. 'leadership'."),
                _c("goal_text", "text", "Free text; loaded but never shown.", free_text=True),
            ),
            key=("goal_id",),
        ),
        Table(
            "feedback",
            "Satisfaction responses. Comments are never shown.",
            (
                _c("feedback_id", "id", "Response identifier.", required=True),
                _c(
                    "relationship_id",
                    "id",
                    "The pairing rated.",
                    required=True,
                    references="relationships.relationship_id",
                ),
                _c("submitted_date", "date", "Date of the response.", required=True),
                _c("satisfaction", "int", "Score from 1 (poor) to 5 (excellent).", required=True),
                _c(
                    "respondent",
                    "enum",
                    "participant or coach; blank means participant.",
                    enum=RESPONDENTS,
                    default="participant",
                ),
                _c("comment", "text", "Free text; loaded but never shown.", free_text=True),
            ),
            key=("feedback_id",),
        ),
        Table(
            "obstacles",
            "Obstacles to adoption reported by departments or managers.",
            (
                _c("obstacle_id", "id", "Obstacle identifier.", required=True),
                _c("department", "text", "Department id or name.", required=True),
                _c("reported_date", "date", "Date reported.", required=True),
                _c(
                    "category",
                    "enum",
                    "What blocks adoption; unknown wordings become 'other'.",
                    required=True,
                    enum=tuple(OBSTACLE_CATEGORIES),
                ),
                _c(
                    "category_text",
                    "text",
                    "The original wording of the category, kept when it maps to 'other'.",
                ),
                _c("severity", "enum", "low, medium or high.", enum=SEVERITIES),
                _c(
                    "status",
                    "enum",
                    "open, in_progress or resolved; blank means open, or resolved when a "
                    "resolved date is given.",
                    enum=OBSTACLE_STATUSES,
                ),
                _c("resolved_date", "date", "Date resolved."),
                _c(
                    "manager_id",
                    "id",
                    "Operational manager who reported it.",
                    references="employees.employee_id",
                ),
                _c("description", "text", "Free text; loaded but never shown.", free_text=True),
            ),
            key=("obstacle_id",),
        ),
    )
}

REQUIRED_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.required)
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)

ACTIVITY_DATES: dict[str, tuple[str, ...]] = {
    "sessions": ("session_date",),
    "relationships": ("start_date", "end_date"),
    "goals": ("set_date", "completed_date"),
    "feedback": ("submitted_date",),
    "obstacles": ("reported_date", "resolved_date"),
}
"""Dates that record something that happened (never a future target), for the default period."""
