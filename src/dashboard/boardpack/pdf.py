"""The board pack as an A4 PDF (fpdf2): cover, one part per section, charts from the Altair
specs the pages use, page numbers and the generated date on every page."""

from __future__ import annotations

import io
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert
from fpdf import FPDF, FontFace
from PIL import Image

from dashboard.boardpack.content import BoardPack, Section, Table
from dashboard.kpis import format_value
from dashboard.metrics.verdict import PRIORITY

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Without DejaVu (a Unicode font) the built-in Helvetica is used, which knows only Latin-1.
_LATIN1 = str.maketrans(
    {"–": "-", "—": "-", "●": "*", "◐": "~", "○": "o", "φ": "phi", "τ": "tau", "²": "2", "≥": ">="}
)
_WIDE = 9  # tables with more columns than this get a landscape page
_HEADING = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
_GREY_ROWS = (245, 245, 245)


def cell_text(value: object, fmt: str) -> str:
    """A table cell as the pages show it: rates as %, counts with separators, '—' if missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if fmt in ("rate", "count", "score"):
        if fmt == "count":
            return format_value(int(value), "count")
        if fmt == "score":
            return f"{value:.2f}"
        return format_value(float(value), "rate")
    if fmt == "decimal":
        return f"{value:.1f}"
    if fmt == "points":
        return f"{value:+.1f}"
    return str(value)


def chart_png(chart: alt.TopLevelMixin, width: int = 520) -> bytes:
    """The Altair chart as a PNG at print resolution, rendered offline by vl-convert."""
    spec = chart.properties(width=width) if isinstance(chart, alt.Chart) else chart
    return vl_convert.vegalite_to_png(vl_spec=spec.to_json(), scale=2)


class _Pdf(FPDF):
    def __init__(self, pack: BoardPack) -> None:
        super().__init__(format="A4", unit="mm")
        self.pack = pack
        self.unicode = all((FONT_DIR / f).exists() for f in _FONTS.values())
        self.family = "DejaVu" if self.unicode else "Helvetica"
        if self.unicode:
            for style, file in _FONTS.items():
                self.add_font("DejaVu", style, str(FONT_DIR / file))
        self.set_auto_page_break(True, margin=18)
        self.set_title(pack.title)
        self.set_creator("Programme Health Dashboard")

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(90)
        self.cell(
            0,
            5,
            self.text_of(
                f"{self.pack.title} · {self.pack.scope} · generated "
                f"{self.pack.generated.isoformat()}"
            ),
            align="L",
        )
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0)

    def write_line(self, text: str, size: float = 10, style: str = "", height: float = 5) -> None:
        self.set_font(self.family, style, size)
        self.multi_cell(0, height, self.text_of(text), new_x="LMARGIN", new_y="NEXT")


def _cover(pdf: _Pdf, pack: BoardPack) -> None:
    """Page 1: what the pack covers, the verdict and what to act on, and the contents."""
    pdf.add_page()
    pdf.ln(20 if pack.verdict else 50)
    pdf.write_line(pack.title, 24, "B", 11)
    pdf.ln(6)
    for label, value in (
        ("Organisation scope", pack.scope),
        ("Period", pack.period),
        ("Filters", pack.filters),
        ("Generated", pack.generated.strftime("%d %b %Y")),
    ):
        pdf.write_line(f"{label}: {value}", 10, "", 5.5)
    if pack.verdict:
        _verdict(pdf, pack)
    pdf.ln(6)
    pdf.write_line("Contents", 12, "B", 7)
    for section in pack.sections:
        pdf.write_line(f"•  {section.title}", 10, "", 5.5)


def _verdict(pdf: _Pdf, pack: BoardPack) -> None:
    verdict = pack.verdict
    pdf.ln(6)
    pdf.write_line(f"Verdict: {verdict.label}", 14, "B", 8)
    pdf.write_line(verdict.sentence, 10.5, "", 5.5)
    if not verdict.actions:
        pdf.ln(2)
        pdf.write_line("Nothing to act on in this selection.", 10, "I")
        return
    pdf.ln(4)
    pdf.write_line("What to act on", 12, "B", 7)
    for i, action in enumerate(verdict.actions, start=1):
        priority = PRIORITY[action.severity].lower()
        pdf.write_line(f"{i}. {action.title} ({priority} priority)", 10.5, "B", 5.5)
        pdf.set_x(pdf.l_margin + 5)
        pdf.set_font(pdf.family, "", 9.5)
        pdf.multi_cell(
            0,
            4.8,
            pdf.text_of(f"{action.evidence} See: {action.link.label}."),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1.5)


def _widths(pdf: _Pdf, headers: list[str], texts: list[list[str]], size: float) -> list[float]:
    """Column widths in mm: each column gets room for its longest word (so nothing breaks
    mid-word), and the rest of the page goes to the columns whose text would wrap most."""
    padding = 2.5
    floor, wish = [], []
    for i, header in enumerate(headers):
        pdf.set_font(pdf.family, "B", size)
        header_word = max(pdf.get_string_width(w) for w in header.split() or [""])
        pdf.set_font(pdf.family, "", size)
        cells = [row[i] for row in texts]
        word = max([pdf.get_string_width(w) for c in cells for w in c.split()] or [0.0])
        whole = max([pdf.get_string_width(c) for c in cells] or [0.0])
        floor.append(max(header_word, word) + padding)
        wish.append(max(floor[-1], min(whole + padding, 70)))
    spare = pdf.epw - sum(floor)
    extra = [w - f for w, f in zip(wish, floor, strict=True)]
    if spare <= 0 or not sum(extra):
        return floor if spare <= 0 else [f + spare / len(floor) for f in floor]
    share = min(1.0, spare / sum(extra))
    widths = [f + e * share for f, e in zip(floor, extra, strict=True)]
    leftover = pdf.epw - sum(widths)
    return [w + leftover * w / sum(widths) for w in widths]


def _table(pdf: _Pdf, table: Table) -> None:
    if pdf.will_page_break(30):
        pdf.add_page(orientation=pdf.cur_orientation)
    pdf.write_line(table.title, 11, "B", 7)
    frame = table.frame
    texts = [
        [
            pdf.text_of(cell_text(v, table.format_of(c)))
            for c, v in zip(frame.columns, row, strict=True)
        ]
        for row in frame.itertuples(index=False)
    ]
    numeric = [table.format_of(c) != "text" for c in frame.columns]
    size = 8 if len(frame.columns) > 6 else 9
    headers = [pdf.text_of(str(c)) for c in frame.columns]
    pdf.set_font(pdf.family, "", size)
    with pdf.table(
        col_widths=_widths(pdf, headers, texts, size),
        text_align=["RIGHT" if n else "LEFT" for n in numeric],
        headings_style=_HEADING,
        cell_fill_color=_GREY_ROWS,
        cell_fill_mode="ROWS",
        line_height=size * 0.5,
        padding=1,
        width=pdf.epw,
    ) as out:
        out.row(headers)
        for row in texts:
            out.row(row)
    if table.note:
        pdf.write_line(table.note, 8, "I")
    pdf.ln(4)


def _section(pdf: _Pdf, section: Section) -> None:
    wide = any(len(t.frame.columns) > _WIDE for t in section.tables)
    pdf.add_page(orientation="L" if wide else "P")
    pdf.write_line(section.title, 16, "B", 9)
    pdf.write_line(section.intro, 9, "", 4.5)
    pdf.ln(3)
    for table in section.tables:
        _table(pdf, table)
    for bullet in section.bullets:
        pdf.write_line(f"•  {bullet}", 9, "", 4.5)
        pdf.ln(1.5)
    for chart in section.charts:
        png = chart_png(chart)
        pixels_wide, pixels_high = Image.open(io.BytesIO(png)).size
        room = pdf.h - pdf.b_margin - pdf.t_margin
        if pdf.will_page_break(min(80, room)):
            pdf.add_page(orientation="L" if wide else "P")
        width = min(pdf.epw, 170)
        height = width * pixels_high / pixels_wide
        space = pdf.h - pdf.b_margin - pdf.get_y()
        if height > space:
            width, height = width * space / height, space
        pdf.image(io.BytesIO(png), x=pdf.l_margin, w=width, h=height)
        pdf.ln(4)


def to_pdf(pack: BoardPack) -> bytes:
    """The pack as PDF bytes."""
    pdf = _Pdf(pack)
    _cover(pdf, pack)
    for section in pack.sections:
        _section(pdf, section)
    return bytes(pdf.output())
