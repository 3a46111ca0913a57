"""Property tests: whatever an export looks like, the upload never crashes and accounts for rows.

Hypothesis builds a small organisation as an analyst might receive it: headers renamed to
export wordings and shuffled, dates in mixed formats, junk in random cells, blank and title
rows, as .xlsx or .csv. Every run must end in a report, never an exception, in which every
table's rows read = loaded + rejected and every rejected row is listed.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spreadsheets import csv, xlsx

from dashboard.sources.upload import UploadedFile, ingest

HEADERS = {
    "employees": {
        "employee_id": ["employee_id", "Employee ID", "Staff No", "employeeId", " EMPLOYEE  id "],
        "department": ["department", "Dept", "departmentName", "Business Unit"],
        "manager_id": ["manager_id", "Line Manager ID", "supervisorId", "Manager"],
        "hire_date": ["hire_date", "Date Joined", "Start Date"],
        "eligible": ["eligible", "Eligibility", "In scope"],
    },
    "relationships": {
        "relationship_id": ["relationship_id", "Match ID", "Pairing ID"],
        "participant_id": ["participant_id", "Mentee", "Coachee"],
        "coach_id": ["coach_id", "Mentor", "Coach ID"],
        "kind": ["kind", "Type", "Relationship Type"],
        "start_date": ["start_date", "Date matched", "Match Start"],
        "status": ["status", "Status", "State"],
    },
    "sessions": {
        "session_id": ["session_id", "Meeting ID", "Session"],
        "relationship_id": ["relationship_id", "Match ID"],
        "session_date": ["session_date", "Meeting Date", "Date"],
        "status": ["status", "Attendance", "Outcome"],
        "duration_minutes": ["duration_minutes", "Duration (mins)", "Minutes"],
    },
}
NAMES = {"employees": "Staff", "relationships": "Pairings", "sessions": "Meetings"}
DAYS = [dt.date(2025, 1, 1) + dt.timedelta(days=37 * i) for i in range(8)]


def _base() -> dict[str, list[dict]]:
    employees = [
        {
            "employee_id": f"E{i}",
            "department": "Sales" if i % 2 else "IT",
            "manager_id": None if i == 1 else "E1",
            "hire_date": DAYS[0],
            "eligible": "yes",
        }
        for i in range(1, 7)
    ]
    relationships = [
        {
            "relationship_id": f"R{i}",
            "participant_id": f"E{i + 1}",
            "coach_id": "E1",
            "kind": "mentoring" if i % 2 else "Coaching",
            "start_date": DAYS[i],
            "status": "Ongoing",
        }
        for i in range(1, 5)
    ]
    sessions = [
        {
            "session_id": f"S{i}",
            "relationship_id": f"R{1 + i % 4}",
            "session_date": DAYS[1 + i % 7],
            "status": ["Attended", "Cancelled by mentee", "DNA", "held"][i % 4],
            "duration_minutes": 60,
        }
        for i in range(1, 9)
    ]
    return {"employees": employees, "relationships": relationships, "sessions": sessions}


JUNK = st.one_of(
    st.none(),
    st.just(""),
    st.text(alphabet="abcXYZ019 -/.=+@#", max_size=10),
    st.integers(-10, 3_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["31/02/2025", "2025-13-01", "yes", "N/A", "#REF!", "Done", "R99", "E99"]),
)


def _date_cell(day: dt.date, style: int, workbook: bool) -> object:
    if style == 0:
        return day.isoformat()
    if style == 1:
        return day.strftime("%d/%m/%Y")
    if style == 2:
        return day.strftime("%d %B %Y")
    if style == 3:
        return (day - dt.date(1899, 12, 30)).days
    return day if workbook else day.strftime("%Y-%m-%dT00:00:00")


@st.composite
def exports(draw):
    """(files, non-blank data rows per table) for one randomly mangled export."""
    workbook = draw(st.booleans())
    sheets: dict[str, list[list]] = {}
    expected: dict[str, int] = {}
    for table, rows in _base().items():
        variants = HEADERS[table]
        columns = draw(st.permutations(list(variants)))
        headers = [draw(st.sampled_from(variants[c])) for c in columns]
        body = []
        for record in rows:
            row = []
            for column in columns:
                value = record[column]
                if isinstance(value, dt.date):
                    value = _date_cell(value, draw(st.integers(0, 4)), workbook)
                if draw(st.integers(0, 9)) == 0:
                    value = draw(JUNK)
                row.append(value)
            body.append(row)
        blanks = draw(st.lists(st.integers(0, len(body)), max_size=3))
        for position in sorted(blanks, reverse=True):
            body.insert(position, [None] * len(columns))
        title = [["Export of " + table] + [None] * (len(columns) - 1)] * draw(st.integers(0, 2))
        sheets[NAMES[table]] = [*title, headers, *body]
        expected[table] = sum(any(_filled(v) for v in row) for row in body)
    if workbook:
        return [UploadedFile("export.xlsx", xlsx(sheets))], expected
    return [UploadedFile(f"{n}.csv", csv(rows)) for n, rows in sheets.items()], expected


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


# Each example is a whole upload through the reader process, seconds each: 30 examples keep
# this one test from setting the length of the whole parallel run.
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(exports())
def test_any_export_is_accounted_for_row_by_row(export):
    files, expected = export
    result = ingest(files)  # must not raise, whatever the cells hold
    assert result.exit_code in (0, 1, 2)
    report = result.report
    for table, count in report.counts.items():
        assert count.read == count.loaded + count.rejected
        totals = [i for i in report.issues if i.table == table and "totals row" in i.reason]
        assert count.read + len(totals) == expected[table], table
        errors = [i for i in report.errors if i.table == table]
        if any(i.row is None for i in errors):
            assert count.loaded == 0  # a table-level error: the table did not load
        else:
            assert len({i.row for i in errors}) == count.rejected, table
        for issue in errors:
            assert issue.file and issue.reason
            assert issue.sheet == (NAMES[table] if files[0].name.endswith("xlsx") else None)
    if result.data is not None:
        for table, count in report.counts.items():
            assert len(result.data.table(table)) == count.loaded


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"a,b\n"]),
    st.binary(max_size=2000),
    st.sampled_from(["x.xlsx", "x.ods", "x.xls", "x.csv"]),
)
def test_arbitrary_bytes_give_a_report_not_an_exception(magic, data, name):
    result = ingest([UploadedFile(name, magic + data)])
    assert result.exit_code in (1, 2)
    for count in result.report.counts.values():
        assert count.read == count.loaded + count.rejected
