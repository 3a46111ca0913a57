"""Exports shaped like those of common HR systems, mentoring platforms and survey tools.

One invented organisation (`ORG`, `PAIRS`) written out the way each vendor's export lays it
out: its headers, title rows, two-row headers, vocabularies, date styles and ways of naming
people. Every function returns (file name, bytes). Layouts follow the vendors' documented or
commonly seen exports; the people and numbers are made up.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from spreadsheets import csv

File = tuple[str, bytes]


@dataclass(frozen=True)
class Person:
    id: str
    first: str
    last: str
    department: str
    manager: str | None
    hired: dt.date
    left: dt.date | None = None
    inactive: bool = False  # marked inactive by the HR system, with no leave date

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{self.first.lower()}.{self.last.lower()}@northwind.example"


def _org() -> tuple[Person, ...]:
    people = [
        Person("1001", "Dana", "Whitfield", "Executive", None, dt.date(2015, 2, 1)),
        Person("1002", "Ravi", "Menon", "Sales", "1001", dt.date(2016, 5, 3)),
        Person("1003", "Lena", "Kowalski", "Operations", "1001", dt.date(2017, 9, 18)),
        Person("1004", "Tomás", "Ortega", "Finance", "1001", dt.date(2018, 1, 8)),
    ]
    names = [
        ("Amara", "Okafor"),
        ("Ben", "Hartley"),
        ("Chloe", "Nguyen"),
        ("Dmitri", "Volkov"),
        ("Elif", "Aydin"),
        ("Finn", "Gallagher"),
        ("Grace", "Liu"),
        ("Hugo", "Martins"),
        ("Isla", "Fraser"),
        ("Jonas", "Berg"),
        ("Keira", "Walsh"),
        ("Luca", "Romano"),
        ("Maya", "Patel"),
        ("Nils", "Eriksen"),
        ("Olivia", "Grant"),
        ("Priya", "Raman"),
        ("Quentin", "Dubois"),
        ("Rosa", "Delgado"),
        ("Sam", "Achebe"),
        ("Tara", "Quinn"),
    ]
    departments = [("Sales", "1002"), ("Operations", "1003"), ("Finance", "1004")]
    for number, (first, last) in enumerate(names):
        department, manager = departments[number % 3]
        left = dt.date(2024, 6, 30) if number in (17, 18) else None
        people.append(
            Person(
                str(1005 + number),
                first,
                last,
                department,
                manager,
                dt.date(2019 + number % 5, 1 + number % 12, 1 + number),
                left,
                inactive=number in (15, 16),
            )
        )
    return tuple(people)


ORG = _org()
"""24 people: 4 managers and 20 staff; 2 left in 2024, 2 marked inactive with no date."""
PEOPLE = {p.id: p for p in ORG}
ELIGIBLE_2025 = 20  # everyone but the two 2024 leavers and the two inactive ones


@dataclass(frozen=True)
class Pair:
    id: str
    mentee: str
    mentor: str
    start: dt.date
    end: dt.date | None
    status: str  # canonical: active, completed, ended_early


PAIRS = (
    Pair("C-101", "1005", "1002", dt.date(2025, 1, 13), None, "active"),
    Pair("C-102", "1006", "1003", dt.date(2025, 1, 20), None, "active"),
    Pair("C-103", "1007", "1004", dt.date(2025, 2, 3), dt.date(2025, 7, 31), "completed"),
    Pair("C-104", "1008", "1002", dt.date(2025, 2, 10), None, "active"),
    Pair("C-105", "1009", "1003", dt.date(2025, 3, 3), dt.date(2025, 5, 2), "ended_early"),
    Pair("C-106", "1010", "1004", dt.date(2025, 3, 17), None, "active"),
    Pair("C-107", "1011", "1001", dt.date(2025, 4, 7), None, "active"),
    Pair("C-108", "1012", "1002", dt.date(2025, 5, 5), None, "active"),
)
"""8 mentoring pairings in 2025: 8 of the 20 eligible take part."""

# (pairing, day, canonical status): 10 held, 2 cancelled, 1 no-show.
MEETINGS = (
    ("C-101", dt.date(2025, 1, 27), "held"),
    ("C-101", dt.date(2025, 2, 24), "held"),
    ("C-102", dt.date(2025, 2, 3), "held"),
    ("C-102", dt.date(2025, 3, 3), "cancelled"),
    ("C-103", dt.date(2025, 2, 17), "held"),
    ("C-103", dt.date(2025, 3, 17), "held"),
    ("C-104", dt.date(2025, 2, 24), "no_show"),
    ("C-104", dt.date(2025, 3, 24), "held"),
    ("C-106", dt.date(2025, 4, 1), "held"),
    ("C-107", dt.date(2025, 4, 21), "held"),
    ("C-107", dt.date(2025, 5, 19), "cancelled"),
    ("C-108", dt.date(2025, 5, 19), "held"),
    ("C-108", dt.date(2025, 6, 16), "held"),
)

# (pairing, set, due, progress %): 3 completed, 2 in progress, 1 not started.
GOALS = (
    ("C-101", dt.date(2025, 1, 27), dt.date(2025, 6, 30), 100),
    ("C-102", dt.date(2025, 2, 3), dt.date(2025, 9, 30), 40),
    ("C-103", dt.date(2025, 2, 17), dt.date(2025, 6, 30), 100),
    ("C-104", dt.date(2025, 3, 24), dt.date(2025, 12, 31), 0),
    ("C-106", dt.date(2025, 4, 1), dt.date(2025, 10, 31), 65),
    ("C-108", dt.date(2025, 5, 19), dt.date(2025, 8, 31), 100),
)

# (pairing, day, Likert answer): 5 responses, 4 of them favourable (mean 4.2).
SURVEY = (
    ("C-101", dt.date(2025, 6, 2), "Extremely satisfied"),
    ("C-102", dt.date(2025, 6, 3), "Somewhat satisfied"),
    ("C-103", dt.date(2025, 6, 3), "Extremely satisfied"),
    ("C-104", dt.date(2025, 6, 5), "Neither satisfied nor dissatisfied"),
    ("C-106", dt.date(2025, 6, 9), "Somewhat satisfied"),
)


def _xlsx(sheets: dict[str, list[list[object]]], merged: dict[str, list[str]] | None = None):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(name, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _us(day: dt.date | None) -> str | None:
    return None if day is None else day.strftime("%m/%d/%Y")


def _de(day: dt.date | None) -> str | None:
    return None if day is None else day.strftime("%d.%m.%Y")


# --- HR systems -------------------------------------------------------------------------


def workday_headcount(people: tuple[Person, ...] = ORG) -> File:
    """Workday custom report to Excel: title rows, 'Worker', 'Supervisory Organization',
    manager by name, 'Active Status' Yes/No."""
    rows: list[list[object]] = [
        ["Headcount Report"],
        ["Run by: HR Analytics   As of: 2025-12-31"],
        [],
        [
            "Employee ID",
            "Worker",
            "Business Title",
            "Management Level",
            "Supervisory Organization",
            "Cost Center",
            "Manager",
            "Email - Primary Work",
            "Hire Date",
            "Termination Date",
            "Active Status",
        ],
    ]
    for p in people:
        manager = PEOPLE[p.manager].name if p.manager else None
        rows.append(
            [
                p.id,
                p.name,
                "Head of " + p.department if p.manager in (None, "1001") else "Analyst",
                "Manager" if p.manager in (None, "1001") else "Individual Contributor",
                p.department,
                f"CC{100 + len(p.department)} {p.department}",
                manager,
                p.email,
                p.hired,
                p.left,
                "No" if p.left or p.inactive else "Yes",
            ]
        )
    return "Headcount_Report.xlsx", _xlsx({"Headcount Report": rows})


def bamboohr(people: tuple[Person, ...] = ORG) -> File:
    """BambooHR report as CSV: 'Employee #', first and last name, 'Reporting to' by name,
    '0000-00-00' for no termination date, 'Status' Active/Inactive."""
    rows: list[list[object]] = [
        [
            "Employee #",
            "First Name",
            "Last Name",
            "Preferred Name",
            "Work Email",
            "Department",
            "Division",
            "Job Title",
            "Reporting to",
            "Hire Date",
            "Termination Date",
            "Status",
            "Employment Status",
        ]
    ]
    for p in people:
        gone = p.left or p.inactive
        rows.append(
            [
                p.id,
                p.first,
                p.last,
                "Tom" if p.first == "Tomás" else "",
                p.email,
                p.department,
                "Northwind Ltd",
                "Specialist",
                PEOPLE[p.manager].name if p.manager else "",
                p.hired.isoformat(),
                p.left.isoformat() if p.left else "0000-00-00",
                "Inactive" if gone else "Active",
                "Terminated" if gone else "Full-Time",
            ]
        )
    return "employee-report.csv", csv(rows)


def successfactors(people: tuple[Person, ...] = ORG) -> File:
    """SAP SuccessFactors user data file: a technical header row, then a label row; manager by
    user id, NO_MANAGER at the top; dates month first."""
    rows: list[list[object]] = [
        [
            "STATUS",
            "USERID",
            "USERNAME",
            "FIRSTNAME",
            "LASTNAME",
            "EMAIL",
            "MANAGER",
            "DEPARTMENT",
            "DIVISION",
            "HIREDATE",
            "EMPID",
        ],
        [
            "Status",
            "User ID",
            "Username",
            "First Name",
            "Last Name",
            "Email",
            "Manager",
            "Department",
            "Division",
            "Hire Date",
            "Employee Id",
        ],
    ]
    for p in people:
        rows.append(
            [
                "inactive" if p.left or p.inactive else "active",
                p.id,
                p.email.split("@")[0],
                p.first,
                p.last,
                p.email,
                p.manager or "NO_MANAGER",
                p.department,
                "Northwind",
                _us(p.hired),
                p.id,
            ]
        )
    return "UserDataFile.csv", csv(rows)


def personio(people: tuple[Person, ...] = ORG) -> File:
    """Personio export: its own 'ID' beside the company's 'Personnel number', supervisor by
    name, dates as DD.MM.YYYY text, status active/inactive/leave/onboarding."""
    header = [
        "ID",
        "First name",
        "Last name",
        "Email",
        "Status",
        "Position",
        "Department",
        "Supervisor",
        "Hire date",
        "Termination date",
        "Personnel number",
        "Cost center",
    ]
    rows: list[list[object]] = [header]
    for number, p in enumerate(people):
        status = "inactive" if p.left or p.inactive else ("leave" if number == 6 else "active")
        rows.append(
            [
                str(8_800_000 + number),
                p.first,
                p.last,
                p.email,
                status,
                "Specialist",
                p.department,
                PEOPLE[p.manager].name if p.manager else None,
                _de(p.hired),
                _de(p.left),
                p.id,
                "CC-" + p.department[:3].upper(),
            ]
        )
    return "personio-employees.xlsx", _xlsx({"Employees": rows})


def hibob(people: tuple[Person, ...] = ORG) -> File:
    """HiBob people export: 'Reports to' by display name, 'Lifecycle status'."""
    rows: list[list[object]] = [
        [
            "Employee ID",
            "Display name",
            "Email",
            "Department",
            "Site",
            "Reports to",
            "Start date",
            "Termination date",
            "Lifecycle status",
            "Job title",
        ]
    ]
    for p in people:
        rows.append(
            [
                p.id,
                p.name,
                p.email,
                p.department,
                "London",
                PEOPLE[p.manager].name if p.manager else "",
                p.hired.isoformat(),
                p.left.isoformat() if p.left else "",
                "Terminated" if p.left or p.inactive else "Employed",
                "Specialist",
            ]
        )
    return "bob-people.csv", csv(rows)


# --- Mentoring platforms ------------------------------------------------------------------

_TOGETHER_STATUS = {"active": "Active", "completed": "Completed", "ended_early": "Concluded"}
_MEETING_WORDS = {"held": "Completed", "cancelled": "Cancelled", "no_show": "Did not happen"}


def together(pairs: tuple[Pair, ...] = PAIRS) -> list[File]:
    """Together: pairings with mentee and mentor by name and e-mail, sessions, goals."""
    pairings: list[list[object]] = [
        [
            "Pairing ID",
            "Mentee Name",
            "Mentee Email",
            "Mentor Name",
            "Mentor Email",
            "Program",
            "Matched Date",
            "End Date",
            "Status",
        ]
    ]
    for pair in pairs:
        mentee, mentor = PEOPLE[pair.mentee], PEOPLE[pair.mentor]
        pairings.append(
            [
                pair.id,
                mentee.name,
                mentee.email,
                mentor.name,
                mentor.email,
                "Leadership Mentoring 2025",
                pair.start.isoformat(),
                pair.end.isoformat() if pair.end else "",
                _TOGETHER_STATUS[pair.status],
            ]
        )
    sessions: list[list[object]] = [
        ["Session ID", "Pairing ID", "Session Date", "Duration (minutes)", "Status"]
    ]
    for number, (pair, day, status) in enumerate(MEETINGS):
        sessions.append([f"S-{number + 1}", pair, day.isoformat(), 45, _MEETING_WORDS[status]])
    goals: list[list[object]] = [["Goal ID", "Pairing ID", "Created At", "Due Date", "Status"]]
    for number, (pair, set_on, due, progress) in enumerate(GOALS):
        status = (
            "Completed" if progress == 100 else "Not Started" if not progress else "In Progress"
        )
        goals.append([f"G-{number + 1}", pair, set_on.isoformat(), due.isoformat(), status])
    return [
        ("together-pairings.csv", csv(pairings)),
        ("together-sessions.csv", csv(sessions)),
        ("together-goals.csv", csv(goals)),
    ]


def chronus(pairs: tuple[Pair, ...] = PAIRS) -> File:
    """Chronus workbook: 'Mentoring Connections' under a two-row header whose top row groups
    merged cells ('Mentee' over Name and Email), meetings with 'Did not happen', goals with
    'Progress (%)' instead of a status."""
    connections: list[list[object]] = [
        [
            "Mentoring Connection ID",
            "Mentee",
            None,
            "Mentor",
            None,
            "Started On",
            "Closed On",
            "Status",
        ],
        [None, "Name", "Email", "Name", "Email", None, None, None],
    ]
    words = {"active": "Active", "completed": "Closed", "ended_early": "Concluded"}
    for pair in pairs:
        mentee, mentor = PEOPLE[pair.mentee], PEOPLE[pair.mentor]
        connections.append(
            [
                pair.id,
                mentee.name,
                mentee.email,
                mentor.name,
                mentor.email,
                pair.start,
                pair.end,
                words[pair.status],
            ]
        )
    meetings: list[list[object]] = [
        [
            "Meeting ID",
            "Mentoring Connection ID",
            "Meeting Date",
            "Duration (in mins)",
            "Meeting Status",
        ]
    ]
    for number, (pair, day, status) in enumerate(MEETINGS):
        meetings.append([f"MT{number + 1:03d}", pair, day, 60, _MEETING_WORDS[status]])
    goals: list[list[object]] = [
        [
            "Goal ID",
            "Mentoring Connection ID",
            "Goal Title",
            "Created On",
            "Due Date",
            "Progress (%)",
        ]
    ]
    for number, (pair, set_on, due, progress) in enumerate(GOALS):
        goals.append([f"GL{number + 1:03d}", pair, "Lead a project", set_on, due, progress])
    return "chronus-report.xlsx", _xlsx(
        {"Mentoring Connections": connections, "Meetings": meetings, "Goals": goals},
        {"Mentoring Connections": ["B1:C1", "D1:E1"]},
    )


def mentorloop(pairs: tuple[Pair, ...] = PAIRS) -> list[File]:
    """Mentorloop: a members export (role and status per person, by e-mail) and loops with
    'Matching Status' such as 'Matched - Active'."""
    members: list[list[object]] = [
        ["First Name", "Last Name", "Email", "Role", "Status", "Joined At"]
    ]
    for pair in pairs:
        for person_id, role in ((pair.mentee, "Mentee"), (pair.mentor, "Mentor")):
            p = PEOPLE[person_id]
            members.append(
                [p.first, p.last, p.email, role, "Matched", (pair.start - dt.timedelta(14))]
            )
    unmatched = PEOPLE["1013"]
    members.append([unmatched.first, unmatched.last, unmatched.email, "Mentee", "Unmatched", None])
    loops: list[list[object]] = [
        [
            "Loop ID",
            "Mentee",
            "Mentee Email",
            "Mentor",
            "Mentor Email",
            "Matched Date",
            "Matching Status",
        ]
    ]
    words = {
        "active": "Matched - Active",
        "completed": "Matched - Completed",
        "ended_early": "Concluded",
    }
    for pair in pairs:
        mentee, mentor = PEOPLE[pair.mentee], PEOPLE[pair.mentor]
        loops.append(
            [
                pair.id,
                mentee.name,
                mentee.email,
                mentor.name,
                mentor.email,
                pair.start.strftime("%d/%m/%Y"),
                words[pair.status],
            ]
        )
    return [
        ("mentorloop-members.csv", csv([[_cell(v) for v in r] for r in members])),
        ("mentorloop-loops.csv", csv(loops)),
    ]


def _cell(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def qooper(pairs: tuple[Pair, ...] = PAIRS) -> File:
    """Qooper report: matches naming mentee and mentor by full name only."""
    rows: list[list[object]] = [
        ["Match ID", "Mentee Full Name", "Mentor Full Name", "Match Date", "Matching Status"]
    ]
    words = {"active": "Active", "completed": "Completed", "ended_early": "Ended early"}
    for pair in pairs:
        rows.append(
            [
                pair.id,
                PEOPLE[pair.mentee].name,
                PEOPLE[pair.mentor].name,
                pair.start,
                words[pair.status],
            ]
        )
    return "qooper-report.xlsx", _xlsx({"Matches": rows})


def pushfar(pairs: tuple[Pair, ...] = PAIRS) -> list[File]:
    """PushFar: relationships by e-mail with 'Is Active' True/False, meetings with
    'Meeting Completed' True/False."""
    rows: list[list[object]] = [
        ["Relationship ID", "Mentor Email", "Mentee Email", "Created At", "Is Active"]
    ]
    for pair in pairs:
        rows.append(
            [
                pair.id,
                PEOPLE[pair.mentor].email,
                PEOPLE[pair.mentee].email,
                pair.start.isoformat() + "T09:30:00Z",
                "True" if pair.status == "active" else "False",
            ]
        )
    meetings: list[list[object]] = [
        ["Meeting ID", "Relationship ID", "Date", "Duration", "Meeting Completed"]
    ]
    for number, (pair, day, status) in enumerate(MEETINGS):
        meetings.append([number + 1, pair, day.isoformat(), 30, str(status == "held")])
    return [
        ("pushfar-relationships.csv", csv(rows)),
        ("pushfar-meetings.csv", csv(meetings)),
    ]


def betterup(pairs: tuple[Pair, ...] = PAIRS) -> list[File]:
    """BetterUp (coaching): engagements by member e-mail and external coach name, sessions
    with 'Member No Show' and 'Late Cancel', ratings on a 1-10 scale."""
    engagements: list[list[object]] = [
        ["Engagement ID", "Member Email", "Coach Name", "Start Date", "End Date", "Status"]
    ]
    words = {"active": "Active", "completed": "Completed", "ended_early": "Cancelled"}
    for pair in pairs:
        engagements.append(
            [
                pair.id,
                PEOPLE[pair.mentee].email,
                "Jordan Ellis",
                pair.start.isoformat(),
                pair.end.isoformat() if pair.end else "",
                words[pair.status],
            ]
        )
    statuses = {"held": "Completed", "cancelled": "Late Cancel", "no_show": "Member No Show"}
    sessions: list[list[object]] = [
        ["Session ID", "Engagement ID", "Session Date", "Session Status", "Duration Minutes"]
    ]
    for number, (pair, day, status) in enumerate(MEETINGS):
        sessions.append([f"BU-{number}", pair, day.isoformat(), statuses[status], 45])
    ratings: list[list[object]] = [
        ["Response ID", "Engagement ID", "Response Date", "Session Rating (1-10)"]
    ]
    for number, (pair, day, _) in enumerate(SURVEY):
        ratings.append([f"RR{number}", pair, day.isoformat(), (10, 8, 9, 5, 7)[number]])
    return [
        ("betterup-engagements.csv", csv(engagements)),
        ("betterup-sessions.csv", csv(sessions)),
        ("betterup-ratings.csv", csv(ratings)),
    ]


def qualtrics(survey=SURVEY) -> File:
    """Qualtrics CSV: three header rows (ids, question wording, ImportId JSON), Likert labels
    as choice text, an embedded 'match_id' field."""
    ids = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientEmail",
        "ExternalReference",
        "match_id",
        "Q1",
        "Q2",
    ]
    labels = [
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Response ID",
        "Recipient Email",
        "External Data Reference",
        "match_id",
        "Overall, how satisfied are you with your mentoring relationship?",
        "Any other comments?",
    ]
    imports = [
        '{"ImportId":"startDate","timeZone":"Europe/London"}',
        '{"ImportId":"endDate","timeZone":"Europe/London"}',
        '{"ImportId":"status"}',
        '{"ImportId":"ipAddress"}',
        '{"ImportId":"progress"}',
        '{"ImportId":"duration"}',
        '{"ImportId":"finished"}',
        '{"ImportId":"recordedDate","timeZone":"Europe/London"}',
        '{"ImportId":"_recordId"}',
        '{"ImportId":"recipientEmail"}',
        '{"ImportId":"externalDataReference"}',
        '{"ImportId":"match_id"}',
        '{"ImportId":"QID1"}',
        '{"ImportId":"QID2_TEXT"}',
    ]
    rows: list[list[object]] = [ids, labels, imports]
    for number, (pair, day, answer) in enumerate(survey):
        stamp = f"{day.isoformat()} 10:{number:02d}:00"
        mentee = PEOPLE[next(p.mentee for p in PAIRS if p.id == pair)]
        rows.append(
            [
                stamp,
                stamp,
                "IP Address",
                "203.0.113.7",
                100,
                240,
                "True",
                stamp,
                f"R_{number:03d}xYz",
                mentee.email,
                "",
                pair,
                answer,
                "",
            ]
        )
    return "Mentoring Survey_June 2025.csv", csv(rows)
