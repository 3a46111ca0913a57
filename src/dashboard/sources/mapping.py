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
from typing import Literal, TypeVar

from dashboard.coerce import normalise_token
from dashboard.errors import MappingError
from dashboard.schema import TABLES
from dashboard.sources import recoding

T = TypeVar("T")

# Canonical column -> wordings that mean it (normalised). Declaration order is preference
# order when one wording is listed under several columns.
_COLUMN_WORDINGS: dict[str, str] = {
    "relationship_id": "match_id pairing_id mentorship_id engagement_id relationship match "
    "pairing mentorship engagement coaching_id mentoring_id assignment_id relationship_no "
    "match_no relationship_ref match_ref connection_id mentoring_connection_id "
    "mentoring_connection connection loop_id loop group_id pair_id pairing_no id",
    "session_id": "meeting_id check_in_id checkin_id session meeting session_no session_number "
    "meeting_no meeting_number activity_id appointment_id id",
    "goal_id": "objective_id goal_no goal_number objective_no objective_number goal_ref id",
    "feedback_id": "response_id survey_id survey_response_id rating_id submission_id "
    "evaluation_id review_id id",
    "obstacle_id": "barrier_id issue_id risk_id blocker_id challenge_id obstacle_no issue_no "
    "reference ref id",
    "department_id": "dept_id department_code dept_code dept_no department_no unit_id "
    "unit_code code id",
    "email": "work_email email_address email_primary_work primary_work_email business_email "
    "work_email_address company_email e_mail mail",
    "employee_id": "employee employee_number employee_no employee_num emp_id emp_no emp_number "
    "staff_id staff_no staff_number staff_num person_id personnel_id personnel_number "
    "personnel_no person_number worker_id payroll_id payroll_number payroll_no hr_id "
    "employee_code staff_code user_id userid empid member_email member email work_email "
    "email_address user_email id",
    "programme_id": "program_id programme program programme_code program_code cohort_id "
    "cohort scheme_id scheme code id",
    "participant_id": "participant mentee mentee_id coachee coachee_id protege protege_id "
    "learner learner_id participant_employee_id mentee_employee_id coachee_employee_id "
    "mentee_email coachee_email participant_email learner_email member_email mentee_name "
    "mentee_full_name coachee_name participant_name learner_name member_name member_id "
    "member employee_id employee",
    "coach_id": "coach mentor mentor_id coach_employee_id mentor_employee_id mentor_email "
    "coach_email mentor_name mentor_full_name coach_name",
    "manager_id": "manager line_manager line_manager_id supervisor supervisor_id reports_to "
    "reports_to_id manager_employee_id line_manager_employee_id manager_no "
    "line_manager_no manager_number manager_email supervisor_email line_manager_email "
    "reports_to_email manager_name supervisor_name line_manager_name reporting_to "
    "reporting_manager direct_manager reported_by raised_by employee_id",
    "sponsor_id": "sponsor executive_sponsor sponsor_employee_id sponsor_email sponsor_name",
    "department": "dept department_name dept_name business_unit unit org_unit "
    "organisation_unit organization_unit supervisory_organization supervisory_organisation "
    "cost_center cost_centre cost_center_name cost_centre_name team department_id dept_id",
    "department_name": "department dept dept_name department_title unit_name name",
    "division": "directorate business_area division_name",
    "name": "full_name employee_name display_name staff_name person_name worker "
    "preferred_name legal_name worker_name",
    "programme_name": "program_name programme_title program_title scheme_name cohort_name "
    "programme program title name",
    "job_level": "level grade band job_grade seniority pay_grade career_level management_level",
    "hire_date": "date_hired hired hired_on date_of_hire joining_date date_joined join_date "
    "joined employment_start_date date_of_joining start_of_employment hiredate "
    "original_hire_date latest_hire_date start_date start",
    "leave_date": "leaving_date date_left left termination_date date_of_termination "
    "terminated_on exit_date separation_date leaver_date last_day last_working_day "
    "employment_end_date contract_end_date end_of_employment end_date",
    "employment_status": "active_status worker_status lifecycle_status employee_status "
    "employment_state is_active active status",
    "eligible": "eligibility is_eligible eligible_for_programme in_scope include",
    "start_date": "start started date_matched match_date match_start matched_on matched "
    "matched_date matched_at pairing_date begin_date begin commenced start_on date_started "
    "started_on connected_on connection_date created_at",
    "end_date": "end ended date_ended match_end finish_date finished close_date closed_date "
    "end_on date_closed ended_on closed_on concluded_on",
    "role": "participant_type enrolment_type enrollment_type signed_up_as member_type "
    "user_type participant_role mentoring_role programme_role program_role type",
    "status": "state stage attendance outcome matching_status match_status "
    "connection_status loop_status relationship_status pairing_status session_status "
    "meeting_status goal_status attended happened is_active active meeting_completed "
    "session_completed took_place did_it_happen",
    "registered_date": "registration_date date_registered signup_date sign_up_date "
    "enrolled_date enrolment_date enrollment_date applied_date date_applied joined_at "
    "joined date_joined created_at date",
    "kind": "relationship_type match_type programme_type program_type coaching_or_mentoring type",
    "format": "mode delivery delivery_format modality style",
    "end_reason": "reason reason_ended closure_reason termination_reason exit_reason "
    "why_ended reason_for_ending end_reason_text",
    "session_date": "meeting_date date date_of_session date_of_meeting held_on met_on "
    "check_in_date checkin_date scheduled_date date_time datetime start start_time start_date "
    "start_at scheduled_at meeting_time when",
    "duration_minutes": "duration minutes duration_mins duration_min mins length "
    "length_minutes length_mins session_length meeting_length time_spent duration_in_minutes "
    "meeting_duration session_duration",
    "set_date": "date_set created created_date created_on created_at date_created "
    "goal_set_date agreed_date date_agreed start_date date",
    "target_date": "due due_date deadline target target_completion_date complete_by by_when",
    "completed_date": "completion_date date_completed completed_on completed closed_date "
    "date_closed closed_on achieved_date date_achieved achieved_on "
    "actual_completion_date end_date",
    "category": "goal_category obstacle_category barrier_type issue_type risk_category theme "
    "area focus_area competency topic obstacle barrier issue risk blocker type",
    "goal_text": "goal goal_description goal_title goal_name objective objective_text "
    "description details text",
    "submitted_date": "submitted submitted_on submitted_at date_submitted response_date "
    "survey_date rating_date feedback_date recorded_date recorded_at created_at timestamp "
    "completed_on date",
    "satisfaction": "rating score satisfaction_score satisfaction_rating overall_satisfaction "
    "overall_rating csat stars session_rating meeting_rating",
    "respondent": "respondent_role respondent_type submitted_by rater responder from role",
    "comment": "comments feedback remarks free_text notes note comment_text feedback_text "
    "additional_comments",
    "reported_date": "date_reported reported reported_on raised_date date_raised raised_on "
    "logged_date date_logged logged_on identified_date created created_date created_on "
    "created_at date",
    "category_text": "original_category category_wording",
    "severity": "priority impact rag risk_level importance level",
    "resolved_date": "date_resolved resolved_on resolution_date fixed_date closed_date "
    "date_closed closed_on",
    "description": "details notes summary obstacle_description issue_description note",
}

