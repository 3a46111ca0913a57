"""Match spreadsheet headers to canonical columns, and the mapping file that remembers choices.

A header matches a column by its normalised name ('Employee ID', 'employeeId' and 'EMPLOYEE_ID'
all become `employee_id`), else by the synonym table, else with a table-like prefix removed
('Meeting Date' -> 'date' -> session_date). A wording that means different columns in
different tables ('Date', 'ID', 'Start Date') lists its candidates; a table takes the first it
has that no other header has already claimed.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from dashboard.coerce import normalise_token
from dashboard.schema import TABLES

# Canonical column -> wordings that mean it (normalised). Declaration order is preference
# order when one wording is listed under several columns.
_COLUMN_WORDINGS: dict[str, str] = {
    "relationship_id": "match_id pairing_id mentorship_id engagement_id relationship match "
    "pairing mentorship engagement coaching_id mentoring_id assignment_id relationship_no "
    "match_no relationship_ref match_ref id",
    "session_id": "meeting_id check_in_id checkin_id session meeting session_no session_number "
    "meeting_no meeting_number activity_id id",
    "goal_id": "objective_id goal_no goal_number objective_no objective_number goal_ref id",
    "feedback_id": "response_id survey_id survey_response_id rating_id submission_id "
    "evaluation_id review_id id",
    "obstacle_id": "barrier_id issue_id risk_id blocker_id challenge_id obstacle_no issue_no "
    "reference ref id",
    "department_id": "dept_id department_code dept_code dept_no department_no unit_id "
    "unit_code code id",
    "employee_id": "employee employee_number employee_no employee_num emp_id emp_no emp_number "
    "staff_id staff_no staff_number staff_num person_id personnel_id personnel_number "
    "personnel_no worker_id payroll_id payroll_number payroll_no hr_id employee_code "
    "staff_code user_id id",
    "programme_id": "program_id programme program programme_code program_code cohort_id "
    "cohort scheme_id scheme code id",
    "participant_id": "participant mentee mentee_id coachee coachee_id protege protege_id "
    "learner learner_id participant_employee_id mentee_employee_id coachee_employee_id "
    "employee_id employee",
    "coach_id": "coach mentor mentor_id coach_employee_id mentor_employee_id",
    "manager_id": "manager line_manager line_manager_id supervisor supervisor_id reports_to "
    "reports_to_id manager_employee_id line_manager_employee_id manager_no "
    "line_manager_no manager_number reported_by raised_by employee_id",
    "sponsor_id": "sponsor executive_sponsor sponsor_employee_id",
    "department": "dept department_name dept_name business_unit unit org_unit "
    "organisation_unit organization_unit team department_id dept_id",
    "department_name": "department dept dept_name department_title unit_name name",
    "division": "directorate business_area division_name",
    "name": "full_name employee_name display_name staff_name person_name",
    "programme_name": "program_name programme_title program_title scheme_name cohort_name "
    "programme program title name",
    "job_level": "level grade band job_grade seniority pay_grade career_level",
    "hire_date": "date_hired hired hired_on date_of_hire joining_date date_joined join_date "
    "joined employment_start_date date_of_joining start_of_employment start_date start",
    "leave_date": "leaving_date date_left left termination_date date_of_termination "
    "terminated_on exit_date separation_date leaver_date last_day last_working_day "
    "end_date",
    "eligible": "eligibility is_eligible eligible_for_programme in_scope include",
    "start_date": "start started date_matched match_date match_start matched_on matched "
    "pairing_date begin_date begin commenced start_on date_started",
    "end_date": "end ended date_ended match_end finish_date finished close_date closed_date "
    "end_on date_closed",
    "role": "participant_type enrolment_type enrollment_type signed_up_as type",
    "status": "state stage progress attendance outcome",
    "registered_date": "registration_date date_registered signup_date sign_up_date "
    "enrolled_date enrolment_date enrollment_date applied_date date_applied date",
    "kind": "relationship_type match_type programme_type program_type coaching_or_mentoring type",
    "format": "mode delivery delivery_format modality style",
    "end_reason": "reason reason_ended closure_reason termination_reason exit_reason "
    "why_ended reason_for_ending end_reason_text",
    "session_date": "meeting_date date date_of_session date_of_meeting held_on met_on "
    "check_in_date checkin_date scheduled_date date_time datetime start start_time start_date "
    "when",
    "duration_minutes": "duration minutes duration_mins duration_min mins length "
    "length_minutes length_mins session_length meeting_length time_spent",
    "set_date": "date_set created created_date created_on date_created goal_set_date "
    "agreed_date date_agreed start_date date",
    "target_date": "due due_date deadline target target_completion_date complete_by by_when",
    "completed_date": "completion_date date_completed completed_on completed closed_date "
    "date_closed closed_on achieved_date date_achieved achieved_on "
    "actual_completion_date end_date",
    "category": "goal_category obstacle_category barrier_type issue_type risk_category theme "
    "area focus_area competency topic obstacle barrier issue risk blocker type",
    "goal_text": "goal goal_description objective objective_text description details text",
    "submitted_date": "submitted submitted_on date_submitted response_date survey_date "
    "rating_date feedback_date timestamp completed_on date",
    "satisfaction": "rating score satisfaction_score satisfaction_rating overall_satisfaction "
    "overall_rating csat stars",
    "respondent": "respondent_role respondent_type submitted_by rater responder from role",
    "comment": "comments feedback remarks free_text notes note comment_text feedback_text "
    "additional_comments",
    "reported_date": "date_reported reported reported_on raised_date date_raised raised_on "
    "logged_date date_logged logged_on identified_date created created_date created_on "
    "date",
    "category_text": "original_category category_wording",
    "severity": "priority impact rag risk_level importance level",
    "resolved_date": "date_resolved resolved_on resolution_date fixed_date closed_date "
    "date_closed closed_on",
    "description": "details notes summary obstacle_description issue_description note",
}


def _by_wording(wordings: dict[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for column, words in wordings.items():
        for word in words.split():
            out[word] = (*out.get(word, ()), column)
    return out


HEADER_SYNONYMS: dict[str, tuple[str, ...]] = _by_wording(_COLUMN_WORDINGS)
"""Normalised header -> the canonical columns it may mean, most likely first."""

# Words exports put in front of a column name ('Goal Status', 'Meeting Date'); removed when
# the header does not match as it stands.
_PREFIXES = (
    "employee",
    "staff",
    "relationship",
    "match",
    "pairing",
    "mentorship",
    "session",
    "meeting",
    "goal",
    "objective",
    "feedback",
    "survey",
    "obstacle",
    "barrier",
    "issue",
    "programme",
    "program",
    "enrolment",
    "enrollment",
    "department",
    "dept",
)


# No column is named in more characters than this: a longer header is compared by its start
# only, so that text pasted into a header cell costs no more than a short header.
MAX_HEADER_CHARS = 200
# Each pattern looks at a fixed number of characters around a position, so the substitutions
# take time in proportion to the text, whatever it holds.
_LOWER_UPPER = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # employeeId -> employee_Id
_ACRONYM_END = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")  # HRSystem -> HR_System
_BRACKETED = re.compile(r"[(\[][^()\[\]]*[)\]]")  # (dd/mm/yyyy), [optional]


def normalise_header(header: object) -> str:
    """'Employee ID ', 'employeeId' and 'Employee-Id' all become 'employee_id'."""
    return _normalised(str(header)[:MAX_HEADER_CHARS])


@functools.lru_cache(maxsize=65_536)
def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _ACRONYM_END.sub("_", _LOWER_UPPER.sub("_", text))
    return normalise_token(text.replace("#", " number "))


def _variants(header: str) -> list[str]:
    """The header as it stands, without a bracketed hint, and without a table-like prefix."""
    return list(_variants_of(str(header)[:MAX_HEADER_CHARS]))


@functools.lru_cache(maxsize=65_536)
def _variants_of(header: str) -> tuple[str, ...]:
    base = normalise_header(header)
    out = [base]
    unbracketed = normalise_header(_BRACKETED.sub(" ", header))
    if unbracketed and unbracketed not in out:
        out.append(unbracketed)
    for text in list(out):
        for prefix in _PREFIXES:
            rest = text[len(prefix) + 1 :]
            # A bare 'id' left over ('Employee ID' in a sessions sheet) would claim the key.
            if text.startswith(prefix + "_") and rest and rest != "id":
                out.append(rest)
    return tuple(out)


@dataclass(frozen=True)
class ColumnMatch:
    """How one sheet's headers map onto one table's columns."""

    table: str
    columns: dict[str, str]  # source header -> canonical column
    unmapped: tuple[str, ...]  # headers that match no column
    duplicates: dict[str, str]  # header -> canonical column an earlier header already took

    @property
    def missing(self) -> list[str]:
        """Required columns no header supplies."""
        have = set(self.columns.values())
        return [c for c in TABLES[self.table].required_columns if c not in have]

    @property
    def score(self) -> tuple[float, int]:
        """Share of required columns found, then columns found: higher is a better fit."""
        required = TABLES[self.table].required_columns
        return (1 - len(self.missing) / len(required), len(self.columns))


def match_columns(
    table: str, headers: Iterable[str], chosen: dict[str, str] | None = None
) -> ColumnMatch:
    """Map `headers` onto `table`: the user's choices first, then names, then synonyms.

    `chosen` maps a header (matched by normalised name) to a canonical column, or to '' to
    ignore that header.
    """
    headers = list(headers)
    allowed = set(TABLES[table].column_names)
    picks = {normalise_header(h): c for h, c in (chosen or {}).items()}
    columns: dict[str, str] = {}
    taken: set[str] = set()
    duplicates: dict[str, str] = {}
    for header in headers:
        pick = picks.get(normalise_header(header))
        if pick and pick in allowed and pick not in taken:
            columns[header] = pick
            taken.add(pick)
    rest = [h for h in headers if normalise_header(h) not in picks]
    # Exact names before synonyms, so 'Programme ID' keeps programme_id from 'Programme'.
    for header in rest:
        name = normalise_header(header)
        if name in allowed:
            if name in taken:
                duplicates[header] = name
            else:
                columns[header] = name
                taken.add(name)
    for header in rest:
        if header in columns or header in duplicates:
            continue
        found = None
        for variant in _variants(header):
            candidates = (variant,) if variant in allowed else ()
            candidates += HEADER_SYNONYMS.get(variant, ())
            found = next((c for c in candidates if c in allowed and c not in taken), None)
            if found:
                break
        if found:
            columns[header] = found
            taken.add(found)
    unmapped = tuple(h for h in headers if h not in columns and h not in duplicates)
    return ColumnMatch(table, columns, unmapped, duplicates)


@functools.lru_cache(maxsize=65_536)
def known_header(header: str) -> bool:
    """Whether a header names some canonical column of some table (used to find header rows)."""
    return any(v in HEADER_SYNONYMS or v in _COLUMN_NAMES for v in _variants(header))


_COLUMN_NAMES = frozenset(c.name for t in TABLES.values() for c in t.columns)


DateChoice = Literal["dayfirst", "monthfirst"]
MAPPING_FORMAT = "programme-dashboard-mapping"


class MappingError(ValueError):
    """A mapping file that cannot be used; the message says which entry is wrong."""


@dataclass
class Mapping:
    """The user's choices for an upload, saved as a small JSON file for the next export.

    `tables`: sheet or file name -> table ('' to ignore it); `columns`: table -> {header:
    column, or '' to ignore}; `dates`: 'table.column' -> 'dayfirst' or 'monthfirst'.
    """

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, DateChoice] = field(default_factory=dict)

    def table_for(self, *names: str | None) -> str | None:
        wanted = {normalise_header(n): t for n, t in self.tables.items()}
        for name in names:
            if name is not None and normalise_header(name) in wanted:
                return wanted[normalise_header(name)]
        return None

    def to_json(self) -> bytes:
        body = {
            "format": MAPPING_FORMAT,
            "version": 1,
            "tables": self.tables,
            "columns": self.columns,
            "dates": self.dates,
        }
        return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> Mapping:
        """Read a mapping file, naming the entry that is wrong when it cannot be used."""
        try:
            body = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MappingError(f"the mapping file is not valid JSON: {exc}") from exc
        if not isinstance(body, dict) or body.get("format") != MAPPING_FORMAT:
            raise MappingError(
                f'not a mapping file: expected a JSON object with "format": "{MAPPING_FORMAT}"'
            )
        tables = _string_dict(body.get("tables", {}), "tables")
        for name, table in tables.items():
            if table and table not in TABLES:
                raise MappingError(f"tables.{name}: '{table}' is not a table ({_names(TABLES)})")
        columns_in = body.get("columns", {})
        if not isinstance(columns_in, dict):
            raise MappingError("columns: expected an object of table -> {header: column}")
        columns: dict[str, dict[str, str]] = {}
        for table, picks in columns_in.items():
            if table not in TABLES:
                raise MappingError(f"columns.{table}: not a table ({_names(TABLES)})")
            columns[table] = _string_dict(picks, f"columns.{table}")
            allowed = TABLES[table].column_names
            for header, column in columns[table].items():
                if column and column not in allowed:
                    raise MappingError(
                        f"columns.{table}.{header}: '{column}' is not a column of {table} "
                        f"({', '.join(allowed)})"
                    )
        dates = _string_dict(body.get("dates", {}), "dates")
        for key, order in dates.items():
            table, _, column = key.partition(".")
            if table not in TABLES or column not in TABLES[table].column_names:
                raise MappingError(f"dates.{key}: expected 'table.column' of a date column")
            if order not in ("dayfirst", "monthfirst"):
                raise MappingError(f"dates.{key}: expected 'dayfirst' or 'monthfirst'")
        return cls(tables, columns, dates)  # type: ignore[arg-type]


def _string_dict(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MappingError(f"{where}: expected an object whose values are text")
    return dict(value)


def _names(tables: Iterable[str]) -> str:
    return ", ".join(tables)
