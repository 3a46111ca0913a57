"""Build small upload files in memory for the upload tests: .xlsx, .ods and .csv."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook

Rows = Sequence[Sequence[object]]


def xlsx(sheets: dict[str, Rows]) -> bytes:
    """A workbook with one sheet per entry; None leaves a cell empty."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(sheets: dict[str, Rows]) -> bytes:
    """A minimal OpenDocument spreadsheet (no writer library needed)."""

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            '<table:table-cell office:value-type="string">'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
        )

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def csv(rows: Rows, *, sep: str = ",", encoding: str = "utf-8") -> bytes:
    def field(value: object) -> str:
        text = "" if value is None else str(value)
        if any(ch in text for ch in (sep, '"', "\n")):
            text = '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(field(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


EMPLOYEES: Rows = [
    ("employee_id", "department", "manager_id", "name"),
    ("E1", "Sales", None, "Ann"),
    ("E2", "Sales", "E1", "Bob"),
    ("E3", "IT", "E1", "Cy"),
]
RELATIONSHIPS: Rows = [
    ("relationship_id", "participant_id", "coach_id", "kind", "start_date"),
    ("R1", "E2", "E1", "mentoring", "2025-03-01"),
    ("R2", "E3", "E1", "coaching", "2025-04-01"),
]


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def sheet_xml(cells: bytes, dimension: str | None = None) -> bytes:
    """A worksheet part around raw `<row>`/`<c>` XML, as hostile files are written by hand."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{declared}'
    return head.encode() + b"<sheetData>" + cells + b"</sheetData></worksheet>"


def raw_xlsx(sheets: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """An .xlsx whose worksheet parts are given as XML bytes (and `extra` parts, such as
    xl/sharedStrings.xml), compressed, so that a huge sheet stays small on disk."""
    names = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    links = "".join(
        f'<Relationship Id="rId{i}" Type="{_OFFICE}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
            f"<sheets>{names}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{_RELS}">{links}</Relationships>',
        )
        for i, xml in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for member, xml in (extra or {}).items():
            archive.writestr(member, xml)
    return buffer.getvalue()


def text_cell(ref: str, value: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'.encode()


def rows_xml(rows: Rows, first_row: int = 1) -> bytes:
    """`<row>` XML for rows of text and numbers from A1 down (None leaves a cell out)."""
    out = []
    for number, row in enumerate(rows, start=first_row):
        cells = []
        for column, value in enumerate(row):
            ref = f"{chr(65 + column)}{number}"
            if value is None:
                continue
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>'.encode())
            else:
                cells.append(text_cell(ref, str(value)))
        out.append(f'<row r="{number}">'.encode() + b"".join(cells) + b"</row>")
    return b"".join(out)