# A wording's weight when several headers could supply one column: an identifier before an
# e-mail, an e-mail before a name, and bare words ('ID', 'Name', 'Date') last, whatever the
# order of the headers ('ID' before 'Personnel number', 'Mentee' before 'Mentee Email').
_GENERIC_WORDINGS = frozenset(
    {"id", "code", "ref", "reference", "name", "title", "date", "type", "start", "when"}
    | {"level", "text", "details"}
)
_PERSON_WORDS = frozenset(
    {"employee", "mentee", "mentor", "coach", "coachee", "participant", "protege", "learner"}
    | {"manager", "supervisor", "line_manager", "reports_to", "reporting_to", "sponsor"}
    | {"reporting_manager", "direct_manager", "executive_sponsor", "member", "worker"}
    | {"reported_by", "raised_by"}
)


def _weight(wording: str) -> int:
    words = wording.split("_")
    if wording in _GENERIC_WORDINGS:
        return 3
    if wording in _PERSON_WORDS or "name" in words:
        return 2
    if "email" in words or wording in ("mail", "e_mail"):
        return 1
    return 0


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
    # Synonyms by weight, then header order: each header claims the first free column its
    # wordings offer.
    offers = {h: _offers(h, allowed) for h in rest if h not in columns and h not in duplicates}
    for header in sorted(offers, key=lambda h: min((w for w, _ in offers[h]), default=9)):
        found = next((c for _, c in offers[header] if c not in taken), None)
        if found:
            columns[header] = found
            taken.add(found)
        elif offers[header]:
            duplicates[header] = offers[header][0][1]
    unmapped = tuple(h for h in headers if h not in columns and h not in duplicates)
    in_order = {h: columns[h] for h in headers if h in columns}
    return ColumnMatch(table, in_order, unmapped, duplicates)


