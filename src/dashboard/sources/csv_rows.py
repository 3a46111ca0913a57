"""CSV bytes -> rows of text: encoding, delimiter and width decided from the whole file.

Runs in the reader process, so it imports neither pandas nor anything else heavy. Every step
is linear in the size of the file: no regular expression here can backtrack.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from dashboard.errors import CsvUnreadable
from dashboard.sources.xlsx_scan import MAX_COLUMNS

_WIDTH_SAMPLE = 200
_DELIMITERS = ",;\t|"
_CONTROL = [bytes([c]) for c in (*range(9), *range(14, 32))]


@dataclass(frozen=True)
class CsvRows:
    rows: list[list[str]]
    width: int
    notes: tuple[tuple[int | None, str], ...]


def read_csv_rows(name: str, data: bytes) -> CsvRows:
    """Every line of a CSV file as a list of fields, none wider than the table."""
    text, notes = decode(name, data)
    if not text.strip():
        raise CsvUnreadable(f"{name} has no rows.")
    delimiter = delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    csv.field_size_limit(max(len(text), 131_072))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise CsvUnreadable(f"{name} could not be read as CSV: {exc}.") from exc
    width = table_width(rows)
    if width > MAX_COLUMNS:
        raise CsvUnreadable(
            f"{name} has rows of {width:,} values; a table may have at most {MAX_COLUMNS:,} "
            "columns. Check that it is a CSV export of a table."
        )
    notes.extend(_fit(rows, width, delimiter))
    return CsvRows(rows, width, tuple(notes))


def decode(name: str, data: bytes) -> tuple[str, list[tuple[int | None, str]]]:
    """The text of a CSV file: byte-order marks and UTF-16 recognised, else UTF-8, reading a
    byte that is not UTF-8 as Windows-1252 (a file pasted together from two systems has both)."""
    notes: list[tuple[int | None, str]] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(name, data[len(bom) :], encoding), notes
    data = data.removeprefix(codecs.BOM_UTF8)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(name, data, utf16), notes
    head = data[:4096]
    controls = sum(head.count(c) for c in _CONTROL)
    if controls * 100 > len(head) and controls >= min(8, len(head) // 4):
        raise CsvUnreadable(
            f"{name} is not a spreadsheet or a text file (accepted: .xlsx, .xlsm, .xls, .ods, "
            ".csv). Save it from its program in one of these formats."
        )
    # Bytes that are not UTF-8 come back as lone surrogates U+DC80..U+DCFF, one per byte.
    text = data.decode("utf-8", errors="surrogateescape")
    utf8 = _UTF8_LETTER.search(text) is not None
    text, foreign = _NOT_UTF8.subn(_as_cp1252, text)
    if foreign and utf8:
        notes.append(
            (
                None,
                f"the file mixes encodings: {foreign:,} byte(s) were not UTF-8 and were read "
                "as Windows-1252; check accented letters",
            )
        )
    if "\x00" in text:
        notes.append((None, f"{text.count(chr(0)):,} NUL character(s) removed"))
        text = text.replace("\x00", "")
    return text, notes


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_NOT_UTF8 = re.compile("[\udc80-\udcff]")
_UTF8_LETTER = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _as_cp1252(match: re.Match[str]) -> str:
    byte = bytes([ord(match.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")  # the five bytes Windows-1252 leaves undefined


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CsvUnreadable(
            f"{name} starts like {encoding.upper()} text but byte {exc.start:,} is not: "
            "save it again as CSV UTF-8."
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or '-be' when every other byte of the start is NUL (ASCII text in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def delimiter_of(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of fields."""
    lines = [line for line in text[:65_536].splitlines()[:50] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter, strict=False)]
        width, lines_of_width = Counter(counts).most_common(1)[0] if counts else (1, 0)
        score = (lines_of_width if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def table_width(rows: list[list[str]]) -> int:
    """The widest of the first rows, leaving out a row over twice as wide as most of them.

    A header is among the first rows; a broken line (an unquoted delimiter in a value, say)
    must not widen the whole table.
    """
    sample = [len(r) for r in rows[:_WIDTH_SAMPLE] if r]
    if not sample:
        return 1
    common = Counter(n for n in sample if n > 1).most_common(1)
    usual = common[0][0] if common else max(sample)
    return max(n for n in sample if n <= 2 * usual or n == usual)


def _fit(rows: list[list[str]], width: int, delimiter: str) -> list[tuple[int | None, str]]:
    """Pad short rows and trim wide ones to the table's width, noting each row that lost a
    value."""
    notes: list[tuple[int | None, str]] = []
    shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
    for number, row in enumerate(rows, start=1):
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        elif len(row) > width:
            count = len(row)
            extra = sum(1 for v in row[width:] if v.strip())
            del row[width:]
            if extra:
                notes.append(
                    (
                        number,
                        f"this line has {count:,} values where the table has {width:,} columns: "
                        f"{extra:,} value(s) past the last column were not read; check this "
                        f"row (a value containing {shown} must be in double quotes)",
                    )
                )
    return notes