def _offers(header: str, allowed: set[str]) -> list[tuple[int, str]]:
    """(weight, column) for every column of the table a header's wordings may mean, in order."""
    out = []
    for variant in _variants(header):
        if variant in allowed:
            out.append((0, variant))
        out += [(_weight(variant), c) for c in HEADER_SYNONYMS.get(variant, ()) if c in allowed]
    return out


@functools.lru_cache(maxsize=65_536)
def known_header(header: str) -> bool:
    """Whether a header names some canonical column of some table (used to find header rows)."""
    return any(v in HEADER_SYNONYMS or v in _COLUMN_NAMES for v in _variants(header))


_COLUMN_NAMES = frozenset(c.name for t in TABLES.values() for c in t.columns)


DateChoice = Literal["dayfirst", "monthfirst"]
MAPPING_FORMAT = "programme-dashboard-mapping"


@dataclass
class Mapping:
    """The user's choices for an upload, saved as a small JSON file for the next export.

    `tables`: sheet or file name -> table ('' to ignore it); `header_rows`: sheet -> the
    spreadsheet row holding its headers; `columns`: table -> {header: column, or '' to
    ignore}; `dates`: 'table.column' -> 'dayfirst' or 'monthfirst'; `constants` and
    `defaults`: table -> {column: value} for every row, or for rows where it is blank;
    `recodes`: table -> column -> {value as written (or '*' for any other): canonical value,
    or '' to read it as it stands}; `scales`: 'table.column' -> rating scale such as '0-10'.
    """

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, DateChoice] = field(default_factory=dict)
    header_rows: dict[str, int] = field(default_factory=dict)
    constants: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    recodes: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    scales: dict[str, str] = field(default_factory=dict)

    def table_for(self, *names: str | None) -> str | None:
        return _by_name(self.tables, names)

    def header_row_for(self, *names: str | None) -> int | None:
        return _by_name(self.header_rows, names)

    def to_json(self) -> bytes:
        body: dict[str, object] = {
            "format": MAPPING_FORMAT,
            "version": MAPPING_VERSION,
            "tables": self.tables,
            "columns": self.columns,
            "dates": self.dates,
        }
        for name in ("header_rows", "constants", "defaults", "recodes", "scales"):
            if getattr(self, name):
                body[name] = getattr(self, name)
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
        columns = {
            table: _string_dict(picks, f"columns.{table}")
            for table, picks in _per_table(body, "columns").items()
        }
        for table, picks in columns.items():
            allowed = TABLES[table].column_names
            for header, column in picks.items():
                if column and column not in allowed:
                    raise MappingError(
                        f"columns.{table}.{header}: '{column}' is not a column of {table} "
                        f"({', '.join(allowed)})"
                    )
        dates = _string_dict(body.get("dates", {}), "dates")
        for key, order in dates.items():
            table, column = _column_key(key, "dates")
            if TABLES[table].column(column).kind != "date":
                raise MappingError(f"dates.{key}: expected 'table.column' of a date column")
            if order not in ("dayfirst", "monthfirst"):
                raise MappingError(f"dates.{key}: expected 'dayfirst' or 'monthfirst'")
        return cls(
            tables,
            columns,
            dates,  # type: ignore[arg-type]
            _header_rows(body.get("header_rows", {})),
            _fixed_values(body, "constants"),
            _fixed_values(body, "defaults"),
            _recodes(body),
            _scales(body),
        )


MAPPING_VERSION = 2


def _by_name(entries: dict[str, T], names: tuple[str | None, ...]) -> T | None:
    wanted = {normalise_header(n): v for n, v in entries.items()}
    for name in names:
        if name is not None and normalise_header(name) in wanted:
            return wanted[normalise_header(name)]
    return None


def _per_table(body: dict, section: str) -> dict[str, object]:
    value = body.get(section, {})
    if not isinstance(value, dict):
        raise MappingError(f"{section}: expected an object of table -> {{column: ...}}")
    for table in value:
        if table not in TABLES:
            raise MappingError(f"{section}.{table}: not a table ({_names(TABLES)})")
    return value


def _column_key(key: str, section: str) -> tuple[str, str]:
    table, _, column = key.partition(".")
    if table not in TABLES or column not in TABLES[table].column_names:
        raise MappingError(f"{section}.{key}: expected 'table.column'")
    return table, column


def _header_rows(value: object) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 1
        for k, v in value.items()
    ):
        raise MappingError("header_rows: expected an object of sheet -> row number (1 or more)")
    return dict(value)


def _fixed_values(body: dict, section: str) -> dict[str, dict[str, str]]:
    out = {}
    for table, values in _per_table(body, section).items():
        values = _string_dict(values, f"{section}.{table}")
        for column, value in values.items():
            if column not in TABLES[table].column_names:
                raise MappingError(f"{section}.{table}.{column}: not a column of {table}")
            if recoding.canonical_value(table, column, value) is None:
                raise MappingError(
                    f"{section}.{table}.{column}: '{value}' is not a value {column} can hold"
                )
        out[table] = values
    return out


def _recodes(body: dict) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    for table, per_column in _per_table(body, "recodes").items():
        if not isinstance(per_column, dict):
            raise MappingError(f"recodes.{table}: expected an object of column -> {{value: ...}}")
        out[table] = {}
        for column, pairs in per_column.items():
            where = f"recodes.{table}.{column}"
            if column not in TABLES[table].column_names or not recoding.recodable(table, column):
                raise MappingError(f"{where}: not a column whose values can be recoded")
            pairs = _string_dict(pairs, where)
            allowed = recoding.targets(table, column)
            for value, target in pairs.items():
                if target != recoding.AS_READ and target not in allowed:
                    raise MappingError(
                        f"{where}.{value}: '{target}' is not one of {', '.join(allowed)}"
                    )
            out[table][column] = pairs
    return out


def _scales(body: dict) -> dict[str, str]:
    scales = _string_dict(body.get("scales", {}), "scales")
    for key, scale in scales.items():
        if _column_key(key, "scales") != ("feedback", "satisfaction"):
            raise MappingError(f"scales.{key}: only feedback.satisfaction has a rating scale")
        if scale not in recoding.SCALES:
            raise MappingError(f"scales.{key}: expected one of {', '.join(recoding.SCALES)}")
    return scales


def _string_dict(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MappingError(f"{where}: expected an object whose values are text")
    return dict(value)


def _names(tables: Iterable[str]) -> str:
    return ", ".join(tables)
